/// Who moves: the share of each group offered a different school under the variant, and among the
/// movers how many got a better, the same or a worse preference.
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

    static func svg(_ movers: [ComparisonOutputs.Movers]) -> String {
        let plotTop = 6.0, plotBottom = plotTop + Double(movers.count) * rowHeight
        var canvas = SVGCanvas(width: labelWidth + plotWidth + 20, height: plotBottom + 44)
        let top = LinearScale.niceCeiling(max(1, movers.compactMap(\.movedPct).max() ?? 0))
        let x = LinearScale(domain: (0, top), range: (labelWidth, labelWidth + plotWidth))
        canvas.valueAxis(x, y: plotBottom, top: plotTop, title: "pupils offered a different school (% of the group)", decimals: top < 5 ? 1 : 0)
        canvas.group(className: "bars")
        for (r, m) in movers.enumerated() {
            let y = plotTop + Double(r) * rowHeight
            canvas.text(groupWords(m.group), x: labelWidth - 6, y: y + rowHeight * 0.62, anchor: .end, size: 11)
            let pct = m.movedPct ?? 0
            // Split the bar by how the movers' offers changed: better, same, worse preference.
            let parts = [(m.better, Palette.green, "better preference"), (m.same, Palette.skyBlue, "same preference"),
                         (m.worse, Palette.vermillion, "worse preference")]
            let counted = parts.compactMap(\.0).reduce(0, +)
            var start = 0.0
            canvas.rect(x: x(0), y: y + 3, width: x(pct) - x(0), height: rowHeight - 6, fill: "#999", className: "mover-bar",
                        title: "\(groupWords(m.group)): \(Markup.number(m.moved, 0)) of \(Markup.number(m.pupils, 0)) pupils moved (\(Markup.number(pct, 1))%)")
            if counted > 0 {
                for (n, colour, label) in parts {
                    guard let n, n > 0 else { continue }
                    let w = pct * n / counted
                    canvas.rect(x: x(start), y: y + 3, width: x(start + w) - x(start), height: rowHeight - 6, fill: colour,
                                className: "mover-part", title: "\(groupWords(m.group)): \(Markup.number(n, 0)) \(label)")
                    start += w
                }
            }
        }
        canvas.endGroup()
        return canvas.svg(label: "Who moves school under the variant")
    }

    static func html(_ movers: [ComparisonOutputs.Movers]) -> String {
        guard !movers.isEmpty else { return "<p class=\"note\">movers.csv has no rows for this variant.</p>" }
        let legend = Legend(title: "Movers' offers", items: [(Palette.green, "better preference", .square), (Palette.skyBlue, "same preference", .square),
                                                            (Palette.vermillion, "worse preference", .square)]).html
        let rows = movers.map { m in
            [groupWords(m.group), Markup.number(m.pupils, 1), Markup.number(m.moved, 1), Markup.number(m.movedPct, 1),
             Markup.number(m.better, 1), Markup.number(m.same, 1), Markup.number(m.worse, 1)]
        }
        return Page.figure(svg(movers), legend: legend, note: "Each bar's length is the share of the group that moves; its colours split the movers by how their offer changed.")
            + DataTable(caption: "Who moves", headers: ["group", "pupils", "moved", "moved (%)", "better preference", "same preference", "worse preference"],
                        rows: rows).html
    }
}
