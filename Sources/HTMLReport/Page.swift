/// The HTML document around the panels: one file, its style sheet inline, no scripts and no
/// requests for anything outside the file, readable on a phone and printable on A4.
enum Page {
    static func document(title: String, body: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<meta name=\"generator\" content=\"FairPlaces\">"
            + "<title>\(Markup.escape(title))</title><style>\(css)</style></head>\n<body><main>\n"
            + body + "\n</main></body></html>\n"
    }

    /// A panel: heading, a sentence on how to read it, then its charts, legends and tables.
    static func section(id: String, title: String, intro: String, content: String) -> String {
        "<section class=\"panel\" id=\"\(id)\"><h2>\(Markup.escape(title))</h2><p class=\"intro\">\(Markup.escape(intro))</p>"
            + content + "</section>\n"
    }

    static func figure(_ svg: String, legend: String = "", note: String = "") -> String {
        "<figure>" + svg + legend + (note.isEmpty ? "" : "<figcaption>\(Markup.escape(note))</figcaption>") + "</figure>"
    }

    static let css = """
:root{--ink:#1a1a1a;--muted:#555;--rule:#ccc;--bg:#fff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:12px 16px 40px}
h1{font-size:1.6em;margin:.4em 0 .2em}
h2{font-size:1.25em;margin:0 0 .3em;border-bottom:2px solid var(--ink);padding-bottom:.15em}
h3{font-size:1.05em;margin:.6em 0 .3em}
p.intro,figcaption,.note{color:var(--muted);font-size:.92em;margin:.2em 0 .6em}
.panel{margin:28px 0}
figure{margin:0 0 10px}
svg.chart,svg.map{display:block;width:100%;height:auto;max-width:100%}
.small-multiples{display:flex;flex-wrap:wrap;gap:10px}
svg.map.small{width:240px;max-width:240px}
svg text{font-family:inherit;fill:#222}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.pair>div{min-width:0}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;align-items:center;font-size:.88em;margin:6px 0}
.legend-title{font-weight:600}
.legend-item{display:inline-flex;align-items:center;gap:5px}
.swatch{display:inline-block;width:14px;height:14px;background:var(--c);border:1px solid #0004}
.swatch.round{border-radius:50%}
.swatch.rule{height:0;border:0;border-top:2px dashed var(--c)}
.swatch.whisker{height:2px;border:0;background:var(--c)}
.table-wrap{overflow-x:auto;margin:6px 0 14px}
table.data{border-collapse:collapse;font-size:.86em;min-width:50%}
table.data caption{text-align:left;font-weight:600;padding:4px 0;color:var(--ink)}
table.data th,table.data td{padding:3px 8px;border-bottom:1px solid var(--rule);text-align:left;white-space:nowrap}
table.data th{background:#f3f3f3}
table.data .num{text-align:right;font-variant-numeric:tabular-nums}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:.4em 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
ul.plain{margin:.2em 0 .6em;padding-left:1.2em}
ul.plain.headline{list-style:none;padding-left:0}
ul.plain.headline .swatch{vertical-align:-2px;margin-right:4px}
nav.contents{font-size:.9em}
nav.contents a{margin-right:12px}
@media (max-width:720px){.pair{grid-template-columns:1fr}body{font-size:14px}main{padding:8px}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:4px}}
@media print{@page{size:A4;margin:14mm}body{font-size:10pt}main{max-width:none;padding:0}
.panel{break-inside:auto;margin:12px 0}figure,table.data tr,.legend{break-inside:avoid}
h2,h3,p.intro{break-after:avoid}.table-wrap{overflow:visible}table.data{font-size:8pt}nav.contents{display:none}
.pair{grid-template-columns:1fr 1fr;gap:8px}}
"""
}
