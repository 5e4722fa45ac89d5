import FairPlacesCore

/// No choice: the local authority allocates every pupil to their catchment school, else the nearest
/// school that has room, ignoring families' lists; oversubscribed schools admit by their own
/// priorities. Each pupil is considered for their catchment schools, then their `reach` nearest.
/// Ranks in the result refer to the families' own lists (-1 when the school is not on it).
public struct NoChoice: AllocationMechanism {
    public let reach: Int

    public init(reach: Int = 10) {
        self.reach = reach
    }

    public func match(_ problem: AllocationProblem) -> Matching {
        let rules = problem.rules!
        let region = rules.region
        let n = problem.pupilCount, m = problem.schoolCount
        let length = min(m, reach + 2)
        var lists = [Int32](repeating: -1, count: n * length)
        var keys = [PriorityKey](repeating: .ineligible(pupil: 0), count: n * length)
        for i in 0..<n where problem.participates[i] {
            let byDistance = (0..<m).sorted {
                let a = rules.distance(pupil: i, school: $0), b = rules.distance(pupil: i, school: $1)
                return a != b ? a < b : $0 < $1
            }
            var order: [Int] = []
            for s in byDistance where region.inCatchment(pupil: i, school: s) { order.append(s) }
            for s in byDistance where !order.contains(s) { order.append(s) }
            for (r, s) in order.prefix(length).enumerated() {
                lists[i * length + r] = Int32(s)
                keys[i * length + r] = rules.key(pupil: i, school: s, distance: rules.distance(pupil: i, school: s), rank: r)
            }
        }
        let plans = problem.seatPlans
        var matching = DeferredAcceptance().match(AllocationProblem(
            preferences: PreferenceLists(length: length, schools: lists), priority: keys, capacity: problem.capacity,
            participates: problem.participates, rules: rules, seatPlans: plans))
        for i in 0..<n where matching.school[i] >= 0 {
            matching.rank[i] = Int32(problem.preferences.rank(of: Int(matching.school[i]), for: i) ?? -1)
        }
        return matching
    }
}
