import Foundation
import Testing
@testable import Metrics

/// Values from PySAL `segregation` 2.6 (and the same formulas in plain numpy, with FairPlaces'
/// conventions for undefined cases), produced once by `Fixtures/generate_pysal_segregation.py`.
/// PySAL has no Gorard index: GS is checked against the numpy formula and against (1 − P)·D.
struct PySALFixture: Decodable {
    struct TwoGroup: Decodable {
        var name: String
        var group: [Double]
        var other: [Double]
        var values: [String: Double?]
        var formula_values: [String: Double?]
    }
    struct MultiGroup: Decodable {
        var name: String
        var counts: [[Double]]
        var values: [String: Double?]
        var values_absent_groups_dropped: [String: Double?]?
        var formula_values: [String: Double?]
    }
    var two_group: [TwoGroup]
    var multi_group: [MultiGroup]

    static let shared: PySALFixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pysal_segregation.json")
        return try! JSONDecoder().decode(PySALFixture.self, from: Data(contentsOf: url))
    }()
}

struct PySALFixtureTests {
    static let fixture = PySALFixture.shared

    @Test(arguments: fixture.two_group.map(\.name))
    func twoGroupIndicesAgreeWithPySAL(name: String) throws {
        let t = try #require(Self.fixture.two_group.first { $0.name == name })
        let ours = TwoGroupIndices(group: t.group, other: t.other, atkinsonShapes: [0.1, 0.2, 0.5, 0.8])
        guard let x = ours else {
            // Undefined for us (a group absent): the plain formulas agree it is undefined.
            #expect(t.formula_values["dissimilarity"] == .some(nil), "\(name)")
            return
        }
        let mine: [String: Double] = [
            "dissimilarity": x.dissimilarity, "isolation": x.isolation, "exposure": x.exposure, "theil_h": x.theilH,
            "hutchens": x.hutchens, "gini": x.gini, "correlation_ratio": x.correlationRatio,
            "atkinson_0.1": x.atkinson[0], "atkinson_0.2": x.atkinson[1], "atkinson_0.5": x.atkinson[2], "atkinson_0.8": x.atkinson[3],
        ]
        var compared = 0
        for (index, value) in mine {
            if let reference = t.values[index] ?? nil {
                #expect(abs(value - reference) <= 1e-9, "\(name) \(index): \(value) vs PySAL \(reference)")
                compared += 1
            }
        }
        #expect(compared >= 8, "\(name): PySAL gave too few values to compare")
        let gs = try #require(t.formula_values["gorard"] ?? nil)
        #expect(abs(x.gorard - gs) <= 1e-9)
        #expect(abs(x.gorard - (1 - x.share) * x.dissimilarity) <= 1e-12)
    }

    @Test(arguments: fixture.multi_group.map(\.name))
    func multiGroupIndicesAgreeWithPySAL(name: String) throws {
        let t = try #require(Self.fixture.multi_group.first { $0.name == name })
        let groups = t.counts.first?.count ?? 0
        let table = CountTable(units: t.counts.count, groups: groups, counts: t.counts.flatMap { $0 })
        guard let x = MultiGroupIndices(table) else {
            #expect(t.formula_values["mutual_information"] == .some(nil), "\(name): no pupils, undefined")
            return
        }
        // PySAL's MultiInfoTheory is NaN when a group is absent from the whole table; dropping the
        // empty column gives the defined value, which is what we compute.
        let direct: Double? = t.values["theil_h"] ?? nil
        let dropped: Double? = t.values_absent_groups_dropped?["theil_h"] ?? nil
        let reference = direct ?? dropped
        if let h = x.theilH, let reference {
            #expect(abs(h - reference) <= 1e-9, "\(name) H: \(h) vs \(reference)")
        } else {
            #expect(x.theilH == nil && (t.formula_values["theil_h"] ?? nil) == nil, "\(name): H defined on one side only")
        }
        if let m = t.values["mutual_information"] ?? nil {
            #expect(abs(x.mutualInformation - m) <= 1e-9, "\(name) M: \(x.mutualInformation) vs \(m)")
        }
    }

    @Test func enoughTablesAreCompared() {
        #expect(Self.fixture.two_group.filter { ($0.values["dissimilarity"] ?? nil) != nil }.count >= 20)
        #expect(Self.fixture.multi_group.filter { ($0.values["mutual_information"] ?? nil) != nil }.count >= 20)
    }
}
