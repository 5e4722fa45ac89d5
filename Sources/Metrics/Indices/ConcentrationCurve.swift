/// The concentration curve of a group across schools (Allen & Vignoles 2007 recommend such curves
/// over single indices): schools ordered from the lowest to the highest group share; x is the
/// cumulative share of all pupils, y the cumulative share of the group. Evenness is the diagonal;
/// the further below it, the more the group is concentrated in a few schools.
public enum ConcentrationCurve {
    /// y at each x in `grid` (fractions in 0…1), by linear interpolation; nil if the group is absent.
    public static func values(group: [Double], other: [Double], at grid: [Double]) -> [Double]? {
        var schools: [(p: Double, f: Double, t: Double)] = []
        var f = 0.0, t = 0.0
        for i in group.indices {
            let ti = group[i] + other[i]
            if ti <= 0 { continue }
            schools.append((group[i] / ti, group[i], ti))
            f += group[i]; t += ti
        }
        guard f > 0 else { return nil }
        schools.sort { $0.p != $1.p ? $0.p < $1.p : $0.t < $1.t }
        var xs = [0.0], ys = [0.0]
        var cx = 0.0, cy = 0.0
        for s in schools {
            cx += s.t; cy += s.f
            xs.append(cx / t); ys.append(cy / f)
        }
        xs[xs.count - 1] = 1; ys[ys.count - 1] = 1
        return grid.map { x in
            var k = 1
            while k < xs.count - 1 && xs[k] < x { k += 1 }
            let x0 = xs[k - 1], x1 = xs[k]
            return x1 > x0 ? ys[k - 1] + (ys[k] - ys[k - 1]) * (x - x0) / (x1 - x0) : ys[k]
        }
    }

    /// The x values FairPlaces reports: 0.05, 0.10, …, 1.00.
    public static let grid: [Double] = (1...20).map { Double($0) / 20 }
}
