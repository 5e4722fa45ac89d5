import Testing
import Metrics
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct QuantileTests {
    /// Hyndman & Fan type 7 (R's default): h = (n − 1)p, linear between order statistics.
    @Test(arguments: [
        ([1.0, 2, 3, 4], 0.5, 2.5),
        ([1.0, 2, 3, 4], 0.9, 3.7),         // h = 2.7 → 3 + 0.7·(4 − 3)
        ([1.0, 2, 3, 4], 0.0, 1.0),
        ([1.0, 2, 3, 4], 1.0, 4.0),
        ([1.0, 2, 3, 4], 0.025, 1.075),     // h = 0.075
        ([1.0, 3, 7, 15, 20], 0.25, 3.0),   // h = 1 exactly
        ([1.0, 3, 7, 15, 20], 0.3, 3.8),    // h = 1.2 → 3 + 0.2·4 (R: quantile(c(1,3,7,15,20), 0.3) = 3.8)
        ([1.0, 3, 7, 15, 20], 0.9, 18.0),   // h = 3.6 → 15 + 0.6·5
        ([10.0], 0.3, 10.0),
        ([-2.0, -2, 5], 0.5, -2.0),
    ])
    func type7(values: [Double], p: Double, expected: Double) {
        #expect(abs(Statistics.quantile(sorted: values, p) - expected) < 1e-12)
        // Selection gives the same on any order of the values.
        var reversed = Array(values.reversed())
        #expect(abs(Statistics.quantile(selecting: &reversed, p) - expected) < 1e-12)
    }

    /// Selection against sorting on shuffled data with many ties (a second implementation).
    @Test func selectionMatchesSorting() {
        var rng = SplitMix64(seed: 90)
        for n in [1, 2, 3, 10, 101, 5_000] {
            let values = (0..<n).map { _ in Double(rng.next() % 50) / 7 }
            for p in [0.0, 0.1, 0.5, 0.9, 0.975, 1.0] {
                var copy = values
                #expect(Statistics.quantile(selecting: &copy, p) == Statistics.quantile(sorted: values.sorted(), p), "n \(n) p \(p)")
            }
        }
    }
}

@Suite struct StudentTTests {
    /// t(0.975, df) from published tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2, R's qt).
    @Test(arguments: [(1.0, 12.7062047), (2.0, 4.3026527), (3.0, 3.1824463), (5.0, 2.5705818), (10.0, 2.2281389),
                      (30.0, 2.0422725), (100.0, 1.9839715)])
    func tableValues(df: Double, t: Double) {
        #expect(abs(Statistics.studentTQuantile(0.975, df: df) - t) < 1e-6)
        #expect(abs(Statistics.studentTQuantile(0.025, df: df) + t) < 1e-6)
    }

    /// Closed forms: df = 1 is Cauchy, t = tan(π(p − ½)); df = 2 has t = (2p − 1)/√(2p(1 − p)).
    @Test func closedForms() {
        for p in stride(from: 0.01, through: 0.99, by: 0.07) {
            #expect(abs(Statistics.studentTQuantile(p, df: 1) - tan(Double.pi * (p - 0.5))) < 1e-8, "df 1, p \(p)")
            #expect(abs(Statistics.studentTQuantile(p, df: 2) - (2 * p - 1) / (2 * p * (1 - p)).squareRoot()) < 1e-8, "df 2, p \(p)")
        }
        #expect(Statistics.studentTQuantile(0.5, df: 7) == 0)
    }

    /// The CDF at the quantile gives back p; large df approaches the normal (z₀.₉₇₅ = 1.959964).
    @Test func cdfInvertsQuantile() {
        for df in [1.0, 2.5, 4, 12, 60] {
            for p in [0.6, 0.9, 0.975, 0.995] {
                #expect(abs(Statistics.studentTCDF(Statistics.studentTQuantile(p, df: df), df: df) - p) < 1e-10)
            }
        }
        #expect(abs(Statistics.studentTQuantile(0.975, df: 1e6) - 1.959964) < 1e-5)
        #expect(Statistics.studentTCDF(0, df: 3) == 0.5)
    }

    @Test func regularizedIncompleteBetaClosedForms() {
        for x in stride(from: 0.05, through: 0.95, by: 0.05) {
            #expect(abs(Statistics.regularizedIncompleteBeta(x, a: 1, b: 1) - x) < 1e-12, "I_x(1,1), x \(x)")
            for a in [0.5, 2.0, 3.7] {
                #expect(abs(Statistics.regularizedIncompleteBeta(x, a: a, b: 1) - pow(x, a)) < 1e-12, "I_x(\(a),1), x \(x)")
            }
            for b in [0.5, 2.0, 6.3] {
                #expect(abs(Statistics.regularizedIncompleteBeta(x, a: 1, b: b) - (1 - pow(1 - x, b))) < 1e-12, "I_x(1,\(b)), x \(x)")
            }
            // Symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
            let v = Statistics.regularizedIncompleteBeta(x, a: 2.5, b: 4)
            #expect(abs(v - (1 - Statistics.regularizedIncompleteBeta(1 - x, a: 4, b: 2.5))) < 1e-12)
            // I_x(2, 2) = 3x² − 2x³.
            #expect(abs(Statistics.regularizedIncompleteBeta(x, a: 2, b: 2) - (3 * x * x - 2 * x * x * x)) < 1e-12)
        }
        #expect(abs(Statistics.regularizedIncompleteBeta(0.5, a: 7, b: 7) - 0.5) < 1e-12)
        #expect(Statistics.regularizedIncompleteBeta(0, a: 2, b: 3) == 0)
        #expect(Statistics.regularizedIncompleteBeta(1, a: 2, b: 3) == 1)
    }
}

@Suite struct SummaryTests {
    /// 1, 2, 3, 4: mean 2.5; sd = √(5/3) = 1.2909944; CI half-width t(0.975, 3) · sd/√4 =
    /// 3.1824463 · 1.2909944 / 2 = 2.0542; range = type-7 quantiles 2.5% and 97.5% = 1.075 and 3.925.
    @Test func handExample() throws {
        let s = try #require(Summary([1, 2, 3, 4]))
        let half = 3.1824463 * 1.2909944 / 2
        #expect(s.n == 4)
        #expect(abs(s.mean - 2.5) < 1e-12)
        #expect(abs(s.sd - 1.2909944) < 1e-7)
        #expect(abs(s.ciLow - (2.5 - half)) < 1e-6)
        #expect(abs(s.ciHigh - (2.5 + half)) < 1e-6)
        #expect(abs(s.rangeLow - 1.075) < 1e-12)
        #expect(abs(s.rangeHigh - 3.925) < 1e-12)
    }

    @Test func undefinedValuesAreIgnored() throws {
        let withNils = try #require(Summary([nil, 1, 2, nil, 3, 4]))
        #expect(withNils == Summary([1, 2, 3, 4]))
        #expect(Summary([nil, nil]) == nil)
        #expect(Summary([]) == nil)
    }

    @Test func singleValue() throws {
        let s = try #require(Summary([0.7]))
        #expect(s.n == 1 && s.mean == 0.7 && s.sd == 0)
        #expect(s.ciLow == 0.7 && s.ciHigh == 0.7 && s.rangeLow == 0.7 && s.rangeHigh == 0.7)
    }

    /// One replication's summary takes a shortcut; it must give the bits the general path gives
    /// to the same single defined value (here reached through an undefined second replication).
    @Test(arguments: [0.7, -0.0, 0.0, 1e300, -3.25, .infinity, -.infinity, .nan, .leastNonzeroMagnitude])
    func singleValueShortcutMatchesTheGeneralPath(x: Double) throws {
        let one = try #require(Summary([x])), general = try #require(Summary([x, nil]))
        let bits = { (s: Summary) in [s.mean, s.sd, s.ciLow, s.ciHigh, s.rangeLow, s.rangeHigh].map(\.bitPattern) }
        #expect(one.n == general.n)
        #expect(bits(one) == bits(general))
        #expect(Summary([nil]) == nil)
    }

    /// Identical values: mean exactly that value, sd 0, interval collapsed.
    @Test func identicalValues() throws {
        let s = try #require(Summary([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]))
        #expect(s.mean == 0.1 && s.sd == 0 && s.ciLow == 0.1 && s.ciHigh == 0.1)
    }
}
