import FairPlacesCore
import Allocation
import Metrics

/// One replication's movers in each group, in `PolicyComparison.moverGroups` order.
struct MoverCounts: Sendable {
    var moved: [Int]
    var better: [Int]
    var worse: [Int]
    var same: [Int]
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

    /// Compares the two allocations pupil by pupil. A pupil moved when the school they are offered
    /// differs (a variant school the base does not have always differs). Preference: the rank of the
    /// offer on the pupil's own list, a place not from the list ranking below every listed school.
    func count(base: Allocation, variant: Allocation, variantToBase: [Int32],
               baseListLength: Int, variantListLength: Int) -> MoverCounts {
        let g = sizes.count
        var c = MoverCounts(moved: .init(repeating: 0, count: g), better: .init(repeating: 0, count: g),
                            worse: .init(repeating: 0, count: g), same: .init(repeating: 0, count: g))
        let unlisted = Int32(max(baseListLength, variantListLength))
        for i in 0..<base.pupilCount {
            let vs = variant.school[i]
            let mapped: Int32 = vs >= 0 ? variantToBase[Int(vs)] : -1
            let moved = mapped != base.school[i]
            let rb = base.preferenceRank[i] >= 0 ? base.preferenceRank[i] : unlisted
            let rv = variant.preferenceRank[i] >= 0 ? variant.preferenceRank[i] : unlisted
            // Every pupil counts in three groups: all (0), their FSM group and their quintile.
            let f = Int(fsmGroup[i]), q = Int(quintileGroup[i])
            if moved { c.moved[0] += 1; c.moved[f] += 1; c.moved[q] += 1 }
            if rv < rb {
                c.better[0] += 1; c.better[f] += 1; c.better[q] += 1
            } else if rv > rb {
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
                betterPreference: summary(\.better), worsePreference: summary(\.worse), samePreference: summary(\.same))
        }
    }
}
