#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two-group segregation indices of one school × {group, others} table (DOMAIN.md §5).
///
/// Notation: school i has Fᵢ pupils of the group (e.g. FSM) and Nᵢ others, Tᵢ = Fᵢ + Nᵢ; totals F, N,
/// T; P = F/T, pᵢ = Fᵢ/Tᵢ. Schools with Tᵢ = 0 contribute nothing. Every index is undefined (nil)
/// when the group or the others are absent (F = 0 or N = 0): evenness has no meaning then. With one
/// school, or all schools alike, evenness indices are 0.
public struct TwoGroupIndices: Sendable, Equatable {
    /// Share of the group in the whole table, P.
    public var share: Double
    /// Dissimilarity D = ½ Σ |Fᵢ/F − Nᵢ/N|, 0–1.
    public var dissimilarity: Double
    /// Gorard GS = ½ Σ |Fᵢ/F − Tᵢ/T| = (1 − P)·D, 0 to 1 − P: the share of the group who would have
    /// to move school for every school to have the overall share.
    public var gorard: Double
    /// Isolation xPx = Σ (Fᵢ/F) pᵢ: the group's share in the average group member's school.
    public var isolation: Double
    /// Exposure xPy = Σ (Fᵢ/F)(1 − pᵢ) = 1 − xPx.
    public var exposure: Double
    /// Correlation (variance) ratio η² = (xPx − P)/(1 − P), 0–1.
    public var correlationRatio: Double
    /// Theil's entropy index H = Σ (Tᵢ/T)(E − Eᵢ)/E, 0–1 (natural logs; H does not depend on the base).
    public var theilH: Double
    /// Hutchens' square-root index S = 1 − Σ √((Fᵢ/F)(Nᵢ/N)), 0–1.
    public var hutchens: Double
    /// Gini G = Σᵢ Σⱼ TᵢTⱼ|pᵢ − pⱼ| / (2T²P(1 − P)), 0–1.
    public var gini: Double
    /// Atkinson A(b) for each requested shape b, in the order asked.
    public var atkinson: [Double]

    /// The indices, or nil when F = 0 or N = 0. `atkinsonShapes` must lie in (0, 1).
    public init?(group: UnsafeBufferPointer<Double>, other: UnsafeBufferPointer<Double>, atkinsonShapes: [Double] = [0.5]) {
        precondition(group.count == other.count)
        var f = 0.0, n = 0.0
        for i in 0..<group.count { f += group[i]; n += other[i] }
        guard f > 0, n > 0 else { return nil }
        let t = f + n
        let p = f / t
        let e = -(p * log(p) + (1 - p) * log(1 - p))
        // One pass. Each school's two logarithms serve both its entropy and every Atkinson term:
        // (1 − pᵢ)^(1−b) pᵢ^b = exp((1 − b) ln(1 − pᵢ) + b ln pᵢ), and √(pᵢ(1 − pᵢ)) when b = ½.
        var d = 0.0, gs = 0.0, xPx = 0.0, entropyGap = 0.0, root = 0.0
        var atkinsonSums = [Double](repeating: 0, count: atkinsonShapes.count)
        let invF = 1 / f, invN = 1 / n, invT = 1 / t
        XLogX.withReader { xlogx in
            for i in 0..<group.count {
                let fi = group[i], ni = other[i], ti = fi + ni
                if ti <= 0 { continue }
                let invTi = 1 / ti
                let pi = fi * invTi, qi = ni * invTi
                let sf = fi * invF, sn = ni * invN, st = ti * invT
                d += abs(sf - sn)
                gs += abs(sf - st)
                xPx += sf * pi
                root += (sf * sn).squareRoot()
                // Eᵢ = −pᵢ ln pᵢ − qᵢ ln qᵢ = ln Tᵢ − (Fᵢ ln Fᵢ + Nᵢ ln Nᵢ)/Tᵢ.
                let ei = (xlogx(ti) - xlogx(fi) - xlogx(ni)) * invTi
                entropyGap += st * (e - ei)
                for (k, b) in atkinsonShapes.enumerated() {
                    let term = b == 0.5 ? (pi * qi).squareRoot() : (pi > 0 && qi > 0 ? exp((1 - b) * log(qi) + b * log(pi)) : 0)
                    atkinsonSums[k] += term * st / p
                }
            }
        }
        share = p
        dissimilarity = 0.5 * d
        gorard = 0.5 * gs
        isolation = xPx
        exposure = 1 - xPx
        correlationRatio = (xPx - p) / (1 - p)
        theilH = entropyGap / e
        hutchens = 1 - root
        gini = Self.gini(group: group, other: other, total: t, share: p)
        atkinson = zip(atkinsonShapes, atkinsonSums).map { b, sum in 1 - (p / (1 - p)) * pow(sum, 1 / (1 - b)) }
    }

    /// Convenience over arrays.
    public init?(group: [Double], other: [Double], atkinsonShapes: [Double] = [0.5]) {
        guard let value = group.withUnsafeBufferPointer({ g in
            other.withUnsafeBufferPointer { o in TwoGroupIndices(group: g, other: o, atkinsonShapes: atkinsonShapes) }
        }) else { return nil }
        self = value
    }

    /// Σᵢ Σⱼ TᵢTⱼ|pᵢ − pⱼ| in O(S log S): sort schools by pᵢ, then each school's contribution against
    /// the schools before it comes from running sums of Tⱼ and Tⱼpⱼ. Schools with equal pᵢ add
    /// nothing to each other, so their order does not matter.
    static func gini(group: UnsafeBufferPointer<Double>, other: UnsafeBufferPointer<Double>, total t: Double, share p: Double) -> Double {
        var pt = [SIMD2<Double>]()
        pt.reserveCapacity(group.count)
        for i in 0..<group.count {
            let ti = group[i] + other[i]
            if ti > 0 { pt.append(SIMD2(group[i] / ti, ti)) }
        }
        // Twice as fast as the standard library's stable sort, which Gini does not need.
        pt.withUnsafeMutableBufferPointer { if $0.count > 1 { sortByFirstLane($0.baseAddress!, 0, $0.count - 1) } }
        var pairs = 0.0, runningT = 0.0, runningTP = 0.0
        for e in pt {
            pairs += e.y * (e.x * runningT - runningTP)
            runningT += e.y
            runningTP += e.y * e.x
        }
        // `pairs` counts each unordered pair once; the double sum counts it twice.
        return 2 * pairs / (2 * t * t * p * (1 - p))
    }

    /// In-place quicksort on the first lane: median of three (which leaves sentinels at both ends
    /// for the partition scans), insertion sort below 24 elements, recursion on the smaller side.
    static func sortByFirstLane(_ a: UnsafeMutablePointer<SIMD2<Double>>, _ low: Int, _ high: Int) {
        var lo = low, hi = high
        while hi - lo > 24 {
            let mid = lo + (hi - lo) >> 1
            var x = a[lo], y = a[mid], z = a[hi]
            if y.x < x.x { swap(&x, &y) }
            if z.x < y.x { swap(&y, &z); if y.x < x.x { swap(&x, &y) } }
            a[lo] = x; a[mid] = y; a[hi] = z
            let pivot = y.x
            var i = lo + 1, j = hi - 1
            while true {
                while a[i].x < pivot { i += 1 }
                while a[j].x > pivot { j -= 1 }
                if i >= j { break }
                let t = a[i]; a[i] = a[j]; a[j] = t
                i += 1; j -= 1
            }
            if j - lo < hi - j { sortByFirstLane(a, lo, j); lo = j + 1 } else { sortByFirstLane(a, j + 1, hi); hi = j }
        }
        var i = lo + 1
        while i <= hi {
            let e = a[i]
            var k = i - 1
            while k >= lo && a[k].x > e.x { a[k + 1] = a[k]; k -= 1 }
            a[k + 1] = e
            i += 1
        }
    }
}
