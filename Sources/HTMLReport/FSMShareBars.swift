/// One bar per school: the FSM share of its intake with its 95% interval, against the region's
/// share (dashed line). Schools far from the line are where admissions concentrate or avoid
/// disadvantaged pupils.
enum FSMShareBars {
    static let labelWidth = 230.0, plotWidth = 520.0, rowHeight = 17.0

    static func regionShare(_ run: RunOutputs) -> Figure? {
        run.figure(FigureKey("region", "share", attribute: "fsm", category: "fsm"))
    }

    /// Schools from the highest FSM share to the lowest (schools with no intake last), ties in file order.
    static func order(_ run: RunOutputs) -> [Int] {
        run.schools.indices.sorted { a, b in
            let x = run.schools[a].fsmShare.mean ?? -1, y = run.schools[b].fsmShare.mean ?? -1
            return x != y ? x > y : a < b
        }
    }

    static func svg(_ run: RunOutputs) -> String {
        let region = regionShare(run)?.mean
        let largest = run.schools.compactMap { $0.fsmShare.ciHigh ?? $0.fsmShare.mean }.max() ?? 0
        let top = LinearScale.niceCeiling(max(0.05, largest, region ?? 0))
        let rows = Double(run.schools.count)
        let plotTop = 8.0, plotBottom = plotTop + rows * rowHeight
        var canvas = SVGCanvas(width: labelWidth + plotWidth + 20, height: plotBottom + 44)
        let x = LinearScale(domain: (0, top), range: (labelWidth, labelWidth + plotWidth))
        canvas.valueAxis(x, y: plotBottom, top: plotTop, title: "FSM share of intake (%)", decimals: 0, scaleLabel: 100)
        canvas.group(className: "bars")
        for (row, s) in order(run).enumerated() {
            let school = run.schools[s]
            let y = plotTop + Double(row) * rowHeight
            canvas.text(String(school.name.prefix(32)), x: labelWidth - 6, y: y + rowHeight * 0.7, anchor: .end, size: 11)
            let share = school.fsmShare.mean ?? 0
            canvas.rect(x: x(0), y: y + 2, width: x(share) - x(0), height: rowHeight - 4, fill: Palette.blue, className: "fsm-bar",
                        title: "\(school.name): FSM \(Markup.percent(school.fsmShare.mean)) of intake "
                            + Markup.interval(school.fsmShare, scale: 100, decimals: 1))
            if let low = school.fsmShare.ciLow, let high = school.fsmShare.ciHigh, high > low {
                canvas.line(x1: x(low), y1: y + rowHeight / 2, x2: x(high), y2: y + rowHeight / 2, stroke: "#000", width: 1.2, className: "ci")
            }
        }
        canvas.endGroup()
        if let region {
            canvas.line(x1: x(region), y1: plotTop - 4, x2: x(region), y2: plotBottom, stroke: Palette.vermillion, width: 2,
                        className: "reference", dash: "5 3")
        }
        return canvas.svg(label: "FSM share of each school's intake against the region's share")
    }

    /// With `table: false` (a comparison of many schools, two runs side by side) the bars stand
    /// alone and the note points to schools.csv, which holds every number of the table.
    static func html(_ run: RunOutputs, table: Bool = true) -> String {
        let region = regionShare(run)
        let legend = Legend(title: "", items: [(Palette.blue, "school's FSM share of intake", .square),
                                               ("#000", "95% confidence interval", .whisker),
                                               (Palette.vermillion, "region's FSM share (\(Markup.percent(region?.mean)))", .line)]).html
        let rows = order(run).map { s -> [String] in
            let school = run.schools[s]
            let gap = school.fsmShare.mean.flatMap { m in region?.mean.map { (m - $0) * 100 } }
            return [school.name, ScenarioSummary.typeWords(school.type), String(school.pan), Markup.number(school.intake.mean, 1),
                    Markup.number(school.fsmShare.mean.map { $0 * 100 }, 1), Markup.interval(school.fsmShare, scale: 100, decimals: 1),
                    Markup.number(gap, 1)]
        }
        guard table else { return Page.figure(svg(run), legend: legend, note: "Each school's figures are in schools.csv.") }
        return Page.figure(svg(run), legend: legend)
            + DataTable(caption: "FSM share of each school's intake",
                        headers: ["school", "type", "PAN", "intake (pupils)", "FSM share (%)", "95% CI (%)", "minus region's share (points)"],
                        rows: rows, textColumns: [0, 1]).html
    }
}
