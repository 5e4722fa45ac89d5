extension IDACICurve {
    /// The national rank fraction (0 = most deprived LSOA, 1 = least) at which the curve reaches
    /// `score`: the exact inverse of `score(atRankFraction:)` on the curve's range.
    ///
    /// The funding formula's IDACI bands are rank-based (DOMAIN.md §4), but pupils carry an IDACI
    /// score. Synthetic areas got their score from a rank fraction through this curve, so inverting
    /// it recovers that rank fraction; for pupils read from files it places their score on the
    /// national IoD2019 distribution. Scores above the curve's top (0.60) give 0, below its bottom
    /// (0.005) give 1.
    public static func rankFraction(ofScore score: Double) -> Double {
        let first = points[0], last = points[points.count - 1]
        if score >= first.1 { return first.0 }
        if score <= last.1 { return last.0 }
        // Scores fall strictly along the curve: find the segment that brackets `score`.
        var k = 1
        while k < points.count - 1 && points[k].1 > score { k += 1 }
        let (q0, s0) = points[k - 1], (q1, s1) = points[k]
        return q0 + (q1 - q0) * (s0 - score) / (s0 - s1)
    }
}
