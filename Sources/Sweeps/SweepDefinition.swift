import Foundation

/// What every run of a sweep shares, so that runs of two plans (or of one plan before and after it
/// grew) mean the same thing: the base scenario's settings, the parameters' names in order, and
/// what each value label sets. Seeds and the lists of values are not part of it: adding seeds or
/// values adds runs without changing the old ones, so databases of such plans resume and merge.
public struct SweepDefinition: Sendable, Equatable {
    /// The base scenario's fixed settings as `path = value` lines, in document order: the scenario
    /// after its `extends:` chain, with the plan's replications laid over it, without its seed (each
    /// run has its own) and with fields every value of a parameter sets shown as `(swept)`.
    public var baseSettings: [String]
    public var parameterNames: [String]
    /// Per parameter, value label → what it sets (`path = value; …`).
    public var values: [String: [String: String]]

    public init(baseSettings: [String], parameterNames: [String], values: [String: [String: String]]) {
        self.baseSettings = baseSettings
        self.parameterNames = parameterNames
        self.values = values
    }

    /// One line naming the first difference that makes runs of `other` mean something else than
    /// runs of this definition with the same identity, or nil when they are compatible (the same
    /// base settings and parameters, and every label both define set alike). `mine` and `theirs`
    /// say where each came from, e.g. "in out/a.db" and "in the plan".
    public func incompatibility(with other: SweepDefinition, mine: String, theirs: String) -> String? {
        if baseSettings != other.baseSettings {
            let a = Self.settings(baseSettings), b = Self.settings(other.baseSettings)
            let paths = Self.orderedPaths(baseSettings, other.baseSettings)
            let differing = paths.filter { a[$0] != b[$0] }
            if let first = differing.first {
                let more = differing.count > 1 ? " (and \(differing.count - 1) other setting(s))" : ""
                let marker = " (file content "
                if let x = a[first], let y = b[first], let rx = x.range(of: marker), let ry = y.range(of: marker),
                   x[..<rx.lowerBound] == y[..<ry.lowerBound] {
                    return "the base scenario differs at \(first): the file \(Self.clip(String(x[..<rx.lowerBound]))) "
                        + "has other content \(theirs) than \(mine)\(more)"
                }
                return "the base scenario differs at \(first): \(Self.clip(a[first] ?? "(not set)")) \(mine), "
                    + "\(Self.clip(b[first] ?? "(not set)")) \(theirs)\(more)"
            }
            return "the base scenario's settings are in a different order \(mine) and \(theirs)"
        }
        if parameterNames != other.parameterNames {
            return "the parameters differ: \(Self.list(parameterNames)) \(mine), \(Self.list(other.parameterNames)) \(theirs)"
        }
        for name in parameterNames {
            let a = values[name] ?? [:], b = other.values[name] ?? [:]
            for label in a.keys.sorted() {
                if let theirsDefinition = b[label], theirsDefinition != a[label] {
                    return "parameter '\(name)' value '\(Self.clip(label))' sets \(Self.clip(a[label]!)) \(mine), "
                        + "\(Self.clip(theirsDefinition)) \(theirs)"
                }
            }
        }
        return nil
    }

    /// This definition with `other`'s value labels added (call only when they are compatible).
    public func union(_ other: SweepDefinition) -> SweepDefinition {
        var merged = self
        for (name, labels) in other.values {
            merged.values[name, default: [:]].merge(labels) { mine, _ in mine }
        }
        return merged
    }

    /// A `path = value` line's path and value.
    static func split(_ line: String) -> (path: String, value: String) {
        guard let r = line.range(of: " = ") else { return (line, "") }
        return (String(line[..<r.lowerBound]), String(line[r.upperBound...]))
    }

    static func settings(_ lines: [String]) -> [String: String] {
        var d: [String: String] = [:]
        for line in lines { let (p, v) = split(line); d[p] = v }
        return d
    }

    static func orderedPaths(_ a: [String], _ b: [String]) -> [String] {
        var seen: Set<String> = []
        return (a + b).map { split($0).path }.filter { seen.insert($0).inserted }
    }

    static func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }

    /// Keeps a message to one short line whatever the values hold: the start and the end of a
    /// long value (where a file's content hash is).
    static func clip(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 64 ? String(flat.prefix(24)) + "…" + String(flat.suffix(39)) : flat
    }
}
