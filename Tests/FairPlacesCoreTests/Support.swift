import FairPlacesCore

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator for building random test
/// instances from a seed, independent of the code under test.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func double(_ lo: Double, _ hi: Double) -> Double { Double.random(in: lo..<hi, using: &self) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}

/// One pupil of a hand-built region.
struct TestPupil {
    var home: Point
    var fsm = false
    var attainment = 0.0
    var lookedAfter = false
    var ehcPlanSchool: Int32 = -1
    var siblingSchool: Int32 = -1
    var area: Int32 = -1
    var idaciScore = 0.1
}

func makeSchool(_ id: String, at location: Point, pan: Int = 30, type: SchoolType = .community,
                attractiveness: Double = 0,
                arrangements: AdmissionArrangements = AdmissionArrangements()) -> School {
    School(id: id, name: "School \(id)", location: location, type: type, pan: pan,
           attractiveness: attractiveness, arrangements: arrangements)
}

func makeRegion(_ list: [TestPupil], schools: [School], areas: [SmallArea] = []) -> Region {
    var pupils = Pupils(reservingCapacity: list.count)
    for (i, p) in list.enumerated() {
        pupils.append(id: "P\(i)", home: p.home, fsm: p.fsm, idaciScore: p.idaciScore, idaciDecile: 5,
                      attainment: p.attainment, lookedAfter: p.lookedAfter, ehcPlanSchool: p.ehcPlanSchool,
                      siblingSchool: p.siblingSchool, area: p.area)
    }
    return Region(pupils: pupils, schools: schools, areas: areas)
}

func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

/// Sample variance (n − 1).
func variance(_ v: [Double]) -> Double {
    let m = mean(v)
    return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
}
