#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small statistical routines the summaries need.
public enum Statistics {
    /// Sample quantile with linear interpolation between order statistics (Hyndman & Fan type 7, the
    /// default of R and NumPy). `sorted` must be ascending and non-empty.
    public static func quantile(sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty && p >= 0 && p <= 1)
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The same quantile without sorting: the two order statistics it needs are found by selection
    /// (Hoare's quickselect with median-of-three pivots, linear on average), which for a national
    /// cohort's 600,000 distances is a tenth of a sort. Reorders `values`, which must be non-empty
    /// and free of NaN.
    public static func quantile(selecting values: inout [Double], _ p: Double) -> Double {
        precondition(!values.isEmpty && p >= 0 && p <= 1)
        let h = Double(values.count - 1) * p
        let lo = Int(h.rounded(.down))
        select(&values, lo)
        let a = values[lo]
        guard lo + 1 < values.count else { return a }
        // Everything after position lo is at least values[lo]; the next order statistic is their minimum.
        var b = values[lo + 1]
        for x in values[(lo + 2)...] where x < b { b = x }
        return a + (h - Double(lo)) * (b - a)
    }

    /// Puts the k-th smallest value (0-based) at position k, smaller-or-equal values before it.
    static func select(_ v: inout [Double], _ k: Int) {
        var left = 0, right = v.count - 1
        while left < right {
            let mid = left + (right - left) / 2
            let x = v[left], y = v[mid], z = v[right]
            let pivot = max(min(x, y), min(max(x, y), z))
            var i = left, j = right
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { right = j } else if k >= i { left = i } else { return }
        }
    }

    /// The p-quantile of Student's t distribution with `df` degrees of freedom, by bisection on
    /// the CDF (computed from the regularised incomplete beta function).
    public static func studentTQuantile(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1 && df > 0)
        if p == 0.5 { return 0 }
        if p < 0.5 { return -studentTQuantile(1 - p, df: df) }
        var lo = 0.0, hi = 1.0
        while studentTCDF(hi, df: df) < p { hi *= 2 }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if studentTCDF(mid, df: df) < p { lo = mid } else { hi = mid }
            if hi - lo < 1e-13 * max(1, hi) { break }
        }
        return 0.5 * (lo + hi)
    }

    /// P(T ≤ t) for Student's t with `df` degrees of freedom.
    public static func studentTCDF(_ t: Double, df: Double) -> Double {
        let x = df / (df + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: df / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4), using the symmetry
    /// I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let mm = Double(m)
            var aa = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            aa = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}

/// A figure across Monte Carlo replications: its mean with a 95% confidence interval for the mean
/// (Student t), and the central 95% range of the replications themselves.
public struct Summary: Sendable, Equatable {
    /// Replications in which the figure was defined.
    public var n: Int
    public var mean: Double
    /// Sample standard deviation across replications (0 when n = 1).
    public var sd: Double
    /// 95% confidence interval of the mean; equal to the mean when n = 1.
    public var ciLow: Double
    public var ciHigh: Double
    /// 2.5% and 97.5% quantiles of the replications (type 7).
    public var rangeLow: Double
    public var rangeHigh: Double

    /// Summarises `values`, ignoring undefined ones (nil). Returns nil when none is defined.
    public init?(_ values: [Double?]) {
        if values.count == 1 {
            // One replication (a national run's 150,000 figures): the general path's arithmetic on
            // one value, without the three arrays it builds, so the summary is bit for bit the same.
            guard let x = values[0] else { return nil }
            n = 1
            mean = x + (x - x) / 1
            sd = 0
            ciLow = mean; ciHigh = mean
            rangeLow = x + 0 * (x - x); rangeHigh = rangeLow
            return
        }
        let v = values.compactMap { $0 }
        guard !v.isEmpty else { return nil }
        n = v.count
        // Summing in replication order keeps the mean identical whatever the thread count; shifting
        // by the first value makes the mean of identical values exactly that value.
        let shift = v[0]
        mean = shift + v.reduce(0) { $0 + ($1 - shift) } / Double(n)
        let m = mean
        sd = n > 1 ? (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot() : 0
        if n > 1 {
            let half = Statistics.studentTQuantile(0.975, df: Double(n - 1)) * sd / Double(n).squareRoot()
            ciLow = mean - half; ciHigh = mean + half
        } else {
            ciLow = mean; ciHigh = mean
        }
        let sorted = v.sorted()
        rangeLow = Statistics.quantile(sorted: sorted, 0.025)
        rangeHigh = Statistics.quantile(sorted: sorted, 0.975)
    }
}
