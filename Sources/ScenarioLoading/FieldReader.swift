import FairPlacesCore

/// Reads a mapping node field by field, rejecting keys it does not know, so a misspelt field is an
/// error at its own line rather than a silently ignored setting.
struct FieldReader {
    let node: ScenarioNode
    private let entries: [(key: String, node: ScenarioNode)]

    init(_ node: ScenarioNode, allowed: [String]) throws {
        guard case .mapping(let entries) = node.value else {
            throw node.error("expected a mapping with fields \(allowed.joined(separator: ", "))")
        }
        for (key, child) in entries where !allowed.contains(key) {
            throw child.keyError("unknown field '\(key)'; expected one of: \(allowed.joined(separator: ", "))")
        }
        self.node = node
        self.entries = entries
    }

    func has(_ key: String) -> Bool { self[key] != nil }

    subscript(_ key: String) -> ScenarioNode? {
        entries.first { $0.key == key }.flatMap { entry in
            if case .null = entry.node.value { return nil }
            return entry.node
        }
    }

    func require(_ key: String) throws -> ScenarioNode {
        guard let child = self[key] else {
            var e = node.error("the field '\(key)' is required")
            e.field = node.path.isEmpty ? key : "\(node.path).\(key)"
            throw e
        }
        return child
    }

    func double(_ key: String, default fallback: Double, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard let child = self[key] else { return fallback }
        return try child.double(in: range)
    }

    func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard let child = self[key] else { return fallback }
        return try child.int(in: range)
    }

    func string(_ key: String, default fallback: String) throws -> String {
        guard let child = self[key] else { return fallback }
        return try child.string()
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let child = self[key] else { return fallback }
        return try child.bool()
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T) throws -> T where T.RawValue == String {
        guard let child = self[key] else { return fallback }
        return try child.choice(T.self)
    }
}

extension ScenarioNode {
    func string() throws -> String {
        guard case .scalar(let s) = value else { throw error("expected a single value") }
        return s
    }

    func double(in range: ClosedRange<Double>? = nil) throws -> Double {
        let s = try string()
        guard let v = Double(s), v.isFinite else { throw error("expected a number, got '\(s)'") }
        if let range, !range.contains(v) {
            throw error("must be between \(format(range.lowerBound)) and \(format(range.upperBound)), got \(s)")
        }
        return v
    }

    func int(in range: ClosedRange<Int>? = nil) throws -> Int {
        let s = try string()
        guard let v = Int(s) else { throw error("expected a whole number, got '\(s)'") }
        if let range, !range.contains(v) {
            let upper = range.upperBound == Int.max ? "" : " and at most \(range.upperBound)"
            throw error("must be at least \(range.lowerBound)\(upper), got \(s)")
        }
        return v
    }

    func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let s: throw error("expected true or false, got '\(s)'")
        }
    }

    func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws -> T where T.RawValue == String {
        let s = try string()
        guard let v = T(rawValue: s) else {
            throw error("unknown value '\(s)'; expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }

    func sequence() throws -> [ScenarioNode] {
        guard case .sequence(let items) = value else { throw error("expected a list") }
        return items
    }

    func mappingEntries() throws -> [(key: String, node: ScenarioNode)] {
        guard case .mapping(let entries) = value else { throw error("expected a mapping") }
        return entries
    }

    /// Coordinates in km: anything on Earth in any projected system is well inside, and squared
    /// distances between such points never overflow to infinity.
    static let coordinateRange = -100_000.0...100_000.0

    /// A point written `[x, y]` in km.
    func point() throws -> Point {
        let items = try sequence()
        guard items.count == 2 else { throw error("expected [x, y] in km") }
        return Point(x: try items[0].double(in: Self.coordinateRange), y: try items[1].double(in: Self.coordinateRange))
    }

    private func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
