import FairPlacesCore
import Allocation
import TestSupport

/// A matching problem written out plainly: per pupil a list of school indices and the key each
/// listed school gives them.
struct Instance: CustomStringConvertible {
    var schools: Int
    var length: Int
    var lists: [[Int]]
    /// `keys[i][r]` is pupil i's key at `lists[i][r]`.
    var keys: [[PriorityKey]]
    var capacity: [Int]
    var participates: [Bool]

    var pupils: Int { lists.count }

    var problem: AllocationProblem {
        var flat = [Int32](repeating: -1, count: pupils * length)
        var priority = [PriorityKey](repeating: .ineligible(pupil: 0), count: pupils * length)
        for i in 0..<pupils {
            for (r, s) in lists[i].enumerated() {
                flat[i * length + r] = Int32(s)
                priority[i * length + r] = keys[i][r]
            }
        }
        return AllocationProblem(preferences: PreferenceLists(length: length, schools: flat), priority: priority,
                                 capacity: capacity, participates: participates)
    }

    /// Position of school s on pupil i's list, or nil.
    func rank(_ i: Int, _ s: Int) -> Int? { lists[i].firstIndex(of: s) }

    /// Pupil i's key at school s (which must be on i's list).
    func key(_ i: Int, _ s: Int) -> PriorityKey { keys[i][rank(i, s)!] }

    var description: String {
        var lines = ["capacity \(capacity), L = \(length)"]
        for i in 0..<pupils {
            let k = zip(lists[i], keys[i]).map { s, key in
                key.isEligible ? "\(s)(t\(key.tier) s\(key.score) l\(key.lottery))" : "\(s)(inelig)"
            }
            lines.append("pupil \(i)\(participates[i] ? "" : " [out]"): \(k.joined(separator: " "))")
        }
        return lines.joined(separator: "\n")
    }

    /// A random instance: 1–7 pupils, 1–4 schools, capacities 0–3, lists of up to L distinct
    /// schools, keys with random tiers/scores/lotteries (ties broken by pupil index as
    /// `PriorityKey` specifies), about 15% ineligible, about 10% of pupils not taking part.
    ///
    /// Half the instances are "tight" (one place per school, about one pupil per school, full-length
    /// lists, few ineligible keys), where
    /// pupils' preferences and schools' priorities often conflict and several stable matchings exist,
    /// so that pupil-optimality is a real check.
    static func random(seed: UInt64) -> Instance {
        var rng = SplitMix64(seed: seed)
        let tight = rng.chance(0.5)
        let m = tight ? rng.int(2...4) : rng.int(1...4)
        let n = tight ? m + rng.int(0...1) : rng.int(1...7)
        let length = tight ? m : rng.int(1...4)
        let capacity = (0..<m).map { _ in tight ? 1 : rng.int(0...3) }
        // One key per (pupil, school), so a school's order over its applicants is consistent.
        var pairKey = [[PriorityKey]]()
        for i in 0..<n {
            pairKey.append((0..<m).map { _ in
                rng.chance(tight ? 0.05 : 0.15) ? .ineligible(pupil: UInt32(i))
                    : PriorityKey(tier: UInt32(rng.int(0...2)), score: [0, 1, 2.5][rng.int(0...2)],
                                  lottery: UInt64(rng.int(0...3)), pupil: UInt32(i))
            })
        }
        var lists: [[Int]] = [], keys: [[PriorityKey]] = []
        for i in 0..<n {
            var schools = Array(0..<m)
            schools.shuffle(using: &rng)
            let list = Array(schools.prefix(tight ? m : rng.int(0...min(length, m))))
            lists.append(list)
            keys.append(list.map { pairKey[i][$0] })
        }
        let participates = (0..<n).map { _ in !rng.chance(tight ? 0.05 : 0.1) }
        return Instance(schools: m, length: length, lists: lists, keys: keys, capacity: capacity, participates: participates)
    }
}

/// Rank of pupil i's assignment on their list; unmatched ranks after every listed school.
func assignedRank(_ inst: Instance, _ i: Int, _ school: Int) -> Int {
    school < 0 ? Int.max : inst.rank(i, school)!
}

/// Every feasible matching (each participating pupil unmatched or at a listed school where they are
/// eligible, capacities respected; non-participants unmatched) that is stable: no pupil prefers a
/// listed school where they are eligible and which has a free seat or holds a pupil with a worse key.
///
/// Depth-first over pupils, pruning an assignment as soon as it creates a "holds someone worse"
/// blocking pair with an already-assigned pupil; free-seat blocking pairs are checked at the leaves.
func bruteForceStableMatchings(_ inst: Instance) -> [[Int]] {
    let n = inst.pupils, m = inst.schools
    var assignment = [Int](repeating: -1, count: n)
    var count = [Int](repeating: 0, count: m)
    var found: [[Int]] = []

    func prefers(_ i: Int, _ s: Int, over current: Int) -> Bool {
        guard let r = inst.rank(i, s) else { return false }
        return r < assignedRank(inst, i, current)
    }
    func wouldTake(_ i: Int, _ s: Int) -> PriorityKey? {
        guard inst.participates[i], let r = inst.rank(i, s), inst.keys[i][r].isEligible else { return nil }
        return inst.keys[i][r]
    }

    func visit(_ i: Int) {
        if i == n {
            for p in 0..<n where inst.participates[p] {
                for s in 0..<m where count[s] < inst.capacity[s] && wouldTake(p, s) != nil && prefers(p, s, over: assignment[p]) {
                    return
                }
            }
            found.append(assignment)
            return
        }
        var options = [-1]
        if inst.participates[i] {
            for (r, s) in inst.lists[i].enumerated() where inst.keys[i][r].isEligible && count[s] < inst.capacity[s] {
                options.append(s)
            }
        }
        for s in options {
            var blocked = false
            // i envies an earlier pupil j at a school i prefers to s.
            for j in 0..<i where assignment[j] >= 0 {
                let t = assignment[j]
                if let ki = wouldTake(i, t), prefers(i, t, over: s), ki < inst.key(j, t) { blocked = true; break }
            }
            // An earlier pupil j envies i at s.
            if !blocked && s >= 0 {
                for j in 0..<i {
                    if let kj = wouldTake(j, s), prefers(j, s, over: assignment[j]), kj < inst.key(i, s) { blocked = true; break }
                }
            }
            if blocked { continue }
            assignment[i] = s
            if s >= 0 { count[s] += 1 }
            visit(i + 1)
            if s >= 0 { count[s] -= 1 }
            assignment[i] = -1
        }
    }
    visit(0)
    return found
}

/// Blocking pairs of a matching, by definition (for messages and for checking DA's output).
func blockingPairs(_ inst: Instance, school: [Int]) -> [(pupil: Int, school: Int)] {
    var count = [Int](repeating: 0, count: inst.schools)
    for s in school where s >= 0 { count[s] += 1 }
    var pairs: [(Int, Int)] = []
    for i in 0..<inst.pupils where inst.participates[i] {
        for (r, s) in inst.lists[i].enumerated() where r < assignedRank(inst, i, school[i]) && inst.keys[i][r].isEligible {
            let ki = inst.keys[i][r]
            let holdsWorse = (0..<inst.pupils).contains { j in school[j] == s && ki < inst.key(j, s) }
            if count[s] < inst.capacity[s] || holdsWorse { pairs.append((i, s)) }
        }
    }
    return pairs
}

// MARK: - Regions

struct TestPupil {
    var home: Point
    var fsm = false
    var attainment = 0.0
    var lookedAfter = false
    var ehcPlanSchool: Int32 = -1
    var siblingSchool: Int32 = -1
}

func makeSchool(_ id: String, at location: Point, pan: Int, type: SchoolType = .community,
                arrangements: AdmissionArrangements = AdmissionArrangements()) -> School {
    School(id: id, name: "School \(id)", location: location, type: type, pan: pan, arrangements: arrangements)
}

func makeRegion(_ list: [TestPupil], schools: [School]) -> Region {
    var pupils = Pupils(reservingCapacity: list.count)
    for (i, p) in list.enumerated() {
        pupils.append(id: "P\(i)", home: p.home, fsm: p.fsm, idaciScore: 0.1, idaciDecile: 5,
                      attainment: p.attainment, lookedAfter: p.lookedAfter, ehcPlanSchool: p.ehcPlanSchool,
                      siblingSchool: p.siblingSchool)
    }
    return Region(pupils: pupils, schools: schools)
}

func makeLists(_ lists: [[Int]], length: Int) -> PreferenceLists {
    var flat: [Int32] = []
    for list in lists {
        flat += list.map { Int32($0) } + [Int32](repeating: -1, count: length - list.count)
    }
    return PreferenceLists(length: length, schools: flat)
}
