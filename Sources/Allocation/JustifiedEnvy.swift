import FairPlacesCore

/// Counts pupils with justified envy in a matching (Abdulkadiroğlu & Sönmez 2003): pupil i prefers
/// school s to their match, is eligible at s, and s holds a pupil with lower priority than i.
/// A stable matching has none; it is the fairness cost of mechanisms that are not stable.
public enum JustifiedEnvy {
    public static func count(_ problem: AllocationProblem, _ matching: Matching) -> Int {
        let n = problem.pupilCount, length = problem.preferences.length
        // The lowest-priority admitted key at each school.
        var worst = [PriorityKey?](repeating: nil, count: problem.schoolCount)
        for i in 0..<n where matching.school[i] >= 0 {
            let s = Int(matching.school[i])
            let key = problem.priority[i * length + Int(matching.rank[i])]
            if worst[s].map({ $0 < key }) ?? true { worst[s] = key }
        }
        var envious = 0
        for i in 0..<n where problem.participates[i] {
            let better = matching.school[i] >= 0 ? Int(matching.rank[i]) : length
            for r in 0..<better {
                let s = Int(problem.preferences.schools[i * length + r])
                if s < 0 { break }
                let key = problem.priority[i * length + r]
                if key.isEligible, let w = worst[s], key < w {
                    envious += 1
                    break
                }
            }
        }
        return envious
    }
}
