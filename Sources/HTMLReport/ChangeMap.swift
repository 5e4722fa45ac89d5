/// Where the variant moves pupils to and from: each school at its place, its circle's area in
/// proportion to the change in its intake, filled dark where the school gains pupils and hollow where
/// it loses them (a school's intake is neither good nor bad for changing, so no good/bad colours).
/// Drawn from school_changes.csv and the two runs' schools.csv (for where each school is).
enum ChangeMap {
    static let plotWidth = 760.0
    static let margin = (left: 46.0, right: 14.0, top: 10.0, bottom: 40.0)
    static let radiusMax = 16.0
    /// At most this many of the largest changes are named.
    static let maxLabels = 12

    struct Mark { var name: String; var x, y, change: Double }

    /// Each school with a change and a place, in school_changes.csv order.
    static func marks(_ changes: [ComparisonOutputs.SchoolChange], base: RunOutputs, variant: RunOutputs) -> [Mark] {
        var place: [String: (Double, Double)] = [:]
        for s in variant.schools + base.schools { place[s.id] = (s.x, s.y) }
        return changes.compactMap { c in
            guard let change = c.intakeChange, change != 0, let p = place[c.schoolID] else { return nil }
            return Mark(name: c.schoolName, x: p.0, y: p.1, change: change)
        }
    }

    static func svg(_ marks: [Mark], base: RunOutputs, variant: RunOutputs) -> String {
        let all = base.schools + variant.schools
        var xs = all.map(\.x), ys = all.map(\.y)
        OutlineLayer.extend(&xs, &ys, outlines(base: base, variant: variant))
        let minX0 = xs.min() ?? 0, maxX0 = xs.max() ?? 1, minY0 = ys.min() ?? 0, maxY0 = ys.max() ?? 1
        let pad = max(0.5, 0.03 * max(maxX0 - minX0, maxY0 - minY0))
        let minX = minX0 - pad, maxX = maxX0 + pad, minY = minY0 - pad, maxY = maxY0 + pad
        let k = plotWidth / max(1e-9, maxX - minX)
        let plotHeight = (maxY - minY) * k
        var canvas = SVGCanvas(width: margin.left + plotWidth + margin.right, height: margin.top + plotHeight + margin.bottom)
        func px(_ x: Double) -> Double { margin.left + (x - minX) * k }
        func py(_ y: Double) -> Double { margin.top + (maxY - y) * k }
        canvas.rect(x: margin.left, y: margin.top, width: plotWidth, height: plotHeight, fill: "#fbfbfb", extra: " stroke=\"#999\"")
        OutlineLayer.draw(outlines(base: base, variant: variant), on: &canvas, plot: (margin.left, margin.top, plotWidth, plotHeight), px: px, py: py)
        let xScale = LinearScale(domain: (minX, maxX), range: (px(minX), px(maxX)))
        canvas.valueAxis(xScale, y: margin.top + plotHeight, top: margin.top + plotHeight, title: "km east", decimals: 0)
        // Every school as a small dot, so the changes are seen against where schools are.
        canvas.group(className: "schools", label: "Schools")
        for s in base.schools { canvas.circle(cx: px(s.x), cy: py(s.y), r: 1.5, fill: "#999") }
        canvas.endGroup()
        let largest = max(1e-9, marks.map { abs($0.change) }.max() ?? 1)
        func radius(_ m: Mark) -> Double { max(2, radiusMax * (abs(m.change) / largest).squareRoot()) }
        canvas.group(className: "changes", label: "Change in intake")
        // Largest first, so small changes stay visible on top.
        let order = marks.indices.sorted { (abs(marks[$0].change), $1) > (abs(marks[$1].change), $0) }
        for i in order {
            let m = marks[i]
            let gain = m.change > 0
            canvas.circle(cx: px(m.x), cy: py(m.y), r: radius(m), fill: gain ? "#333" : "#fff",
                          className: gain ? "change-gain" : "change-loss",
                          title: "\(m.name): \(ComparisonHeadline.signed(m.change, 1)) pupils",
                          extra: " stroke=\"#333\" stroke-width=\"1.5\" fill-opacity=\"0.85\"")
        }
        // Names of the largest changes, each kept only if it overlaps no name already placed.
        var boxes: [(Double, Double, Double, Double)] = []
        for i in order.prefix(maxLabels * 2) where boxes.count < maxLabels {
            let m = marks[i]
            let text = "\(m.name.count > 24 ? String(m.name.prefix(23)) + "…" : m.name) \(ComparisonHeadline.signed(m.change, 0))"
            let w = RegionMap.labelWidth(text), x = px(m.x), y = py(m.y) - radius(m) - 3
            let box = (x - w / 2, y - RegionMap.labelSize, x + w / 2, y + 2)
            guard box.0 >= margin.left, box.2 <= margin.left + plotWidth, box.1 >= margin.top else { continue }
            if boxes.contains(where: { $0.0 < box.2 && box.0 < $0.2 && $0.1 < box.3 && box.1 < $0.3 }) { continue }
            boxes.append(box)
            canvas.text(text, x: x, y: y, anchor: .middle, size: RegionMap.labelSize, className: "change-label")
        }
        canvas.endGroup()
        return canvas.svg(label: "Map of the change in each school's intake under the variant", className: "map")
    }

    /// The variant's outlines (its catchments are the ones pupils move under), else the base's.
    static func outlines(base: RunOutputs, variant: RunOutputs) -> [RunOutputs.Outline]? {
        variant.outlines ?? base.outlines
    }

    static func html(_ changes: [ComparisonOutputs.SchoolChange], base: RunOutputs, variant: RunOutputs) -> String {
        let marks = marks(changes, base: base, variant: variant)
        guard !marks.isEmpty else { return "<p class=\"note\">No school's intake changes under the variant.</p>" }
        let largest = marks.map { abs($0.change) }.max()!
        let legend = Legend(title: "Change in intake", items: [("#333", "gains pupils", .circle), ("#fff", "loses pupils", .circle),
                                                                ("#999", "school (no change)", .circle)]
                                + OutlineLayer.legendItems(outlines(base: base, variant: variant))).html
        return Page.figure(svg(marks, base: base, variant: variant), legend: legend,
                           note: "Circle area is proportional to the change in the school's intake (largest: \(Markup.number(largest, 1)) pupils, means over replications). "
                            + "The largest changes are named where the names fit; school_changes.csv has every school's change with its interval. "
                            + (variant.outlines != nil ? OutlineLayer.note(variant.outlines).replacingOccurrences(of: "Catchments are drawn", with: "The variant's catchments are drawn") : OutlineLayer.note(base.outlines)))
    }
}
