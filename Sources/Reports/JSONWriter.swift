/// Writes JSON text directly, pretty-printed with sorted keys as the caller orders them.
///
/// `metrics.json` of a national run holds 150,000 figures; Foundation's JSONEncoder took 2 s of a
/// 5 s run to encode them through Codable's containers, while appending to one string takes a
/// tenth of that. Callers write keys in sorted order, so files stay byte-identical across runs.
struct JSONWriter {
    private(set) var text = ""
    private var depth = 0
    /// Whether the current container already has an element (so the next needs a comma).
    private var hasElement: [Bool] = [false]

    init(reservingCapacity capacity: Int = 0) { text.reserveCapacity(capacity) }

    mutating func beginObject(_ key: String? = nil) { open(key, "{") }
    mutating func endObject() { close("}") }
    mutating func beginArray(_ key: String? = nil) { open(key, "[") }
    mutating func endArray() { close("]") }

    mutating func string(_ key: String?, _ value: String?) { element(key) { $0.append(value.map(Self.quoted) ?? "null") } }
    mutating func number(_ key: String?, _ value: Double?) { element(key) { $0.append(value.map(Self.number) ?? "null") } }
    mutating func int(_ key: String?, _ value: Int) { element(key) { $0.append(String(value)) } }
    mutating func bool(_ key: String?, _ value: Bool) { element(key) { $0.append(value ? "true" : "false") } }

    /// A value already written as JSON (e.g. a UInt64 seed, beyond Int's range).
    mutating func element(_ key: String?, _ json: String) { element(key) { $0.append(json) } }

    /// An array of numbers on one line (a pair such as an interval), or null.
    mutating func numbers(_ key: String?, _ values: [Double?]?, inline: Bool) {
        guard let values else { element(key) { $0.append("null") }; return }
        if inline {
            element(key) { $0.append("[" + values.map { $0.map(Self.number) ?? "null" }.joined(separator: ", ") + "]") }
        } else {
            beginArray(key)
            for v in values { number(nil, v) }
            endArray()
        }
    }

    // MARK: - Layout

    private mutating func element(_ key: String?, _ body: (inout String) -> Void) {
        separator()
        if let key { text.append(Self.quoted(key)); text.append(" : ") }
        body(&text)
    }

    private mutating func open(_ key: String?, _ bracket: String) {
        element(key) { $0.append(bracket) }
        depth += 1
        hasElement.append(false)
    }

    private mutating func close(_ bracket: String) {
        let had = hasElement.removeLast()
        depth -= 1
        if had { newline() }
        text.append(bracket)
        if depth == 0 { text.append("\n") }
    }

    private mutating func separator() {
        if hasElement[hasElement.count - 1] { text.append(",") }
        if depth > 0 { newline() }
        hasElement[hasElement.count - 1] = true
    }

    private mutating func newline() {
        text.append("\n")
        text.append(String(repeating: "  ", count: depth))
    }

    /// Shortest text that reads back as the same Double; whole numbers without a decimal point.
    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
