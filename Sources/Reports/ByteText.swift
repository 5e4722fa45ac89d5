/// An output file's UTF-8 bytes, appended in place.
///
/// A national run writes 66 MB (150,000 figures, each in metrics.json, metrics.csv and, for
/// schools, schools.csv). Built as `String`s, every number was a `String` of its own and every
/// append went through the string machinery: 1.1 s of a 3.7 s run. Here a number's text is copied
/// straight into one preallocated array, and the file is written from that array as it is.
struct ByteText {
    private(set) var bytes: [UInt8] = []
    /// The last non-whole number written and its text: a figure's mean, interval bounds and
    /// per-replication value are usually the same number (one replication makes them all equal),
    /// so it is turned into text once.
    private var cachedBits: UInt64 = 0
    private var cached: [UInt8] = []

    init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    @inline(__always)
    mutating func append(byte: UInt8) { bytes.append(byte) }

    mutating func append(_ chunk: [UInt8]) { bytes.append(contentsOf: chunk) }

    mutating func append(_ chunk: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: chunk) }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Decimal digits of `v`, as `String(v)` writes them.
    mutating func append(int v: Int) {
        if v >= 0 && v < 10 { bytes.append(UInt8(ascii: "0") + UInt8(v)); return }
        // 20 digits and a sign hold any Int; digits are written backwards from the end.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { buffer in
            var magnitude = v.magnitude
            var k = 21
            repeat {
                k -= 1
                buffer[k] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if v < 0 { k -= 1; buffer[k] = UInt8(ascii: "-") }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[k...]))
        }
    }

    /// `NumberFormat.exact(v)`: whole numbers without a decimal point, any other value as the
    /// shortest text that reads back as the same Double; nothing for nil.
    mutating func append(exact v: Double?) {
        guard let v else { return }
        if v == v.rounded() && abs(v) < 1e15 { append(int: Int(v)); return }
        if v.bitPattern != cachedBits || cached.isEmpty {
            cachedBits = v.bitPattern
            cached.removeAll(keepingCapacity: true)
            var text = v.description
            text.withUTF8 { cached.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: cached)
    }

    /// `NumberFormat.csv(s)`: the field as it is, or quoted when it holds a comma, quote or line break.
    mutating func append(csv s: String) {
        var s = s
        let plain = s.withUTF8 { utf8 -> Bool in
            if utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain { append(NumberFormat.csv(s)) }
    }
}
