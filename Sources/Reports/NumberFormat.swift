import Foundation

/// Number formatting shared by every output, so files are byte-identical across runs and machines.
enum NumberFormat {
    /// Shortest text that reads back as the same Double (Swift's round-trip description); empty for nil.
    static func exact(_ v: Double?) -> String {
        guard let v else { return "" }
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    /// Fixed decimals for people to read.
    static func fixed(_ v: Double?, _ decimals: Int) -> String {
        guard let v else { return "–" }
        return String(format: "%.\(decimals)f", v)
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csv(_ s: String) -> String {
        // Bytes, not Characters: grapheme breaking made this a tenth of writing a national run.
        if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
