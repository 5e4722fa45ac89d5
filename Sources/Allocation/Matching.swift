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

    public init(preferences: PreferenceLists, priority: [PriorityKey], capacity: [Int], participates: [Bool]) {
        precondition(priority.count == preferences.schools.count)
        precondition(participates.count == preferences.pupilCount)
        self.preferences = preferences
        self.priority = priority
        self.capacity = capacity
        self.participates = participates
    }

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

/// The mechanisms a scenario can name.
public enum MechanismKind: String, Sendable, CaseIterable {
    case deferredAcceptance = "deferred_acceptance"

    public var mechanism: any AllocationMechanism {
        switch self {
        case .deferredAcceptance: return DeferredAcceptance()
        }
    }
}
