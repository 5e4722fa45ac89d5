/// Writes JSON text directly, pretty-printed with sorted keys as the caller orders them.
///
/// `metrics.json` of a national run holds 150,000 figures (46 MB). Foundation's JSONEncoder took
/// 2 s of a 5 s run to encode them through Codable's containers; appending to a `String` scalar by
/// scalar still took 1.7 s, and a `String` per number and a line's indentation space by space
/// another 0.5 s. The writer appends UTF-8 bytes (`ByteText`), copying a string whole when it needs
/// no escape (almost every value); keys are the callers' literals, copied as they are. Callers
/// write keys in sorted order, so files stay byte-identical across runs.
struct JSONWriter {
    private var out: ByteText
    private var depth = 0
    /// Whether the current container already has an element (so the next needs a comma).
    private var hasElement: [Bool] = [false]
    /// A line break and the indentation of the deepest level so far: a new line at depth d copies
    /// its first 1 + 2d bytes.
    private var indentation: [UInt8] = [UInt8(ascii: "\n")]

    init(reservingCapacity capacity: Int = 0) { out = ByteText(reservingCapacity: capacity) }

    /// A writer appending to `output` (e.g. one emptied into a file chunk by chunk).
    init(output: ByteText) { out = output }

    /// The document's UTF-8 bytes (those not yet handed to a sink).
    var bytes: [UInt8] { out.bytes }

    /// The text written to, for the caller to finish.
    var output: ByteText { out }

    /// Where an element ends: see `ByteText.flushIfFull`.
    mutating func flushIfFull() { out.flushIfFull() }

    mutating func beginObject(_ key: StaticString? = nil) { open(key, UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray(_ key: StaticString? = nil) { open(key, UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    mutating func string(_ key: StaticString?, _ value: String?) {
        member(key)
        if let value { appendQuoted(value) } else { append("null") }
    }
    mutating func number(_ key: StaticString?, _ value: Double?) { member(key); appendNumber(value) }
    mutating func int(_ key: StaticString?, _ value: Int) { member(key); out.append(int: value) }
    mutating func bool(_ key: StaticString?, _ value: Bool) { member(key); append(value ? "true" : "false") }

    /// A value already written as JSON (e.g. a UInt64 seed, beyond Int's range).
    mutating func element(_ key: StaticString?, _ json: String) { member(key); append(json) }

    /// An array of numbers on one line (a pair such as an interval), or null.
    mutating func numbers(_ key: StaticString?, _ values: [Double?]?, inline: Bool) {
        guard let values else { member(key); append("null"); return }
        if inline {
            numbers(key, count: values.count) { values[$0] }
        } else {
            beginArray(key)
            for v in values { number(nil, v) }
            endArray()
        }
    }

    /// `count` numbers on one line, the k-th being `value(k)`: the same text as the array form,
    /// without an array per figure (metrics.json has three arrays for each of 150,000 figures).
    mutating func numbers(_ key: StaticString?, count: Int, _ value: (Int) -> Double?) {
        member(key)
        out.append(byte: UInt8(ascii: "["))
        for k in 0..<count {
            if k > 0 { out.append(", " as StaticString) }
            appendNumber(value(k))
        }
        out.append(byte: UInt8(ascii: "]"))
    }

    // MARK: - Layout

    /// Keys are literals in the callers (so a figure's dozen keys are not a dozen `String`s to take
    /// apart again), and none needs escaping.
    private mutating func member(_ key: StaticString?) {
        separator()
        if let key {
            out.append(byte: UInt8(ascii: "\""))
            out.append(key)
            out.append("\" : " as StaticString)
        }
    }

    private mutating func open(_ key: StaticString?, _ bracket: UInt8) {
        member(key)
        out.append(byte: bracket)
        depth += 1
        hasElement.append(false)
        if indentation.count < 1 + 2 * depth { indentation += [UInt8(ascii: " "), UInt8(ascii: " ")] }
    }

    private mutating func close(_ bracket: UInt8) {
        let had = hasElement.removeLast()
        depth -= 1
        if had { newline() }
        out.append(byte: bracket)
        if depth == 0 { out.append(byte: UInt8(ascii: "\n")) }
    }

    private mutating func separator() {
        if hasElement[hasElement.count - 1] { out.append(byte: UInt8(ascii: ",")) }
        if depth > 0 { newline() }
        hasElement[hasElement.count - 1] = true
    }

    private mutating func newline() {
        let depth = depth
        indentation.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(rebasing: $0[0 ..< 1 + 2 * depth])) }
    }

    private mutating func append(_ s: String) { out.append(s) }

    /// `number(v)`'s text, or null.
    private mutating func appendNumber(_ v: Double?) {
        if let v { out.append(exact: v) } else { out.append("null" as StaticString) }
    }

    /// Shortest text that reads back as the same Double; whole numbers without a decimal point
    /// (what `appendNumber` writes, through `ByteText.append(exact:)`).
    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    private mutating func appendQuoted(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            out.append(byte: UInt8(ascii: "\""))
            // Quotes, backslashes and control characters are the only bytes JSON escapes; any
            // other byte, multi-byte UTF-8 included, is copied as it is.
            if !Self.needsEscape(utf8) {
                out.append(utf8)
            } else {
                for b in utf8 {
                    switch b {
                    case UInt8(ascii: "\""): append("\\\"")
                    case UInt8(ascii: "\\"): append("\\\\")
                    case UInt8(ascii: "\n"): append("\\n")
                    case UInt8(ascii: "\r"): append("\\r")
                    case UInt8(ascii: "\t"): append("\\t")
                    case 0..<0x20:
                        let hex = String(b, radix: 16)
                        append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                    default: out.append(byte: b)
                    }
                }
            }
            out.append(byte: UInt8(ascii: "\""))
        }
    }

    /// Whether any byte is a quote, a backslash or a control character, looked for eight bytes at a
    /// time: a byte by byte scan of every string was a tenth of writing metrics.json.
    static func needsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let n = utf8.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // (x - ones·c) & ~x & highs is nonzero exactly when some byte of x is below c (c ≤ 0x80);
        // a byte equal to c is a zero byte of x ^ ones·c.
        @inline(__always) func hasByteBelow(_ x: UInt64, _ c: UInt64) -> Bool { (x &- ones &* c) & ~x & highs != 0 }
        var i = 0
        while i + 8 <= n {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if hasByteBelow(w, 0x20) || hasByteBelow(w ^ (ones &* 0x22), 1) || hasByteBelow(w ^ (ones &* 0x5C), 1) { return true }
            i += 8
        }
        while i < n {
            let b = base[i]
            if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return true }
            i += 1
        }
        return false
    }
}
