import Testing
import FairPlacesCore
@testable import Allocation
import Metrics

/// One pupil of a hand-built region.
private struct P {
    var home: Point
    var fsm: Bool
    var attainment: Double
    var idaci: Double
    var decile: UInt8
    var ehc: Int32 = -1
}

private func region(_ list: [P], schools: [School]) -> Region {
    var pupils = Pupils()
    for (i, p) in list.enumerated() {
        pupils.append(id: "P\(i)", home: p.home, fsm: p.fsm, idaciScore: p.idaci, idaciDecile: p.decile,
                      attainment: p.attainment, ehcPlanSchool: p.ehc)
    }
    return Region(pupils: pupils, schools: schools)
}

private func school(_ id: String, _ x: Double, _ y: Double, pan: Int, attractiveness: Double = 0) -> School {
    School(id: id, name: id, location: Point(x: x, y: y), type: .community, pan: pan,
           attractiveness: attractiveness, arrangements: AdmissionArrangements())
}

private func lists(_ l: [[Int]], length: Int = 2) -> PreferenceLists {
    PreferenceLists(length: length, schools: l.flatMap { $0.map { Int32($0) } + [Int32](repeating: -1, count: length - $0.count) })
}

/// Runs the metrics and returns them by key, checking that no key is recorded twice.
private func metrics(_ region: Region, _ prefs: PreferenceLists, _ allocation: Allocation,
                     config: MetricsConfig = MetricsConfig(attributes: [.fsm], groupings: [])) -> [MetricKey: Double?] {
    let context = MetricsContext(region: region, config: config)
    let rules = PriorityRules(region: region, seed: 1, replication: 0)
    var recorder = MetricRecorder(collectKeys: true)
    AllocationMetrics.compute(context: context, rules: rules, preferences: prefs, allocation: allocation, into: &recorder)
    let keys = recorder.keys ?? []
    #expect(keys.count == recorder.values.count)
    #expect(Set(keys).count == keys.count, "a key is recorded twice")
    return Dictionary(zip(keys, recorder.values), uniquingKeysWith: { a, _ in a })
}

/// Schools: S0 (0, 0) PAN 3 · S1 (4, 0) PAN 1 · S2 (0, 3) PAN 2, the most attractive · S3 (20, 20) PAN 1.
/// Pupils (FSM, attainment, IDACI score, decile) → outcome, distance:
///   P0 (3, 4)   FSM, 1.0, 0.30, d3  → S0, 1st preference, 5 km
///   P1 (0, 1)   —,  −1.0, 0.10, d9  → S0, 2nd preference, 1 km
///   P2 (0, 2)   FSM, 0.5, 0.40, d1  → S0, 1st preference, 2 km
///   P3 (0, 0)   —,   2.0, 0.05, d10 → S2, administrative, 3 km
///   P4 (4, 0)   —,  −0.5, 0.20, d5  → S1, EHC plan, 0 km
///   P5 (4, 2)   FSM, 0.25, 0.35, d2 → S1, EHC plan, 2 km (S1 one above PAN)
///   P6 (10, 10) FSM, 0.0, 0.50, d1  → unplaced
/// Lists: P0 [S0], P1 [S1, S0], P2 [S0], P3 [S0], P6 [S0, S1] (EHC pupils list nothing).
private let handRegion = region([
    P(home: Point(x: 3, y: 4), fsm: true, attainment: 1.0, idaci: 0.30, decile: 3),
    P(home: Point(x: 0, y: 1), fsm: false, attainment: -1.0, idaci: 0.10, decile: 9),
    P(home: Point(x: 0, y: 2), fsm: true, attainment: 0.5, idaci: 0.40, decile: 1),
    P(home: Point(x: 0, y: 0), fsm: false, attainment: 2.0, idaci: 0.05, decile: 10),
    P(home: Point(x: 4, y: 0), fsm: false, attainment: -0.5, idaci: 0.20, decile: 5, ehc: 1),
    P(home: Point(x: 4, y: 2), fsm: true, attainment: 0.25, idaci: 0.35, decile: 2, ehc: 1),
    P(home: Point(x: 10, y: 10), fsm: true, attainment: 0.0, idaci: 0.50, decile: 1),
], schools: [school("S0", 0, 0, pan: 3), school("S1", 4, 0, pan: 1),
             school("S2", 0, 3, pan: 2, attractiveness: 1), school("S3", 20, 20, pan: 1)])
private let handLists = lists([[0], [1, 0], [0], [0], [], [], [0, 1]])
private let handAllocation = Allocation(
    school: [0, 0, 0, 2, 1, 1, -1], preferenceRank: [0, 1, 0, -1, -1, -1, -1],
    route: [.preference, .preference, .preference, .administrative, .ehcPlan, .ehcPlan, .unplaced],
    abovePAN: [0, 1, 0, 0], justifiedEnvy: 3)

@Suite struct AllocationMetricsTests {
    private func expectValue(_ m: [MetricKey: Double?], _ key: MetricKey, _ expected: Double?,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        guard let recorded = m[key] else {
            Issue.record("no figure recorded for \(key)", sourceLocation: sourceLocation)
            return
        }
        switch (recorded, expected) {
        case (nil, nil): break
        case let (r?, e?): #expect(abs(r - e) < 1e-12, "\(key.metric) \(key.category) \(key.unit): \(r), expected \(e)", sourceLocation: sourceLocation)
        default: Issue.record("\(key.metric) \(key.attribute) \(key.category) \(key.unit): \(String(describing: recorded)), expected \(String(describing: expected))", sourceLocation: sourceLocation)
        }
    }

    /// Access figures by group. Applicants are the non-EHC pupils P0, P1, P2, P3, P6.
    @Test func accessFigures() {
        let m = metrics(handRegion, handLists, handAllocation)
        func region(_ metric: String, _ attribute: String = "", _ category: String = "") -> MetricKey {
            MetricKey(.region, metric, attribute: attribute, category: category)
        }
        // First preference: P0, P2 of 5 applicants; FSM applicants P0, P2, P6; non-FSM P1, P3.
        expectValue(m, region("first_preference_share"), 2.0 / 5)
        expectValue(m, region("first_preference_share", "fsm", "fsm"), 2.0 / 3)
        expectValue(m, region("first_preference_share", "fsm", "non_fsm"), 0)
        // Any preference: P0, P1, P2.
        expectValue(m, region("any_preference_share"), 3.0 / 5)
        expectValue(m, region("any_preference_share", "fsm", "fsm"), 2.0 / 3)
        expectValue(m, region("any_preference_share", "fsm", "non_fsm"), 1.0 / 2)
        // IDACI quintiles (deciles 1–2 → q1, …): q1 applicants P2, P6; q2 P0; q3 none (P4 is EHC); q4 none; q5 P1, P3.
        expectValue(m, region("first_preference_share", "idaci_quintile", "idaci_q1"), 1.0 / 2)
        expectValue(m, region("first_preference_share", "idaci_quintile", "idaci_q2"), 1)
        expectValue(m, region("first_preference_share", "idaci_quintile", "idaci_q3"), nil)
        expectValue(m, region("first_preference_share", "idaci_quintile", "idaci_q4"), nil)
        expectValue(m, region("first_preference_share", "idaci_quintile", "idaci_q5"), 0)
        expectValue(m, region("any_preference_share", "idaci_quintile", "idaci_q5"), 1.0 / 2)
        // Distances of placed pupils (EHC included): 5, 1, 2, 3, 0, 2.
        expectValue(m, region("mean_distance_km"), 13.0 / 6)
        expectValue(m, region("mean_distance_km", "fsm", "fsm"), 3)          // 5, 2, 2
        expectValue(m, region("mean_distance_km", "fsm", "non_fsm"), 4.0 / 3) // 1, 3, 0
        expectValue(m, region("mean_distance_km", "idaci_quintile", "idaci_q4"), nil)
        // Type-7 p90: [0,1,2,2,3,5] h = 4.5 → 3 + ½·2 = 4; FSM [2,2,5] h = 1.8 → 2 + 0.8·3 = 4.4;
        // non-FSM [0,1,3] h = 1.8 → 1 + 0.8·2 = 2.6; q5 [1,3] h = 0.9 → 2.8.
        expectValue(m, region("p90_distance_km"), 4)
        expectValue(m, region("p90_distance_km", "fsm", "fsm"), 4.4)
        expectValue(m, region("p90_distance_km", "fsm", "non_fsm"), 2.6)
        expectValue(m, region("p90_distance_km", "idaci_quintile", "idaci_q5"), 2.8)
        // Oversubscribed: S0 has 5 eligible applicants (P0, P1, P2, P3, P6) for 3 places; S1 has 2
        // (P1, P6) for 1 − 2 EHC = −1 places; S2 and S3 have none.
        expectValue(m, region("oversubscribed_schools"), 2)
        // Placed at oversubscribed schools: P0, P1, P2 (S0), P4, P5 (S1) of 6; FSM 3 of 3; non-FSM 2 of 3.
        expectValue(m, region("oversubscribed_school_share"), 5.0 / 6)
        expectValue(m, region("oversubscribed_school_share", "fsm", "fsm"), 1)
        expectValue(m, region("oversubscribed_school_share", "fsm", "non_fsm"), 2.0 / 3)
        // High-attainment schools: the top round(0.25 · 4) = 1 by attractiveness = S2, where only P3 is.
        expectValue(m, region("high_attainment_school_share"), 1.0 / 6)
        expectValue(m, region("high_attainment_school_share", "fsm", "fsm"), 0)
        expectValue(m, region("high_attainment_school_share", "fsm", "non_fsm"), 1.0 / 3)
        // Counts.
        expectValue(m, region("administrative_count"), 1)
        expectValue(m, region("unplaced_count"), 1)
        expectValue(m, region("above_pan_count"), 1)
        expectValue(m, region("justified_envy_count"), 3)
    }

    /// FSM segregation under the allocation and under nearest-school.
    @Test func segregationFigures() {
        let m = metrics(handRegion, handLists, handAllocation)
        func key(_ scope: MetricScope, _ metric: String) -> MetricKey {
            MetricKey(scope, metric, attribute: "fsm", category: "fsm")
        }
        // Allocation: FSM (2, 1, 0, 0), others (1, 1, 1, 0); F = N = 3 (P6 is unplaced).
        // D = ½(|2/3 − 1/3| + |1/3 − 1/3| + |0 − 1/3|) = 1/3; GS = ½(|2/3 − 1/2| + 0 + |0 − 1/6|) = 1/6.
        // xPx = (2/3)(2/3) + (1/3)(1/2) = 11/18; η² = (11/18 − 1/2)/(1/2) = 2/9; F·GS = 1/2.
        expectValue(m, key(.region, "share"), 0.5)
        expectValue(m, key(.region, "dissimilarity"), 1.0 / 3)
        expectValue(m, key(.region, "gorard"), 1.0 / 6)
        expectValue(m, key(.region, "isolation"), 11.0 / 18)
        expectValue(m, key(.region, "exposure"), 7.0 / 18)
        expectValue(m, key(.region, "correlation_ratio"), 2.0 / 9)
        expectValue(m, key(.region, "pupils_to_move"), 0.5)
        // Nearest school: P0 → S2 (√10 km), P1 → S0, P2 → S2, P3 → S0, P4 → S1, P5 → S1, P6 → S1 (√136).
        // FSM (0, 2, 2, 0), others (2, 1, 0, 0); F = 4, N = 3.
        // D = ½(|0 − 2/3| + |1/2 − 1/3| + |1/2 − 0|) = 2/3; GS = (3/7)·(2/3) = 2/7.
        expectValue(m, key(.nearest, "dissimilarity"), 2.0 / 3)
        expectValue(m, key(.nearest, "gorard"), 2.0 / 7)
        expectValue(m, key(.nearest, "share"), 4.0 / 7)
        // Balance (tolerance 0.1): region share ½; intake shares 2/3, ½, 0 → S0 and S2 outside.
        // Local shares (nearest-school pupils) 0, 2/3, 1 → all three schools with an intake outside.
        expectValue(m, MetricKey(.region, "schools_outside_tolerance", attribute: "fsm", category: "fsm", unit: "region"), 2)
        expectValue(m, MetricKey(.region, "schools_outside_tolerance", attribute: "fsm", category: "fsm", unit: "local"), 3)
    }

    @Test func schoolFigures() {
        let m = metrics(handRegion, handLists, handAllocation)
        func key(_ metric: String, _ s: Int) -> MetricKey { MetricKey(.school, metric, unit: "S\(s)") }
        func share(_ metric: String, _ s: Int) -> MetricKey { MetricKey(.school, metric, attribute: "fsm", category: "fsm", unit: "S\(s)") }
        let intake: [Double?] = [3, 2, 1, 0]
        let vacancies: [Double?] = [0, 0, 1, 1]
        let oversubscribed: [Double?] = [1, 1, 0, 0]
        let attainment: [Double?] = [(1 - 1 + 0.5) / 3, (-0.5 + 0.25) / 2, 2, nil]
        let idaci: [Double?] = [(0.3 + 0.1 + 0.4) / 3, (0.2 + 0.35) / 2, 0.05, nil]
        let decile1: [Double?] = [1.0 / 3, 0, 0, nil]            // P2 at S0
        let quintile1: [Double?] = [1.0 / 3, 1.0 / 2, 0, nil]    // P2 at S0, P5 at S1
        let distance: [Double?] = [(5 + 1 + 2) / 3.0, (0 + 2) / 2.0, 3, nil]
        let fsmShare: [Double?] = [2.0 / 3, 1.0 / 2, 0, nil]
        let localShare: [Double?] = [0, 2.0 / 3, 1, nil]         // nobody's nearest school is S3
        for s in 0..<4 {
            expectValue(m, key("intake", s), intake[s])
            expectValue(m, key("vacancies", s), vacancies[s])
            expectValue(m, key("oversubscribed", s), oversubscribed[s])
            expectValue(m, key("mean_attainment", s), attainment[s])
            expectValue(m, key("mean_idaci", s), idaci[s])
            expectValue(m, key("most_deprived_decile_share", s), decile1[s])
            expectValue(m, key("most_deprived_quintile_share", s), quintile1[s])
            expectValue(m, key("mean_distance_km", s), distance[s])
            expectValue(m, share("share", s), fsmShare[s])
            expectValue(m, share("local_share", s), localShare[s])
        }
    }

    /// Figures are nil, never NaN, where undefined: no FSM pupils means no FSM segregation and no
    /// FSM access shares; a cohort of EHC-plan pupils only has no applicants.
    @Test func undefinedFiguresAreNil() {
        let noFSM = region([
            P(home: Point(x: 0, y: 0), fsm: false, attainment: 0, idaci: 0.1, decile: 5),
            P(home: Point(x: 1, y: 0), fsm: false, attainment: 1, idaci: 0.1, decile: 5),
        ], schools: [school("A", 0, 0, pan: 2), school("B", 5, 0, pan: 2)])
        let placed = Allocation(school: [0, 1], preferenceRank: [0, 0], route: [.preference, .preference],
                                abovePAN: [0, 0], justifiedEnvy: 0)
        let m = metrics(noFSM, lists([[0], [1]]), placed)
        for metric in ["dissimilarity", "gorard", "isolation", "gini", "theil_h", "hutchens", "pupils_to_move"] {
            expectValue(m, MetricKey(.region, metric, attribute: "fsm", category: "fsm"), nil)
        }
        expectValue(m, MetricKey(.region, "first_preference_share", attribute: "fsm", category: "fsm"), nil)
        expectValue(m, MetricKey(.region, "mean_distance_km", attribute: "fsm", category: "fsm"), nil)
        expectValue(m, MetricKey(.region, "first_preference_share"), 1)
        #expect(m.values.allSatisfy { $0.map { $0.isFinite } ?? true })

        let allEHC = Allocation(school: [0, 1], preferenceRank: [-1, -1], route: [.ehcPlan, .ehcPlan],
                                abovePAN: [0, 0], justifiedEnvy: 0)
        let e = metrics(noFSM, lists([[], []]), allEHC)
        expectValue(e, MetricKey(.region, "first_preference_share"), nil)
        expectValue(e, MetricKey(.region, "any_preference_share"), nil)
        expectValue(e, MetricKey(.region, "mean_distance_km"), 2)  // (0 + 4)/2: EHC pupils still travel
    }

    /// The recorded keys depend on the configuration and region only, not on the allocation.
    @Test func keysDoNotDependOnValues() {
        let context = MetricsContext(region: handRegion)
        let rules = PriorityRules(region: handRegion, seed: 1, replication: 0)
        var a = MetricRecorder(collectKeys: true), b = MetricRecorder(collectKeys: true)
        AllocationMetrics.compute(context: context, rules: rules, preferences: handLists, allocation: handAllocation, into: &a)
        let nobody = Allocation(school: [Int32](repeating: -1, count: 7), preferenceRank: [Int32](repeating: -1, count: 7),
                                route: [PlacementRoute](repeating: .unplaced, count: 7), abovePAN: [0, 0, 0, 0], justifiedEnvy: 0)
        AllocationMetrics.compute(context: context, rules: rules, preferences: handLists, allocation: nobody, into: &b)
        #expect(a.keys == b.keys)
        #expect(a.values.count == b.values.count)
        #expect(Set(a.keys ?? []).count == a.keys?.count)
    }
}
