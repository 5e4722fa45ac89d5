import FairPlacesCore

/// How a pupil got (or did not get) a place.
public enum PlacementRoute: UInt8, Sendable {
    /// Offered a school on the family's list through the mechanism.
    case preference = 0
    /// Admitted to the school named in an EHC plan, outside the oversubscription criteria.
    case ehcPlan = 1
    /// No listed school could offer; the local authority allocated a place (e.g. nearest vacancy).
    case administrative = 2
    /// No place anywhere (every school the rule allows is full).
    case unplaced = 3
}

/// The outcome of one admissions round: every pupil placed or reported unplaced.
public struct Allocation: Sendable, Equatable {
    /// School index per pupil, or -1 when unplaced.
    public var school: [Int32]
    /// Preference rank (0 = first) of the school offered, or -1 when the place did not come from the list.
    public var preferenceRank: [Int32]
    public var route: [PlacementRoute]
    /// Pupils admitted above PAN at each school (EHC plans naming a full school).
    public var abovePAN: [Int]
    /// Pupils with justified envy: they ranked a school above the one they got, were eligible there,
    /// and it admitted through the mechanism someone it ranks below them. Zero under deferred
    /// acceptance, which is stable; positive under mechanisms that are not.
    public var justifiedEnvy: Int

    public init(school: [Int32], preferenceRank: [Int32], route: [PlacementRoute], abovePAN: [Int], justifiedEnvy: Int = 0) {
        self.school = school
        self.preferenceRank = preferenceRank
        self.route = route
        self.abovePAN = abovePAN
        self.justifiedEnvy = justifiedEnvy
    }

    public var pupilCount: Int { school.count }
}

/// What happens to a pupil none of whose listed schools can offer a place.
public enum UnplacedPupilRule: String, Sendable, CaseIterable {
    /// The nearest school with a vacancy that may admit the pupil (most English schemes).
    case nearestVacancy = "nearest_vacancy"
    /// The catchment school, even above PAN (a guaranteed catchment place, as in Gateshead); pupils
    /// outside every catchment get the nearest vacancy.
    case catchmentSchool = "catchment_school"
    /// No administrative allocation: the pupil is reported unplaced.
    case none
}
