/// How far each group travels: the mean home–school distance with its 95% interval (bar and
/// whisker) and the 90th percentile (diamond), in straight-line km.
enum DistanceByGroup {
    static let labelWidth = 230.0, plotWidth = 520.0, rowHeight = 24.0

    static func figures(_ run: RunOutputs, _ group: (label: String, attribute: String, category: String)) -> (mean: Figure?, p90: Figure?) {
        (run.figure(FigureKey("region", "mean_distance_km", attribute: group.attribute, category: group.category)),
         run.figure(FigureKey("region", "p90_distance_km", attribute: group.attribute, category: group.category)))
    }

    static func svg(_ run: RunOutputs) -> String {
        let groups = AccessGroups.all
        let largest = groups.map { g -> Double in
            let f = figures(run, g)
            return max(f.mean?.ciHigh ?? f.mean?.mean ?? 0, f.p90?.mean ?? 0)
        }.max() ?? 1
        let plotTop = 6.0, plotBottom = plotTop + Double(groups.count) * rowHeight
        var canvas = SVGCanvas(width: labelWidth + plotWidth + 20, height: plotBottom + 44)
        let x = LinearScale(domain: (0, LinearScale.niceCeiling(max(0.5, largest))), range: (labelWidth, labelWidth + plotWidth))
        canvas.valueAxis(x, y: plotBottom, top: plotTop, title: "home–school distance (km, straight line)", decimals: 1)
        canvas.group(className: "bars")
        for (row, group) in groups.enumerated() {
            let y = plotTop + Double(row) * rowHeight
            let f = figures(run, group)
            canvas.text(group.label, x: labelWidth - 6, y: y + rowHeight * 0.62, anchor: .end, size: 11)
            if let mean = f.mean?.mean {
                canvas.rect(x: x(0), y: y + 4, width: x(mean) - x(0), height: rowHeight - 8, fill: Palette.skyBlue, className: "distance-bar",
                            title: "\(group.label): mean \(Markup.number(mean, 2)) km \(Markup.interval(f.mean, decimals: 2))")
            }
            if let low = f.mean?.ciLow, let high = f.mean?.ciHigh, high > low {
                canvas.line(x1: x(low), y1: y + rowHeight / 2, x2: x(high), y2: y + rowHeight / 2, stroke: "#000", width: 1.2, className: "ci")
            }
            if let p90 = f.p90?.mean {
                let cx = x(p90), cy = y + rowHeight / 2
                canvas.rect(x: cx - 4, y: cy - 4, width: 8, height: 8, fill: Palette.vermillion, className: "p90-marker",
                            title: "\(group.label): 90th percentile \(Markup.number(p90, 2)) km",
                            extra: " transform=\"rotate(45 \(Markup.coordinate(cx)) \(Markup.coordinate(cy)))\"")
            }
        }
        canvas.endGroup()
        return canvas.svg(label: "Distance travelled by group")
    }

    static func html(_ run: RunOutputs) -> String {
        let legend = Legend(title: "", items: [(Palette.skyBlue, "mean distance", .square), ("#000", "95% confidence interval of the mean", .whisker),
                                               (Palette.vermillion, "90th percentile (one pupil in ten travels further)", .square)]).html
        let rows = AccessGroups.all.map { group -> [String] in
            let f = figures(run, group)
            return [group.label, Markup.number(f.mean?.mean, 2), Markup.interval(f.mean, decimals: 2),
                    Markup.number(f.p90?.mean, 2), Markup.interval(f.p90, decimals: 2)]
        }
        return Page.figure(svg(run), legend: legend, note: "Distances of placed pupils, home to school, in a straight line.")
            + DataTable(caption: "Home–school distance by group (km)",
                        headers: ["group", "mean (km)", "95% CI (km)", "90th percentile (km)", "95% CI (km)"], rows: rows).html
    }
}
