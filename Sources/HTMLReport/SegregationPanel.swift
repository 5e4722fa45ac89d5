/// Segregation indices with their 95% intervals, under the simulated allocation and if every pupil
/// attended their nearest school (the sorting that housing alone would produce).
enum SegregationPanel {
    static let labelWidth = 230.0, plotWidth = 520.0, rowHeight = 26.0

    static let indices: [(metric: String, label: String)] = [
        ("dissimilarity", "Dissimilarity D"), ("gorard", "Gorard GS"), ("isolation", "Isolation"),
        ("correlation_ratio", "Correlation ratio η²"), ("theil_h", "Theil H"), ("hutchens", "Hutchens S"), ("gini", "Gini"),
    ]

    static func attributeWords(_ attribute: String, _ category: String) -> String {
        switch (attribute, category) {
        case ("fsm", _): return "FSM pupils"
        case ("disadvantaged", _): return "disadvantaged pupils"
        case ("low_attainment", _): return "low-attaining pupils"
        default: return "\(attribute.replacingOccurrences(of: "_", with: " ")): \(category.replacingOccurrences(of: "_", with: " "))"
        }
    }

    /// The two-group attributes measured (attribute, group category), in metrics.csv's order.
    static func groups(_ run: RunOutputs) -> [(String, String)] {
        var seen: Set<String> = [], out: [(String, String)] = []
        for key in run.figureOrder where key.scope == "region" && key.metric == "dissimilarity" && seen.insert(key.attribute).inserted {
            out.append((key.attribute, key.category))
        }
        return out
    }

    static func svg(_ run: RunOutputs, attribute: String, category: String) -> String {
        let plotTop = 6.0, plotBottom = plotTop + Double(indices.count) * rowHeight
        var canvas = SVGCanvas(width: labelWidth + plotWidth + 20, height: plotBottom + 44)
        let largest = indices.flatMap { index in ["region", "nearest"].compactMap { scope in
            run.figure(FigureKey(scope, index.metric, attribute: attribute, category: category)).flatMap { $0.ciHigh ?? $0.mean } } }.max() ?? 0
        let x = LinearScale(domain: (0, min(1, LinearScale.niceCeiling(max(0.05, largest)))), range: (labelWidth, labelWidth + plotWidth))
        canvas.valueAxis(x, y: plotBottom, top: plotTop, title: "index value (0 = even spread, 1 = complete separation)", decimals: 2)
        canvas.group(className: "points")
        for (row, index) in indices.enumerated() {
            let y = plotTop + Double(row) * rowHeight
            canvas.text(index.label, x: labelWidth - 6, y: y + rowHeight * 0.62, anchor: .end, size: 11)
            for (scope, colour, dy) in [("region", Palette.blue, 0.35), ("nearest", Palette.orange, 0.68)] {
                guard let f = run.figure(FigureKey(scope, index.metric, attribute: attribute, category: category)), let mean = f.mean else { continue }
                let cy = y + rowHeight * dy
                if let low = f.ciLow, let high = f.ciHigh, high > low {
                    canvas.line(x1: x(low), y1: cy, x2: x(high), y2: cy, stroke: colour, width: 1.5, className: "ci")
                }
                canvas.circle(cx: x(mean), cy: cy, r: 4.5, fill: colour, className: "index-point",
                              title: "\(index.label), \(scope == "region" ? "allocation" : "nearest school"): \(Markup.number(mean, 3)) \(Markup.interval(f, decimals: 3))")
            }
        }
        canvas.endGroup()
        return canvas.svg(label: "Segregation of \(attributeWords(attribute, category)) across schools")
    }

    static func html(_ run: RunOutputs) -> String {
        var out = ""
        let legend = Legend(title: "", items: [(Palette.blue, "simulated allocation", .circle),
                                               (Palette.orange, "if every pupil attended their nearest school", .circle),
                                               ("#555", "95% confidence interval", .whisker)]).html
        var rows: [[String]] = []
        for (n, (attribute, category)) in groups(run).enumerated() {
            if n == 0 {
                out += "<h3>\(Markup.escape(attributeWords(attribute, category).prefix(1).uppercased() + attributeWords(attribute, category).dropFirst()))</h3>"
                out += Page.figure(svg(run, attribute: attribute, category: category), legend: legend)
            }
            for index in indices + [("pupils_to_move", "Pupils who would have to move for an even spread")] {
                let a = run.figure(FigureKey("region", index.0, attribute: attribute, category: category))
                let b = run.figure(FigureKey("nearest", index.0, attribute: attribute, category: category))
                guard a != nil || b != nil else { continue }
                let decimals = index.0 == "pupils_to_move" ? 1 : 3
                rows.append([attributeWords(attribute, category), index.1, Markup.number(a?.mean, decimals), Markup.interval(a, decimals: decimals),
                             Markup.number(b?.mean, decimals), Markup.interval(b, decimals: decimals)])
            }
        }
        // Multi-group indices (IDACI quintiles, attainment bands, …).
        for key in run.figureOrder where key.scope == "region" && key.metric == "theil_h_multigroup" {
            for (metric, label) in [("mutual_information", "Mutual information M (nats)"), ("theil_h_multigroup", "Theil H, all categories")] {
                let a = run.figure(FigureKey("region", metric, attribute: key.attribute))
                let b = run.figure(FigureKey("nearest", metric, attribute: key.attribute))
                rows.append([key.attribute.replacingOccurrences(of: "_", with: " "), label, Markup.number(a?.mean, 4), Markup.interval(a, decimals: 4),
                             Markup.number(b?.mean, 4), Markup.interval(b, decimals: 4)])
            }
        }
        out += DataTable(caption: "Segregation indices", headers: ["pupils", "index", "allocation", "95% CI", "nearest school", "95% CI"],
                         rows: rows, textColumns: [0, 1]).html
        return out
    }
}
