import Testing
import Metrics
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deliberately plain two-group indices, written from the textbook definitions.
private struct Reference {
    let d, gs, isolation, eta2, hutchens, theilH, gini: Double
    let atkinsonHalf: Double
    let atkinsonQuarter: Double

    init(_ f: [Double], _ n: [Double]) {
        let F = f.reduce(0, +), N = n.reduce(0, +), T = F + N, P = F / T
        func h(_ p: Double) -> Double { (p > 0 ? -p * log(p) : 0) + (p < 1 ? -(1 - p) * log(1 - p) : 0) }
        var d = 0.0, gs = 0.0, iso = 0.0, root = 0.0, theil = 0.0, atk = 0.0, atkQ = 0.0, giniSum = 0.0
        for i in f.indices where f[i] + n[i] > 0 {
            let t = f[i] + n[i], p = f[i] / t
            d += abs(f[i] / F - n[i] / N) / 2
            gs += abs(f[i] / F - t / T) / 2
            iso += f[i] / F * p
            root += (f[i] / F * n[i] / N).squareRoot()
            theil += t / T * (h(P) - h(p)) / h(P)
            atk += (1 - p).squareRoot() * p.squareRoot() * t / (P * T)
            atkQ += pow(1 - p, 0.75) * pow(p, 0.25) * t / (P * T)
            for j in f.indices where f[j] + n[j] > 0 {
                giniSum += t * (f[j] + n[j]) * abs(p - f[j] / (f[j] + n[j]))
            }
        }
        self.d = d; self.gs = gs; isolation = iso; eta2 = (iso - P) / (1 - P)
        hutchens = 1 - root; theilH = theil
        gini = giniSum / (2 * T * T * P * (1 - P))
        atkinsonHalf = 1 - P / (1 - P) * atk * atk
        // A(b) = 1 − (P/(1 − P)) · [Σ (1 − pᵢ)^(1−b) pᵢ^b Tᵢ/(PT)]^(1/(1−b)), here b = ¼.
        atkinsonQuarter = 1 - P / (1 - P) * pow(atkQ, 1 / 0.75)
    }
}

@Suite struct TwoGroupIndicesTests {
    /// FSM (10, 0), others (10, 20): F = 10, N = 30, T = 40, P = ¼.
    ///   D  = ½(|1 − 1/3| + |0 − 2/3|) = 2/3
    ///   GS = ½(|1 − 1/2| + |0 − 1/2|) = 1/2 = (1 − P)·D
    ///   xPx = 1 · ½ = ½;  xPy = ½;  η² = (½ − ¼)/(¾) = 1/3
    ///   Hutchens = 1 − (√(1 · 1/3) + 0) = 1 − 1/√3
    ///   Theil H = [½(E − ln 2) + ½(E − 0)]/E = 1 − ln 2/(2E),  E = −(¼ ln ¼ + ¾ ln ¾)
    ///   Gini = 2 · 20 · 20 · ½ / (2 · 40² · ¼ · ¾) = 2/3
    ///   Atkinson(½) = 1 − (¼/¾) · (√(½·½) · 20/10)² = 1 − 1/3 = 2/3
    @Test func handWorkedTwoSchools() throws {
        let x = try #require(TwoGroupIndices(group: [10, 0], other: [10, 20]))
        let e = -(0.25 * log(0.25) + 0.75 * log(0.75))
        #expect(abs(x.share - 0.25) < 1e-12)
        #expect(abs(x.dissimilarity - 2.0 / 3) < 1e-12)
        #expect(abs(x.gorard - 0.5) < 1e-12)
        #expect(abs(x.isolation - 0.5) < 1e-12)
        #expect(abs(x.exposure - 0.5) < 1e-12)
        #expect(abs(x.correlationRatio - 1.0 / 3) < 1e-12)
        #expect(abs(x.hutchens - (1 - 1 / 3.0.squareRoot())) < 1e-12)
        #expect(abs(x.theilH - (1 - log(2) / (2 * e))) < 1e-12)
        #expect(abs(x.gini - 2.0 / 3) < 1e-12)
        #expect(x.atkinson.count == 1)
        #expect(abs(x.atkinson[0] - 2.0 / 3) < 1e-12)
    }

    /// FSM (5, 3, 2), others (15, 7, 38): F = 10, N = 60, T = 70.
    ///   D  = ½(|30 − 15| + |18 − 7| + |12 − 38|)/60 = ½ · 52/60 = 13/30
    ///   GS = ½(|35 − 20| + |21 − 10| + |14 − 40|)/70 = ½ · 52/70 = 13/35 = (60/70) · 13/30
    @Test func handWorkedThreeSchools() throws {
        let x = try #require(TwoGroupIndices(group: [5, 3, 2], other: [15, 7, 38]))
        #expect(abs(x.dissimilarity - 13.0 / 30) < 1e-12)
        #expect(abs(x.gorard - 13.0 / 35) < 1e-12)
        #expect(abs(x.share - 1.0 / 7) < 1e-12)
    }

    /// Undefined when either group is absent; schools with no pupils contribute nothing; even
    /// spreads and a single school give 0.
    @Test func edgeCases() throws {
        #expect(TwoGroupIndices(group: [0, 0], other: [3, 4]) == nil)
        #expect(TwoGroupIndices(group: [3, 4], other: [0, 0]) == nil)
        #expect(TwoGroupIndices(group: [], other: []) == nil)
        let a = try #require(TwoGroupIndices(group: [5, 3, 2], other: [15, 7, 38]))
        let b = try #require(TwoGroupIndices(group: [0, 5, 3, 0, 2], other: [0, 15, 7, 0, 38]))
        #expect(abs(a.dissimilarity - b.dissimilarity) < 1e-15 && abs(a.gini - b.gini) < 1e-15 && abs(a.theilH - b.theilH) < 1e-15)
        let even = try #require(TwoGroupIndices(group: [2, 4, 6], other: [8, 16, 24]))
        for v in [even.dissimilarity, even.gorard, even.correlationRatio, even.hutchens, even.theilH, even.gini, even.atkinson[0]] {
            #expect(abs(v) < 1e-12)
        }
        let one = try #require(TwoGroupIndices(group: [7], other: [13]))
        #expect(abs(one.dissimilarity) < 1e-12 && abs(one.gini) < 1e-12)
        // Complete segregation: D = 1, GS = 1 − P.
        let apart = try #require(TwoGroupIndices(group: [4, 0], other: [0, 12]))
        #expect(abs(apart.dissimilarity - 1) < 1e-12 && abs(apart.gorard - 0.75) < 1e-12)
    }

    /// On random tables: GS = (1 − P)·D exactly in theory, and every index equals the plain
    /// textbook formula.
    @Test func randomTablesMatchDefinitions() throws {
        for seed in 0..<300 {
            var rng = SplitMix64(seed: UInt64(seed))
            let schools = rng.int(1...12)
            let f = (0..<schools).map { _ in Double(rng.int(0...30)) }
            let n = (0..<schools).map { _ in Double(rng.int(0...60)) }
            guard f.reduce(0, +) > 0, n.reduce(0, +) > 0 else {
                #expect(TwoGroupIndices(group: f, other: n) == nil)
                continue
            }
            let x = try #require(TwoGroupIndices(group: f, other: n, atkinsonShapes: [0.5, 0.25]))
            let p = f.reduce(0, +) / (f.reduce(0, +) + n.reduce(0, +))
            #expect(abs(x.gorard - (1 - p) * x.dissimilarity) < 1e-12, "seed \(seed)")
            let r = Reference(f, n)
            #expect(abs(x.dissimilarity - r.d) < 1e-12)
            #expect(abs(x.gorard - r.gs) < 1e-12)
            #expect(abs(x.isolation - r.isolation) < 1e-12)
            #expect(abs(x.exposure - (1 - r.isolation)) < 1e-12)
            #expect(abs(x.correlationRatio - r.eta2) < 1e-12)
            #expect(abs(x.hutchens - r.hutchens) < 1e-12)
            #expect(abs(x.theilH - r.theilH) < 1e-10)
            #expect(abs(x.gini - r.gini) < 1e-12, "seed \(seed): gini \(x.gini) vs \(r.gini)")
            #expect(abs(x.atkinson[0] - r.atkinsonHalf) < 1e-12)
            #expect(abs(x.atkinson[1] - r.atkinsonQuarter) < 1e-12)
            #expect(x.dissimilarity >= 0 && x.dissimilarity <= 1 && x.gini >= -1e-12 && x.gini <= 1 + 1e-12)
        }
    }

    /// Gini on many schools (past the quicksort's insertion-sort cutoff) against the O(S²) definition.
    @Test func giniOnManySchools() throws {
        for seed in 0..<20 {
            var rng = SplitMix64(seed: 500 + UInt64(seed))
            let schools = rng.int(25...200)
            let f = (0..<schools).map { _ in Double(rng.int(0...10)) }
            let n = (0..<schools).map { _ in Double(rng.int(0...10)) }
            let x = try #require(TwoGroupIndices(group: f, other: n))
            #expect(abs(x.gini - Reference(f, n).gini) < 1e-10, "seed \(seed)")
        }
    }
}

@Suite struct OtherIndicesTests {
    /// Schools by FSM share: (p = 0, T = 20) then (p = ½, T = 20). x = cumulative pupils, y =
    /// cumulative FSM: (0, 0), (½, 0), (1, 1).
    @Test func concentrationCurveHandWorked() throws {
        let y = try #require(ConcentrationCurve.values(group: [10, 0], other: [10, 20], at: [0.25, 0.5, 0.75, 1]))
        #expect(zip(y, [0, 0, 0.5, 1]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(y)")
        #expect(ConcentrationCurve.values(group: [0, 0], other: [1, 2], at: [0.5]) == nil)
        #expect(ConcentrationCurve.grid.count == 20 && ConcentrationCurve.grid.last == 1)
    }

    /// On a two-column table, the multigroup M = E − Σ (Tᵢ/T)Eᵢ and H = M/E equal the two-group Theil H.
    @Test func multigroupOnTwoGroups() throws {
        let table = CountTable(units: 2, groups: 2, counts: [10, 10, 0, 20])
        let m = try #require(MultiGroupIndices(table))
        let e = -(0.25 * log(0.25) + 0.75 * log(0.75))
        #expect(abs(m.entropy - e) < 1e-12)
        #expect(abs(m.mutualInformation - (e - 0.5 * log(2))) < 1e-12)
        #expect(abs((m.theilH ?? -1) - (1 - log(2) / (2 * e))) < 1e-12)
        #expect(MultiGroupIndices(CountTable(units: 2, groups: 3)) == nil)
        // One group present: E = 0, H undefined.
        let single = try #require(MultiGroupIndices(CountTable(units: 2, groups: 2, counts: [3, 0, 5, 0])))
        #expect(single.theilH == nil && single.mutualInformation == 0)
    }

    /// M = between + Σ w_g M_g (Frankel & Volij), checked on random tables and clusterings against a
    /// plain M computed from the definition for the whole table, the cluster table and each cluster.
    @Test func decompositionAddsUp() throws {
        func plainM(_ counts: [[Double]]) -> Double {
            let groups = counts.first?.count ?? 0
            let total = counts.joined().reduce(0, +)
            func entropy(_ v: [Double]) -> Double {
                let t = v.reduce(0, +)
                return t > 0 ? v.reduce(0) { $0 + ($1 > 0 ? -($1 / t) * log($1 / t) : 0) } : 0
            }
            let column = (0..<groups).map { k in counts.reduce(0) { $0 + $1[k] } }
            return entropy(column) - counts.reduce(0) { $0 + $1.reduce(0, +) / total * entropy($1) }
        }
        for seed in 0..<100 {
            var rng = SplitMix64(seed: 900 + UInt64(seed))
            let units = rng.int(2...9), groups = rng.int(2...5), clusters = rng.int(1...3)
            let rows = (0..<units).map { _ in (0..<groups).map { _ in Double(rng.int(0...12)) } }
            let clusterOf = (0..<units).map { _ in rng.int(0...(clusters - 1)) }
            let table = CountTable(units: units, groups: groups, counts: Array(rows.joined()))
            guard rows.joined().reduce(0, +) > 0 else { continue }
            let d = try #require(SegregationDecomposition(table, clusterOf: clusterOf, clusters: clusters))
            #expect(abs(d.total - plainM(rows)) < 1e-12)
            let clusterRows = (0..<clusters).map { c in (0..<groups).map { k in (0..<units).filter { clusterOf[$0] == c }.reduce(0.0) { $0 + rows[$1][k] } } }
            #expect(abs(d.between - plainM(clusterRows)) < 1e-12)
            #expect(abs(d.total - (d.between + d.withinTotal)) < 1e-12, "seed \(seed)")
            let total = rows.joined().reduce(0, +)
            for c in 0..<clusters {
                let members = (0..<units).filter { clusterOf[$0] == c }.map { rows[$0] }
                let weight = members.joined().reduce(0, +) / total
                #expect(abs(d.within[c].weight - weight) < 1e-12)
                if weight > 0 { #expect(abs((d.within[c].index ?? -1) - plainM(members)) < 1e-12) } else { #expect(d.within[c].index == nil) }
            }
        }
    }
}
