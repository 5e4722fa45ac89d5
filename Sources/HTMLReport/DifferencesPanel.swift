/// The paired differences (variant − base) of the headline figures, drawn as points with 95%
/// intervals on three scales (percentage points, km, index points), and the region figures over
/// all pupils and by FSM status in a table (the rest stay in differences.csv, which the page names).
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

    /// Whether a row goes in the page's table: a region or nearest-school figure over all pupils or
    /// by FSM status, not per unit (school type, district).
    static func inTable(_ d: ComparisonOutputs.Difference) -> Bool {
        d.key.scope != "school" && d.key.unit.isEmpty && (d.key.attribute.isEmpty || d.key.attribute == "fsm")
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
        // The table holds the whole-cohort and FSM figures only: a county's differences.csv has 800
        // rows of other groups and districts, pages of print that belong in the file.
        let tabled = differences.filter(inTable)
        let table = tabled.map { d -> [String] in
            [d.key.scope, d.key.metric, d.key.attribute, d.key.category, d.key.unit, Markup.number(d.base, 4), Markup.number(d.variantMean, 4),
             Markup.number(d.difference, 4), Markup.number(d.ciLow, 4), Markup.number(d.ciHigh, 4), String(d.replications)]
        }
        out += DataTable(caption: "Differences, variant − base (shares are fractions 0–1; distances km)",
                         headers: ["scope", "metric", "attribute", "category", "unit", "base", "variant", "difference", "95% CI low", "95% CI high", "replications"],
                         rows: table, textColumns: [0, 1, 2, 3, 4]).html
        let left = differences.filter { $0.key.scope != "school" }.count - tabled.count
        if left > 0 {
            out += "<p class=\"note\">The other \(left) region figures (other pupil groups, school groupings) are in differences.csv, "
                + "with every school's figures.</p>"
        }
        return out
    }
}
