import Testing
import TestSupport
import PropertyBased
import LinearAlgebra

private let transposes: [Transpose] = [.none, .transposed]

/// Stores A so that op(A) is rows × columns.
private func operand(_ rng: inout SplitMix64, _ t: Transpose, rows: Int, columns: Int) -> Matrix {
    t == .none ? rng.matrix(rows, columns) : rng.matrix(columns, rows)
}

private func expectGemm(m: Int, n: Int, k: Int, ta: Transpose, tb: Transpose,
                        alpha: Double, beta: Double, rng: inout SplitMix64,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    let a = operand(&rng, ta, rows: m, columns: k)
    let b = operand(&rng, tb, rows: k, columns: n)
    let c0 = rng.matrix(m, n)
    let want = naiveGemm(a, ta, b, tb, alpha: alpha, beta: beta, c: c0)
    var c = c0
    BLAS.gemm(a, b, transA: ta, transB: tb, alpha: alpha, beta: beta, into: &c)
    #expect(c.rows == m && c.columns == n, sourceLocation: sourceLocation)
    var worst = 0
    var failures = 0
    for idx in 0..<(m * n) where !close(c.elements[idx], want.value[idx], scale: want.scale[idx]) {
        failures += 1
        worst = idx
    }
    #expect(failures == 0,
            "gemm \(m)×\(k)·\(k)×\(n) ta=\(ta) tb=\(tb) α=\(alpha) β=\(beta): \(failures) elements differ, e.g. [\(worst)] got \(failures > 0 ? c.elements[worst] : 0) want \(failures > 0 ? want.value[worst] : 0)",
            sourceLocation: sourceLocation)
}

@Suite struct GemmTests {
    /// Random shapes (including 0 and 1 in every dimension), all four transpose combinations, random α and β.
    @Test func gemmMatchesTripleLoop() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...9), Gen.int(in: 0...9), Gen.int(in: 0...9),
                            Gen.int(in: 0...3), Gen.double(in: -3...3), Gen.double(in: -3...3), Gen.uint64()) {
            m, n, k, flags, alpha, beta, seed in
            var rng = SplitMix64(seed: seed)
            expectGemm(m: m, n: n, k: k, ta: transposes[flags & 1], tb: transposes[flags >> 1],
                       alpha: alpha, beta: beta, rng: &rng)
        }
    }

    /// Larger shapes, past OpenBLAS's register-block sizes, so the packed kernels and their edge
    /// handling are exercised (shapes deliberately not multiples of 4 or 8).
    @Test func gemmMatchesTripleLoopOnLargerShapes() async {
        await propertyCheck(count: 12, input: Gen.int(in: 17...45), Gen.int(in: 17...45), Gen.int(in: 1...45),
                            Gen.int(in: 0...3), Gen.uint64()) { m, n, k, flags, seed in
            var rng = SplitMix64(seed: seed)
            expectGemm(m: m, n: n, k: k, ta: transposes[flags & 1], tb: transposes[flags >> 1],
                       alpha: rng.double(-2, 2), beta: rng.double(-2, 2), rng: &rng)
        }
    }

    @Test(arguments: [(Transpose.none, Transpose.none), (.none, .transposed), (.transposed, .none), (.transposed, .transposed)])
    func rowAndColumnVectors(ta: Transpose, tb: Transpose) {
        var rng = SplitMix64(seed: 42)
        // 1×n result: row vector times matrix.
        expectGemm(m: 1, n: 7, k: 5, ta: ta, tb: tb, alpha: 1.5, beta: -0.5, rng: &rng)
        // n×1 result: matrix times column vector.
        expectGemm(m: 7, n: 1, k: 5, ta: ta, tb: tb, alpha: -1, beta: 2, rng: &rng)
        // Outer product (k = 1) and inner product (1×1 result).
        expectGemm(m: 6, n: 4, k: 1, ta: ta, tb: tb, alpha: 1, beta: 0, rng: &rng)
        expectGemm(m: 1, n: 1, k: 9, ta: ta, tb: tb, alpha: 0.25, beta: 1, rng: &rng)
    }

    /// k = 0: op(A)·op(B) is the zero matrix, so C ← beta · C for any beta (BLAS itself skips the update).
    @Test func emptyInnerDimensionScalesC() {
        let a = Matrix(rows: 3, columns: 0)
        let b = Matrix(rows: 0, columns: 2)
        var c = Matrix([[1, 2], [3, 4], [5, 6]])
        BLAS.gemm(a, b, alpha: 7, beta: 0.5, into: &c)
        #expect(c == Matrix([[0.5, 1], [1.5, 2], [2.5, 3]]))
        var d = Matrix([[1, -2], [3, 4], [5, 6]])
        BLAS.gemm(a, b, beta: 0, into: &d)
        #expect(d == Matrix(rows: 3, columns: 2))
        // Transposed operands with k = 0: A stored 0×3, B stored 2×0.
        var e = Matrix([[1, 2], [3, 4], [5, 6]])
        BLAS.gemm(Matrix(rows: 0, columns: 3), Matrix(rows: 2, columns: 0), transA: .transposed, transB: .transposed, alpha: 1, beta: -1, into: &e)
        #expect(e == Matrix([[-1, -2], [-3, -4], [-5, -6]]))
    }

    /// BLAS convention (reference BLAS and OpenBLAS): when beta = 0, C need not be set on input and
    /// its old contents (even NaN or ∞) are ignored. `BLAS.gemm` must behave the same whatever k is;
    /// with k = 0 the product is the zero matrix, so C must come out all zeros.
    @Test(arguments: [0, 1, 3])
    func betaZeroIgnoresOldC(k: Int) {
        var rng = SplitMix64(seed: UInt64(k))
        let a = rng.matrix(2, k), b = rng.matrix(k, 3)
        var c = Matrix(rows: 2, columns: 3, repeating: .nan)
        c[1, 2] = .infinity
        BLAS.gemm(a, b, alpha: 1, beta: 0, into: &c)
        let want = naiveGemm(a, .none, b, .none, alpha: 1, beta: 0, c: Matrix(rows: 2, columns: 3))
        #expect(c.elements.allSatisfy { $0.isFinite }, "k = \(k): old NaN/∞ leaked through beta = 0: \(c.elements)")
        #expect((0..<6).allSatisfy { close(c.elements[$0], want.value[$0], scale: want.scale[$0]) })
    }

    /// A hand-worked product: [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]].
    @Test func handWorkedProduct() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        let b = Matrix([[7, 8], [9, 10], [11, 12]])
        #expect(BLAS.product(a, b) == Matrix([[58, 64], [139, 154]]))
        // Aᵀ stored: same product through the transpose flags.
        #expect(BLAS.product(a.transposed, b.transposed, transA: .transposed, transB: .transposed) == Matrix([[58, 64], [139, 154]]))
        // Bᵀ·Aᵀ = (AB)ᵀ.
        #expect(BLAS.product(b, a, transA: .transposed, transB: .transposed) == Matrix([[58, 139], [64, 154]]))
        // alpha = 2, beta = 1 on C = I-ish.
        var c = Matrix([[1, 0], [0, 1]])
        BLAS.gemm(a, b, alpha: 2, beta: 1, into: &c)
        #expect(c == Matrix([[117, 128], [278, 309]]))
    }

    @Test func productMatchesTripleLoop() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...8), Gen.int(in: 0...8), Gen.int(in: 0...8),
                            Gen.int(in: 0...3), Gen.uint64()) { m, n, k, flags, seed in
            var rng = SplitMix64(seed: seed)
            let ta = transposes[flags & 1], tb = transposes[flags >> 1]
            let a = operand(&rng, ta, rows: m, columns: k)
            let b = operand(&rng, tb, rows: k, columns: n)
            let want = naiveGemm(a, ta, b, tb, alpha: 1, beta: 0, c: Matrix(rows: m, columns: n))
            let p = BLAS.product(a, b, transA: ta, transB: tb)
            #expect(p.rows == m && p.columns == n)
            #expect((0..<(m * n)).allSatisfy { close(p.elements[$0], want.value[$0], scale: want.scale[$0]) })
        }
    }
}

@Suite struct LevelOneAndTwoTests {
    @Test func gemvMatchesLoop() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...12), Gen.int(in: 0...12), Gen.bool,
                            Gen.double(in: -3...3), Gen.double(in: -3...3), Gen.uint64()) {
            rows, columns, transposed, alpha, beta, seed in
            var rng = SplitMix64(seed: seed)
            let a = rng.matrix(rows, columns)
            let t: Transpose = transposed ? .transposed : .none
            let inner = transposed ? rows : columns, outer = transposed ? columns : rows
            let x = rng.vector(inner)
            let y0 = rng.vector(outer)
            var y = y0
            BLAS.gemv(a, x, trans: t, alpha: alpha, beta: beta, into: &y)
            for o in 0..<outer {
                var sum = 0.0, scale = 0.0
                for p in 0..<inner {
                    let term = (transposed ? a.elements[p * columns + o] : a.elements[o * columns + p]) * x[p]
                    sum += term; scale += abs(term)
                }
                let want = alpha * sum + beta * y0[o]
                #expect(close(y[o], want, scale: abs(alpha) * scale + abs(beta * y0[o])),
                        "gemv \(rows)×\(columns) t=\(t): y[\(o)] = \(y[o]), want \(want)")
            }
        }
    }

    /// [[1,2,3],[4,5,6]]·[1,0,-1] = [-2,-2]; its transpose times [1,1] = [5,7,9].
    @Test func gemvHandWorked() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        var y = [10.0, 20.0]
        BLAS.gemv(a, [1, 0, -1], alpha: 1, beta: 0.5, into: &y)
        #expect(y == [3, 8])
        var z = [0.0, 0.0, 0.0]
        BLAS.gemv(a, [1, 1], trans: .transposed, into: &z)
        #expect(z == [5, 7, 9])
        // Empty inner dimension: y ← beta · y.
        var w = [2.0, 4.0]
        BLAS.gemv(Matrix(rows: 2, columns: 0), [], alpha: 3, beta: 0.5, into: &w)
        #expect(w == [1, 2])
    }

    /// As for gemm: beta = 0 ignores y's old contents, whether or not A has columns.
    @Test(arguments: [0, 2])
    func gemvBetaZeroIgnoresOldY(columns: Int) {
        let a = Matrix(rows: 2, columns: columns, repeating: 1)
        var y = [Double.nan, .infinity]
        BLAS.gemv(a, [Double](repeating: 1, count: columns), alpha: 1, beta: 0, into: &y)
        #expect(y == [Double(columns), Double(columns)], "columns = \(columns): \(y)")
    }

    @Test func dotMatchesLoop() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...300), Gen.uint64()) { n, seed in
            var rng = SplitMix64(seed: seed)
            let x = rng.vector(n), y = rng.vector(n)
            var sum = 0.0, scale = 0.0
            for i in 0..<n { sum += x[i] * y[i]; scale += abs(x[i] * y[i]) }
            #expect(close(BLAS.dot(x, y), sum, scale: scale))
        }
        #expect(BLAS.dot([1, 2, 3], [4, -5, 6]) == 12)
        #expect(BLAS.dot([], []) == 0)
    }

    @Test func axpyMatchesLoop() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...100), Gen.double(in: -5...5), Gen.uint64()) { n, alpha, seed in
            var rng = SplitMix64(seed: seed)
            let x = rng.vector(n), y0 = rng.vector(n)
            var y = y0
            BLAS.axpy(alpha, x, &y)
            for i in 0..<n {
                #expect(close(y[i], alpha * x[i] + y0[i], scale: abs(alpha * x[i]) + abs(y0[i])))
            }
        }
        var y = [1.0, 1.0, 1.0]
        BLAS.axpy(2, [1, 2, 3], &y)
        #expect(y == [3, 5, 7])
    }

    @Test func scalMatchesLoop() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...100), Gen.double(in: -5...5), Gen.uint64()) { n, alpha, seed in
            var rng = SplitMix64(seed: seed)
            let x0 = rng.vector(n)
            var x = x0
            BLAS.scal(alpha, &x)
            #expect(x.count == n)
            for i in 0..<n { #expect(close(x[i], alpha * x0[i], scale: abs(alpha * x0[i]))) }
        }
        var x = [1.0, -2.0, 0.5]
        BLAS.scal(-4, &x)
        #expect(x == [-4, 8, -2])
    }
}

@Suite struct MatrixTests {
    @Test func transposedMatchesDefinition() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...9), Gen.int(in: 0...9), Gen.uint64()) { rows, columns, seed in
            var rng = SplitMix64(seed: seed)
            let a = rng.matrix(rows, columns)
            let t = a.transposed
            #expect(t.rows == columns && t.columns == rows)
            for i in 0..<rows {
                for j in 0..<columns {
                    #expect(t.elements[j * rows + i] == a.elements[i * columns + j])
                    #expect(t[j, i] == a[i, j])
                }
            }
            #expect(t.transposed == a)
        }
    }

    @Test func constructionAndSubscript() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(a.rows == 2 && a.columns == 3)
        #expect(a.elements == [1, 2, 3, 4, 5, 6])
        #expect(a[1, 0] == 4 && a[0, 2] == 3)
        #expect(a.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
        var b = Matrix(rows: 2, columns: 2, repeating: 7)
        b[0, 1] = -1
        #expect(b.elements == [7, -1, 7, 7])
        #expect(Matrix(rows: 0, columns: 4).transposed == Matrix(rows: 4, columns: 0))
    }
}
