/// The priority orders of every school in one replication: what each school's admission arrangements
/// say about each applicant, given that replication's lottery numbers and test scores.
///
/// Built once per replication; `key(pupil:school:distance:)` is then a pure, allocation-free function
/// that allocation mechanisms call for every (pupil, listed school) pair.
public struct PriorityRules: Sendable {
    public let region: Region
    public let lotteryScope: LotteryScope
    private let lotteryStream: RandomStream
    /// One lottery number per pupil, used by every school when the scope is `.single`.
    private let singleLottery: [UInt64]
    /// Selection-test score per pupil (empty when no school selects).
    public let testScores: [Double]
    /// Lowest qualifying score per school (−∞ for schools that do not select).
    public let qualifyingScore: [Double]
    /// Every school's criteria, flattened: school s's are `criteria[criteriaStart[s] ..< criteriaStart[s + 1]]`.
    private let criteria: [OversubscriptionCriterion]
    private let criteriaStart: [Int]
    private let tieBreakByDistance: [Bool]

    public init(region: Region, seed: UInt64, replication: UInt32, lotteryScope: LotteryScope = .single) {
        self.region = region
        self.lotteryScope = lotteryScope
        let n = region.pupils.count
        let lottery = RandomStream(seed: seed, replication: replication, purpose: .lottery)
        self.lotteryStream = lottery
        self.singleLottery = lotteryScope == .single
            ? (0..<n).map { lottery.word(entity: $0, draw: 0) }
            : []

        let anySelective = region.schools.contains { $0.isSelective }
        var scores: [Double] = []
        var thresholds = [Double](repeating: -.infinity, count: region.schools.count)
        if anySelective {
            // One common test across the area, as with the Kent Test or Bucks Transfer Test: a
            // pupil's score is the same for every selective school; schools differ only in the
            // share they treat as qualifying.
            let noise = RandomStream(seed: seed, replication: replication, purpose: .selectionTest)
            let sd = Self.noiseSD(region)
            scores = (0..<n).map { i in region.pupils.attainment[i] + sd * noise.normal(entity: i, draw: 0) }
            let descending = scores.sorted(by: >)
            for (s, school) in region.schools.enumerated() {
                guard let selection = school.arrangements.selection else { continue }
                let qualifiers = Int((selection.qualifyingShare * Double(n)).rounded())
                thresholds[s] = qualifiers == 0 ? .infinity : descending[min(qualifiers, n) - 1]
            }
        }
        self.testScores = scores
        self.qualifyingScore = thresholds
        self.criteria = region.schools.flatMap(\.arrangements.criteria)
        var start = [0]
        for school in region.schools { start.append(start.last! + school.arrangements.criteria.count) }
        self.criteriaStart = start
        self.tieBreakByDistance = region.schools.map { $0.arrangements.tieBreak == .distance }
    }

    /// The measurement noise of the area's common test: the largest any selective school asks for.
    private static func noiseSD(_ region: Region) -> Double {
        region.schools.compactMap { $0.arrangements.selection?.testNoiseSD }.max() ?? 0
    }

    /// Whether school `s` may admit pupil `i` at all.
    @inline(__always)
    public func isEligible(pupil i: Int, school s: Int) -> Bool {
        let threshold = qualifyingScore[s]
        return threshold == -.infinity || testScores[i] >= threshold
    }

    /// Whether pupil `i` meets criterion `c` at school `s`.
    @inline(__always)
    public func meets(_ c: OversubscriptionCriterion, pupil i: Int, school s: Int) -> Bool {
        switch c {
        case .lookedAfter: return region.pupils.lookedAfter[i]
        case .sibling: return region.pupils.siblingSchool[i] == Int32(s)
        case .catchment: return region.inCatchment(pupil: i, school: s)
        }
    }

    /// Lottery number of pupil `i` at school `s`.
    @inline(__always)
    public func lottery(pupil i: Int, school s: Int) -> UInt64 {
        lotteryScope == .single ? singleLottery[i] : lotteryStream.word(entity: i, draw: s + 1)
    }

    /// Pupil `i`'s place in school `s`'s priority order, given the home–school distance in km.
    @inline(__always)
    public func key(pupil i: Int, school s: Int, distance: Double) -> PriorityKey {
        guard isEligible(pupil: i, school: s) else { return .ineligible(pupil: UInt32(i)) }
        let first = criteriaStart[s], end = criteriaStart[s + 1]
        var tier = UInt32(end - first)
        for c in first..<end where meets(criteria[c], pupil: i, school: s) {
            tier = UInt32(c - first)
            break
        }
        let score = tieBreakByDistance[s] ? distance : 0
        return PriorityKey(tier: tier, score: score, lottery: lottery(pupil: i, school: s), pupil: UInt32(i))
    }
}
