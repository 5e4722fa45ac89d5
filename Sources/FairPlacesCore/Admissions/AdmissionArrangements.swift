/// The kinds of oversubscription criterion English admission authorities use (School Admissions
/// Code 2021; DOMAIN.md §1.4). Each is a yes/no test of a pupil for a school.
///
/// To add a criterion: add a kind here, teach `PriorityRules.meets` to test it, and (if it needs
/// options) read them in `ScenarioLoading/AdmissionsSection.swift`.
public enum CriterionKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Looked-after and previously looked-after children (must come first, Code 1.7).
    case lookedAfter = "looked_after"
    /// Exceptional medical or social need, with professional evidence.
    case medicalNeed = "medical_need"
    /// An older sibling attends the school.
    case sibling
    /// A parent works at the school.
    case staffChild = "staff_child"
    /// The pupil attends one of the school's named feeder primary schools.
    case feeder
    /// The home lies in the school's catchment area.
    case catchment
    /// The family is of one of the named faiths (schools with a religious character only).
    case faith
    /// The family is of any faith.
    case anyFaith = "any_faith"
    /// Eligible for the pupil premium (modelled as current FSM eligibility).
    case pupilPremium = "pupil_premium"
    /// Every applicant: with `inCatchment` it defines "in catchment" or "out of catchment" groups,
    /// e.g. for a quota reserved for out-of-catchment applicants.
    case anyApplicant = "any_applicant"
    /// The home lies in the catchment of one of the named other schools: places a school sets aside
    /// for residents of other catchments (Brighton & Hove's 2026 open places for the single-school
    /// catchments' families at the paired central schools).
    case catchmentOf = "catchment_of"
}

/// One oversubscription criterion with its options, e.g. "siblings living within 3 km" or
/// "pupil premium, in catchment".
public struct OversubscriptionCriterion: Sendable, Equatable, Hashable {
    public var kind: CriterionKind
    /// Only pupils living in (true) or outside (false) the school's catchment meet it; nil: anywhere.
    public var inCatchment: Bool?
    /// Only pupils living within this straight-line distance of the school meet it, km.
    public var withinKm: Double?
    /// For `faith`, the faiths that count (indices into the region's faith names); for `feeder`,
    /// the feeder primary schools (indices into the region's feeder names); for `catchmentOf`, the
    /// schools whose catchments count (indices into the region's schools).
    public var members: [Int32]
    /// With `inCatchment == true`: a home in the school's `formerCatchment` counts as in catchment
    /// too. A council that moves a boundary may promise families in the moved area their old
    /// priority for a while (Brighton & Hove 2026: sibling links kept for families the new
    /// Longhill / Varndean–Dorothy Stringer boundary moved).
    public var orFormerCatchment: Bool

    public init(_ kind: CriterionKind, inCatchment: Bool? = nil, withinKm: Double? = nil, members: [Int32] = [],
                orFormerCatchment: Bool = false) {
        self.kind = kind
        self.inCatchment = inCatchment
        self.withinKm = withinKm
        self.members = members
        self.orFormerCatchment = orFormerCatchment
    }

    public static let lookedAfter = OversubscriptionCriterion(.lookedAfter)
    public static let medicalNeed = OversubscriptionCriterion(.medicalNeed)
    public static let sibling = OversubscriptionCriterion(.sibling)
    public static let staffChild = OversubscriptionCriterion(.staffChild)
    public static let catchment = OversubscriptionCriterion(.catchment)
    public static let anyFaith = OversubscriptionCriterion(.anyFaith)
    public static let pupilPremium = OversubscriptionCriterion(.pupilPremium)
}

/// How pupils in the same criterion tier are ordered.
public enum TieBreak: String, Sendable, Equatable, CaseIterable {
    /// Nearest first by straight-line distance; equal distances (flats) by lottery.
    case distance
    /// By lottery number alone (a ballot).
    case random
}

/// How a school measures home–school distance for its priorities (Code 1.13: the admission
/// authority must say how).
public enum DistanceMeasure: String, Sendable, Equatable, CaseIterable {
    /// Straight line from the home to the school, or to its nodal point.
    case straightLine = "straight_line"
    /// From a supplied travel-distance or travel-time matrix between small areas and schools.
    case travel
}

/// Whether one lottery number per pupil serves every school, or each school draws its own.
public enum LotteryScope: String, Sendable, Equatable, CaseIterable {
    case single
    case perSchool = "per_school"
}

/// Selection by ability: the 11-plus. Each pupil sits one test common to the area; the score is
/// prior attainment plus measurement noise plus an advantage for tutored pupils (tutoring is more
/// likely in better-off families; ≈70% of tutored vs 14% of untutored test-takers won a grammar
/// place, Jerrim & Sims 2018, DOMAIN.md §2). The top `qualifyingShare` of the cohort qualify.
public struct Selection: Sendable, Equatable {
    /// Share of the cohort judged selective (Kent ≈ 25%, DOMAIN.md §2).
    public var qualifyingShare: Double
    /// Standard deviation of the test's measurement noise, in attainment SD units.
    public var testNoiseSD: Double
    /// Score advantage of a tutored pupil, in attainment SD units.
    public var tutoringBoost: Double
    /// Qualifiers are ranked by test score (true) or by the ordinary criteria (false, as in Bucks).
    public var rankByScore: Bool

    public init(qualifyingShare: Double = 0.25, testNoiseSD: Double = 0.5, tutoringBoost: Double = 0,
                rankByScore: Bool = false) {
        self.qualifyingShare = qualifyingShare
        self.testNoiseSD = testNoiseSD
        self.tutoringBoost = tutoringBoost
        self.rankByScore = rankByScore
    }
}

/// A catchment area: a polygon on the grid, several polygons with holes (a council's map, e.g. read
/// from GeoJSON), or a set of small areas (by index into the region's areas).
public enum Catchment: Sendable, Equatable {
    case polygon(Polygon)
    case multiPolygon(MultiPolygon)
    case areas([Int32])
}

/// Who may take a quota's seats.
public enum QuotaEligibility: Sendable, Equatable {
    /// Pupils meeting a criterion (e.g. pupil premium; out of catchment; of the faith).
    case meets(OversubscriptionCriterion)
    /// Pupils who pass the area's selection test (partial selection by ability).
    case ability
    /// Everyone, ranked by an aptitude test (up to 10% for aptitude in sport, arts, languages).
    case aptitude
}

/// Places set aside before the ordinary criteria: a reserved quota, a capped priority, partial
/// selection or aptitude places. Quotas are filled in the order listed, then the remaining places
/// go by the ordinary criteria.
public struct SeatQuota: Sendable, Equatable {
    /// Share of PAN, 0–1 (places = ⌊share × PAN⌋).
    public var share: Double
    public var eligibility: QuotaEligibility
    /// Criteria ranking the quota's eligible applicants (ignored for ability and aptitude quotas,
    /// which rank by test score).
    public var criteria: [OversubscriptionCriterion]
    /// When fewer eligible pupils apply than places: release the rest to the ordinary places (true),
    /// or leave them empty (false).
    public var releaseUnused: Bool

    public init(share: Double, eligibility: QuotaEligibility, criteria: [OversubscriptionCriterion] = [],
                releaseUnused: Bool = true) {
        self.share = share
        self.eligibility = eligibility
        self.criteria = criteria
        self.releaseUnused = releaseUnused
    }
}

/// Which distribution banding quotas mirror (DOMAIN.md §1.4).
public enum BandingReference: String, Sendable, Equatable, CaseIterable {
    /// The school's own applicants ("fair banding").
    case applicants
    /// All pupils in the region (a local-authority-wide test, as in Hackney).
    case region
    /// The national distribution (equal bands of a standard normal test).
    case national
}

/// Banding: applicants sit a test and fall into `bands` ability bands; places are split between
/// bands in proportion to the reference distribution, and the ordinary criteria rank pupils within
/// each band (never the test score). Places a band cannot fill go to the other bands.
public struct Banding: Sendable, Equatable {
    public var bands: Int
    public var reference: BandingReference
    public var testNoiseSD: Double
    /// Explicit shares of places per band (lowest band first), overriding the reference's shares.
    public var shares: [Double]?

    public init(bands: Int = 3, reference: BandingReference = .applicants, testNoiseSD: Double = 0.5, shares: [Double]? = nil) {
        self.bands = bands
        self.reference = reference
        self.testNoiseSD = testNoiseSD
        self.shares = shares
    }
}

/// A school's admission arrangements: who is admitted first when it is oversubscribed.
public struct AdmissionArrangements: Sendable, Equatable {
    /// Oversubscription criteria in priority order (EHC-plan pupils are placed before all of them).
    public var criteria: [OversubscriptionCriterion]
    public var tieBreak: TieBreak
    public var catchment: Catchment?
    /// The catchment before a boundary change, for criteria that keep its residents' priority
    /// (`OversubscriptionCriterion.orFormerCatchment`); nil: no change to honour.
    public var formerCatchment: Catchment?
    /// Whole-intake selection (a grammar school): only qualifiers may be admitted.
    public var selection: Selection?
    /// Quotas filled before the ordinary places, in order.
    public var quotas: [SeatQuota]
    public var banding: Banding?
    /// The school ranks applicants first by where they put it on their list (first preference
    /// first), as before the 2007 Code banned it.
    public var firstPreferenceFirst: Bool
    /// How distances for the tie-break and distance options are measured.
    public var distanceMeasure: DistanceMeasure = .straightLine

    public init(criteria: [OversubscriptionCriterion] = [.lookedAfter, .sibling],
                tieBreak: TieBreak = .distance, catchment: Catchment? = nil, selection: Selection? = nil,
                quotas: [SeatQuota] = [], banding: Banding? = nil, firstPreferenceFirst: Bool = false) {
        self.criteria = criteria
        self.tieBreak = tieBreak
        self.catchment = catchment
        self.selection = selection
        self.quotas = quotas
        self.banding = banding
        self.firstPreferenceFirst = firstPreferenceFirst
    }

    /// Whether the school simply takes its best applicants by one priority order (no quotas or bands).
    public var isResponsive: Bool { quotas.isEmpty && banding == nil }
}
