/// A small area (neighbourhood, e.g. a 2011 LSOA of about 1,500 residents) with its deprivation.
public struct SmallArea: Sendable, Equatable {
    public var id: String
    /// Population-weighted centroid, km.
    public var centroid: Point
    /// Resident children of the cohort's age, where known.
    public var population: Int?
    /// IDACI score, 0–1.
    public var idaciScore: Double
    /// IDACI decile, 1 = most deprived.
    public var idaciDecile: UInt8
    /// The education authority the area belongs to ("" where the region does not say).
    public var authority: String = ""

    public init(id: String, centroid: Point, population: Int? = nil, idaciScore: Double, idaciDecile: UInt8, authority: String = "") {
        self.authority = authority
        self.id = id
        self.centroid = centroid
        self.population = population
        self.idaciScore = idaciScore
        self.idaciDecile = idaciDecile
    }
}
