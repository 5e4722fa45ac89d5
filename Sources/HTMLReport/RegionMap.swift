/// The region from above: where pupils live, shaded by the deprivation of their neighbourhood
/// (IDACI decile, from map.csv), and each school as a circle whose area is its PAN, coloured by the
/// FSM share of its intake.
enum RegionMap {
    static let plotWidth = 760.0
    static let margin = (left: 46.0, right: 14.0, top: 10.0, bottom: 46.0)

    /// The FSM-share colour scale's upper end: a round number at or above the largest intake share.
    static func fsmScaleTop(_ run: RunOutputs) -> Double {
        LinearScale.niceCeiling(max(0.05, run.schools.compactMap(\.fsmShare.mean).max() ?? 0))
    }

    static func svg(_ run: RunOutputs, fsmTop: Double? = nil, maxPAN: Int? = nil) -> String {
        // Extent: every square and school, with a little room around.
        var xs = run.schools.map(\.x), ys = run.schools.map(\.y)
        for q in run.map ?? [] { xs += [q.x - q.side / 2, q.x + q.side / 2]; ys += [q.y - q.side / 2, q.y + q.side / 2] }
        OutlineLayer.extend(&xs, &ys, run.outlines)
        let minX0 = xs.min() ?? 0, maxX0 = xs.max() ?? 1, minY0 = ys.min() ?? 0, maxY0 = ys.max() ?? 1
        let pad = max(0.5, 0.03 * max(maxX0 - minX0, maxY0 - minY0))
        let minX = minX0 - pad, maxX = maxX0 + pad, minY = minY0 - pad, maxY = maxY0 + pad
        let k = plotWidth / (maxX - minX)
        let plotHeight = (maxY - minY) * k
        var canvas = SVGCanvas(width: margin.left + plotWidth + margin.right, height: margin.top + plotHeight + margin.bottom)
        func px(_ x: Double) -> Double { margin.left + (x - minX) * k }
        func py(_ y: Double) -> Double { margin.top + (maxY - y) * k }

        canvas.rect(x: margin.left, y: margin.top, width: plotWidth, height: plotHeight, fill: "#fbfbfb", extra: " stroke=\"#999\"")
        if let map = run.map {
            canvas.group(className: "homes", label: "Homes by IDACI decile")
            for q in map {
                // Squares overlap by a hair so no seams show between neighbours.
                canvas.rect(x: px(q.x - q.side / 2), y: py(q.y + q.side / 2), width: q.side * k + 0.3, height: q.side * k + 0.3,
                            fill: Palette.deprivation(decile: q.idaciDecile), className: "home-square")
            }
            canvas.endGroup()
        }
        OutlineLayer.draw(run.outlines, on: &canvas, plot: (margin.left, margin.top, plotWidth, plotHeight), px: px, py: py)
        // Axes in km, so distances can be read off.
        let xScale = LinearScale(domain: (minX, maxX), range: (px(minX), px(maxX)))
        canvas.valueAxis(xScale, y: margin.top + plotHeight, top: margin.top + plotHeight, title: "km east", decimals: 0)
        canvas.group(className: "axis y-axis")
        for t in LinearScale(domain: (minY, maxY), range: (0, 1)).ticks() {
            canvas.line(x1: margin.left - 4, y1: py(t), x2: margin.left, y2: py(t), stroke: "#444")
            canvas.text(Markup.number(t, 0), x: margin.left - 6, y: py(t) + 4, anchor: .end, size: 11)
        }
        canvas.categoryAxisTitle("km north", x: 12, top: margin.top, bottom: margin.top + plotHeight)
        canvas.endGroup()

        let maxPAN = Double(max(1, maxPAN ?? run.schools.map(\.pan).max() ?? 1))
        let radiusMax = run.schools.count > 40 ? 11.0 : 15.0
        let top = fsmTop ?? fsmScaleTop(run)
        canvas.group(className: "schools", label: "Schools")
        // Largest first, so small schools stay visible on top of large neighbours.
        let order = run.schools.indices.sorted { (run.schools[$0].pan, $1) > (run.schools[$1].pan, $0) }
        for s in order {
            let school = run.schools[s]
            let r = radiusMax * (Double(max(0, school.pan)) / maxPAN).squareRoot()
            let fill = school.fsmShare.mean.map { Palette.viridis($0 / top) } ?? "#bbbbbb"
            canvas.circle(cx: px(school.x), cy: py(school.y), r: max(2.5, r), fill: fill, className: "school-marker",
                          title: "\(school.name) (\(school.id)): \(ScenarioSummary.typeWords(school.type)), PAN \(school.pan), "
                            + "intake \(Markup.number(school.intake.mean, 1)), FSM \(Markup.percent(school.fsmShare.mean)) of intake",
                          extra: " stroke=\"#fff\" stroke-width=\"1.5\"")
        }
        for label in labels(run, px: px, py: py, radiusMax: radiusMax, maxPAN: maxPAN,
                            plot: (margin.left, margin.top, margin.left + plotWidth, margin.top + plotHeight)) {
            canvas.text(label.text, x: label.x, y: label.y, anchor: .middle, size: labelSize, className: "school-label")
        }
        canvas.endGroup()
        return canvas.svg(label: "Map of the region: homes shaded by deprivation, schools sized by PAN and coloured by FSM share", className: "map")
    }

    static let labelSize = 10.0
    /// At most this many schools are named on a map; more would be unreadable at A4.
    static let maxLabels = 30

    /// An estimate of a label's width in px (the report's sans-serif averages ~0.56 em a character),
    /// enough to keep labels apart without measuring text, which an SVG written ahead cannot do.
    static func labelWidth(_ text: String) -> Double { Double(text.count) * labelSize * 0.56 }

    /// School names placed above their circles, largest schools first (ties in file order), each
    /// kept only if its box overlaps no label already placed and stays inside the plot: so names
    /// never overlap, and the schools readers most look for are the ones named.
    static func labels(_ run: RunOutputs, px: (Double) -> Double, py: (Double) -> Double, radiusMax: Double, maxPAN: Double,
                       plot: (Double, Double, Double, Double)) -> [(text: String, x: Double, y: Double)] {
        let order = run.schools.indices.sorted { (run.schools[$0].pan, $1) > (run.schools[$1].pan, $0) }
        var placed: [(text: String, x: Double, y: Double)] = [], boxes: [(Double, Double, Double, Double)] = []
        for s in order where placed.count < maxLabels {
            let school = run.schools[s]
            var text = school.name.isEmpty ? school.id : school.name
            if text.count > 24 { text = String(text.prefix(23)) + "…" }
            let w = labelWidth(text), x = px(school.x)
            let y = py(school.y) - max(2.5, radiusMax * (Double(max(0, school.pan)) / maxPAN).squareRoot()) - 3
            let box = (x - w / 2, y - labelSize, x + w / 2, y + 2)
            guard box.0 >= plot.0, box.2 <= plot.2, box.1 >= plot.1, box.3 <= plot.3 else { continue }
            if boxes.contains(where: { $0.0 < box.2 && box.0 < $0.2 && $0.1 < box.3 && box.1 < $0.3 }) { continue }
            boxes.append(box)
            placed.append((text, x, y))
        }
        return placed
    }

    static func legends(_ run: RunOutputs, fsmTop: Double?) -> String {
        var out = ""
        if run.map != nil {
            out += Legend(title: "Homes: IDACI decile of the neighbourhood", items: (1...10).map { d in
                (Palette.deprivation(decile: d), d == 1 ? "1 (most deprived 10%)" : d == 10 ? "10 (least deprived)" : String(d), .square)
            }).html
        }
        let top = fsmTop ?? fsmScaleTop(run)
        let steps = 5
        out += Legend(title: "Schools: FSM share of intake", items: (0..<steps).map { i in
            let low = top * Double(i) / Double(steps), high = top * Double(i + 1) / Double(steps)
            return (Palette.viridis((low + high) / 2 / top), "\(Markup.number(low * 100, 0))–\(Markup.number(high * 100, 0))%", .circle)
        }).html
        let outlines = OutlineLayer.legendItems(run.outlines)
        if !outlines.isEmpty { out += Legend(title: "Outlines", items: outlines).html }
        return out
    }

    /// With `table: false` (a comparison of many schools) the map stands alone; schools.csv holds the table's numbers.
    static func html(_ run: RunOutputs, fsmTop: Double? = nil, maxPAN: Int? = nil, table: Bool = true) -> String {
        let maxPAN = maxPAN ?? run.schools.map(\.pan).max() ?? 0
        var note = "Circle area is proportional to the school's PAN (largest: \(maxPAN) places). "
            + "The largest schools are named where their names fit without overlapping (at most \(maxLabels)); every circle names its school on hover. "
        if let map = run.map, let side = map.first?.side {
            note += "Homes are grouped into \(Markup.coordinate(side)) km squares; a square's shade is the median IDACI decile of the pupils living there."
        } else {
            note += "Homes are not drawn: this run wrote no map.csv (run with --report to include it)."
        }
        note += " " + OutlineLayer.note(run.outlines)
        let rows = run.schools.map { s in
            [s.id, s.name, ScenarioSummary.typeWords(s.type), Markup.number(s.x, 2), Markup.number(s.y, 2), String(s.pan),
             Markup.number(s.intake.mean, 1), Markup.percent(s.fsmShare.mean)]
        }
        guard table else {
            return Page.figure(svg(run, fsmTop: fsmTop, maxPAN: maxPAN), legend: legends(run, fsmTop: fsmTop), note: note + " Each school's figures are in schools.csv.")
        }
        return Page.figure(svg(run, fsmTop: fsmTop, maxPAN: maxPAN), legend: legends(run, fsmTop: fsmTop), note: note)
            + DataTable(caption: "Schools on the map", headers: ["id", "school", "type", "x (km)", "y (km)", "PAN", "intake (pupils)", "FSM share of intake"],
                        rows: rows, textColumns: [0, 1, 2]).html
    }
}
