import Foundation
import Testing
import TestSupport
@testable import Metrics

/// Hand-worked two-group table: school 1 has 10 FSM and 10 others, school 2 has 0 FSM and 20 others.
/// F = 10, N = 30, T = 40, P = 0.25; p₁ = 0.5, p₂ = 0.
struct HandWorkedTwoGroup {
    let x = TwoGroupIndices(group: [10, 0], other: [10, 20], atkinsonShapes: [0.5, 0.2])!

    @Test func dissimilarityAndGorard() {
        // D = ½(|10/10 − 10/30| + |0 − 20/30|) = ½(2/3 + 2/3) = 2/3.
        #expect(abs(x.dissimilarity - 2.0 / 3.0) < 1e-15)
        // GS = ½(|1 − 20/40| + |0 − 20/40|) = ½; and (1 − P)·D = 0.75 · 2/3 = ½.
        #expect(abs(x.gorard - 0.5) < 1e-15)
        #expect(abs(x.share - 0.25) < 1e-15)
    }

    @Test func isolationExposureCorrelationRatio() {
        // xPx = 1 · 0.5 + 0 · 0 = 0.5; xPy = 0.5; η² = (0.5 − 0.25)/(1 − 0.25) = 1/3.
        #expect(abs(x.isolation - 0.5) < 1e-15)
        #expect(abs(x.exposure - 0.5) < 1e-15)
        #expect(abs(x.correlationRatio - 1.0 / 3.0) < 1e-15)
    }

    @Test func theilHutchensGiniAtkinson() {
        // E = −(¼ ln ¼ + ¾ ln ¾); E₁ = ln 2, E₂ = 0; H = ½(E − ln 2)/E + ½(E − 0)/E = 1 − ½ ln 2 / E.
        let e = -(0.25 * log(0.25) + 0.75 * log(0.75))
        #expect(abs(x.theilH - (1 - 0.5 * log(2.0) / e)) < 1e-14)
        // S = 1 − (√(1 · 1/3) + √(0 · 2/3)) = 1 − 1/√3.
        #expect(abs(x.hutchens - (1 - 1 / 3.0.squareRoot())) < 1e-15)
        // G = 2 · T₁T₂|p₁ − p₂| / (2T²P(1−P)) = 2 · 400 · 0.5 / (2 · 1600 · 0.1875) = 2/3.
        #expect(abs(x.gini - 2.0 / 3.0) < 1e-15)
        // A(½) = 1 − (P/(1−P)) · (Σ √(pᵢqᵢ) Tᵢ/(PT))² = 1 − ⅓ · (0.5 · 20/10)² = 2/3.
        #expect(abs(x.atkinson[0] - 2.0 / 3.0) < 1e-15)
        // A(0.2) = 1 − ⅓ · ((0.5^0.8 · 0.5^0.2) · 2)^(1/0.8) = 1 − ⅓ · 1 = 2/3 as well (only one mixed school).
        #expect(abs(x.atkinson[1] - 2.0 / 3.0) < 1e-14)
    }

    @Test func concentrationCurve() {
        // Schools by FSM share: school 2 (p = 0, 20 pupils), then school 1 (p = ½, 20 pupils).
        // Curve through (0, 0), (½, 0), (1, 1).
        let y = ConcentrationCurve.values(group: [10, 0], other: [10, 20], at: [0.25, 0.5, 0.75, 1.0])!
        #expect(y == [0, 0, 0.5, 1])
    }
}

struct IndexIdentities {
    static func randomTable(_ seed: UInt64) -> (group: [Double], other: [Double]) {
        var rng = SplitMix64(seed: seed)
        let schools = rng.int(1...40)
        var group: [Double] = [], other: [Double] = []
        for _ in 0..<schools {
            group.append(Double(rng.int(0...60)))
            other.append(Double(rng.int(0...200)))
        }
        if group.reduce(0, +) == 0 { group[0] = 1 }
        if other.reduce(0, +) == 0 { other[0] = 1 }
        return (group, other)
    }

    /// Identities from DOMAIN.md §5, and the O(S²) definition of Gini against the O(S log S) code.
    @Test(arguments: 1...60)
    func identitiesHoldOnRandomTables(seed: UInt64) throws {
        let (group, other) = Self.randomTable(seed)
        let x = try #require(TwoGroupIndices(group: group, other: other, atkinsonShapes: [0.5]))
        #expect(abs(x.gorard - (1 - x.share) * x.dissimilarity) < 1e-12)               // GS = (1 − P)·D
        #expect(abs(x.atkinson[0] - (1 - (1 - x.hutchens) * (1 - x.hutchens))) < 1e-12) // A(½) = 1 − (1 − S)²
        #expect(abs(x.exposure + x.isolation - 1) < 1e-12)
        let f = group.reduce(0, +), t = f + other.reduce(0, +), p = f / t
        var pairs = 0.0
        for i in group.indices { for j in group.indices {
            let ti = group[i] + other[i], tj = group[j] + other[j]
            if ti > 0 && tj > 0 { pairs += ti * tj * abs(group[i] / ti - group[j] / tj) }
        } }
        #expect(abs(x.gini - pairs / (2 * t * t * p * (1 - p))) < 1e-12)
        // Two-group Theil H equals the multi-group H of the same two-column table.
        let table = CountTable(units: group.count, groups: 2, counts: zip(group, other).flatMap { [$0, $1] })
        let multi = try #require(MultiGroupIndices(table))
        #expect(abs(x.theilH - multi.theilH!) < 1e-12)
        for v in [x.dissimilarity, x.gorard, x.isolation, x.correlationRatio, x.theilH, x.hutchens, x.gini, x.atkinson[0]] {
            #expect(v >= -1e-12 && v <= 1 + 1e-12)
        }
    }

    @Test func undefinedWhenAGroupIsAbsent() {
        #expect(TwoGroupIndices(group: [0, 0], other: [5, 7]) == nil)
        #expect(TwoGroupIndices(group: [3, 4], other: [0, 0]) == nil)
        #expect(TwoGroupIndices(group: [], other: []) == nil)
    }

    @Test func evenTablesScoreZero() throws {
        // One school, or schools with identical shares: no segregation on any index.
        for (g, o) in [([5.0], [15.0]), ([2.0, 4.0, 6.0], [8.0, 16.0, 24.0])] {
            let x = try #require(TwoGroupIndices(group: g, other: o, atkinsonShapes: [0.5, 0.3]))
            for v in [x.dissimilarity, x.gorard, x.correlationRatio, x.theilH, x.hutchens, x.gini] + x.atkinson {
                #expect(abs(v) < 1e-12)
            }
        }
    }

    @Test func emptySchoolsChangeNothing() throws {
        let a = try #require(TwoGroupIndices(group: [3, 7, 0], other: [9, 2, 11], atkinsonShapes: [0.5]))
        let b = try #require(TwoGroupIndices(group: [3, 0, 7, 0, 0], other: [9, 0, 2, 11, 0], atkinsonShapes: [0.5]))
        #expect(abs(a.dissimilarity - b.dissimilarity) < 1e-15)
        #expect(abs(a.gini - b.gini) < 1e-15)
        #expect(abs(a.theilH - b.theilH) < 1e-15)
    }

    @Test func completeSegregationScoresOne() throws {
        // The group alone in school 1: D = H = S = Gini = A = η² = 1, GS = 1 − P.
        let x = try #require(TwoGroupIndices(group: [10, 0], other: [0, 30], atkinsonShapes: [0.5]))
        for v in [x.dissimilarity, x.theilH, x.hutchens, x.gini, x.atkinson[0], x.correlationRatio] {
            #expect(abs(v - 1) < 1e-12)
        }
        #expect(abs(x.gorard - 0.75) < 1e-12)
    }
}

struct MultiGroupTests {
    @Test func handWorkedMutualInformation() throws {
        // Two schools × three groups: school 1 (10, 0, 10), school 2 (0, 20, 0). T = 40.
        // π = (¼, ½, ¼): E = −(2·¼ ln ¼ + ½ ln ½) = 1.5 ln 2. E₁ = ln 2 (two equal groups), E₂ = 0.
        // M = E − (½ ln 2 + ½ · 0) = ln 2; H = ln 2 / (1.5 ln 2) = 2/3.
        let table = CountTable(units: 2, groups: 3, counts: [10, 0, 10, 0, 20, 0])
        let x = try #require(MultiGroupIndices(table))
        #expect(abs(x.entropy - 1.5 * log(2.0)) < 1e-14)
        #expect(abs(x.mutualInformation - log(2.0)) < 1e-14)
        #expect(abs(x.theilH! - 2.0 / 3.0) < 1e-14)
    }

    @Test func singleGroupHasNoH() throws {
        let x = try #require(MultiGroupIndices(CountTable(units: 3, groups: 2, counts: [4, 0, 5, 0, 6, 0])))
        #expect(x.mutualInformation == 0)
        #expect(x.theilH == nil)
        #expect(MultiGroupIndices(CountTable(units: 2, groups: 3)) == nil)
    }

    /// M = M_between + Σ_g (T_g/T) M_g exactly, and each M_g equals M of the cluster's own rows.
    @Test(arguments: 1...40)
    func decompositionAddsUp(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &* 7919)
        let units = rng.int(1...30), groups = rng.int(2...10), clusters = rng.int(1...5)
        var table = CountTable(units: units, groups: groups)
        for k in table.counts.indices { table.counts[k] = Double(rng.int(0...(rng.int(0...3) == 0 ? 0 : 50))) }
        table.counts[0] += 1
        let clusterOf = (0..<units).map { _ in rng.int(0...(clusters - 1)) }
        let d = try #require(SegregationDecomposition(table, clusterOf: clusterOf, clusters: clusters))
        let total = try #require(MultiGroupIndices(table)).mutualInformation
        #expect(abs(d.total - total) < 1e-12)
        #expect(abs(d.between + d.withinTotal - d.total) < 1e-12)
        for c in 0..<clusters {
            let members = (0..<units).filter { clusterOf[$0] == c }
            let direct = MultiGroupIndices(table.rows(members))?.mutualInformation
            if let direct, let viaDecomposition = d.within[c].index {
                #expect(abs(direct - viaDecomposition) < 1e-12)
            } else {
                #expect(d.within[c].weight == 0)
            }
        }
    }
}

struct ExposureMatrixTests {
    @Test func handWorked() {
        // School 1: (10, 0, 10), school 2: (0, 20, 0).
        // Group 0 all in school 1: exposure to groups (½, 0, ½). Group 1 all in school 2: (0, 1, 0).
        let e = ExposureMatrix.compute(CountTable(units: 2, groups: 3, counts: [10, 0, 10, 0, 20, 0]))
        #expect(e[0] == [0.5, 0, 0.5])
        #expect(e[1] == [0, 1, 0])
        #expect(e[2] == [0.5, 0, 0.5])
    }

    /// Against the definition, on random tables: rows sum to 1; for two groups, the diagonal is the
    /// two-group isolation index.
    @Test(arguments: 1...20)
    func matchesDefinition(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &* 104_729)
        let units = rng.int(1...25), groups = rng.int(2...6)
        var table = CountTable(units: units, groups: groups)
        for k in table.counts.indices { table.counts[k] = Double(rng.int(0...40)) }
        let e = ExposureMatrix.compute(table)
        let totals = table.groupTotals, schoolTotals = table.unitTotals
        for k in 0..<groups {
            guard totals[k] > 0 else { #expect(e[k] == nil); continue }
            let row = try #require(e[k])
            for l in 0..<groups {
                var direct = 0.0
                for i in 0..<units where schoolTotals[i] > 0 { direct += table[i, k] / totals[k] * table[i, l] / schoolTotals[i] }
                #expect(abs(row[l] - direct) < 1e-12)
            }
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
        }
        if groups == 2, let x = TwoGroupIndices(group: (0..<units).map { table[$0, 1] }, other: (0..<units).map { table[$0, 0] }) {
            #expect(abs(e[1]![1] - x.isolation) < 1e-12)
        }
    }
}
