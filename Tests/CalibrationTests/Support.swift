import Foundation
import FairPlacesCore
import Simulation
import TestSupport

/// A town of `pupils` children spread over a 10 km square and `attractiveness.count` schools on a
/// ring around its centre, each with PAN `pan`; school 0 is Catholic and admits Catholic families
/// first; the others have quadrant catchments (school s takes quadrant s % 4) with a lottery.
/// 15% of families are Catholic, 20% FSM (more in the east), 25% have an older sibling somewhere.
func town(pupils n: Int = 1_500, attractiveness: [Double], pan: Int = 150, seed: UInt64 = 7) -> Region {
    var rng = SplitMix64(seed: seed)
    let m = attractiveness.count
    func quadrant(_ p: Point) -> Int { (p.x < 5 ? 0 : 1) + (p.y < 5 ? 0 : 2) }
    let quadrants = (0..<4).map { q -> Polygon in
        let x0 = Double(q % 2) * 5, y0 = Double(q / 2) * 5
        return Polygon(vertices: [Point(x: x0, y: y0), Point(x: x0 + 5, y: y0), Point(x: x0 + 5, y: y0 + 5), Point(x: x0, y: y0 + 5)])
    }
    var schools: [School] = []
    for s in 0..<m {
        let angle = Double(s) / Double(m) * 2 * Double.pi
        let at = Point(x: 5 + 3.5 * cos(angle), y: 5 + 3.5 * sin(angle))
        var arrangements = AdmissionArrangements(criteria: [OversubscriptionCriterion(.catchment), OversubscriptionCriterion(.sibling)],
                                                 tieBreak: .random)
        var faith = ""
        if s == 0 {
            arrangements = AdmissionArrangements(criteria: [OversubscriptionCriterion(.faith, members: [1])], tieBreak: .distance)
            faith = "catholic"
        } else {
            arrangements.catchment = .polygon(quadrants[s % 4])
        }
        schools.append(School(id: "S\(s)", name: "School \(s)", location: at, type: s == 0 ? .voluntaryAided : .community,
                              pan: pan, attractiveness: attractiveness[s], arrangements: arrangements,
                              district: "D\(s % 3)", religiousCharacter: faith))
    }
    var list = Pupils(reservingCapacity: n)
    for i in 0..<n {
        let home = Point(x: rng.double(0, 10), y: rng.double(0, 10))
        let fsm = rng.chance(home.x > 5 ? 0.3 : 0.1)
        list.append(id: "P\(i)", home: home, fsm: fsm, idaciScore: fsm ? 0.4 : 0.1, idaciDecile: fsm ? 2 : 7,
                    attainment: rng.double(-1, 1), siblingSchool: rng.chance(0.25) ? Int32(rng.int(0...(m - 1))) : -1,
                    faith: rng.chance(0.15) ? 1 : 0, area: Int32(quadrant(home)))
    }
    let areas = (0..<4).map { q in
        SmallArea(id: "Q\(q)", centroid: Point(x: Double(q % 2) * 5 + 2.5, y: Double(q / 2) * 5 + 2.5), idaciScore: 0.2, idaciDecile: 5)
    }
    return Region(pupils: list, schools: schools, areas: areas, faithNames: ["none", "catholic"])
}

func townSpec(_ region: Region, model: PreferenceModel, replications: Int = 4) -> SimulationSpec {
    SimulationSpec(name: "town", region: region, preferences: .model(model), seed: 11, replications: replications)
}

func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
