/// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw (SC'11, "Parallel random
/// numbers: as easy as 1, 2, 3").
///
/// A counter-based generator is a keyed bijection: the n-th draw is a pure function of (key, n), so
/// any pupil's draws can be computed on any thread in any order and still be identical.
/// Verified against the Random123 known-answer vectors in the tests.
public enum Philox4x32 {
    /// Applies ten Philox rounds to `counter` under `key`.
    @inline(__always)
    public static func block(_ counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var c = counter
        var k = key
        for round in 0..<10 {
            if round > 0 {
                k &+= SIMD2(0x9E37_79B9, 0xBB67_AE85)
            }
            let p0 = UInt64(0xD251_1F53) &* UInt64(c[0])
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c[2])
            let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
            let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
            c = SIMD4(hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0)
        }
        return c
    }
}
