import Foundation

/// Text and numbers as they appear in the report. Fixed decimals with a point (never the locale's
/// separator), so the same outputs always give the same bytes.
enum Markup {
    /// Escapes text for HTML and SVG content and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate or length: at most two decimals, trailing zeros dropped.
    static func coordinate(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        if r == r.rounded() && abs(r) < 1e15 { return String(Int(r)) }
        var s = String(format: "%.2f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// A number with `decimals` decimals, or an en dash when undefined; minus signs as U+2212.
    static func number(_ v: Double?, _ decimals: Int) -> String {
        guard let v, v.isFinite else { return "–" }
        var s = String(format: "%.\(decimals)f", v)
        if s.hasPrefix("-") {
            s.removeFirst()
            if s.contains(where: { $0 != "0" && $0 != "." }) { s = "−" + s }
        }
        return s
    }

    /// A share (0–1) as a percentage with one decimal.
    static func percent(_ v: Double?) -> String { v == nil ? "–" : number(v! * 100, 1) + "%" }

    /// A figure's 95% interval as "[low, high]", scaled, or empty when not known.
    static func interval(_ f: Figure?, scale: Double = 1, decimals: Int) -> String {
        guard let f, let low = f.ciLow, let high = f.ciHigh else { return "" }
        return "[" + number(low * scale, decimals) + ", " + number(high * scale, decimals) + "]"
    }

    /// Whole pounds with thousands separators.
    static func pounds(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "–" }
        let n = Int(abs(v).rounded())
        var digits = String(n), grouped = ""
        while digits.count > 3 { grouped = "," + digits.suffix(3) + grouped; digits.removeLast(3) }
        return (v < 0 && n != 0 ? "−" : "") + "£" + digits + grouped
    }
}
