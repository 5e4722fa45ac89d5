import Testing
import FairPlacesCore

@Suite struct IDACICurveTests {
    /// The table as published in the source file's comment (rank fraction → score).
    static let table: [(Double, Double)] = [
        (0.0, 0.60), (0.0245, 0.441), (0.0534, 0.385), (0.1006, 0.329), (0.1987, 0.257), (0.2971, 0.205),
        (0.4162, 0.154), (0.4982, 0.127), (0.5995, 0.098), (0.7060, 0.075), (0.8025, 0.056),
        (0.8992, 0.037), (0.9520, 0.026), (0.9876, 0.013), (1.0, 0.005),
    ]

    @Test func scoreAtListedPointsIsTheListedValue() {
        #expect(IDACICurve.points.count == Self.table.count)
        for (k, (q, s)) in Self.table.enumerated() {
            #expect(IDACICurve.points[k].0 == q && IDACICurve.points[k].1 == s)
            #expect(abs(IDACICurve.score(atRankFraction: q) - s) < 1e-12, "q = \(q)")
        }
    }

    @Test func midpointIsTheAverage() {
        for k in 1..<Self.table.count {
            let (q0, s0) = Self.table[k - 1], (q1, s1) = Self.table[k]
            #expect(abs(IDACICurve.score(atRankFraction: (q0 + q1) / 2) - (s0 + s1) / 2) < 1e-12, "between \(q0) and \(q1)")
            // A quarter of the way along is a quarter of the way down.
            #expect(abs(IDACICurve.score(atRankFraction: q0 + 0.25 * (q1 - q0)) - (s0 + 0.25 * (s1 - s0))) < 1e-12)
        }
    }

    @Test func strictlyDecreasingAndClamped() {
        var previous = IDACICurve.score(atRankFraction: 0)
        for step in 1...1000 {
            let s = IDACICurve.score(atRankFraction: Double(step) / 1000)
            #expect(s < previous, "score must fall at q = \(Double(step) / 1000)")
            previous = s
        }
        #expect(IDACICurve.score(atRankFraction: -0.5) == 0.60)
        #expect(abs(IDACICurve.score(atRankFraction: 1.5) - 0.005) < 1e-15)
    }

    @Test(arguments: [(0.0, 1), (0.0999, 1), (0.1, 2), (0.15, 2), (0.2, 3), (0.5, 6), (0.8999, 9),
                      (0.9, 10), (0.95, 10), (1.0, 10), (-0.1, 1), (1.2, 10)])
    func deciles(q: Double, decile: Int) {
        #expect(IDACICurve.decile(atRankFraction: q) == UInt8(decile))
    }
}
