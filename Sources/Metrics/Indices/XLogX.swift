#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// x·ln x with 0·ln 0 = 0, from a table for whole numbers below 65,536 and `log` otherwise.
///
/// Pupil counts are whole numbers, and every entropy in the segregation indices can be written with
/// x ln x of counts: Eᵢ = ln Tᵢ − (Σₖ nᵢₖ ln nᵢₖ)/Tᵢ. The table removes the logarithms from the
/// inner loops; its values are exactly those `log` gives.
enum XLogX {
    static let tableSize = 65_536
    private static let table: [Double] = (0..<tableSize).map { $0 == 0 ? 0 : Double($0) * log(Double($0)) }

    /// A reader holding the table, to hoist the lazy-global check out of hot loops.
    struct Reader {
        let table: UnsafeBufferPointer<Double>

        @inline(__always)
        func callAsFunction(_ x: Double) -> Double {
            let k = Int(exactly: x) ?? -1
            if k >= 0 && k < table.count { return table[k] }
            return x > 0 ? x * log(x) : 0
        }
    }

    static func withReader<R>(_ body: (Reader) -> R) -> R {
        table.withUnsafeBufferPointer { body(Reader(table: $0)) }
    }
}
