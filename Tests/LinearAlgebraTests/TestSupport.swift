import LinearAlgebra
import TestSupport

/// Element (i, j) of op(A), read through the plain row-major layout rather than `Matrix`'s helpers.
func opElement(_ a: Matrix, _ t: Transpose, _ i: Int, _ j: Int) -> Double {
    t == .none ? a.elements[i * a.columns + j] : a.elements[j * a.columns + i]
}

/// Naive triple-loop `alpha · op(A) · op(B) + beta · C`, plus, per element, the sum of the absolute
/// values of the terms (the scale for a relative tolerance).
func naiveGemm(_ a: Matrix, _ ta: Transpose, _ b: Matrix, _ tb: Transpose,
               alpha: Double, beta: Double, c: Matrix) -> (value: [Double], scale: [Double]) {
    let m = ta == .none ? a.rows : a.columns
    let k = ta == .none ? a.columns : a.rows
    let n = tb == .none ? b.columns : b.rows
    var value = [Double](repeating: 0, count: m * n)
    var scale = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0, abs = 0.0
            for p in 0..<k {
                let term = opElement(a, ta, i, p) * opElement(b, tb, p, j)
                sum += term
                abs += Swift.abs(term)
            }
            let old = c.elements[i * n + j]
            value[i * n + j] = alpha * sum + beta * old
            scale[i * n + j] = Swift.abs(alpha) * abs + Swift.abs(beta * old)
        }
    }
    return (value, scale)
}

/// |got − want| ≤ 1e-12 · scale (plus a tiny absolute floor for exact zeros).
func close(_ got: Double, _ want: Double, scale: Double, relative: Double = 1e-12) -> Bool {
    Swift.abs(got - want) <= relative * scale + 1e-300
}

extension SplitMix64 {
    /// A vector of n values in [−2, 2).
    mutating func vector(_ n: Int) -> [Double] {
        (0..<n).map { _ in double(-2, 2) }
    }

    /// A rows × columns matrix of values in [−2, 2).
    mutating func matrix(_ rows: Int, _ columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: vector(rows * columns))
    }
}
