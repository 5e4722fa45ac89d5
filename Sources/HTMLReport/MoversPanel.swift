/// Who moves: the share of each group offered a different school under the variant, and among the
/// movers only (never the whole group) how many got a school higher, level or lower on the list
/// they made under the base (movers.csv's `moved_better`, `moved_same`, `moved_worse`).
enum MoversPanel {
    static func groupWords(_ g: String) -> String {
        switch g {
        case "all": return "All pupils"
        case "fsm": return "FSM"
        case "non_fsm": return "Not FSM"
        case "idaci_quintile_1": return "IDACI quintile 1 (most deprived)"
        case "idaci_quintile_5": return "IDACI quintile 5 (least deprived)"
        default:
            if g.hasPrefix("idaci_quintile_") { return "IDACI quintile " + g.dropFirst("idaci_quintile_".count) }
            return g.replacingOccurrences(of: "_", with: " ")
        }
    }

    static let labelWidth = 250.0, plotWidth = 500.0, rowHeight = 24.0

    /// How the movers' new schools stand on their base lists, better first: one colour each, by
    /// whether the change is good or bad for the family (`MetricDirection`'s colours).
    static func parts(_ m: ComparisonOutputs.Movers) -> [(count: Double?, colour: String, label: String)] {
        [(m.better.mean, Palette.good, "higher on their base list"), (m.same.mean, Palette.neutral, "level (both off their list)"),
         (m.worse.mean, Palette.bad, "lower on their base list, or off it")]
    }

    static func svg(_ movers: [ComparisonOutputs.Movers]) -> String {
        let plotTop = 6.0, plotBottom = plotTop + Double(movers.count) * rowHeight
        var canvas = SVGCanvas(width: labelWidth + plotWidth + 20, height: plotBottom + 44)
        let top = LinearScale.niceCeiling(max(1, movers.compactMap(\.movedPct.mean).max() ?? 0))
        let x = LinearScale(domain: (0, top), range: (labelWidth, labelWidth + plotWidth))
        canvas.valueAxis(x, y: plotBottom, top: plotTop, title: "pupils offered a different school (% of the group)", decimals: top < 5 ? 1 : 0)
        canvas.group(className: "bars")
        for (r, m) in movers.enumerated() {
            let y = plotTop + Double(r) * rowHeight
            canvas.text(groupWords(m.group), x: labelWidth - 6, y: y + rowHeight * 0.62, anchor: .end, size: 11)
            let pct = m.movedPct.mean ?? 0
            canvas.rect(x: x(0), y: y + 3, width: x(pct) - x(0), height: rowHeight - 6, fill: "#999", className: "mover-bar",
                        title: "\(groupWords(m.group)): \(Markup.number(m.moved.mean, 0)) of \(Markup.number(m.pupils, 0)) pupils moved (\(Markup.number(pct, 1))%)")
            // The bar split in proportion to the movers: better, level, worse add up to the movers.
            guard let moved = m.moved.mean, moved > 0 else { continue }
            var start = 0.0
            for (n, colour, label) in parts(m) {
                guard let n, n > 0 else { continue }
                let w = pct * n / moved
                canvas.rect(x: x(start), y: y + 3, width: x(start + w) - x(start), height: rowHeight - 6, fill: colour,
                            className: "mover-part",
                            title: "\(groupWords(m.group)): \(Markup.number(n, 0)) of \(Markup.number(moved, 0)) movers \(label)")
                start += w
            }
        }
        canvas.endGroup()
        return canvas.svg(label: "Who moves school under the variant")
    }

    /// A count with its share of the movers and its interval: "326 (100%) [320, 332]".
    static func cell(_ f: Figure, of moved: Double?) -> String {
        var out = Markup.number(f.mean, 1)
        if let v = f.mean, let moved, moved > 0 { out += " (" + Markup.number(100 * v / moved, 0) + "%)" }
        let interval = Markup.interval(f, decimals: 1)
        return interval.isEmpty ? out : out + " " + interval
    }

    /// The movers of `all` in one sentence, e.g. "Of the 326 pupils offered a different school,
    /// 0 got a school higher on their base list and 326 (100%) a lower one."
    static func sentence(_ m: ComparisonOutputs.Movers) -> String {
        guard let moved = m.moved.mean else { return "" }
        if moved == 0 { return "No pupil is offered a different school." }
        func share(_ f: Figure) -> String {
            Markup.number(f.mean, 0) + " (" + Markup.number(100 * (f.mean ?? 0) / moved, 0) + "%)"
        }
        var out = "Of the \(Markup.number(moved, 0)) pupils (\(Markup.number(m.movedPct.mean, 1))% of \(Markup.number(m.pupils, 0))) "
            + "offered a different school, \(share(m.better)) get one higher on the list they made under the base and "
            + "\(share(m.worse)) one lower down, off it or none"
        if (m.same.mean ?? 0) > 0 { out += "; \(share(m.same)) move between two schools neither of which they listed" }
        if let unlisted = m.toUnlisted, let n = unlisted.mean, n > 0 {
            out += ". \(share(unlisted)) go to a school not on that list, which it can only rank below every listed school"
        }
        return out + "."
    }

    static func html(_ movers: [ComparisonOutputs.Movers]) -> String {
        guard !movers.isEmpty else { return "<p class=\"note\">movers.csv has no rows for this variant.</p>" }
        let legend = Legend(title: "Movers' new school, on their base list", items: parts(movers[0]).map { ($0.colour, $0.label, .square) }).html
        let rows = movers.map { m in
            [groupWords(m.group), Markup.number(m.pupils, 0), Markup.number(m.moved.mean, 1) + " " + Markup.interval(m.moved, decimals: 1),
             Markup.number(m.movedPct.mean, 1), cell(m.better, of: m.moved.mean), cell(m.same, of: m.moved.mean), cell(m.worse, of: m.moved.mean)]
        }
        let lead = movers.first { $0.group == "all" }.map { "<p>" + Markup.escape(sentence($0)) + "</p>" } ?? ""
        return lead + Page.figure(svg(movers), legend: legend,
                                  note: "Each bar's length is the share of the group offered a different school; its colours split those movers, and only them, "
                                    + "by where the new school stands on the list the family made under the base. A school not on that list "
                                    + "(an administrative place, or a school only the variant has) counts as lower than every listed one, and no place as lowest of all.")
            + DataTable(caption: "Who moves (means over replications, 95% intervals in brackets; shares are of the movers)",
                        headers: ["group", "pupils", "moved", "moved (% of group)", "higher on base list", "level", "lower or off the list"],
                        rows: rows).html
    }
}
