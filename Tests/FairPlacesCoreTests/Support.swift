import FairPlacesCore
import TestSupport

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
