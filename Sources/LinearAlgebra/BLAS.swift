import CBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Typed wrappers over the CBLAS routines the simulation uses.
///
/// All routines are double precision and row-major. OpenBLAS is pinned to one thread (see
/// `BLAS.configureForDeterminism`): the simulation parallelises across replications, and a BLAS
/// that splits work differently by thread count could change results in the last bit.
public enum BLAS {
    /// Pins OpenBLAS to a single thread and stops its idle worker threads. Call once before any
    /// BLAS work, as early as possible (the command line does so first thing); later calls are cheap.
    public static func configureForDeterminism() {
        _ = pinned
    }

    private static let pinned: Bool = {
        openblas_set_num_threads(1)
        // A threaded OpenBLAS starts one worker per further core when it is loaded, and each spins
        // on sched_yield for about 2^28 clock ticks before it sleeps: a tenth of a second of CPU
        // taken from the other core on every run, though no call of ours ever hands it work (its
        // OPENBLAS_NUM_THREADS is read at load time, too early for us to set). Pinned to one thread,
        // OpenBLAS computes on the caller, so the workers can be joined now. Looked up by name, as a
        // serial OpenBLAS has no such threads and may not export it.
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") {
            let shutdown = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)
            _ = shutdown()
        }
        return true
    }()

    /// `C ← alpha · op(A) · op(B) + beta · C`.
    public static func gemm(
        _ a: Matrix, _ b: Matrix, transA: Transpose = .none, transB: Transpose = .none,
        alpha: Double = 1, beta: Double = 0,
        into c: inout Matrix
    ) {
        configureForDeterminism()
        let m = transA == .none ? a.rows : a.columns
        let k = transA == .none ? a.columns : a.rows
        let kb = transB == .none ? b.rows : b.columns
        let n = transB == .none ? b.columns : b.rows
        precondition(k == kb, "gemm: inner dimensions differ (\(k) vs \(kb))")
        precondition(c.rows == m && c.columns == n, "gemm: C is \(c.rows)×\(c.columns), expected \(m)×\(n)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            // alpha·op(A)·op(B) is zero; as in BLAS, beta = 0 means C's old values (even NaN) are ignored.
            for idx in c.elements.indices { c.elements[idx] = beta == 0 ? 0 : c.elements[idx] * beta }
            return
        }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, cblasTranspose(transA), cblasTranspose(transB),
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress, Int32(max(1, a.columns)),
                                pb.baseAddress, Int32(max(1, b.columns)),
                                beta, pc.baseAddress, Int32(max(1, n)))
                }
            }
        }
    }

    /// `op(A) · op(B)` as a new matrix.
    public static func product(_ a: Matrix, _ b: Matrix, transA: Transpose = .none, transB: Transpose = .none) -> Matrix {
        let m = transA == .none ? a.rows : a.columns
        let n = transB == .none ? b.columns : b.rows
        var c = Matrix(rows: m, columns: n)
        gemm(a, b, transA: transA, transB: transB, into: &c)
        return c
    }

    /// `y ← alpha · op(A) · x + beta · y`.
    public static func gemv(_ a: Matrix, _ x: [Double], trans: Transpose = .none,
                            alpha: Double = 1, beta: Double = 0, into y: inout [Double]) {
        configureForDeterminism()
        let inner = trans == .none ? a.columns : a.rows
        let outer = trans == .none ? a.rows : a.columns
        precondition(x.count == inner, "gemv: x has \(x.count) elements, expected \(inner)")
        precondition(y.count == outer, "gemv: y has \(y.count) elements, expected \(outer)")
        if outer == 0 { return }
        if inner == 0 {
            for idx in y.indices { y[idx] = beta == 0 ? 0 : y[idx] * beta }
            return
        }
        a.elements.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(CblasRowMajor, cblasTranspose(trans), Int32(a.rows), Int32(a.columns),
                                alpha, pa.baseAddress, Int32(max(1, a.columns)),
                                px.baseAddress, 1, beta, py.baseAddress, 1)
                }
            }
        }
    }

    /// `x · y`.
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        configureForDeterminism()
        precondition(x.count == y.count, "dot: lengths differ (\(x.count) vs \(y.count))")
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                cblas_ddot(Int32(x.count), px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// `y ← alpha · x + y`.
    public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        configureForDeterminism()
        precondition(x.count == y.count, "axpy: lengths differ (\(x.count) vs \(y.count))")
        if x.isEmpty { return }
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                cblas_daxpy(Int32(x.count), alpha, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// `x ← alpha · x`.
    public static func scal(_ alpha: Double, _ x: inout [Double]) {
        configureForDeterminism()
        if x.isEmpty { return }
        x.withUnsafeMutableBufferPointer { px in
            cblas_dscal(Int32(px.count), alpha, px.baseAddress, 1)
        }
    }

    private static func cblasTranspose(_ t: Transpose) -> CBLAS_TRANSPOSE {
        t == .none ? CblasNoTrans : CblasTrans
    }
}
