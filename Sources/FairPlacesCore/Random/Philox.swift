/// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw (SC'11, "Parallel random
/// numbers: as easy as 1, 2, 3").
///
/// A counter-based generator is a keyed bijection: the n-th draw is a pure function of (key, n), so
/// any pupil's draws can be computed on any thread in any order and still be identical.
/// Verified against the Random123 known-answer vectors in the tests.
public enum Philox4x32 {
    /// Applies ten Philox rounds to `counter` under `key`.
    ///
    /// Written on four scalar words rather than SIMD4 lanes: the lanes were taken apart and put back
    /// together every round (shuffles on the critical path), and draws are a tenth of a national run.
    @inline(__always)
    public static func block(_ counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3]
        var k0 = key[0], k1 = key[1]
        for round in 0..<10 {
            if round > 0 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
            let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
            let n0 = UInt32(truncatingIfNeeded: p1 >> 32) ^ c1 ^ k0
            let n2 = UInt32(truncatingIfNeeded: p0 >> 32) ^ c3 ^ k1
            c1 = UInt32(truncatingIfNeeded: p1)
            c3 = UInt32(truncatingIfNeeded: p0)
            c0 = n0
            c2 = n2
        }
        return SIMD4(c0, c1, c2, c3)
    }
}
