import FairPlacesCore

/// Counts pupils with justified envy in a matching (Abdulkadiroğlu & Sönmez 2003): pupil i prefers
/// school s to their match, is eligible at s, and s would take i over someone it admitted. For a
/// school that simply ranks applicants, that means s holds a pupil with lower priority than i; for a
/// school with quotas or bands, that its choice from its admitted pupils and i would include i
/// (stability for choice functions, Hatfield & Milgrom 2005). A stable matching has none; it is the
/// fairness cost of mechanisms that are not stable.
public enum JustifiedEnvy {
    public static func count(_ problem: AllocationProblem, _ matching: Matching) -> Int {
        let n = problem.pupilCount, length = problem.preferences.length
        // The lowest-priority admitted key at each school, and each planned school's admitted pupils.
        var worst = [PriorityKey?](repeating: nil, count: problem.schoolCount)
        var held = [[SeatPlan.Candidate]](repeating: [], count: problem.schoolCount)
        var stores = [[PriorityKey]](repeating: [], count: problem.schoolCount)
        for i in 0..<n where matching.school[i] >= 0 {
            let s = Int(matching.school[i])
            var rank = Int(matching.rank[i])
            let key: PriorityKey
            if rank >= 0 {
                key = problem.priority[i * length + rank]
            } else if let rules = problem.rules {
                // Placed at a school off the family's list (no choice): its priority there, as a
                // school ranked after every listed one.
                rank = length
                key = rules.key(pupil: i, school: s, distance: rules.distance(pupil: i, school: s), rank: rank)
            } else {
                continue
            }
            if worst[s].map({ $0 < key }) ?? true { worst[s] = key }
            if let plan = problem.seatPlans[s], let rules = problem.rules {
                held[s].append(plan.candidate(pupil: i, rank: rank, key: key, rules: rules, store: &stores[s]))
            }
        }
        // How each planned school's intake fills its groups: one choice per school, then each
        // envy check is a comparison per group.
        let fills = problem.seatPlans.enumerated().map { s, plan in plan.map { $0.choose(held[s], store: stores[s]).fills } }
        var envious = 0
        for i in 0..<n where problem.participates[i] {
            let better = matching.school[i] >= 0 && matching.rank[i] >= 0 ? Int(matching.rank[i]) : length
            for r in 0..<better {
                let s = Int(problem.preferences.schools[i * length + r])
                if s < 0 { break }
                let key = problem.priority[i * length + r]
                guard key.isEligible else { continue }
                let blocks: Bool
                if let plan = problem.seatPlans[s], let rules = problem.rules, let fill = fills[s] {
                    blocks = plan.wouldChoose(pupil: i, rank: r, key: key, rules: rules, fills: fill)
                } else {
                    blocks = worst[s].map { key < $0 } ?? false
                }
                if blocks {
                    envious += 1
                    break
                }
            }
        }
        return envious
    }
}
