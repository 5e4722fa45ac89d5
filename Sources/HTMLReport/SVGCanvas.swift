/// Builds one inline SVG chart as text. Charts are drawn in their own units (viewBox), so the
/// browser scales them to the page: full width on a phone, at most the container's width on a screen.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    private static func c(_ v: Double) -> String { Markup.coordinate(v) }

    /// A `<title>` child gives each mark a tooltip on screens and a name for screen readers.
    private static func titled(_ open: String, _ tag: String, _ title: String?) -> String {
        guard let title else { return open + "/>" }
        return open + "><title>" + Markup.escape(title) + "</title></" + tag + ">"
    }

    private static func cls(_ className: String?) -> String { className.map { " class=\"\($0)\"" } ?? "" }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, className: String? = nil,
                       title: String? = nil, extra: String = "") {
        body += Self.titled("<rect\(Self.cls(className)) x=\"\(Self.c(x))\" y=\"\(Self.c(y))\" width=\"\(Self.c(max(0, width)))\" "
                            + "height=\"\(Self.c(max(0, height)))\" fill=\"\(fill)\"\(extra)", "rect", title)
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, className: String? = nil, title: String? = nil,
                         extra: String = "") {
        body += Self.titled("<circle\(Self.cls(className)) cx=\"\(Self.c(cx))\" cy=\"\(Self.c(cy))\" r=\"\(Self.c(r))\" fill=\"\(fill)\"\(extra)",
                            "circle", title)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                       className: String? = nil, dash: String? = nil) {
        body += "<line\(Self.cls(className)) x1=\"\(Self.c(x1))\" y1=\"\(Self.c(y1))\" x2=\"\(Self.c(x2))\" y2=\"\(Self.c(y2))\" "
            + "stroke=\"\(stroke)\" stroke-width=\"\(Self.c(width))\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
    }

    /// A path (`d` in SVG path syntax), stroked and not filled.
    mutating func path(_ d: String, stroke: String, width: Double, className: String? = nil, dash: String? = nil, title: String? = nil) {
        body += Self.titled("<path\(Self.cls(className)) d=\"\(d)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.c(width))\""
                            + " stroke-linejoin=\"round\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""), "path", title)
    }

    /// Opens a viewport that clips what is drawn in it to the rectangle (close it with `endViewport`),
    /// in the canvas's own coordinates: a nested `<svg>` clips without an id to refer to.
    mutating func viewport(x: Double, y: Double, width: Double, height: Double) {
        body += "<svg x=\"\(Self.c(x))\" y=\"\(Self.c(y))\" width=\"\(Self.c(width))\" height=\"\(Self.c(height))\" "
            + "viewBox=\"\(Self.c(x)) \(Self.c(y)) \(Self.c(width)) \(Self.c(height))\" overflow=\"hidden\">"
    }

    mutating func endViewport() { body += "</svg>" }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ s: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
                       className: String? = nil, bold: Bool = false, rotate: Double? = nil) {
        var attributes = "x=\"\(Self.c(x))\" y=\"\(Self.c(y))\" font-size=\"\(Self.c(size))\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if let rotate { attributes += " transform=\"rotate(\(Self.c(rotate)) \(Self.c(x)) \(Self.c(y)))\"" }
        body += "<text\(Self.cls(className)) \(attributes)>" + Markup.escape(s) + "</text>"
    }

    /// Opens a group (close it with `endGroup`).
    mutating func group(className: String, label: String? = nil) {
        body += "<g class=\"\(className)\"" + (label.map { " aria-label=\"\(Markup.escape($0))\"" } ?? "") + ">"
    }

    mutating func endGroup() { body += "</g>" }

    /// The finished `<svg>` element, labelled for screen readers.
    func svg(label: String, className: String = "chart") -> String {
        "<svg class=\"\(className)\" viewBox=\"0 0 \(Self.c(width)) \(Self.c(height))\" role=\"img\" aria-label=\""
            + Markup.escape(label) + "\">" + body + "</svg>"
    }
}
