import Foundation
import LinearAlgebra

/// How the pull of a school falls with distance or travel time.
public enum DistanceDecay: String, Sendable, CaseIterable {
    /// f(d) = d^−β.
    case power
    /// f(d) = exp(−β d).
    case exponential

    @inline(__always)
    public func weight(_ d: Double, beta: Double) -> Double {
        switch self {
        case .power: return pow(d, -beta)
        case .exponential: return exp(-beta * d)
        }
    }
}

/// What observed travel a decay parameter is fitted to.
public enum ObservedFlows: Sendable {
    /// Pupils from each area to each school (areas × schools).
    case flows(Matrix)
    /// Pupils choosing each school (e.g. first preferences or offers), origins unknown.
    case destinations([Double])
}

/// The origin-constrained spatial interaction ("gravity") model of demand for school places:
/// T_ij = O_i · W_j f(d_ij) / Σ_k W_k f(d_ik). Every pupil of area i goes somewhere (rows sum to O_i
/// exactly), split by school attractiveness W and decay f of the distance or travel time d.
public struct GravityModel: Sendable {
    public var decay: DistanceDecay
    public var beta: Double

    public init(decay: DistanceDecay, beta: Double) {
        self.decay = decay
        self.beta = beta
    }

    /// The unnormalised pulls K_ij = W_j f(d_ij), areas × schools, and each area's total Σ_j K_ij (a
    /// GEMV with a vector of ones).
    func pulls(weights: [Double], cost: Matrix) -> (k: Matrix, totals: [Double]) {
        precondition(weights.count == cost.columns)
        var k = Matrix(rows: cost.rows, columns: cost.columns)
        for i in 0..<cost.rows {
            for j in 0..<cost.columns {
                k.elements[i * cost.columns + j] = weights[j] * decay.weight(cost.elements[i * cost.columns + j], beta: beta)
            }
        }
        var totals = [Double](repeating: 0, count: cost.rows)
        BLAS.gemv(k, [Double](repeating: 1, count: cost.columns), into: &totals)
        return (k, totals)
    }

    /// Flows T (areas × schools) from `origins` (pupils per area), school `weights` and `cost`
    /// (areas × schools, positive for power decay). An area with no pull anywhere sends nobody.
    public func flows(origins: [Double], weights: [Double], cost: Matrix) -> Matrix {
        precondition(origins.count == cost.rows)
        var (k, totals) = pulls(weights: weights, cost: cost)
        // T = diag(O_i / Σ_k K_ik) · K, scaling each row in place rather than forming the diagonal
        // matrix (which would be areas × areas: 10⁹ entries for England's LSOAs).
        let m = cost.columns
        k.elements.withUnsafeMutableBufferPointer { t in
            for i in 0..<cost.rows {
                let scale = totals[i] > 0 ? origins[i] / totals[i] : 0
                for j in 0..<m { t[i * m + j] *= scale }
            }
        }
        return k
    }

    /// Modelled demand per school: the column sums of the flows (a transposed GEMV).
    public func demand(origins: [Double], weights: [Double], cost: Matrix) -> [Double] {
        let (k, totals) = pulls(weights: weights, cost: cost)
        let perPull = (0..<cost.rows).map { totals[$0] > 0 ? origins[$0] / totals[$0] : 0 }
        var d = [Double](repeating: 0, count: cost.columns)
        BLAS.gemv(k, perPull, trans: .transposed, into: &d)
        return d
    }

    /// The multinomial log-likelihood of the observations under this model: for flows,
    /// Σ_ij T°_ij ln p_ij with p_ij = K_ij / Σ_k K_ik; for destinations, Σ_j N°_j ln(D_j / Σ D).
    /// Observations where the model gives probability 0 make it −∞.
    public func logLikelihood(origins: [Double], weights: [Double], cost: Matrix, observed: ObservedFlows) -> Double {
        switch observed {
        case .flows(let t):
            precondition(t.rows == cost.rows && t.columns == cost.columns)
            let (k, totals) = pulls(weights: weights, cost: cost)
            var ll = 0.0
            for i in 0..<cost.rows {
                for j in 0..<cost.columns where t[i, j] > 0 {
                    ll += t[i, j] * log(k[i, j] / totals[i])
                }
            }
            return ll
        case .destinations(let n):
            precondition(n.count == cost.columns)
            let d = demand(origins: origins, weights: weights, cost: cost)
            let total = d.reduce(0, +)
            var ll = 0.0
            for j in 0..<n.count where n[j] > 0 { ll += n[j] * log(d[j] / total) }
            return ll
        }
    }

    /// The decay parameter that maximises the multinomial likelihood of `observed` (the maximum-
    /// likelihood calibration of an origin-constrained model, which for flows also reproduces the
    /// observed mean trip cost at the optimum). A 1-D search: a grid over `range` finds the best
    /// bracket, so a likelihood with flat or several local stretches does not trap it, then golden-
    /// section search narrows the bracket to `tolerance`.
    public static func fitBeta(decay: DistanceDecay, origins: [Double], weights: [Double], cost: Matrix,
                               observed: ObservedFlows, range: ClosedRange<Double> = 0...5,
                               gridPoints: Int = 51, tolerance: Double = 1e-7) -> Double {
        func ll(_ b: Double) -> Double {
            let v = GravityModel(decay: decay, beta: b).logLikelihood(origins: origins, weights: weights, cost: cost, observed: observed)
            return v.isNaN ? -.infinity : v
        }
        let step = (range.upperBound - range.lowerBound) / Double(gridPoints - 1)
        var best = 0, bestValue = -Double.infinity
        for g in 0..<gridPoints {
            let v = ll(range.lowerBound + Double(g) * step)
            if v > bestValue { best = g; bestValue = v }
        }
        var lo = range.lowerBound + Double(max(0, best - 1)) * step
        var hi = range.lowerBound + Double(min(gridPoints - 1, best + 1)) * step
        let phi = (5.0.squareRoot() - 1) / 2
        var x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo)
        var f1 = ll(x1), f2 = ll(x2)
        while hi - lo > tolerance {
            if f1 < f2 {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + phi * (hi - lo); f2 = ll(x2)
            } else {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - phi * (hi - lo); f1 = ll(x1)
            }
        }
        return (lo + hi) / 2
    }
}
