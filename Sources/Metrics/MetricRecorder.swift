/// Where a figure belongs.
public enum MetricScope: String, Sendable, CaseIterable {
    /// The whole region under the simulated allocation.
    case region
    /// The whole region if every pupil attended their nearest school (the residential counterfactual).
    case nearest
    /// One school (the unit is its id).
    case school
}

/// Names one figure: e.g. (region, dissimilarity, fsm, fsm, "") or (school, share, idaci_quintile,
/// idaci_q1, "S12"). Attribute, category and unit are empty where they do not apply.
public struct MetricKey: Hashable, Sendable, Comparable {
    public var scope: MetricScope
    public var metric: String
    public var attribute: String
    public var category: String
    /// The school, cluster of schools, or curve point the figure is for.
    public var unit: String

    public init(_ scope: MetricScope, _ metric: String, attribute: String = "", category: String = "", unit: String = "") {
        self.scope = scope
        self.metric = metric
        self.attribute = attribute
        self.category = category
        self.unit = unit
    }

    public static func < (a: MetricKey, b: MetricKey) -> Bool {
        (a.scope.rawValue, a.metric, a.attribute, a.category, a.unit) < (b.scope.rawValue, b.metric, b.attribute, b.category, b.unit)
    }
}

/// Collects one replication's figures in a fixed order. The order depends only on the
/// configuration and the region, never on the values (undefined figures are recorded as nil), so
/// the first replication's keys describe every replication's values.
public struct MetricRecorder: Sendable {
    /// Keys, collected only when asked (the first replication); other replications store values only.
    public private(set) var keys: [MetricKey]?
    public private(set) var values: [Double?] = []

    public init(collectKeys: Bool) {
        keys = collectKeys ? [] : nil
    }

    @inline(__always)
    public mutating func record(_ scope: MetricScope, _ metric: String, attribute: String = "", category: String = "",
                                unit: String = "", _ value: Double?) {
        keys?.append(MetricKey(scope, metric, attribute: attribute, category: category, unit: unit))
        values.append(value.flatMap { $0.isFinite ? $0 : nil })
    }
}
