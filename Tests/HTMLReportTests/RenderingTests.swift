import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import HTMLReport
import Reports
import Metrics
import Simulation
import ScenarioLoading
import Allocation

/// The outermost `<svg>…</svg>` fragments of a page (a map's clipping viewport is an `<svg>` inside one).
func svgFragments(_ html: String) -> [String] {
    var out: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg") {
        var depth = 1, cursor = start.upperBound
        while depth > 0 {
            let open = rest.range(of: "<svg", range: cursor..<rest.endIndex)
            guard let close = rest.range(of: "</svg>", range: cursor..<rest.endIndex) else { return out + [String(rest[start.lowerBound...])] }
            if let open, open.lowerBound < close.lowerBound { depth += 1; cursor = open.upperBound } else { depth -= 1; cursor = close.upperBound }
        }
        out.append(String(rest[start.lowerBound..<cursor]))
        rest = rest[cursor...]
    }
    return out
}

/// Whether a fragment parses as XML (SVG must, or browsers drop or misplace its elements).
func isWellFormedXML(_ fragment: String) -> Bool {
    XMLParser(data: Data(fragment.utf8)).parse()
}

@Suite struct RenderingTests {
    @Test func oneMarkerAndOneBarPerSchoolWithLegends() throws {
        let (_, files) = try runScenario("selective-county-funding.yaml")
        let run = try RunOutputs.read(files: files, folder: "out")
        let html = HTMLReport.render(run)
        let schools = dataRows(files["schools.csv"]!)
        #expect(schools == 24)
        #expect(occurrences(of: "class=\"school-marker\"", in: html) == schools)
        #expect(occurrences(of: "class=\"fsm-bar\"", in: html) == schools)
        #expect(occurrences(of: "class=\"funding-bar\"", in: html) == schools)
        #expect(occurrences(of: "class=\"home-square\"", in: html) == dataRows(files["map.csv"]!))
        #expect(occurrences(of: "class=\"legend\"", in: html) >= 6)
        // Every school's name is on the page, and every panel is there.
        for school in run.schools { #expect(html.contains(school.name)) }
        for id in ["map", "fsm-share", "outcomes", "distance", "segregation", "funding"] { #expect(html.contains("id=\"\(id)\"")) }
    }

    @Test func selfContainedNoScriptsNoExternalReferences() throws {
        let (_, files) = try runScenario("comprehensive-town.yaml")
        let html = HTMLReport.render(try RunOutputs.read(files: files, folder: "out"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("@import") && !html.contains("url("))
        // Links only within the page.
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix(1)) }
        #expect(!hrefs.isEmpty && hrefs.allSatisfy { $0 == "#" })
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("@media print") && html.contains("size:A4"))
        // No funding panel without funding.csv.
        #expect(!html.contains("id=\"funding\"") && files["funding.csv"] == nil)
    }

    @Test func everyChartIsWellFormedSVGWithAViewBox() throws {
        let (_, files) = try runScenario("selective-county-funding.yaml")
        let html = HTMLReport.render(try RunOutputs.read(files: files, folder: "out"))
        let svgs = svgFragments(html)
        #expect(svgs.count == 6)  // map, FSM bars, outcomes, distance, segregation, funding
        for svg in svgs {
            #expect(isWellFormedXML(svg), "malformed SVG: \(svg.prefix(200))")
            #expect(svg.contains("viewBox=\"0 0 "))
        }
        // A school name with markup characters is escaped, not injected.
        var run = try RunOutputs.read(files: files, folder: "out")
        run.schools[0].name = "St Mary & <b>\"All\"</b>"
        let escaped = HTMLReport.render(run)
        #expect(escaped.contains("St Mary &amp; &lt;b&gt;&quot;All&quot;&lt;/b&gt;"))
        #expect(!escaped.contains("<b>"))
        for svg in svgFragments(escaped) { #expect(isWellFormedXML(svg)) }
    }

    @Test func mapSquaresHoldEveryPupilWithTheMedianDecile() throws {
        let (result, files) = try runScenario("comprehensive-town.yaml", replications: 1)
        let pupils = result.spec.region.pupils
        let rows = files["map.csv"]!.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.reduce(0) { $0 + Int($1[3])! } == pupils.count)
        #expect(rows.reduce(0) { $0 + Int($1[4])! } == pupils.fsm.filter { $0 }.count)
        // A second, plain implementation: group pupils by square, sort their deciles, take the lower median.
        let side = Double(rows[0][2])!
        #expect(side == 0.25)  // 24 km region / 100 squares → 0.24, rounded up to 0.25 km
        var bySquare: [String: [Int]] = [:]
        for i in 0..<pupils.count {
            let cx = ((pupils.homeX[i] / side).rounded(.down) + 0.5) * side
            let cy = ((pupils.homeY[i] / side).rounded(.down) + 0.5) * side
            bySquare["\(cx),\(cy)", default: []].append(Int(pupils.idaciDecile[i]))
        }
        #expect(bySquare.count == rows.count)
        for row in rows {
            let deciles = bySquare["\(Double(row[0])!),\(Double(row[1])!)"]?.sorted()
            #expect(deciles?.count == Int(row[3]))
            #expect(deciles.map { String($0[($0.count - 1) / 2]) } == row[5])
        }
    }

    @Test func offerSharesSumToOneAndAgreeWithFirstAndAnyPreference() throws {
        let (result, _) = try runScenario("selective-county.yaml", replications: 2)
        let index = Dictionary(result.keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for values in result.replications {
            for (attribute, category) in [("", ""), ("fsm", "fsm"), ("fsm", "non_fsm"), ("idaci_quintile", "idaci_q1")] {
                func v(_ metric: String, _ unit: String = "") -> Double {
                    values[index[MetricKey(.region, metric, attribute: attribute, category: category, unit: unit)]!]!
                }
                let ranks = (1...4).map { v("offer_share", "preference=\($0)") }
                let total = ranks.reduce(0, +) + v("offer_share", "administrative") + v("offer_share", "unplaced")
                #expect(abs(total - 1) < 1e-12)
                #expect(abs(ranks[0] - v("first_preference_share")) < 1e-12)
                #expect(abs(ranks.reduce(0, +) - v("any_preference_share")) < 1e-12)
            }
        }
    }

    /// Under no choice a pupil can be placed at a school off their list (rank -1): such places count
    /// with administrative ones, and the shares still sum to 1 (this once crashed the metrics).
    @Test func offerSharesUnderNoChoice() throws {
        var loaded = try ScenarioLoader.load(path: scenariosFolder.appendingPathComponent("fsm-priority-town.yaml").path)
        loaded.spec.mechanism = .noChoice
        loaded.spec.replications = 2
        let result = Simulator(spec: loaded.spec).run(threads: 2)
        let index = Dictionary(result.keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        guard case .model(let model) = loaded.spec.preferences else { Issue.record("expected the model"); return }
        let offList = (0..<result.first.allocation.pupilCount).filter {
            result.first.allocation.route[$0] == .preference && result.first.allocation.preferenceRank[$0] < 0
        }.count
        #expect(offList > 0, "the test needs pupils placed off their lists")
        for values in result.replications {
            var total = 0.0
            for unit in (1...model.listLength).map({ "preference=\($0)" }) + ["administrative", "unplaced"] {
                total += values[index[MetricKey(.region, "offer_share", unit: unit)]!]!
            }
            #expect(abs(total - 1) < 1e-12)
        }
    }

    @Test func numbersAreFormattedForPeopleAndBytesAreStable() {
        #expect(Markup.escape("a<b & \"c\" 'd'") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;")
        #expect(Markup.number(-0.0001, 2) == "0.00")
        #expect(Markup.number(-1.25, 1) == "−1.2" || Markup.number(-1.25, 1) == "−1.3")
        #expect(Markup.number(nil, 1) == "–")
        #expect(Markup.percent(0.1234) == "12.3%")
        #expect(Markup.pounds(1234567.4) == "£1,234,567")
        #expect(Markup.pounds(-999.6) == "−£1,000")
        #expect(Markup.coordinate(12.3456) == "12.35" && Markup.coordinate(3.0) == "3" && Markup.coordinate(2.5) == "2.5")
    }
}
