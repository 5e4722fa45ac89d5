/// Everything that is fixed about a place for one simulation: its pupils, schools and small areas.
///
/// Pupils refer to schools and areas by index. The initialiser derives catchment membership once,
/// so criteria can be tested per (pupil, school) in constant time during allocation.
public struct Region: Sendable {
    public let pupils: Pupils
    public private(set) var schools: [School]
    public let areas: [SmallArea]
    /// Faith names; index 0 is "none".
    public let faithNames: [String]
    /// Names of the primary schools pupils attend (feeder schools), indexed by `Pupils.feeder`.
    public let feederNames: [String]
    /// Catchment membership as compressed rows: the schools whose catchment holds pupil i are
    /// `catchmentSchools[catchmentOffsets[i] ..< catchmentOffsets[i + 1]]` (a pupil may be in several or none).
    public let catchmentOffsets: [Int32]
    public let catchmentSchools: [Int32]
    /// Membership of schools' former catchments (`AdmissionArrangements.formerCatchment`), in the
    /// same compressed rows; empty rows when no school has one.
    public let formerCatchmentOffsets: [Int32]
    public let formerCatchmentSchools: [Int32]
    /// Travel distances or times from each small area to each school (areas × schools, row-major),
    /// for schools that measure distance by travel; NaN where none was supplied.
    public var travel: [Double]?
    /// The authorities the region was built for (an England region's `authorities`); its other
    /// areas and schools are neighbours' that joined for the border schools. Empty when the region
    /// does not set its own authorities apart (a synthetic or single-council region).
    public var ownAuthorities: [String] = []
    /// Small areas outside the region (their centroid and authority), kept only so that the
    /// region's authority outlines can be drawn where it meets authorities whose areas did not join.
    public var outlineSites: [SmallArea] = []

    public init(pupils: Pupils, schools: [School], areas: [SmallArea] = [], faithNames: [String] = ["none"],
                feederNames: [String] = []) {
        self.pupils = pupils
        self.schools = schools
        self.areas = areas
        self.faithNames = faithNames
        self.feederNames = feederNames

        (catchmentOffsets, catchmentSchools) = Self.membership(pupils: pupils, catchments: schools.map(\.arrangements.catchment))
        (formerCatchmentOffsets, formerCatchmentSchools) = Self.membership(pupils: pupils,
                                                                           catchments: schools.map(\.arrangements.formerCatchment))
    }

    /// Which of `catchments` (one per school, nil for none) hold each pupil's home, as compressed rows.
    private static func membership(pupils: Pupils, catchments: [Catchment?]) -> (offsets: [Int32], schools: [Int32]) {
        var offsets = [Int32](repeating: 0, count: pupils.count + 1)
        var members: [Int32] = []
        let withCatchment = catchments.indices.filter { catchments[$0] != nil }
        var areaSets: [Int: Set<Int32>] = [:]
        for s in withCatchment {
            if case .areas(let list)? = catchments[s] { areaSets[s] = Set(list) }
        }
        for i in 0..<pupils.count {
            let home = pupils.home(i)
            for s in withCatchment {
                let inside: Bool
                switch catchments[s]! {
                case .polygon(let polygon): inside = polygon.contains(home)
                case .multiPolygon(let shape): inside = shape.contains(home)
                case .areas: inside = areaSets[s]!.contains(pupils.area[i])
                }
                if inside { members.append(Int32(s)) }
            }
            offsets[i + 1] = Int32(members.count)
        }
        return (offsets, members)
    }

    /// Whether pupil `i` lives in the catchment of school `s`.
    @inline(__always)
    public func inCatchment(pupil i: Int, school s: Int) -> Bool {
        let lo = Int(catchmentOffsets[i]), hi = Int(catchmentOffsets[i + 1])
        var k = lo
        while k < hi {
            if catchmentSchools[k] == Int32(s) { return true }
            k += 1
        }
        return false
    }

    /// Whether pupil `i` lives in the former catchment of school `s` (before a boundary change).
    public func inFormerCatchment(pupil i: Int, school s: Int) -> Bool {
        let lo = Int(formerCatchmentOffsets[i]), hi = Int(formerCatchmentOffsets[i + 1])
        return formerCatchmentSchools[lo..<hi].contains(Int32(s))
    }

    /// Travel distance or time from pupil i's home area to school s, if supplied.
    @inline(__always)
    public func travel(pupil i: Int, school s: Int) -> Double? {
        guard let travel else { return nil }
        let a = Int(pupils.area[i])
        guard a >= 0 else { return nil }
        let v = travel[a * schools.count + s]
        return v.isNaN ? nil : v
    }

    /// The region with school s's attractiveness set to `values[s]` (a calibrated fit): it is a
    /// preference feature only, so nothing derived from the schools changes.
    public func withAttractiveness(_ values: [Double]) -> Region {
        precondition(values.count == schools.count)
        var region = self
        for s in region.schools.indices { region.schools[s].attractiveness = values[s] }
        return region
    }

    /// Whether the region sets its own authorities apart from neighbours' (some area or school
    /// belongs to an authority not among `ownAuthorities`).
    public var hasNeighbours: Bool {
        guard !ownAuthorities.isEmpty else { return false }
        let own = Set(ownAuthorities)
        return areas.contains { !own.contains($0.authority) } || schools.contains { !own.contains($0.district) }
    }

    /// Whether pupil i lives in one of the region's own authorities (true when the region has none
    /// or the pupil has no area).
    @inline(__always)
    public func livesInOwnAuthority(_ i: Int, own: Set<String>) -> Bool {
        let a = Int(pupils.area[i])
        guard !own.isEmpty, a >= 0, a < areas.count else { return true }
        return own.contains(areas[a].authority)
    }

    /// The same region with other schools (a listed school joining, arrangements applied), keeping
    /// what belongs to the place rather than to its schools: areas, names, own authorities, outline sites.
    public func with(schools: [School], pupils: Pupils? = nil) -> Region {
        var region = Region(pupils: pupils ?? self.pupils, schools: schools, areas: areas, faithNames: faithNames, feederNames: feederNames)
        region.ownAuthorities = ownAuthorities
        region.outlineSites = outlineSites
        return region
    }

    /// Total published admission number.
    public var totalPAN: Int { schools.reduce(0) { $0 + $1.pan } }
}
