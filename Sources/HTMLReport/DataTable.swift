/// An HTML table of the numbers a chart draws, so readers can copy them into a spreadsheet.
struct DataTable {
    var caption: String
    var headers: [String]
    var rows: [[String]]
    /// Columns (by index) holding text rather than numbers: left-aligned.
    var textColumns: Set<Int> = [0]

    var html: String {
        var out = "<div class=\"table-wrap\"><table class=\"data\"><caption>\(Markup.escape(caption))</caption><thead><tr>"
        for (c, h) in headers.enumerated() {
            out += "<th scope=\"col\"\(textColumns.contains(c) ? "" : " class=\"num\"")>\(Markup.escape(h))</th>"
        }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for (c, cell) in row.enumerated() {
                out += textColumns.contains(c) ? "<td>\(Markup.escape(cell))</td>" : "<td class=\"num\">\(Markup.escape(cell))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }
}

/// A chart's key, as HTML beside the chart so it reflows on narrow screens.
struct Legend {
    enum Mark { case square, circle, line, whisker }
    var title: String
    var items: [(colour: String, label: String, mark: Mark)]

    var html: String {
        var out = "<div class=\"legend\"><span class=\"legend-title\">\(Markup.escape(title))</span>"
        for item in items {
            let shape: String
            switch item.mark {
            case .square: shape = "swatch"
            case .circle: shape = "swatch round"
            case .line: shape = "swatch rule"
            case .whisker: shape = "swatch whisker"
            }
            out += "<span class=\"legend-item\"><span class=\"\(shape)\" style=\"--c:\(item.colour)\"></span>\(Markup.escape(item.label))</span>"
        }
        return out + "</div>"
    }
}
