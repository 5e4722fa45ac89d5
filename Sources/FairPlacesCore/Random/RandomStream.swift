/// What a random draw is for. Each purpose has its own stream, so adding draws for one purpose
/// never shifts the draws of another (a new criterion does not change everyone's lottery numbers).
public enum RandomPurpose: UInt32, Sendable, CaseIterable {
    /// Drawing the synthetic region: towns, homes, deprivation, pupil characteristics, schools.
    case region = 1
    /// The Gumbel noise of the random-utility preference model.
    case preferenceNoise = 2
    /// Lottery numbers used as a tie-break or as a random-allocation criterion.
    case lottery = 3
    /// Measurement noise of selection tests (the 11-plus stand-in).
    case selectionTest = 4
    /// The order in which unplaced pupils are given administrative places.
    case unplacedOrder = 5
    /// Bootstrap resampling of pupils for intervals on a single allocation.
    case bootstrap = 6
    /// Which pupils of the base cohort make up a planning year's cohort (issue #9); the same for every
    /// option of a plan, so options are compared on common random numbers.
    case cohortSample = 7
    /// How many preferences each family states (`PreferenceModel.listLengthShares`).
    case listLength = 8
}

/// An independent stream of random numbers keyed by (seed, replication, purpose).
///
/// Draws are addressed, not consumed: `uniformPair(entity:draw:)` is a pure function of the stream
/// and the two indices. Entity is typically a pupil or school index; draw numbers the draws that
/// entity needs. This makes every result independent of thread count and evaluation order.
public struct RandomStream: Sendable {
    public let seed: UInt64
    public let replication: UInt32
    public let purpose: RandomPurpose
    private let key: SIMD2<UInt32>

    public init(seed: UInt64, replication: UInt32, purpose: RandomPurpose) {
        self.seed = seed
        self.replication = replication
        self.purpose = purpose
        self.key = SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// 128 random bits for (entity, draw).
    @inline(__always)
    public func bits(entity: UInt32, draw: UInt32) -> SIMD4<UInt32> {
        Philox4x32.block(SIMD4(entity, draw, replication, purpose.rawValue), key: key)
    }

    /// Two independent uniforms on the open interval (0, 1), each with 53 random bits.
    @inline(__always)
    public func uniformPair(entity: Int, draw: Int) -> (Double, Double) {
        let b = bits(entity: UInt32(truncatingIfNeeded: entity), draw: UInt32(truncatingIfNeeded: draw))
        let u = (UInt64(b[0]) << 32 | UInt64(b[1])) >> 11
        let v = (UInt64(b[2]) << 32 | UInt64(b[3])) >> 11
        // (k + 0.5) / 2^53 is never 0; for k = 2^53 − 1 it rounds to exactly 1, so cap it below 1.
        // Logs of the result are then always finite; every other draw is unchanged.
        let below1 = 1.0.nextDown
        return (min((Double(u) + 0.5) * 0x1p-53, below1), min((Double(v) + 0.5) * 0x1p-53, below1))
    }

    /// One uniform on (0, 1).
    @inline(__always)
    public func uniform(entity: Int, draw: Int) -> Double {
        uniformPair(entity: entity, draw: draw).0
    }

    /// 64 uniformly random bits, for lottery numbers.
    @inline(__always)
    public func word(entity: Int, draw: Int) -> UInt64 {
        let b = bits(entity: UInt32(truncatingIfNeeded: entity), draw: UInt32(truncatingIfNeeded: draw))
        return UInt64(b[0]) << 32 | UInt64(b[1])
    }

    /// Two independent standard normal draws (Box–Muller on one uniform pair).
    @inline(__always)
    public func normalPair(entity: Int, draw: Int) -> (Double, Double) {
        let (u, v) = uniformPair(entity: entity, draw: draw)
        let r = (-2 * log(u)).squareRoot()
        let theta = 2 * Double.pi * v
        return (r * cos(theta), r * sin(theta))
    }

    /// One standard normal draw.
    @inline(__always)
    public func normal(entity: Int, draw: Int) -> Double {
        // normalPair's first value, without the sine its second needs (the compiler keeps both calls).
        let (u, v) = uniformPair(entity: entity, draw: draw)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
