/// The paired differences (variant − base) of the headline figures, drawn as points with 95%
/// intervals on three scales (percentage points, km, index points), and every region figure of
/// differences.csv in a table.
enum DifferencesPanel {
    typealias Pick = (metric: String, attribute: String, category: String, label: String)

    static let access: [Pick] = [
        ("first_preference_share", "", "", "first preference, all"), ("first_preference_share", "fsm", "fsm", "first preference, FSM"),
        ("first_preference_share", "fsm", "non_fsm", "first preference, not FSM"), ("any_preference_share", "", "", "any preference, all"),
        ("any_preference_share", "fsm", "fsm", "any preference, FSM"), ("any_preference_share", "fsm", "non_fsm", "any preference, not FSM"),
    ]
    static let distance: [Pick] = [
        ("mean_distance_km", "", "", "mean distance, all"), ("mean_distance_km", "fsm", "fsm", "mean distance, FSM"),
        ("mean_distance_km", "fsm", "non_fsm", "mean distance, not FSM"), ("p90_distance_km", "", "", "90th percentile distance, all"),
    ]
    static let segregation: [Pick] = [
        ("dissimilarity", "fsm", "fsm", "FSM dissimilarity D"), ("gorard", "fsm", "fsm", "FSM Gorard GS"),
        ("isolation", "fsm", "fsm", "FSM isolation"), ("theil_h", "fsm", "fsm", "FSM Theil H"),
    ]

    static func rows(_ differences: [ComparisonOutputs.Difference], _ picks: [Pick]) -> [DivergingChart.Row] {
        picks.compactMap { pick in
            differences.first { $0.key.scope == "region" && $0.key.metric == pick.metric && $0.key.attribute == pick.attribute
                && $0.key.category == pick.category && $0.key.unit.isEmpty }
                .map { DivergingChart.Row(label: pick.label, value: $0.difference, low: $0.ciLow, high: $0.ciHigh,
                                          direction: MetricDirection.of(metric: pick.metric)) }
        }
    }

    static func html(_ differences: [ComparisonOutputs.Difference]) -> String {
        var out = ""
        for (title, picks, axis, scale, decimals) in [
            ("Access", access, "difference (percentage points)", 100.0, 1), ("Distance", distance, "difference (km)", 1.0, 2),
            ("FSM segregation", segregation, "difference (index points)", 1.0, 3),
        ] {
            let rows = rows(differences, picks)
            guard !rows.isEmpty else { continue }
            out += "<h3>\(title)</h3>" + Page.figure(DivergingChart(rows: rows, axisTitle: axis, className: "difference-point", points: true,
                                                                     scale: scale, decimals: decimals).svg(label: "\(title): differences from the base"))
        }
        out += DivergingChart.legend
        let table = differences.filter { $0.key.scope != "school" }.map { d -> [String] in
            [d.key.scope, d.key.metric, d.key.attribute, d.key.category, d.key.unit, Markup.number(d.base, 4), Markup.number(d.variantMean, 4),
             Markup.number(d.difference, 4), Markup.number(d.ciLow, 4), Markup.number(d.ciHigh, 4), String(d.replications)]
        }
        out += DataTable(caption: "Differences, variant − base (shares are fractions 0–1; distances km)",
                         headers: ["scope", "metric", "attribute", "category", "unit", "base", "variant", "difference", "95% CI low", "95% CI high", "replications"],
                         rows: table, textColumns: [0, 1, 2, 3, 4]).html
        return out
    }
}
