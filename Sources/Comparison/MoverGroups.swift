import FairPlacesCore
import Allocation
import Metrics

/// One replication's movers in each group, in `PolicyComparison.moverGroups` order. `better`,
/// `same` and `worse` partition `moved`: they count movers only, never pupils who stayed.
struct MoverCounts: Sendable {
    var moved: [Int]
    var better: [Int]
    var worse: [Int]
    var same: [Int]
    /// Movers placed at a school not on their base list (counted in `worse` or `same` too): when a
    /// variant redraws lists (a grammar school turned comprehensive), many movers go to schools they
    /// could not usefully list before, which the base list can only call worse.
    var unlisted: [Int]
}

/// Pupils' groups for counting movers: every pupil is in `all`, in `fsm` or `non_fsm`, and in one
/// IDACI quintile (the metrics' quintiles, 1 = most deprived).
struct MoverGroups: Sendable {
    /// Per pupil, the indices of its groups other than `all` (0): FSM group, then quintile group.
    let fsmGroup: [UInt8]
    let quintileGroup: [UInt8]
    let sizes: [Int]

    init(pupils: Pupils, quintile: [UInt8]) {
        var sizes = [Int](repeating: 0, count: PolicyComparison.moverGroups.count)
        var fsm = [UInt8](repeating: 0, count: pupils.count), q = [UInt8](repeating: 0, count: pupils.count)
        for i in 0..<pupils.count {
            fsm[i] = pupils.fsm[i] ? 1 : 2
            q[i] = 3 + min(quintile[i], 4)
            sizes[0] += 1; sizes[Int(fsm[i])] += 1; sizes[Int(q[i])] += 1
        }
        fsmGroup = fsm
        quintileGroup = q
        self.sizes = sizes
    }

    /// Where a pupil's school (a base school index; -1 none, -2 a school only the variant has) stands
    /// on the pupil's base-run list: its rank there (0 = first), below every listed school when it
    /// is not on the list (`length`), and lowest of all when there is no place (`length + 1`).
    /// One list judges both policies, so a mover's school is better or worse by the family's own
    /// ranking under the base, not by a list the variant may have redrawn (a closure shortens it).
    @inline(__always)
    static func standing(of school: Int32, pupil i: Int, on lists: PreferenceLists) -> Int {
        if school < 0 { return school == -1 ? lists.length + 1 : lists.length }
        return lists.rank(of: Int(school), for: i) ?? lists.length
    }

    /// Compares the two allocations pupil by pupil. A pupil moved when the school they are offered
    /// differs (a variant school the base does not have always differs). Movers only are then split
    /// by `standing` on the base lists: better (higher on the list), worse (lower, or off the list,
    /// or no place), or the same, which for two different schools happens only when neither is on
    /// the list (two administrative places): a list has each school once, so listed schools never tie.
    func count(base: Allocation, variant: Allocation, variantToBase: [Int32], baseLists: PreferenceLists) -> MoverCounts {
        let g = sizes.count
        var c = MoverCounts(moved: .init(repeating: 0, count: g), better: .init(repeating: 0, count: g),
                            worse: .init(repeating: 0, count: g), same: .init(repeating: 0, count: g),
                            unlisted: .init(repeating: 0, count: g))
        for i in 0..<base.pupilCount {
            let vs = variant.school[i]
            let mapped: Int32 = vs >= 0 ? variantToBase[Int(vs)] : -1
            guard mapped != base.school[i] else { continue }
            let before = Self.standing(of: base.school[i], pupil: i, on: baseLists)
            let after = Self.standing(of: mapped, pupil: i, on: baseLists)
            // Every pupil counts in three groups: all (0), their FSM group and their quintile.
            let f = Int(fsmGroup[i]), q = Int(quintileGroup[i])
            c.moved[0] += 1; c.moved[f] += 1; c.moved[q] += 1
            if after == baseLists.length { c.unlisted[0] += 1; c.unlisted[f] += 1; c.unlisted[q] += 1 }
            if after < before {
                c.better[0] += 1; c.better[f] += 1; c.better[q] += 1
            } else if after > before {
                c.worse[0] += 1; c.worse[f] += 1; c.worse[q] += 1
            } else {
                c.same[0] += 1; c.same[f] += 1; c.same[q] += 1
            }
        }
        return c
    }

    /// Summaries over replications, one per group.
    func summarise(_ replications: [MoverCounts]) -> [PolicyComparison.Movers] {
        PolicyComparison.moverGroups.enumerated().map { k, name in
            let n = sizes[k]
            func summary(_ f: (MoverCounts) -> [Int]) -> Summary? { Summary(replications.map { Double(f($0)[k]) }) }
            return PolicyComparison.Movers(
                group: name, pupils: n, moved: summary(\.moved),
                movedPercent: n > 0 ? Summary(replications.map { 100 * Double($0.moved[k]) / Double(n) }) : nil,
                movedBetter: summary(\.better), movedWorse: summary(\.worse), movedSame: summary(\.same),
                movedToUnlisted: summary(\.unlisted))
        }
    }
}
