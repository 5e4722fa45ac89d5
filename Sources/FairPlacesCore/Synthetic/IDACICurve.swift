/// The national relation between an area's IDACI rank and its IDACI score (IoD2019).
///
/// Ranks are monotone in scores, so any LSOA with both gives a point on the national curve.
/// These points are Trafford's 2019 LSOAs (national rank / 32,844 → score), read from
/// `../shared/data/england/la_subsets/iod2019_trafford_scores_long.csv` (MHCLG, OGL v3.0); the two
/// end points are extrapolations and are marked unverified in `Data/README.md`.
public enum IDACICurve {
    /// (national rank fraction, 0 = most deprived; IDACI score).
    public static let points: [(Double, Double)] = [
        (0.0, 0.60),            // extrapolated (unverified)
        (0.0245, 0.441), (0.0534, 0.385), (0.1006, 0.329), (0.1987, 0.257), (0.2971, 0.205),
        (0.4162, 0.154), (0.4982, 0.127), (0.5995, 0.098), (0.7060, 0.075), (0.8025, 0.056),
        (0.8992, 0.037), (0.9520, 0.026), (0.9876, 0.013),
        (1.0, 0.005),           // extrapolated (unverified)
    ]

    /// IDACI score of an area at national rank fraction `q` (0 = most deprived), by linear interpolation.
    public static func score(atRankFraction q: Double) -> Double {
        let q = min(max(q, 0), 1)
        var k = 1
        while k < points.count - 1 && points[k].0 < q { k += 1 }
        let (q0, s0) = points[k - 1], (q1, s1) = points[k]
        return s0 + (s1 - s0) * (q - q0) / (q1 - q0)
    }

    /// IDACI decile (1 = most deprived 10%) of an area at national rank fraction `q`.
    public static func decile(atRankFraction q: Double) -> UInt8 {
        UInt8(min(10, max(1, Int((q * 10).rounded(.down)) + 1)))
    }
}
