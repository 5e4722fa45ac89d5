import Testing
import TestSupport
import PropertyBased
@testable import Allocation
import FairPlacesCore

/// Top trading cycles, written as plainly as possible: each round every active pupil points to their
/// best listed school with a place and an eligible key; every school with a place points to its
/// best active eligible lister; all cycles of the round trade at once.
func simpleTopTradingCycles(_ inst: Instance) -> [Int] {
    var school = [Int](repeating: -1, count: inst.pupils)
    var left = inst.capacity
    var active = inst.participates
    while true {
        var pupilPoints = [Int](repeating: -1, count: inst.pupils)
        for i in 0..<inst.pupils where active[i] {
            pupilPoints[i] = inst.lists[i].first { s in left[s] > 0 && inst.key(i, s).isEligible } ?? -1
            if pupilPoints[i] < 0 { active[i] = false }
        }
        if !active.contains(true) { return school }
        var schoolPoints = [Int](repeating: -1, count: inst.schools)
        for s in 0..<inst.schools where left[s] > 0 {
            let candidates = (0..<inst.pupils).filter { active[$0] && inst.rank($0, s) != nil && inst.key($0, s).isEligible }
            schoolPoints[s] = candidates.min { inst.key($0, s) < inst.key($1, s) } ?? -1
        }
        var traded = false
        for start in 0..<inst.pupils where active[start] {
            var seen: [Int] = []
            var i = start
            while i >= 0 && active[i] && !seen.contains(i) {
                seen.append(i)
                let s = pupilPoints[i]
                i = s >= 0 ? schoolPoints[s] : -1
            }
            if i >= 0, let k = seen.firstIndex(of: i) {
                let cycle = Array(seen[k...])
                for p in cycle { school[p] = pupilPoints[p]; left[pupilPoints[p]] -= 1 }
                for p in cycle { active[p] = false }
                traded = true
                break
            }
        }
        if !traded { return school }
    }
}

/// Whether no pupil could be made better off without making another worse off: no pupil wants a
/// school with a free place, and no cycle of pupils each wanting the next one's school.
func isParetoEfficient(_ inst: Instance, _ school: [Int]) -> Bool {
    var left = inst.capacity
    for s in school where s >= 0 { left[s] -= 1 }
    func wants(_ i: Int) -> [Int] {
        let own = school[i] >= 0 ? inst.rank(i, school[i])! : inst.lists[i].count
        return inst.lists[i].prefix(own).filter { inst.key(i, $0).isEligible }
    }
    for i in 0..<inst.pupils where inst.participates[i] && wants(i).contains(where: { left[$0] > 0 }) { return false }
    // Edge i → j when i wants j's school; a cycle is a Pareto-improving trade.
    let edges = (0..<inst.pupils).map { i in
        inst.participates[i] ? (0..<inst.pupils).filter { j in j != i && school[j] >= 0 && wants(i).contains(school[j]) } : []
    }
    var state = [Int](repeating: 0, count: inst.pupils)   // 0 new, 1 on stack, 2 done
    func hasCycle(_ i: Int) -> Bool {
        state[i] = 1
        for j in edges[i] {
            if state[j] == 1 { return true }
            if state[j] == 0 && hasCycle(j) { return true }
        }
        state[i] = 2
        return false
    }
    return !(0..<inst.pupils).contains { state[$0] == 0 && hasCycle($0) }
}

struct MechanismPropertyTests {
    @Test func topTradingCyclesMatchesSimpleVersionAndIsParetoEfficient() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            let inst = Instance.random(seed: seed)
            let m = TopTradingCycles().match(inst.problem)
            let school = m.school.map(Int.init)
            #expect(school == simpleTopTradingCycles(inst), "\(inst)")
            #expect(isParetoEfficient(inst, school), "\(inst)\n\(school)")
        }
    }

    /// When every school has room for all who list it, nobody is ever rejected: Boston and DA agree.
    @Test func bostonEqualsDeferredAcceptanceWithoutOversubscription() async {
        await propertyCheck(count: 400, input: Gen.uint64()) { seed in
            var inst = Instance.random(seed: seed)
            inst.capacity = (0..<inst.schools).map { s in (0..<inst.pupils).filter { inst.rank($0, s) != nil }.count }
            #expect(Boston().match(inst.problem) == DeferredAcceptance().match(inst.problem), "\(inst)")
        }
    }

    /// When every school ranks pupils by the same score, DA is serial dictatorship in that order.
    @Test func serialDictatorshipEqualsDeferredAcceptanceUnderOneScore() async {
        await propertyCheck(count: 400, input: Gen.uint64()) { seed in
            var inst = Instance.random(seed: seed)
            // One order for all schools: pupil index (serial dictatorship's order without rules).
            for i in 0..<inst.pupils {
                for r in inst.keys[i].indices where inst.keys[i][r].isEligible {
                    inst.keys[i][r] = PriorityKey(tier: 0, score: 0, lottery: UInt64(i), pupil: UInt32(i))
                }
            }
            #expect(SerialDictatorship(order: .lottery).match(inst.problem) == DeferredAcceptance().match(inst.problem), "\(inst)")
        }
    }

    /// The round-based DA with choice functions agrees with the heap DA when no school has seat groups.
    @Test func roundBasedDeferredAcceptanceEqualsHeapVersion() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            let inst = Instance.random(seed: seed)
            let da = DeferredAcceptance()
            #expect(da.matchWithSeatPlans(inst.problem) == da.matchResponsive(inst.problem), "\(inst)")
        }
    }

    /// Every mechanism respects places, lists, eligibility and participation, and reports ranks truthfully.
    @Test func everyMechanismIsFeasible() async {
        let mechanisms: [any AllocationMechanism] = [DeferredAcceptance(), Boston(), TopTradingCycles(),
                                                      SerialDictatorship(order: .lottery)]
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            let inst = Instance.random(seed: seed)
            for mechanism in mechanisms {
                let m = mechanism.match(inst.problem)
                var taken = [Int](repeating: 0, count: inst.schools)
                for i in 0..<inst.pupils where m.school[i] >= 0 {
                    let s = Int(m.school[i])
                    taken[s] += 1
                    #expect(inst.participates[i])
                    #expect(inst.rank(i, s) == Int(m.rank[i]))
                    #expect(inst.key(i, s).isEligible)
                }
                for s in 0..<inst.schools { #expect(taken[s] <= max(0, inst.capacity[s]), "\(type(of: mechanism))") }
            }
        }
    }

    /// Deferred acceptance leaves no justified envy; Boston and top trading cycles sometimes do.
    @Test func justifiedEnvyByMechanism() {
        var bostonEnvy = 0, ttcEnvy = 0
        for seed in UInt64(1)...400 {
            let inst = Instance.random(seed: seed)
            #expect(JustifiedEnvy.count(inst.problem, DeferredAcceptance().match(inst.problem)) == 0)
            bostonEnvy += JustifiedEnvy.count(inst.problem, Boston().match(inst.problem))
            ttcEnvy += JustifiedEnvy.count(inst.problem, TopTradingCycles().match(inst.problem))
        }
        #expect(bostonEnvy > 0)
        #expect(ttcEnvy > 0)
    }
}

struct BostonHandWorked {
    /// Classic case: A and B both put school 0 first; school 0 (one place) prefers B. C puts school 1
    /// first. A's second choice is school 1 (one place), which prefers A to C.
    /// Boston: round 1 B → 0, C → 1 (final); A is left without a place. DA: A displaces C at school 1.
    @Test func immediateAcceptanceIsFinal() {
        // key(pupil, position in the school's order); the key carries the pupil's own index.
        let key = { (pupil: Int, position: Int) in PriorityKey(tier: 0, score: 0, lottery: UInt64(position), pupil: UInt32(pupil)) }
        let inst = Instance(schools: 2, length: 2,
                            lists: [[0, 1], [0], [1]],
                            keys: [[key(0, 1), key(0, 0)], [key(1, 0)], [key(2, 1)]],
                            capacity: [1, 1], participates: [true, true, true])
        #expect(Boston().match(inst.problem).school == [-1, 0, 1])
        #expect(DeferredAcceptance().match(inst.problem).school == [1, 0, -1])
        #expect(JustifiedEnvy.count(inst.problem, Boston().match(inst.problem)) == 1)
    }
}

struct SeatPlanSelectionTests {
    /// Quickselect puts exactly the k smallest keys first, as a full sort would.
    @Test func selectBestMatchesSorting() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = SplitMix64(seed: seed)
            let n = rng.int(0...60), k = rng.int(0...(n + 2))
            var items = (0..<n).map { i in
                (key: PriorityKey(tier: UInt32(rng.int(0...3)), score: Double(rng.int(0...5)), lottery: UInt64(rng.int(0...1000)), pupil: UInt32(i)), index: i)
            }
            let expected = Set(items.sorted { $0.key < $1.key }.prefix(k).map(\.index))
            items.withUnsafeMutableBufferPointer { SeatPlan.selectBest(k, in: $0) }
            #expect(Set(items.prefix(k).map(\.index)) == expected)
        }
    }
}
