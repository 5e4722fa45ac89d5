import Metrics

/// The `metrics:` section → `MetricsConfig`.
enum MetricsSection {
    static let fields = ["attributes", "groupings", "atkinson", "tolerance", "low_attainment_share",
                         "attainment_bands", "high_attainment_share", "bootstrap"]

    static func read(_ node: ScenarioNode?) throws -> MetricsConfig {
        var c = MetricsConfig()
        guard let node else { return c }
        let r = try FieldReader(node, allowed: fields)
        if let list = r["attributes"] {
            c.attributes = try unique(list, PupilAttribute.self)
        }
        if let list = r["groupings"] { c.groupings = try unique(list, SchoolGrouping.self) }
        if let list = r["atkinson"] {
            c.atkinsonShapes = try list.sequence().map { item in
                let b = try item.double()
                guard b > 0, b < 1 else { throw item.error("an Atkinson shape must lie strictly between 0 and 1, got \(b)") }
                return b
            }
        }
        c.tolerance = try r.double("tolerance", default: c.tolerance, in: 0...1)
        c.lowAttainmentShare = try r.double("low_attainment_share", default: c.lowAttainmentShare, in: 0...1)
        c.attainmentBands = try r.int("attainment_bands", default: c.attainmentBands, in: 2...20)
        c.highAttainmentShare = try r.double("high_attainment_share", default: c.highAttainmentShare, in: 0...1)
        c.bootstrap = try r.int("bootstrap", default: c.bootstrap, in: 0...100_000)
        return c
    }

    private static func unique<T: RawRepresentable & CaseIterable & Equatable>(_ list: ScenarioNode, _: T.Type) throws -> [T]
    where T.RawValue == String {
        var out: [T] = []
        for item in try list.sequence() {
            let v = try item.choice(T.self)
            if out.contains(v) { throw item.error("'\(v.rawValue)' is listed twice") }
            out.append(v)
        }
        return out
    }
}
