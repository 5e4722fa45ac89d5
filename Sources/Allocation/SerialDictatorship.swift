import FairPlacesCore

/// Serial dictatorship: pupils take turns in the order of one score and each takes the best school
/// on their list that still has a place and may admit them. With a lottery it is random serial
/// dictatorship; by a test score it is what every school ranking by that score produces under
/// deferred acceptance.
public struct SerialDictatorship: AllocationMechanism {
    public let order: SerialOrder
    /// An explicit turn order (pupil indices, first to choose first), e.g. replayed from data; it
    /// takes precedence over `order`.
    public let turns: [Int]?

    public init(order: SerialOrder) {
        self.order = order
        self.turns = nil
    }

    public init(turns: [Int]) {
        self.order = .lottery
        self.turns = turns
    }

    public func match(_ problem: AllocationProblem) -> Matching {
        let n = problem.pupilCount, length = problem.preferences.length
        var result = Matching(pupils: n)
        var left = problem.capacity.map { max(0, $0) }
        for i in turnOrder(problem) where problem.participates[i] {
            for r in 0..<length {
                let s = Int(problem.preferences.schools[i * length + r])
                if s < 0 { break }
                if left[s] > 0 && problem.priority[i * length + r].isEligible {
                    result.school[i] = Int32(s); result.rank[i] = Int32(r)
                    left[s] -= 1
                    break
                }
            }
        }
        return result
    }

    /// Pupils, first to choose first; ties (e.g. equal scores) by lottery, then index.
    public func turnOrder(_ problem: AllocationProblem) -> [Int] {
        if let turns { return turns }
        let n = problem.pupilCount
        guard let rules = problem.rules else { return Array(0..<n) }
        let pupils = rules.region.pupils
        let score: [Double]
        switch order {
        case .lottery: score = [Double](repeating: 0, count: n)
        case .testScore: score = rules.testScores.isEmpty ? pupils.attainment.map { -$0 } : rules.testScores.map { -$0 }
        case .attainment: score = pupils.attainment.map { -$0 }
        }
        let lottery = (0..<n).map { rules.lottery(pupil: $0, school: 0) }
        return (0..<n).sorted {
            score[$0] != score[$1] ? score[$0] < score[$1] : (lottery[$0] != lottery[$1] ? lottery[$0] < lottery[$1] : $0 < $1)
        }
    }
}
