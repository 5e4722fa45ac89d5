/// Each school's budget for the intake it admits (from funding.csv): funding per pupil with its
/// 95% interval, selective schools in a second colour.
enum FundingPanel {
    static let labelWidth = 230.0, plotWidth = 520.0, rowHeight = 17.0

    static func svg(_ run: RunOutputs) -> String {
        let schools = Dictionary(run.schools.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let budgets = run.budgets
        let largest = budgets.compactMap { $0.perPupil.ciHigh ?? $0.perPupil.mean }.max() ?? 1
        let plotTop = 8.0, plotBottom = plotTop + Double(budgets.count) * rowHeight
        var canvas = SVGCanvas(width: labelWidth + plotWidth + 20, height: plotBottom + 44)
        let x = LinearScale(domain: (0, LinearScale.niceCeiling(max(1, largest))), range: (labelWidth, labelWidth + plotWidth))
        canvas.valueAxis(x, y: plotBottom, top: plotTop, title: "funding per pupil admitted (£ a year)", decimals: 0)
        canvas.group(className: "bars")
        for (row, budget) in budgets.enumerated() {
            let y = plotTop + Double(row) * rowHeight
            let school = schools[budget.schoolID]
            canvas.text(String((school?.name ?? budget.schoolID).prefix(32)), x: labelWidth - 6, y: y + rowHeight * 0.7, anchor: .end, size: 11)
            if let v = budget.perPupil.mean {
                canvas.rect(x: x(0), y: y + 2, width: x(v) - x(0), height: rowHeight - 4,
                            fill: school?.selective == true ? Palette.orange : Palette.green, className: "funding-bar",
                            title: "\(school?.name ?? budget.schoolID): \(Markup.pounds(v)) per pupil")
            }
            if let low = budget.perPupil.ciLow, let high = budget.perPupil.ciHigh, high > low {
                canvas.line(x1: x(low), y1: y + rowHeight / 2, x2: x(high), y2: y + rowHeight / 2, stroke: "#000", width: 1.2, className: "ci")
            }
        }
        canvas.endGroup()
        return canvas.svg(label: "Funding per pupil at each school")
    }

    static func html(_ run: RunOutputs) -> String {
        let schools = Dictionary(run.schools.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let legend = Legend(title: "", items: [(Palette.green, "non-selective school", .square), (Palette.orange, "selective school", .square),
                                               ("#000", "95% confidence interval", .whisker)]).html
        let total = run.figure(FigureKey("region", "funding_total")), perPupil = run.figure(FigureKey("region", "funding_per_pupil"))
        let note = "Budgets of the simulated Year 7 intake under \(run.scenario.funding ?? "the funding formula"), pupil premium included. "
            + "Region: \(Markup.pounds(total?.mean)) in all, \(Markup.pounds(perPupil?.mean)) per pupil."
        let rows = run.budgets.map { b -> [String] in
            let s = schools[b.schoolID]
            return [b.schoolID, s?.name ?? "", s.map { ScenarioSummary.typeWords($0.type) } ?? "", Markup.number(s?.intake.mean, 1),
                    Markup.pounds(b.total.mean), "[" + Markup.pounds(b.total.ciLow) + ", " + Markup.pounds(b.total.ciHigh) + "]",
                    Markup.pounds(b.perPupil.mean), "[" + Markup.pounds(b.perPupil.ciLow) + ", " + Markup.pounds(b.perPupil.ciHigh) + "]"]
        }
        return Page.figure(svg(run), legend: legend, note: note)
            + DataTable(caption: "Funding per school (£ a year)",
                        headers: ["id", "school", "type", "intake (pupils)", "total (£)", "95% CI (£)", "per pupil (£)", "95% CI (£)"],
                        rows: rows, textColumns: [0, 1, 2]).html
    }
}
