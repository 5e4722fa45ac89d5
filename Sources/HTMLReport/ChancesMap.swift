/// Small maps, one per school, of every home area's chance of an offer there when listing it
/// first (chances.csv): where a school's places reach. Up to twelve schools, the most selective
/// (lowest average chance over the areas) first, since an open school's map is uniformly certain.
enum ChancesMap {
    static let panelWidth = 240.0
    static let maxSchools = 12

    static func html(_ run: RunOutputs) -> String {
        guard let chances = run.chances, !chances.isEmpty else { return "<p class=\"note\">No chances were written.</p>" }
        // Every area with pupils appears in chances.csv for some school; an absent (area, school) pair is 0.
        var areaIndex: [String: Int] = [:], areas: [(x: Double, y: Double)] = []
        for c in chances where areaIndex[c.area] == nil {
            areaIndex[c.area] = areas.count
            areas.append((c.x, c.y))
        }
        let schoolIndex = Dictionary(uniqueKeysWithValues: run.schools.enumerated().map { ($1.id, $0) })
        var chance = [[Double]](repeating: [Double](repeating: 0, count: areas.count), count: run.schools.count)
        for c in chances { chance[schoolIndex[c.schoolID]!][areaIndex[c.area]!] = c.ifFirst }
        let mean = chance.map { $0.reduce(0, +) / Double(max(1, areas.count)) }
        let order = run.schools.indices.sorted { mean[$0] != mean[$1] ? mean[$0] < mean[$1] : $0 < $1 }.prefix(maxSchools)

        // Outlines draw over the dots, so a panel shows where its school's catchment ends.
        var xs = areas.map(\.x) + run.schools.map(\.x), ys = areas.map(\.y) + run.schools.map(\.y)
        OutlineLayer.extend(&xs, &ys, run.outlines)
        if xs.isEmpty { xs = [0]; ys = [0] }
        let pad = max(0.3, 0.03 * max(xs.max()! - xs.min()!, ys.max()! - ys.min()!))
        let minX = xs.min()! - pad, maxX = xs.max()! + pad, minY = ys.min()! - pad, maxY = ys.max()! + pad
        let k = panelWidth / max(1e-9, maxX - minX)
        let height = (maxY - minY) * k
        var out = "<div class=\"small-multiples\">"
        for s in order {
            let school = run.schools[s]
            var canvas = SVGCanvas(width: panelWidth, height: height + 18)
            canvas.text(school.name, x: 2, y: 12, size: 11, className: "panel-title")
            canvas.rect(x: 0, y: 16, width: panelWidth, height: height, fill: "#fbfbfb", extra: " stroke=\"#999\"")
            canvas.group(className: "areas", label: "Home areas by chance")
            let dot = areas.count > 2000 ? 1.2 : 1.8
            for (a, p) in areas.enumerated() {
                canvas.circle(cx: (p.x - minX) * k, cy: 16 + (maxY - p.y) * k, r: dot, fill: Palette.viridis(chance[s][a]), className: "area-dot")
            }
            canvas.endGroup()
            OutlineLayer.draw(run.outlines, on: &canvas, plot: (0, 16, panelWidth, height), px: { ($0 - minX) * k }, py: { 16 + (maxY - $0) * k },
                              highlight: school.id, scale: 0.8)
            canvas.circle(cx: (school.x - minX) * k, cy: 16 + (maxY - school.y) * k, r: 4.5, fill: "#000000", className: "school-marker",
                          title: "\(school.name): chance listing it first, averaged over home areas, \(Markup.percent(mean[s]))",
                          extra: " stroke=\"#fff\" stroke-width=\"1.5\"")
            out += canvas.svg(label: "\(school.name): each home area's chance of an offer listing it first", className: "map small")
        }
        out += "</div>"
        var legend = Legend(title: "Chance of an offer, listing the school first", items: (0..<5).map { i in
            (Palette.viridis((Double(i) + 0.5) / 5), "\(i * 20)–\((i + 1) * 20)%", .circle)
        }).html
        let outlines = OutlineLayer.legendItems(run.outlines)
        if !outlines.isEmpty { legend += Legend(title: "Outlines (the panel's school's catchment dark, others grey)", items: outlines).html }
        let note = "Each dot is a home area with pupils (a postcode where the scenario places pupils at postcodes); the black circle is the school. "
            + (run.schools.count > maxSchools ? "The \(maxSchools) most selective of \(run.schools.count) schools are drawn. " : "")
            + OutlineLayer.note(run.outlines)
            + "Definitions and intervals: chances.csv and the scenario guide."
        return Page.figure(out, legend: legend, note: note)
    }
}
