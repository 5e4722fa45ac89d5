import FairPlacesCore

/// A factor of the schools funding formula: something a school is paid for (DOMAIN.md §3.1).
///
/// The vocabulary is fixed because each factor needs its own eligibility rule; the amounts are
/// data (`Data/funding/*.yaml`), so a parameter set decides which factors are in the formula and
/// what they pay. The raw value is the factor's name in parameter files, overrides and outputs.
public enum FundingFactor: String, CaseIterable, Sendable, Hashable {
    // Pupil-led: £ a year per eligible pupil.
    /// Basic entitlement for key stage 3 (Year 7 is the first KS3 year): every pupil.
    case basicEntitlementKS3 = "basic_entitlement_ks3"
    /// Eligible for free school meals now.
    case fsm
    /// Eligible for FSM at any census in the last six years (Ever-6).
    case fsm6
    /// Home in IDACI band A … F: the most deprived 37.5% of LSOAs, by national rank (DOMAIN.md §4).
    case idaciA = "idaci_a", idaciB = "idaci_b", idaciC = "idaci_c"
    case idaciD = "idaci_d", idaciE = "idaci_e", idaciF = "idaci_f"
    /// Prior attainment below the expected standard at key stage 2.
    case lowPriorAttainment = "low_prior_attainment"
    /// English as an additional language, in the English school system for at most three years.
    case eal
    /// Joined the school at a non-standard time. A normal-round Year 7 intake has no such pupils, so
    /// this factor is always paid on zero pupils; it is kept so parameter sets can state it.
    case mobility
    // School-led: £ a year per school.
    /// The same amount for every school.
    case lumpSum = "lump_sum"
    /// Paid to remote, small schools; the amount here is the maximum (see `SparsityRule`).
    case sparsity
    // Pupil premium (a separate grant): £ a year per eligible pupil.
    /// Ever-6 FSM pupils who are not looked after (looked-after pupils get the looked-after rate).
    case pupilPremiumEver6 = "pupil_premium_ever6"
    /// Looked-after and previously looked-after children.
    case pupilPremiumLookedAfter = "pupil_premium_looked_after"

    /// How a factor is paid.
    public enum Kind: String, Sendable {
        /// Per eligible pupil, part of the formula allocation (and of the minimum per-pupil level test).
        case pupilLed = "pupil_led"
        /// Per school, part of the formula allocation.
        case schoolLed = "school_led"
        /// Per eligible pupil, a separate grant outside the formula, its minimum and its ACA.
        case pupilPremium = "pupil_premium"
    }

    public var kind: Kind {
        switch self {
        case .lumpSum, .sparsity: return .schoolLed
        case .pupilPremiumEver6, .pupilPremiumLookedAfter: return .pupilPremium
        default: return .pupilLed
        }
    }

    /// Counted as deprivation funding: the formula's deprivation factors (FSM, FSM6, IDACI) and the
    /// pupil premium, the money that follows disadvantaged pupils.
    public var isDeprivation: Bool {
        switch self {
        case .fsm, .fsm6, .idaciA, .idaciB, .idaciC, .idaciD, .idaciE, .idaciF,
             .pupilPremiumEver6, .pupilPremiumLookedAfter: return true
        default: return false
        }
    }

    /// The pupil attribute eligibility is read from, or nil when the factor needs none.
    public var requiredAttribute: FundingAttribute? {
        switch self {
        case .fsm: return .fsm
        case .fsm6: return .fsm6
        case .pupilPremiumEver6: return .fsm6
        case .idaciA, .idaciB, .idaciC, .idaciD, .idaciE, .idaciF: return .idaciScore
        case .lowPriorAttainment: return .attainment
        case .eal: return .eal
        case .pupilPremiumLookedAfter: return .lookedAfter
        case .basicEntitlementKS3, .mobility, .lumpSum, .sparsity: return nil
        }
    }

    /// Bands A … F in order.
    public static let idaciBands: [FundingFactor] = [.idaciA, .idaciB, .idaciC, .idaciD, .idaciE, .idaciF]
}

/// A pupil attribute a factor needs. The raw value is the pupils-CSV column that supplies it, so a
/// scenario whose pupils file lacks the column cannot use the factor.
public enum FundingAttribute: String, Sendable, CaseIterable {
    case fsm
    case fsm6
    case idaciScore = "idaci_score"
    case attainment
    case eal
    case lookedAfter = "looked_after"
}

/// How the sparsity factor decides which schools are remote and small (DOMAIN.md §3.1). A school
/// qualifies when the pupils for whom it is the nearest compatible school live, on average, at
/// least `distanceKm` from their second-nearest compatible school; it then gets the maximum
/// tapered by year-group size: max × (1 − year group / `yearGroupThreshold`), nothing at or above
/// the threshold. Compatible: selective schools with selective schools, others with others.
/// Distances are straight lines (the formula uses road distances), so fewer schools qualify.
public struct SparsityRule: Sendable, Equatable {
    public var distanceKm: Double
    public var yearGroupThreshold: Double
    public init(distanceKm: Double, yearGroupThreshold: Double) {
        self.distanceKm = distanceKm
        self.yearGroupThreshold = yearGroupThreshold
    }
}

/// One year's (or one variant's) funding formula: the amounts of its factors and the rules that
/// decide eligibility. Read from `Data/funding/*.yaml` or a scenario; every amount is £ a year.
public struct FundingParameters: Sendable, Equatable {
    public var name: String
    /// Per eligible pupil (pupil-led, pupil premium) or per school (school-led). A factor that is
    /// absent is not part of the formula; one that is present with amount 0 is recorded as 0.
    public var amounts: [FundingFactor: Double]
    /// Minimum per-pupil funding level: a school whose formula funding per pupil (after the area
    /// cost adjustment) falls below it is topped up to it. Nil: no minimum.
    public var minimumPerPupil: Double?
    /// Area cost adjustment: a multiplier on pupil-led and school-led funding (1 = none).
    public var areaCostAdjustment: Double
    /// National IDACI rank fractions (0 = most deprived LSOA) at which bands A … F end, increasing.
    public var idaciBandEnds: [Double]
    /// Share of pupils nationally below the expected standard at key stage 2: a pupil has low prior
    /// attainment when their standardised attainment is below the normal quantile of this share.
    public var lowPriorAttainmentShare: Double
    /// Needed when `sparsity` is among the amounts.
    public var sparsity: SparsityRule?

    public init(name: String, amounts: [FundingFactor: Double], minimumPerPupil: Double? = nil,
                areaCostAdjustment: Double = 1, idaciBandEnds: [Double] = [],
                lowPriorAttainmentShare: Double = 0, sparsity: SparsityRule? = nil) {
        self.name = name
        self.amounts = amounts
        self.minimumPerPupil = minimumPerPupil
        self.areaCostAdjustment = areaCostAdjustment
        self.idaciBandEnds = idaciBandEnds
        self.lowPriorAttainmentShare = lowPriorAttainmentShare
        self.sparsity = sparsity
    }

    /// The factors in the formula, in the vocabulary's order.
    public var factors: [FundingFactor] { FundingFactor.allCases.filter { amounts[$0] != nil } }
}

/// What an academy trust keeps from its schools' funding before passing it on (DOMAIN.md §3.1:
/// typically 3–5%, large trusts 5.4% on average, some 9–10%).
public struct TopSlice: Sendable, Equatable {
    /// Share kept, 0–1.
    public var share: Double
    /// School types whose funding is top-sliced (academies and free schools by default).
    public var types: Set<SchoolType>
    /// Whether the pupil premium is top-sliced too (by default it passes to the school whole).
    public var includesPupilPremium: Bool

    public init(share: Double = 0, types: Set<SchoolType> = [.academy, .freeSchool], includesPupilPremium: Bool = false) {
        self.share = share
        self.types = types
        self.includesPupilPremium = includesPupilPremium
    }
}

/// A scenario's funding: the formula, how school-level amounts are counted against the simulated
/// intake, and the trusts' top-slice.
///
/// FairPlaces simulates one Year 7 intake, not whole schools. Budgets are therefore the intake's:
/// pupil-led factors and the pupil premium times the Year 7 pupils, plus each school-level amount
/// divided by `yearGroups` (by default 5, an 11–16 school: the intake's share if the other year
/// groups resemble it). With that share the minimum per-pupil level compares the same per-pupil
/// figure a whole school would have. `yearGroups = 1` counts school-level amounts whole.
public struct FundingSpec: Sendable, Equatable {
    public var parameters: FundingParameters
    public var yearGroups: Int
    public var topSlice: TopSlice
    /// A base scenario file to compare this scenario's funding with, school by school. The base is
    /// run on this scenario's seed and replications, so replication r of both draws the same random
    /// numbers and the differences are paired; it keeps its own funding section if it has one.
    public var compareTo: String? = nil

    public init(parameters: FundingParameters, yearGroups: Int = 5, topSlice: TopSlice = TopSlice()) {
        self.parameters = parameters
        self.yearGroups = yearGroups
        self.topSlice = topSlice
    }
}

/// One line of a school's budget: a factor, or an adjustment applied to the factors' sum.
public enum FundingLine: Hashable, Sendable {
    case factor(FundingFactor)
    /// (ACA − 1) × (pupil-led + school-led).
    case areaCostAdjustment
    /// What lifts formula funding to the minimum per-pupil level, or 0.
    case minimumPerPupilTopUp
    /// What the trust keeps: negative, or 0 for schools not top-sliced.
    case topSlice

    /// The line's name in outputs.
    public var name: String {
        switch self {
        case .factor(let f): return f.rawValue
        case .areaCostAdjustment: return "area_cost_adjustment"
        case .minimumPerPupilTopUp: return "minimum_per_pupil_top_up"
        case .topSlice: return "top_slice"
        }
    }

    /// `pupil_led`, `school_led`, `pupil_premium` or `adjustment`.
    public var kindName: String {
        if case .factor(let f) = self { return f.kind.rawValue }
        return "adjustment"
    }
}
