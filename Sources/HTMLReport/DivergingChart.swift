/// A horizontal chart of signed values around a zero line: bars (changes per school) or points with
/// their 95% intervals (differences between a variant and its base), coloured by whether the change
/// is good or bad (`MetricDirection`), grey when it is neither.
struct DivergingChart {
    struct Row {
        var label: String
        var value: Double?
        var low: Double? = nil
        var high: Double? = nil
        /// Whether a rise is good or bad: the mark's colour says which the change is.
        var direction: MetricDirection = .neither
    }

    var rows: [Row]
    var axisTitle: String
    var className: String
    var points = false
    /// Values are multiplied by this before drawing (e.g. 100 for shares drawn in points).
    var scale = 1.0
    var decimals = 1
    static let labelWidth = 250.0, plotWidth = 500.0

    func svg(label: String) -> String {
        let rowHeight = points ? 22.0 : 17.0
        let values = rows.flatMap { [$0.value, $0.low, $0.high].compactMap { $0.map { $0 * scale } } }
        let extent = LinearScale.niceCeiling(max(values.map(abs).max() ?? 0, 1e-9))
        let plotTop = 8.0, plotBottom = plotTop + Double(rows.count) * rowHeight
        var canvas = SVGCanvas(width: Self.labelWidth + Self.plotWidth + 20, height: plotBottom + 44)
        let x = LinearScale(domain: (-extent, extent), range: (Self.labelWidth, Self.labelWidth + Self.plotWidth))
        canvas.valueAxis(x, y: plotBottom, top: plotTop, title: axisTitle, decimals: extent < 0.1 ? 3 : extent < 1 ? 2 : extent < 10 ? 1 : 0)
        canvas.line(x1: x(0), y1: plotTop - 4, x2: x(0), y2: plotBottom, stroke: "#000", width: 1, className: "zero")
        canvas.group(className: "marks")
        for (r, row) in rows.enumerated() {
            let y = plotTop + Double(r) * rowHeight
            canvas.text(String(row.label.prefix(38)), x: Self.labelWidth - 6, y: y + rowHeight * 0.68, anchor: .end, size: 11)
            guard let value = row.value.map({ $0 * scale }) else { continue }
            let colour = row.direction.colour(of: value)
            let title = "\(row.label): \(Markup.number(value, decimals))"
                + (row.low != nil && row.high != nil ? " [\(Markup.number(row.low! * scale, decimals)), \(Markup.number(row.high! * scale, decimals))]" : "")
            if let low = row.low.map({ $0 * scale }), let high = row.high.map({ $0 * scale }), high > low {
                canvas.line(x1: x(low), y1: y + rowHeight / 2, x2: x(high), y2: y + rowHeight / 2, stroke: "#000", width: 1.2, className: "ci")
            }
            if points {
                canvas.circle(cx: x(value), cy: y + rowHeight / 2, r: 4.5, fill: colour, className: className, title: title)
            } else {
                canvas.rect(x: min(x(0), x(value)), y: y + 2, width: abs(x(value) - x(0)), height: rowHeight - 4, fill: colour,
                            className: className, title: title)
            }
        }
        canvas.endGroup()
        return canvas.svg(label: label)
    }

    /// The key of charts whose rows have a direction: colour says better or worse, not higher or lower.
    static var legend: String {
        Legend(title: "", items: [(Palette.good, "better under the variant", .square), (Palette.bad, "worse under the variant", .square),
                                  (Palette.neutral, "no better or worse in itself", .square),
                                  ("#000", "95% confidence interval", .whisker)]).html
    }

    /// The key of charts of changes that are neither good nor bad (a school's intake): position only.
    static var neutralLegend: String {
        Legend(title: "", items: [(Palette.neutral, "change under the variant (right of zero: more)", .square),
                                  ("#000", "95% confidence interval", .whisker)]).html
    }
}
