/// Catchment and authority outlines (outlines.csv) drawn as thin lines over a map: catchments solid,
/// authority lines dashed, clipped to the map's plot. Shared by the region map, the chances map
/// and the change map, so every map draws them alike.
enum OutlineLayer {
    static let catchmentColour = "#222222"
    static let authorityColour = "#6a3d9a"
    static let authorityDash = "6 3"

    /// SVG path data of one outline's points through the map's projection.
    static func pathData(_ o: RunOutputs.Outline, px: (Double) -> Double, py: (Double) -> Double) -> String {
        var d = ""
        for (k, p) in o.points.enumerated() {
            d += (k == 0 ? "M" : "L") + Markup.coordinate(px(p.x)) + " " + Markup.coordinate(py(p.y))
        }
        return o.ring == .line ? d : d + "Z"
    }

    /// Draws `outlines` inside the plot rectangle. `highlight` (a school id) draws that school's
    /// catchment darker and the others fainter (the chances map's panel of one school).
    static func draw(_ outlines: [RunOutputs.Outline]?, on canvas: inout SVGCanvas, plot: (x: Double, y: Double, width: Double, height: Double),
                     px: (Double) -> Double, py: (Double) -> Double, highlight: String? = nil, scale: Double = 1) {
        guard let outlines, !outlines.isEmpty else { return }
        canvas.viewport(x: plot.x, y: plot.y, width: plot.width, height: plot.height)
        canvas.group(className: "outlines", label: "Catchment and authority outlines")
        for o in outlines {
            let d = pathData(o, px: px, py: py)
            switch o.kind {
            case .catchment:
                let own = highlight.map { o.schools.contains($0) }
                let width = (own == true ? 1.8 : own == false ? 0.6 : 1.1) * scale
                canvas.path(d, stroke: own == false ? "#888888" : catchmentColour, width: width, className: "catchment-outline",
                            title: "Catchment: \(o.name)")
            case .authority:
                canvas.path(d, stroke: authorityColour, width: 1.3 * scale, className: "authority-outline", dash: authorityDash,
                            title: "\(o.name) | \(o.neighbour)")
            }
        }
        canvas.endGroup()
        canvas.endViewport()
    }

    /// Widens a map's extent to hold every catchment whole (a catchment may reach past the last
    /// home, e.g. over downland); authority lines run past the region and are clipped instead.
    static func extend(_ xs: inout [Double], _ ys: inout [Double], _ outlines: [RunOutputs.Outline]?) {
        for o in outlines ?? [] where o.kind == .catchment {
            for p in o.points { xs.append(p.x); ys.append(p.y) }
        }
    }

    /// The legend's entries for what `outlines` holds (none when it holds nothing).
    static func legendItems(_ outlines: [RunOutputs.Outline]?) -> [(colour: String, label: String, mark: Legend.Mark)] {
        guard let outlines else { return [] }
        var items: [(colour: String, label: String, mark: Legend.Mark)] = []
        let catchments = Set(outlines.filter { $0.kind == .catchment }.map(\.name))
        if !catchments.isEmpty { items.append((catchmentColour, "catchment boundary (\(catchments.count) catchments)", .line)) }
        if outlines.contains(where: { $0.kind == .authority }) {
            items.append((authorityColour, "authority boundary, dashed (approximate: halfway between neighbourhoods)", .line))
        }
        return items
    }

    /// A sentence saying what the outlines are, for a map's note ("" when there are none).
    static func note(_ outlines: [RunOutputs.Outline]?) -> String {
        guard let outlines else { return "" }
        var out = ""
        if outlines.contains(where: { $0.kind == .catchment }) {
            out += "Catchments are drawn as the scenario gives them"
                + (outlines.contains { $0.kind == .catchment && $0.ring == .line } ? " (a catchment of small areas approximately, halfway between its areas' centres and the others')" : "")
                + ". "
        }
        let authorities = Array(Set(outlines.filter { $0.kind == .authority }.map(\.name))).sorted()
        if !authorities.isEmpty {
            out += "Dashed lines mark where \(authorities.joined(separator: ", ")) meets other authorities, approximately: "
                + "halfway between the nearest neighbourhoods (LSOA centres) on either side, as the data hold no boundaries; coasts are not drawn. "
        }
        return out
    }
}
