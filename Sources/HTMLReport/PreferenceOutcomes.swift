/// What each group of applicants was offered: their first, second, … preference, an
/// administrative place at a school they did not list, or nothing, as stacked bars summing to 100%.
enum PreferenceOutcomes {
    static let labelWidth = 230.0, plotWidth = 520.0, rowHeight = 26.0

    /// The outcomes in order: (unit in metrics.csv, label, colour).
    static func outcomes(_ run: RunOutputs) -> [(unit: String, label: String, colour: String)] {
        let n = run.scenario.listLength
        let ranks = (1...max(1, n)).map { k -> (String, String, String) in
            ("preference=\(k)", ordinal(k) + " preference", Palette.viridis(n == 1 ? 0.2 : 0.15 + 0.7 * Double(k - 1) / Double(n - 1)))
        }
        return ranks + [("administrative", "administrative place", Palette.orange), ("unplaced", "unplaced", Palette.vermillion)]
    }

    static func ordinal(_ k: Int) -> String {
        let suffix = (11...13).contains(k % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][k % 10] ?? "th"
        return "\(k)\(suffix)"
    }

    static func share(_ run: RunOutputs, _ group: (label: String, attribute: String, category: String), _ unit: String) -> Figure? {
        run.figure(FigureKey("region", "offer_share", attribute: group.attribute, category: group.category, unit: unit))
    }

    static func svg(_ run: RunOutputs) -> String {
        let groups = AccessGroups.all
        let plotTop = 6.0, plotBottom = plotTop + Double(groups.count) * rowHeight
        var canvas = SVGCanvas(width: labelWidth + plotWidth + 20, height: plotBottom + 44)
        let x = LinearScale(domain: (0, 1), range: (labelWidth, labelWidth + plotWidth))
        canvas.valueAxis(x, y: plotBottom, top: plotTop, title: "share of applicants (%)", decimals: 0, scaleLabel: 100)
        let outcomes = outcomes(run)
        canvas.group(className: "bars")
        for (row, group) in groups.enumerated() {
            let y = plotTop + Double(row) * rowHeight
            canvas.text(group.label, x: labelWidth - 6, y: y + rowHeight * 0.62, anchor: .end, size: 11)
            var start = 0.0
            for outcome in outcomes {
                let v = share(run, group, outcome.unit)?.mean ?? 0
                guard v > 0 else { continue }
                canvas.rect(x: x(start), y: y + 3, width: x(start + v) - x(start), height: rowHeight - 6, fill: outcome.colour,
                            className: "outcome-bar", title: "\(group.label): \(outcome.label) \(Markup.percent(v))")
                start += v
            }
        }
        canvas.endGroup()
        return canvas.svg(label: "Preference outcomes by group")
    }

    static func html(_ run: RunOutputs) -> String {
        guard run.figure(FigureKey("region", "offer_share", unit: "preference=1")) != nil else {
            return "<p class=\"note\">This run's metrics.csv has no offer_share figures (it was written by an earlier version of FairPlaces).</p>"
        }
        let outcomes = outcomes(run)
        let legend = Legend(title: "Offered", items: outcomes.map { ($0.colour, $0.label, .square) }).html
        let rows = AccessGroups.all.map { group in
            [group.label] + outcomes.map { Markup.number(share(run, group, $0.unit)?.mean.map { $0 * 100 }, 1) }
        }
        let ciRows = AccessGroups.all.map { group in
            [group.label] + outcomes.map { Markup.interval(share(run, group, $0.unit), scale: 100, decimals: 1) }
        }
        return Page.figure(svg(run), legend: legend, note: "Applicants exclude pupils placed by an EHC plan.")
            + DataTable(caption: "Share of applicants offered each outcome (%)", headers: ["group"] + outcomes.map(\.label), rows: rows).html
            + DataTable(caption: "95% confidence intervals (%)", headers: ["group"] + outcomes.map(\.label), rows: ciRows).html
    }
}
