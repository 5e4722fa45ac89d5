#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An ordering a school uses for some of its places: its ordinary criteria, a quota's criteria, or
/// a test score.
public enum PriorityOrder: Sendable, Equatable {
    /// Criteria list `k` of the school: 0 is the ordinary criteria, q + 1 quota q's.
    case criteria(Int)
    /// Highest selection-test score first.
    case testScore
    /// Highest aptitude-test score first.
    case aptitude
}

/// The priority orders of every school in one replication: what each school's admission arrangements
/// say about each applicant, given that replication's lottery numbers and test scores.
///
/// Built once per replication; `key(pupil:school:distance:order:rank:)` is then a pure,
/// allocation-free function that allocation mechanisms call for every (pupil, listed school) pair.
public struct PriorityRules: Sendable {
    public let region: Region
    public let lotteryScope: LotteryScope
    private let lotteryStream: RandomStream
    /// One lottery number per pupil, used by every school when the scope is `.single`.
    private let singleLottery: [UInt64]
    /// Selection-test (11-plus) score per pupil (empty when no school selects).
    public let testScores: [Double]
    /// Lowest qualifying score per school (−∞ for schools that do not select their whole intake).
    public let qualifyingScore: [Double]
    /// Whether any school admits one sex only (checked per pupil only then).
    private let singleSex: Bool
    /// Qualifying score for partial-selection (ability) quotas, per school (+∞ where none).
    public let abilityQuotaScore: [Double]
    /// Banding-test score per pupil (empty when no school bands).
    public let bandingScores: [Double]
    /// Cut points between equal bands of the cohort's banding scores, by number of bands (computed
    /// once per replication for every band count some school uses, shared by those schools).
    public let bandingCuts: [Int: [Double]]
    /// Aptitude-test score per pupil (empty when no school has aptitude places).
    public let aptitudeScores: [Double]
    /// Every school's criteria lists, flattened: list k of school s is
    /// `criteria[listStart[listIndex[s] + k] ..< listStart[listIndex[s] + k + 1]]`.
    private let criteria: [OversubscriptionCriterion]
    private let listStart: [Int]
    private let listIndex: [Int]
    private let tieBreakByDistance: [Bool]
    private let firstPreferenceFirst: [Bool]
    private let rankByScore: [Bool]
    /// Where each school measures straight-line distance to (its nodal point or itself), and whether
    /// it measures by travel instead.
    private let measuredTo: [Point]
    private let byTravel: [Bool]

    public init(region: Region, seed: UInt64, replication: UInt32, lotteryScope: LotteryScope = .single) {
        self.region = region
        self.lotteryScope = lotteryScope
        let pupils = region.pupils
        let n = pupils.count
        let schools = region.schools
        let lottery = RandomStream(seed: seed, replication: replication, purpose: .lottery)
        self.lotteryStream = lottery
        self.singleLottery = lotteryScope == .single ? (0..<n).map { lottery.word(entity: $0, draw: 0) } : []

        // Tests: one common 11-plus, one banding test and one aptitude test for the whole area, as
        // with the Kent Test or Hackney's common banding test. Each is drawn only if some school uses it.
        let tests = RandomStream(seed: seed, replication: replication, purpose: .selectionTest)
        let selections = schools.compactMap { $0.arrangements.selection }
            + schools.flatMap { $0.arrangements.quotas }.filter { $0.eligibility == .ability }.map { _ in Selection() }
        var scores: [Double] = []
        var thresholds = [Double](repeating: -.infinity, count: schools.count)
        var abilityThresholds = [Double](repeating: .infinity, count: schools.count)
        if !selections.isEmpty {
            let noise = selections.map(\.testNoiseSD).max() ?? 0
            let boost = selections.map(\.tutoringBoost).max() ?? 0
            scores = (0..<n).map { i in
                pupils.attainment[i] + noise * tests.normal(entity: i, draw: 0) + (pupils.tutored[i] ? boost : 0)
            }
            var work = scores
            var thresholdOf: [Double: Double] = [:]
            func threshold(_ share: Double) -> Double {
                if let t = thresholdOf[share] { return t }
                // The qualifiers-th highest score: the (n − qualifiers)-th smallest.
                let qualifiers = min(n, Int((share * Double(n)).rounded()))
                let t = qualifiers == 0 ? .infinity : OrderStatistics.kthSmallest(&work, n - qualifiers)
                thresholdOf[share] = t
                return t
            }
            for (s, school) in schools.enumerated() {
                if let selection = school.arrangements.selection { thresholds[s] = threshold(selection.qualifyingShare) }
                if school.arrangements.quotas.contains(where: { $0.eligibility == .ability }) {
                    // Partial selection admits by score among those reaching the grammar standard.
                    abilityThresholds[s] = threshold(school.arrangements.selection?.qualifyingShare ?? Selection().qualifyingShare)
                }
            }
        }
        self.testScores = scores
        self.qualifyingScore = thresholds
        self.abilityQuotaScore = abilityThresholds
        let bandingNoise = schools.compactMap { $0.arrangements.banding?.testNoiseSD }.max()
        self.bandingScores = bandingNoise.map { sd in (0..<n).map { pupils.attainment[$0] + sd * tests.normal(entity: $0, draw: 1) } } ?? []
        var cuts: [Int: [Double]] = [:]
        if !bandingScores.isEmpty {
            var work = bandingScores
            for k in Set(schools.compactMap { $0.arrangements.banding?.bands }) {
                cuts[k] = (1..<k).map { OrderStatistics.kthSmallest(&work, min(n - 1, n * $0 / k)) }
            }
        }
        self.bandingCuts = cuts
        let anyAptitude = schools.contains { $0.arrangements.quotas.contains { $0.eligibility == .aptitude } }
        self.aptitudeScores = anyAptitude ? (0..<n).map { tests.normal(entity: $0, draw: 2) } : []

        var flat: [OversubscriptionCriterion] = []
        var starts: [Int] = [0]
        var index: [Int] = []
        for school in schools {
            index.append(starts.count - 1)
            for list in [school.arrangements.criteria] + school.arrangements.quotas.map(\.criteria) {
                flat += list
                starts.append(flat.count)
            }
        }
        self.criteria = flat
        self.listStart = starts
        self.listIndex = index
        self.tieBreakByDistance = schools.map { $0.arrangements.tieBreak == .distance }
        self.firstPreferenceFirst = schools.map { $0.arrangements.firstPreferenceFirst }
        self.rankByScore = schools.map { $0.arrangements.selection?.rankByScore ?? false }
        self.measuredTo = schools.map { $0.nodalPoint ?? $0.location }
        self.byTravel = schools.map { $0.arrangements.distanceMeasure == .travel }
        self.singleSex = schools.contains { $0.sexOfSchool != .mixed }
    }

    /// Whether school `s` may admit pupil `i` at all.
    @inline(__always)
    public func isEligible(pupil i: Int, school s: Int) -> Bool {
        if singleSex && !region.schools[s].admits(girl: region.pupils.girl[i]) { return false }
        let threshold = qualifyingScore[s]
        return threshold == -.infinity || testScores[i] >= threshold
    }

    /// Whether pupil `i` reaches the standard for school `s`'s partial-selection places.
    @inline(__always)
    public func reachesAbilityStandard(pupil i: Int, school s: Int) -> Bool {
        !testScores.isEmpty && testScores[i] >= abilityQuotaScore[s]
    }

    /// Pupil `i`'s distance to school `s` as the school measures it for admissions: from the travel
    /// matrix for schools that use it, else straight line to the school's nodal point or the school.
    @inline(__always)
    public func distance(pupil i: Int, school s: Int) -> Double {
        if byTravel[s], let t = region.travel(pupil: i, school: s) { return t }
        let target = measuredTo[s]
        let dx = region.pupils.homeX[i] - target.x
        let dy = region.pupils.homeY[i] - target.y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Whether pupil `i` meets criterion `c` at school `s` (at home–school distance `distance`).
    @inline(__always)
    public func meets(_ c: OversubscriptionCriterion, pupil i: Int, school s: Int, distance: Double) -> Bool {
        let pupils = region.pupils
        let met: Bool
        switch c.kind {
        case .lookedAfter: met = pupils.lookedAfter[i]
        case .medicalNeed: met = pupils.medicalNeed[i]
        case .sibling: met = pupils.siblingSchool[i] == Int32(s)
        case .staffChild: met = pupils.staffChildAt[i] == Int32(s)
        case .feeder: met = pupils.feeder[i] >= 0 && c.members.contains(pupils.feeder[i])
        case .catchment: met = region.inCatchment(pupil: i, school: s)
        case .faith: met = pupils.faith[i] != 0 && c.members.contains(Int32(pupils.faith[i]))
        case .anyFaith: met = pupils.faith[i] != 0
        case .pupilPremium: met = pupils.fsm[i]
        case .anyApplicant: met = true
        case .catchmentOf: met = c.members.contains { region.inCatchment(pupil: i, school: Int($0)) }
        }
        guard met else { return false }
        if let inside = c.inCatchment {
            let home = region.inCatchment(pupil: i, school: s) || (c.orFormerCatchment && region.inFormerCatchment(pupil: i, school: s))
            if home != inside { return false }
        }
        if let limit = c.withinKm, distance > limit { return false }
        return true
    }

    /// Whether pupil `i` meets criterion `c` at school `s`.
    public func meets(_ c: OversubscriptionCriterion, pupil i: Int, school s: Int) -> Bool {
        meets(c, pupil: i, school: s, distance: distance(pupil: i, school: s))
    }

    /// Lottery number of pupil `i` at school `s`.
    @inline(__always)
    public func lottery(pupil i: Int, school s: Int) -> UInt64 {
        lotteryScope == .single ? singleLottery[i] : lotteryStream.word(entity: i, draw: s + 1)
    }

    /// The band (0 = lowest) of pupil `i` on the banding test, given ascending cut points.
    @inline(__always)
    public func band(pupil i: Int, cuts: [Double]) -> Int {
        var b = 0
        while b < cuts.count && bandingScores[i] >= cuts[b] { b += 1 }
        return b
    }

    /// Pupil `i`'s place in school `s`'s priority order: lower keys are admitted first.
    ///
    /// - Parameters:
    ///   - order: which of the school's orders (ordinary criteria by default).
    ///   - rank: where the pupil listed the school (0 = first); used only by first-preference-first schools.
    @inline(__always)
    public func key(pupil i: Int, school s: Int, distance: Double, order: PriorityOrder = .criteria(0), rank: Int = 0) -> PriorityKey {
        guard isEligible(pupil: i, school: s) else { return .ineligible(pupil: UInt32(i)) }
        var tier: UInt32 = 0
        var score: Double
        var order = order
        if order == .criteria(0) && rankByScore[s] { order = .testScore }
        switch order {
        case .criteria(let k):
            let first = listStart[listIndex[s] + k], end = listStart[listIndex[s] + k + 1]
            tier = UInt32(end - first)
            for c in first..<end where meets(criteria[c], pupil: i, school: s, distance: distance) {
                tier = UInt32(c - first)
                break
            }
            score = tieBreakByDistance[s] ? distance : 0
        case .testScore:
            score = testScores.isEmpty ? 0 : -testScores[i]
        case .aptitude:
            score = aptitudeScores.isEmpty ? 0 : -aptitudeScores[i]
        }
        if firstPreferenceFirst[s] {
            // Preference rank dominates: a school's first-preference applicants all come before its
            // second-preference applicants, and so on (the practice the 2007 Code banned).
            tier = UInt32(rank) << 16 | tier
        }
        return PriorityKey(tier: tier, score: score, lottery: lottery(pupil: i, school: s), pupil: UInt32(i))
    }
}
