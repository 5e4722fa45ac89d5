import FairPlacesCore

/// What a mechanism is given: families' lists, each school's priority over its applicants, and the
/// places each school offers through the mechanism.
public struct AllocationProblem: Sendable {
    public let preferences: PreferenceLists
    /// `priority[i * L + r]` is pupil i's key at the school in position r of i's list.
    public let priority: [PriorityKey]
    /// Places available to the mechanism at each school (PAN less places taken outside it).
    public let capacity: [Int]
    /// Pupils who take part (false for pupils already placed, e.g. by an EHC plan).
    public let participates: [Bool]
    /// The rules behind the keys, for mechanisms that rank pupils who did not list a school (top
    /// trading cycles, no choice) or order them by a score (serial dictatorship); nil in hand-made problems.
    public let rules: PriorityRules?
    /// Per school, how it fills places when it has quotas or bands; nil for schools that take their
    /// best applicants by one order.
    public let seatPlans: [SeatPlan?]

    public init(preferences: PreferenceLists, priority: [PriorityKey], capacity: [Int], participates: [Bool],
                rules: PriorityRules? = nil, seatPlans: [SeatPlan?]? = nil) {
        precondition(priority.count == preferences.schools.count)
        precondition(participates.count == preferences.pupilCount)
        self.preferences = preferences
        self.priority = priority
        self.capacity = capacity
        self.participates = participates
        self.rules = rules
        self.seatPlans = seatPlans ?? [SeatPlan?](repeating: nil, count: capacity.count)
    }

    /// Whether every school takes its best applicants by a single priority order.
    public var isResponsive: Bool { seatPlans.allSatisfy { $0 == nil } }

    public var pupilCount: Int { preferences.pupilCount }
    public var schoolCount: Int { capacity.count }
}

/// A mechanism's answer: the school each pupil is matched to and its rank on the pupil's list.
public struct Matching: Sendable, Equatable {
    /// School index, or -1 when unmatched.
    public var school: [Int32]
    /// Rank (0 = first preference) of the matched school, or -1.
    public var rank: [Int32]

    public init(pupils: Int) {
        school = [Int32](repeating: -1, count: pupils)
        rank = [Int32](repeating: -1, count: pupils)
    }
}

/// A way of turning preferences and priorities into a matching.
///
/// To add a mechanism (Boston, top trading cycles, serial dictatorship…): conform to this protocol
/// in a file of its own, and give it a scenario name in `MechanismKind`.
public protocol AllocationMechanism: Sendable {
    func match(_ problem: AllocationProblem) -> Matching
}

/// The mechanisms a scenario can name (DOMAIN.md §1.3).
public enum MechanismKind: String, Sendable, CaseIterable {
    /// Equal preference: pupil-proposing deferred acceptance, the legal scheme in England.
    case deferredAcceptance = "deferred_acceptance"
    /// First preference first / immediate acceptance (the Boston mechanism), banned by the 2007 Code.
    case boston
    /// Top trading cycles: Pareto-efficient, not stable.
    case topTradingCycles = "top_trading_cycles"
    /// Serial dictatorship: pupils choose in the order of one score.
    case serialDictatorship = "serial_dictatorship"
    /// No choice: every pupil is allocated their catchment school, else the nearest, by the schools' priorities.
    case noChoice = "no_choice"

    /// Whether the mechanism can fill places by quotas and bands (seat plans).
    public var supportsSeatPlans: Bool { self == .deferredAcceptance || self == .noChoice }
}

/// The single order of pupils serial dictatorship uses.
public enum SerialOrder: String, Sendable, CaseIterable {
    /// A lottery (random serial dictatorship).
    case lottery
    /// The area's selection-test score, highest first.
    case testScore = "test_score"
    /// Prior attainment, highest first.
    case attainment
}
