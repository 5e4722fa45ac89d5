/// Nelder & Mead's (1965) simplex search for a minimum of f over the unit box [0, 1]^d (points are
/// clamped to it), deterministic: the same f gives the same path. Simulated moments on common
/// random numbers are piecewise smooth at best, so a derivative-free search suits them; a handful
/// of parameters keeps it cheap.
public enum NelderMead {
    public struct Outcome: Sendable {
        public var best: [Double]
        public var value: Double
        public var evaluations: Int
    }

    /// Minimises `f` from `start` with a first simplex of side `step`, stopping after `maxEvaluations`
    /// or once the simplex's values and points agree to `tolerance`.
    public static func minimise(start: [Double], step: Double = 0.15, maxEvaluations: Int, tolerance: Double = 1e-4,
                                _ f: ([Double]) -> Double) -> Outcome {
        let d = start.count
        var evaluations = 0
        func clamp(_ x: [Double]) -> [Double] { x.map { min(1, max(0, $0)) } }
        func eval(_ x: [Double]) -> Double { evaluations += 1; let v = f(x); return v.isNaN ? .infinity : v }
        var points = [clamp(start)]
        for j in 0..<d {
            var x = points[0]
            x[j] = x[j] + step <= 1 ? x[j] + step : x[j] - step
            points.append(clamp(x))
        }
        var values = points.map(eval)
        guard d > 0 else { return Outcome(best: points[0], value: values[0], evaluations: evaluations) }
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let spread = values[d] - values[0]
            let size = points.dropFirst().map { p in zip(p, points[0]).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
            if spread <= tolerance && size <= tolerance { break }
            var centroid = [Double](repeating: 0, count: d)
            for p in points.dropLast() { for j in 0..<d { centroid[j] += p[j] / Double(d) } }
            func along(_ t: Double) -> [Double] { clamp((0..<d).map { centroid[$0] + t * (points[d][$0] - centroid[$0]) }) }
            let reflected = along(-1), fr = eval(reflected)
            if fr < values[0] {
                let expanded = along(-2), fe = eval(expanded)
                if fe < fr { points[d] = expanded; values[d] = fe } else { points[d] = reflected; values[d] = fr }
            } else if fr < values[d - 1] {
                points[d] = reflected; values[d] = fr
            } else {
                let contracted = fr < values[d] ? along(-0.5) : along(0.5)
                let fc = eval(contracted)
                if fc < min(fr, values[d]) {
                    points[d] = contracted; values[d] = fc
                } else {
                    // Shrink towards the best point.
                    for k in 1...d {
                        points[k] = clamp((0..<d).map { points[0][$0] + 0.5 * (points[k][$0] - points[0][$0]) })
                        values[k] = eval(points[k])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }!
        return Outcome(best: points[best], value: values[best], evaluations: evaluations)
    }
}
