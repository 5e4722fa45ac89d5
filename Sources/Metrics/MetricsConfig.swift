import FairPlacesCore

/// A pupil attribute that splits the cohort into categories for segregation and balance metrics.
public enum PupilAttribute: String, Sendable, CaseIterable, Equatable {
    /// Eligible for free school meals vs not (two groups).
    case fsm
    /// FSM now or looked-after vs neither (two groups). Current FSM, not Ever-6 (`Pupils.fsm6`, which
    /// only the funding formula reads so far).
    case disadvantaged
    /// Prior attainment in the cohort's lowest `lowAttainmentShare` vs the rest (two groups).
    case lowAttainment = "low_attainment"
    /// IDACI quintile of the home area, q1 = most deprived 20% (five groups).
    case idaciQuintile = "idaci_quintile"
    /// IDACI decile of the home area, d1 = most deprived 10% (ten groups).
    case idaciDecile = "idaci_decile"
    /// Prior-attainment band: cohort quantile bands, b1 = lowest (`attainmentBands` groups).
    case attainmentBand = "attainment_band"

    public var isTwoGroup: Bool { self == .fsm || self == .disadvantaged || self == .lowAttainment }
}

/// A way of clustering schools for between/within decompositions.
public enum SchoolGrouping: String, Sendable, CaseIterable, Equatable {
    /// By legal type (community, academy, grammar, …).
    case type
    /// Selective vs non-selective.
    case selective
    /// By the school's district (local authority, planning area or town).
    case district
}

/// What the metric layer measures: the scenario's `metrics:` section.
public struct MetricsConfig: Sendable, Equatable {
    /// Attributes to measure; FSM is always measured (added first when missing).
    public var attributes: [PupilAttribute] {
        didSet { attributes = Self.includingFSM(attributes) }
    }

    private static func includingFSM(_ attributes: [PupilAttribute]) -> [PupilAttribute] {
        attributes.contains(.fsm) ? attributes : [.fsm] + attributes
    }
    /// Groupings of schools for decompositions.
    public var groupings: [SchoolGrouping]
    /// Atkinson shape parameters b, each in (0, 1).
    public var atkinsonShapes: [Double]
    /// A school is out of balance when a category's share of its intake differs from the
    /// comparison's by more than this (a fraction: 0.1 = 10 percentage points).
    public var tolerance: Double
    /// Share of the cohort counted as low prior attainment.
    public var lowAttainmentShare: Double
    /// Number of attainment bands.
    public var attainmentBands: Int
    /// Share of schools, by attractiveness (prior results), counted as high-attainment schools.
    public var highAttainmentShare: Double
    /// Bootstrap resamples for intervals on the first replication's allocation (0: none).
    public var bootstrap: Int

    public init(attributes: [PupilAttribute] = [.fsm, .disadvantaged, .lowAttainment, .idaciQuintile, .attainmentBand],
                groupings: [SchoolGrouping] = [.type, .selective, .district], atkinsonShapes: [Double] = [0.5],
                tolerance: Double = 0.1, lowAttainmentShare: Double = 0.25, attainmentBands: Int = 4,
                highAttainmentShare: Double = 0.25, bootstrap: Int = 0) {
        self.attributes = Self.includingFSM(attributes)
        self.groupings = groupings
        self.atkinsonShapes = atkinsonShapes
        self.tolerance = tolerance
        self.lowAttainmentShare = lowAttainmentShare
        self.attainmentBands = attainmentBands
        self.highAttainmentShare = highAttainmentShare
        self.bootstrap = bootstrap
    }
}
