import Testing
import FairPlacesCore
@testable import Allocation
import Metrics

/// Two authorities of the region's own, A and B, and one neighbour, N, whose pupils joined for the
/// border schools. Pupils (home, FSM, decile, area's authority) → outcome, distance:
///   P0 (3, 4)   FSM, d3,  A → S0, 1st preference, 5 km
///   P1 (0, 1)   —,   d9,  A → S0, 2nd preference, 1 km
///   P2 (0, 2)   FSM, d1,  B → S0, 1st preference, 2 km
///   P3 (0, 0)   —,   d10, B → S2, administrative, 3 km
///   P4 (4, 0)   —,   d5,  N → S1, EHC plan, 0 km
///   P5 (4, 2)   FSM, d2,  N → S1, EHC plan, 2 km
///   P6 (10, 10) FSM, d1,  N → unplaced
/// Schools S0 (0, 0) of A, S1 (4, 0) of B, S2 (0, 3) and S3 (20, 20) of N.
private func fixture(own: [String]) -> Region {
    let rows: [(Point, Bool, UInt8, Int32, Int32)] = [
        (Point(x: 3, y: 4), true, 3, 0, -1), (Point(x: 0, y: 1), false, 9, 0, -1), (Point(x: 0, y: 2), true, 1, 1, -1),
        (Point(x: 0, y: 0), false, 10, 1, -1), (Point(x: 4, y: 0), false, 5, 2, 1), (Point(x: 4, y: 2), true, 2, 2, 1),
        (Point(x: 10, y: 10), true, 1, 2, -1),
    ]
    var pupils = Pupils()
    for (i, r) in rows.enumerated() {
        pupils.append(id: "P\(i)", home: r.0, fsm: r.1, idaciScore: 0.1, idaciDecile: r.2, attainment: 0, ehcPlanSchool: r.4, area: r.3)
    }
    func school(_ id: String, _ x: Double, _ y: Double, _ district: String) -> School {
        School(id: id, name: id, location: Point(x: x, y: y), type: .community, pan: 3, arrangements: AdmissionArrangements(), district: district)
    }
    let areas = [SmallArea(id: "a", centroid: Point(x: 1, y: 3), idaciScore: 0.1, idaciDecile: 3, authority: "A"),
                 SmallArea(id: "b", centroid: Point(x: 0, y: 1), idaciScore: 0.1, idaciDecile: 1, authority: "B"),
                 SmallArea(id: "n", centroid: Point(x: 6, y: 4), idaciScore: 0.1, idaciDecile: 2, authority: "N")]
    var region = Region(pupils: pupils, schools: [school("S0", 0, 0, "A"), school("S1", 4, 0, "B"), school("S2", 0, 3, "N"),
                                                  school("S3", 20, 20, "N")], areas: areas)
    region.ownAuthorities = own
    return region
}

private let allocation = Allocation(
    school: [0, 0, 0, 2, 1, 1, -1], preferenceRank: [0, 1, 0, -1, -1, -1, -1],
    route: [.preference, .preference, .preference, .administrative, .ehcPlan, .ehcPlan, .unplaced],
    abovePAN: [0, 0, 0, 0], justifiedEnvy: 0)

private func metrics(_ region: Region) -> [MetricKey: Double?] {
    let lists = PreferenceLists(length: 2, schools: [0, -1, 1, 0, 0, -1, 0, -1, -1, -1, -1, -1, 0, 1])
    let context = MetricsContext(region: region, config: MetricsConfig(attributes: [.fsm], groupings: []))
    var recorder = MetricRecorder(collectKeys: true)
    AllocationMetrics.compute(context: context, rules: PriorityRules(region: region, seed: 1, replication: 0), preferences: lists,
                              allocation: allocation, into: &recorder)
    let keys = recorder.keys ?? []
    #expect(Set(keys).count == keys.count, "a key is recorded twice")
    return Dictionary(zip(keys, recorder.values), uniquingKeysWith: { a, _ in a })
}

@Suite struct OwnAuthorityMetricsTests {
    func check(_ m: [MetricKey: Double?], _ metric: String, _ attribute: String = "", _ category: String = "", scope: MetricScope = .region,
               unit: String, _ expected: Double?, sourceLocation: SourceLocation = #_sourceLocation) {
        let key = MetricKey(scope, metric, attribute: attribute, category: category, unit: unit)
        guard let recorded = m[key] else { Issue.record("no figure for \(key)", sourceLocation: sourceLocation); return }
        switch (recorded, expected) {
        case (nil, nil): break
        case let (r?, e?): #expect(abs(r - e) < 1e-12, "\(metric) \(category) \(unit): \(r), expected \(e)", sourceLocation: sourceLocation)
        default: Issue.record("\(metric) \(category) \(unit): \(String(describing: recorded)), expected \(String(describing: expected))", sourceLocation: sourceLocation)
        }
    }

    /// Worked by hand from the table above: A and B's pupils are P0–P3, N's P4–P6.
    @Test func ownAuthoritiesAndNeighboursApart() {
        let m = metrics(fixture(own: ["A", "B"]))
        let own = "authorities=own", theirs = "authorities=neighbours"
        check(m, "pupils", unit: own, 4)
        check(m, "pupils", unit: theirs, 3)
        // Own applicants P0–P3: first preference P0, P2; any preference P0, P1, P2.
        check(m, "first_preference_share", unit: own, 2.0 / 4)
        check(m, "any_preference_share", unit: own, 3.0 / 4)
        check(m, "first_preference_share", "fsm", "fsm", unit: own, 1)       // P0, P2
        check(m, "first_preference_share", "fsm", "non_fsm", unit: own, 0)   // P1, P3
        check(m, "any_preference_share", "fsm", "non_fsm", unit: own, 1.0 / 2)
        // Distances 5, 1, 2, 3 km; FSM pupils P0 and P2: 5 and 2.
        check(m, "mean_distance_km", unit: own, 11.0 / 4)
        check(m, "mean_distance_km", "fsm", "fsm", unit: own, 3.5)
        check(m, "administrative_count", unit: own, 1)
        check(m, "unplaced_count", unit: own, 0)
        // Placed own pupils: S0 holds FSM P0, P2 and P1; S2 holds P3. D = ½(|2/2 − 1/2| + |0 − 1/2|) = 0.5.
        check(m, "share", "fsm", "fsm", unit: own, 0.5)
        check(m, "dissimilarity", "fsm", "fsm", unit: own, 0.5)
        // Nearest schools: P0 (3, 4) → S2 (√10 km), P1 → S0, P2 (0, 2) → S2, P3 → S0: FSM all at S2, D = 1.
        check(m, "dissimilarity", "fsm", "fsm", scope: .nearest, unit: own, 1)
        // Neighbours: the only applicant, P6, is unplaced; EHC pupils P4 (0 km) and P5 (2 km) share S1.
        check(m, "first_preference_share", unit: theirs, 0)
        check(m, "first_preference_share", "fsm", "non_fsm", unit: theirs, nil)
        check(m, "mean_distance_km", unit: theirs, 1)
        check(m, "unplaced_count", unit: theirs, 1)
        check(m, "administrative_count", unit: theirs, 0)
        check(m, "dissimilarity", "fsm", "fsm", unit: theirs, 0)
        // The whole region is unchanged: first preference P0, P2 of applicants P0–P3 and P6.
        check(m, "first_preference_share", unit: "", 2.0 / 5)
    }

    /// No figures by home where the region does not set own authorities apart, or where every area
    /// and school is the region's own.
    @Test func noFiguresByHomeWithoutNeighbours() {
        for region in [fixture(own: []), fixture(own: ["A", "B", "N"])] {
            let m = metrics(region)
            #expect(!m.keys.contains { $0.unit.hasPrefix("authorities=") })
        }
        #expect(fixture(own: ["A", "B"]).hasNeighbours && !fixture(own: ["A", "B", "N"]).hasNeighbours)
    }
}
