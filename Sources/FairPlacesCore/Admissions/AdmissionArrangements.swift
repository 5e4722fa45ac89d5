/// One oversubscription criterion: a test a pupil either meets or not for a given school.
/// A school's criteria are ordered; a pupil's priority tier is the first criterion met.
///
/// To add a criterion: add a case here, teach `PriorityRules.meets` to evaluate it, and give it a
/// scenario name in `ScenarioLoading/CriterionNames.swift`.
public enum OversubscriptionCriterion: String, Sendable, Equatable, CaseIterable {
    /// Looked-after and previously looked-after children (must come first, Code 1.7).
    case lookedAfter = "looked_after"
    /// An older sibling attends the school.
    case sibling
    /// The home lies in the school's catchment area.
    case catchment
}

/// How pupils in the same criterion tier are ordered.
public enum TieBreak: String, Sendable, Equatable, CaseIterable {
    /// Nearest first by straight-line distance; equal distances (flats) by lottery.
    case distance
    /// By lottery number alone (a ballot).
    case random
}

/// Whether one lottery number per pupil serves every school, or each school draws its own.
public enum LotteryScope: String, Sendable, Equatable, CaseIterable {
    case single
    case perSchool = "per_school"
}

/// Selection by ability: the stand-in for an 11-plus. Each pupil sits one test common to the area;
/// the score is prior attainment plus measurement noise, and the top `qualifyingShare` of the cohort
/// qualify. Non-qualifiers are never admitted, even to empty places.
public struct Selection: Sendable, Equatable {
    /// Share of the cohort judged selective (Kent ≈ 25%, DOMAIN.md §2).
    public var qualifyingShare: Double
    /// Standard deviation of the test's measurement noise, in attainment SD units.
    public var testNoiseSD: Double

    public init(qualifyingShare: Double = 0.25, testNoiseSD: Double = 0.5) {
        self.qualifyingShare = qualifyingShare
        self.testNoiseSD = testNoiseSD
    }
}

/// A catchment area: a polygon on the grid, or a set of small areas (by index into the region's areas).
public enum Catchment: Sendable, Equatable {
    case polygon(Polygon)
    case areas([Int32])
}

/// A school's admission arrangements: who is admitted first when it is oversubscribed.
public struct AdmissionArrangements: Sendable, Equatable {
    /// Oversubscription criteria in priority order (EHC-plan pupils are placed before all of them).
    public var criteria: [OversubscriptionCriterion]
    public var tieBreak: TieBreak
    public var catchment: Catchment?
    public var selection: Selection?

    public init(criteria: [OversubscriptionCriterion] = [.lookedAfter, .sibling],
                tieBreak: TieBreak = .distance, catchment: Catchment? = nil, selection: Selection? = nil) {
        self.criteria = criteria
        self.tieBreak = tieBreak
        self.catchment = catchment
        self.selection = selection
    }
}
