import FairPlacesCore

/// The Boston mechanism (immediate acceptance; "first preference first" in England before the 2007
/// Code): in round k every unplaced pupil applies to their k-th choice, and each school admits, by
/// priority, as many as it has places left. Admissions are final, so a pupil who is rejected by a
/// popular first choice may find their second choice already full (Abdulkadiroğlu & Sönmez 2003;
/// Pathak & Sönmez 2013).
public struct Boston: AllocationMechanism {
    public init() {}

    public func match(_ problem: AllocationProblem) -> Matching {
        let n = problem.pupilCount, m = problem.schoolCount, length = problem.preferences.length
        var result = Matching(pupils: n)
        var left = problem.capacity.map { max(0, $0) }
        for round in 0..<length {
            var applicants = [[(key: PriorityKey, pupil: Int)]](repeating: [], count: m)
            for i in 0..<n where problem.participates[i] && result.school[i] < 0 {
                let s = Int(problem.preferences.schools[i * length + round])
                let key = problem.priority[i * length + round]
                if s >= 0 && key.isEligible { applicants[s].append((key, i)) }
            }
            for s in 0..<m where !applicants[s].isEmpty && left[s] > 0 {
                applicants[s].sort { $0.key < $1.key }
                for (_, i) in applicants[s].prefix(left[s]) {
                    result.school[i] = Int32(s); result.rank[i] = Int32(round)
                }
                left[s] -= min(left[s], applicants[s].count)
            }
        }
        return result
    }
}
