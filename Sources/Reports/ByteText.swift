/// An output file's UTF-8 bytes, appended in place, and handed to a sink (the file) a chunk at a time.
///
/// A national run writes 66 MB (150,000 figures, each in metrics.json, metrics.csv and, for
/// schools, schools.csv). Built as `String`s, every number was a `String` of its own and every
/// append went through the string machinery: 1.1 s of a 3.7 s run. Here a number's text is copied
/// straight into one array. Written to a file, the array is emptied into it whenever a record ends
/// with a chunk's worth in it, so the file is never held whole: 66 MB of fresh pages were a fifth
/// of the run's page faults.
struct ByteText {
    private(set) var bytes: [UInt8] = []
    /// The last non-whole number written and its text: a figure's mean, interval bounds and
    /// per-replication value are usually the same number (one replication makes them all equal),
    /// so it is turned into text once.
    private var cachedBits: UInt64 = 0
    private var cached: [UInt8] = []
    /// Where full chunks go (nil: everything stays in `bytes`); it returns an errno on failure.
    private let sink: ((UnsafeBufferPointer<UInt8>) -> Int32?)?
    private let chunk: Int
    /// The sink's first failure; later bytes are dropped.
    private(set) var failure: Int32? = nil

    /// Bytes kept in memory (`bytes`).
    init(reservingCapacity capacity: Int = 0) {
        sink = nil; chunk = .max
        bytes.reserveCapacity(capacity)
    }

    /// Bytes handed to `sink` in chunks of about `chunk` bytes, the rest by `finish()`.
    init(chunk: Int, sink: @escaping (UnsafeBufferPointer<UInt8>) -> Int32?) {
        self.sink = sink; self.chunk = chunk
        // A record or two past a full chunk before it is emptied.
        bytes.reserveCapacity(chunk + chunk / 4)
    }

    /// Where a record ends: once a chunk is full it goes to the sink (nothing happens in memory).
    @inline(__always)
    mutating func flushIfFull() { if bytes.count >= chunk { flush() } }

    /// Hands what is left to the sink; the sink's first failure, if any.
    mutating func finish() -> Int32? {
        if sink != nil { flush() }
        return failure
    }

    private mutating func flush() {
        guard let sink else { return }
        if failure == nil { failure = bytes.withUnsafeBufferPointer(sink) }
        bytes.removeAll(keepingCapacity: true)
    }

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
            // `write(to:)`, as interpolation in `NumberFormat.exact` (it writes a NaN's sign and
            // payload, `description` does not), straight into the cache: a 17-digit number's
            // `String` was an allocation of its own.
            var sink = ASCIISink(bytes: cached)
            cached = []
            sink.bytes.removeAll(keepingCapacity: true)
            v.write(to: &sink)
            cached = sink.bytes
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

/// Receives a number's text from `Double.write(to:)` as the bytes it formats them into, without the
/// `String` that `TextOutputStream`'s default `_writeASCII` would make of them.
private struct ASCIISink: TextOutputStream {
    var bytes: [UInt8]

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
