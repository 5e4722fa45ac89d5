import Testing
import FairPlacesCore
@testable import Allocation
import Metrics

@Suite struct MetricRecorderTests {
    /// Values are stored in order; NaN and infinities become nil (outputs never show NaN); keys are
    /// collected only when asked.
    @Test func recordsInOrderAndDropsNonFinite() {
        var r = MetricRecorder(collectKeys: true)
        r.record(.region, "a", 1.5)
        r.record(.school, "b", unit: "S1", .nan)
        r.record(.nearest, "c", attribute: "fsm", category: "fsm", -.infinity)
        r.record(.region, "d", nil)
        #expect(r.values == [1.5, nil, nil, nil])
        #expect(r.keys == [MetricKey(.region, "a"), MetricKey(.school, "b", unit: "S1"),
                           MetricKey(.nearest, "c", attribute: "fsm", category: "fsm"), MetricKey(.region, "d")])
        var quiet = MetricRecorder(collectKeys: false)
        quiet.record(.region, "a", 2)
        #expect(quiet.keys == nil && quiet.values == [2])
    }

    @Test func keyOrder() {
        #expect(MetricKey(.region, "a") < MetricKey(.region, "b"))
        #expect(MetricKey(.region, "a", attribute: "fsm") < MetricKey(.region, "a", attribute: "idaci"))
        #expect(MetricKey(.nearest, "z") < MetricKey(.region, "a"))   // by scope name first
        #expect(!(MetricKey(.school, "x", unit: "S1") < MetricKey(.school, "x", unit: "S1")))
    }
}

@Suite struct BootstrapTests {
    /// Two schools; FSM (4, 1), others (1, 4). The estimate is the indices of the allocation itself;
    /// intervals are ordered and reproducible from the seed.
    @Test func estimatesAndIntervals() throws {
        var pupils = Pupils()
        let fsm = [true, true, true, true, false, true, false, false, false, false]
        for i in 0..<10 {
            pupils.append(id: "P\(i)", home: Point(x: Double(i), y: 0), fsm: fsm[i], idaciScore: 0.1, idaciDecile: 5, attainment: 0)
        }
        let schools = [School(id: "A", name: "A", location: Point(x: 0, y: 0), type: .community, pan: 5, arrangements: AdmissionArrangements()),
                       School(id: "B", name: "B", location: Point(x: 9, y: 0), type: .community, pan: 5, arrangements: AdmissionArrangements())]
        let region = Region(pupils: pupils, schools: schools)
        let allocation = Allocation(school: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], preferenceRank: [Int32](repeating: 0, count: 10),
                                    route: [PlacementRoute](repeating: .preference, count: 10), abovePAN: [0, 0], justifiedEnvy: 0)
        let context = MetricsContext(region: region, config: MetricsConfig(attributes: [.fsm], groupings: []))
        let a = Bootstrap.twoGroupIntervals(context: context, allocation: allocation, schools: 2, resamples: 200, seed: 4, replication: 0)
        let b = Bootstrap.twoGroupIntervals(context: context, allocation: allocation, schools: 2, resamples: 200, seed: 4, replication: 0)
        #expect(a == b)
        let d = try #require(a.first { $0.key == MetricKey(.region, "dissimilarity", attribute: "fsm", category: "fsm") })
        // D = ½(|4/5 − 1/5| + |1/5 − 4/5|) = 3/5.
        #expect(abs((d.estimate ?? -1) - 0.6) < 1e-12)
        #expect(d.resamples == 200)
        let low = try #require(d.low), high = try #require(d.high)
        #expect(low <= high && low >= 0 && high <= 1)
        #expect(Bootstrap.twoGroupIntervals(context: context, allocation: allocation, schools: 2, resamples: 0, seed: 4, replication: 0).isEmpty)
    }
}

@Suite struct MetricsContextTests {
    /// Eight pupils with attainment 1…8, deciles 1…8, FSM for the first two, looked-after the third.
    /// Schools: A (0, 0) community, B (10, 0) grammar in district "North", C (20, 0) academy in "North".
    @Test func attributeCategoriesAndClusters() throws {
        var pupils = Pupils()
        for i in 0..<8 {
            pupils.append(id: "P\(i)", home: Point(x: Double(i) * 3, y: 0), fsm: i < 2, idaciScore: 0.1,
                          idaciDecile: UInt8(i + 1), attainment: Double(i + 1), lookedAfter: i == 2)
        }
        let schools = [
            School(id: "A", name: "A", location: Point(x: 0, y: 0), type: .community, pan: 3, arrangements: AdmissionArrangements()),
            School(id: "B", name: "B", location: Point(x: 10, y: 0), type: .grammar, pan: 3, attractiveness: 2,
                   arrangements: AdmissionArrangements(selection: Selection()), district: "North"),
            School(id: "C", name: "C", location: Point(x: 20, y: 0), type: .academy, pan: 3, attractiveness: 1,
                   arrangements: AdmissionArrangements(), district: "North"),
        ]
        let context = MetricsContext(region: Region(pupils: pupils, schools: schools), config: MetricsConfig(
            attributes: [.disadvantaged, .lowAttainment, .idaciQuintile, .attainmentBand], groupings: [.type, .selective, .district],
            attainmentBands: 4, highAttainmentShare: 0.34))
        let byName = Dictionary(uniqueKeysWithValues: context.attributes.map { ($0.attribute, $0) })
        // FSM is always measured, first.
        #expect(context.attributes.map(\.attribute) == [.fsm, .disadvantaged, .lowAttainment, .idaciQuintile, .attainmentBand])
        #expect(byName[.fsm]?.category == [1, 1, 0, 0, 0, 0, 0, 0])
        #expect(byName[.disadvantaged]?.category == [1, 1, 1, 0, 0, 0, 0, 0])
        // Lowest 25%: below the type-7 quantile 1 + 0.25·7 = 2.75 → attainment 1 and 2.
        #expect(byName[.lowAttainment]?.category == [1, 1, 0, 0, 0, 0, 0, 0])
        // Quintiles from deciles: 1–2 → q1, 3–4 → q2, …
        #expect(byName[.idaciQuintile]?.category == [0, 0, 1, 1, 2, 2, 3, 3])
        // Band cuts at the 25/50/75% quantiles 2.75, 4.5, 6.25.
        #expect(byName[.attainmentBand]?.category == [0, 0, 1, 1, 2, 2, 3, 3])
        #expect(byName[.attainmentBand]?.labels == ["attainment_b1", "attainment_b2", "attainment_b3", "attainment_b4"])
        #expect(context.idaciQuintile == [0, 0, 1, 1, 2, 2, 3, 3])
        // Nearest schools: homes at 0, 3, …, 21 km → A, A, B (6 vs 4), B, B, C (15: tie B/C → lower index B), C, C.
        #expect(context.nearestSchool == [0, 0, 1, 1, 1, 1, 2, 2])
        #expect(context.localCounts[0] == CountTable(units: 3, groups: 2, counts: [0, 2, 4, 0, 2, 0]))
        // Top round(0.34 · 3) = 1 school by attractiveness: B.
        #expect(context.highAttainment == [false, true, false])
        let clusters = Dictionary(uniqueKeysWithValues: context.clusters.map { ($0.grouping, $0) })
        #expect(clusters[.type]?.labels == ["academy", "community", "grammar"])
        #expect(clusters[.type]?.clusterOf == [1, 2, 0])
        #expect(clusters[.selective]?.labels == ["non_selective", "selective"])
        #expect(clusters[.selective]?.clusterOf == [0, 1, 0])
        #expect(clusters[.district]?.labels == ["(none)", "North"])
        #expect(clusters[.district]?.clusterOf == [0, 1, 1])
        // The schools × categories table of an assignment.
        let table = try #require(byName[.fsm]).counts(school: [0, 1, -1, 1, 2, 2, 2, 0], schools: 3)
        #expect(table == CountTable(units: 3, groups: 2, counts: [1, 1, 1, 1, 3, 0]))
    }
}
