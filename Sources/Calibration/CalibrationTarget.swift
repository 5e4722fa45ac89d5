import FairPlacesCore

/// A figure a calibration compares with its published value.
public enum CalibrationStatistic: Sendable, Equatable {
    /// Families listing the school first: the model's expected count (logit shares, no noise).
    case firstPreferences
    /// Families listing the school at `rank` (1 = first), counted in simulated rounds.
    case preferences(rank: Int)
    /// Places offered at the school (through preferences, EHC plans and administrative allocation).
    case offers
    /// Places offered at the school to families who listed it (at any rank).
    case preferredOffers
    /// Places offered at the school to families who listed it first.
    case firstPreferenceOffers
    /// FSM share of the school's offers (its intake).
    case fsmShare
    /// Share of applicants (families without an EHC placement) offered their first preference: of
    /// the region's, or of those living in one authority (`CalibrationTarget.authority`).
    case firstPreferenceOfferRate
    /// Share of applicants offered one of their preferences (the region's, or one authority's).
    case anyPreferenceOfferRate
    /// Mean over a group of schools of the FSM share of their intake.
    case meanFSMShare

    /// Whether the figure belongs to one school (else to the region or a group of schools).
    public var isPerSchool: Bool {
        switch self {
        case .firstPreferences, .preferences, .offers, .preferredOffers, .firstPreferenceOffers, .fsmShare: return true
        case .firstPreferenceOfferRate, .anyPreferenceOfferRate, .meanFSMShare: return false
        }
    }

    /// Whether the figure is a share (compared in points) rather than a count (compared relatively).
    public var isShare: Bool {
        switch self {
        case .fsmShare, .firstPreferenceOfferRate, .anyPreferenceOfferRate, .meanFSMShare: return true
        default: return false
        }
    }

    /// The scenario and CSV name of the statistic.
    public var name: String {
        switch self {
        case .firstPreferences: return "first_preferences"
        case .preferences(let rank): return "preferences_\(rank)"
        case .offers: return "offers"
        case .preferredOffers: return "preferred_offers"
        case .firstPreferenceOffers: return "first_preference_offers"
        case .fsmShare: return "fsm_share"
        case .firstPreferenceOfferRate: return "first_preference_offer_rate"
        case .anyPreferenceOfferRate: return "any_preference_offer_rate"
        case .meanFSMShare: return "mean_fsm_share"
        }
    }

    public init?(name: String) {
        switch name {
        case "first_preferences": self = .firstPreferences
        case "offers": self = .offers
        case "preferred_offers": self = .preferredOffers
        case "first_preference_offers": self = .firstPreferenceOffers
        case "fsm_share": self = .fsmShare
        case "first_preference_offer_rate": self = .firstPreferenceOfferRate
        case "any_preference_offer_rate": self = .anyPreferenceOfferRate
        case "mean_fsm_share": self = .meanFSMShare
        default:
            guard name.hasPrefix("preferences_"), let rank = Int(name.dropFirst("preferences_".count)), (1...20).contains(rank) else {
                return nil
            }
            self = .preferences(rank: rank)
        }
    }

    public static let names = ["first_preferences", "preferences_K (K = 1, 2, …)", "offers", "preferred_offers", "first_preference_offers",
                               "fsm_share", "first_preference_offer_rate", "any_preference_offer_rate", "mean_fsm_share"]
}

/// One published figure to fit or to check: a statistic of one school, or of a set of schools
/// (a group's mean, or the whole region when `schools` is empty for a region-wide rate), or a rate
/// of the applicants living in one authority.
public struct CalibrationTarget: Sendable, Equatable {
    public var statistic: CalibrationStatistic
    /// The school (per-school statistics), or the schools a group statistic averages over.
    public var schools: [Int]
    /// What the row is called in calibration.csv (e.g. a school's name, or "selective schools").
    public var label: String
    public var observed: Double
    /// Weight of the target group in the method-of-moments objective (per-school rows share it).
    public var weight: Double
    /// For a group's mean (`meanFSMShare`), each school's observed value, in the order of `schools`,
    /// so a fold can take the mean over the schools it keeps.
    public var parts: [Double]
    /// For an offer rate, the authority whose resident applicants it counts (the name the region's
    /// small areas give); nil: the whole region's.
    public var authority: String?

    public init(statistic: CalibrationStatistic, schools: [Int], label: String, observed: Double, weight: Double = 1,
                parts: [Double] = [], authority: String? = nil) {
        self.statistic = statistic
        self.schools = schools
        self.label = label
        self.observed = observed
        self.weight = weight
        self.parts = parts
        self.authority = authority
    }

    /// The target over the schools `keep` allows and the authorities `keepAuthority` allows:
    /// per-school, group and authority targets lose what they refuse (nil when nothing is left);
    /// region-wide ones are kept whole.
    public func restricted(to keep: (Int) -> Bool, authorities keepAuthority: (String) -> Bool = { _ in true }) -> CalibrationTarget? {
        if let authority { return keepAuthority(authority) ? self : nil }
        if statistic.isPerSchool { return keep(schools[0]) ? self : nil }
        guard !schools.isEmpty else { return self }
        var copy = self
        let kept = schools.indices.filter { keep(schools[$0]) }
        guard !kept.isEmpty else { return nil }
        copy.schools = kept.map { schools[$0] }
        if !parts.isEmpty {
            copy.parts = kept.map { parts[$0] }
            copy.observed = copy.parts.reduce(0, +) / Double(copy.parts.count)
        }
        return copy
    }

    /// The error a unit of objective stands for: one point for shares, and for counts 10% of the
    /// observed count (at least one pupil), so a school of 30 and one of 300 weigh alike.
    public var scale: Double { statistic.isShare ? 0.01 : max(1, 0.1 * abs(observed)) }
}
