import Foundation
import TestSupport
import Testing

/// Debian's `chromium`, which `make deps` installs; nil when it is not on this machine.
let chromiumPath: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Opens a page in headless Chromium and returns the DOM it built (after parsing and layout) and
/// the browser's log, and how long the whole run took.
func openInChromium(_ file: String, extra: [String] = []) throws -> (dom: String, log: String, seconds: Double) {
    let start = Date()
    let r = try runProgram(URL(fileURLWithPath: chromiumPath!), [
        "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
        "--enable-logging=stderr", "--v=0",
    ] + extra + ["--dump-dom", URL(fileURLWithPath: file).absoluteString])
    return (r.stdout, r.stderr, Date().timeIntervalSince(start))
}

/// Log lines that report a problem with the page itself (console messages, failed loads), as
/// opposed to the sandbox's complaints about D-Bus or GPU that a headless server always prints.
func pageErrors(_ log: String) -> [String] {
    log.split(separator: "\n").map(String.init).filter { line in
        line.contains("CONSOLE") || line.contains("Uncaught") || line.contains("net::ERR") || line.contains("Failed to load")
            || line.contains("Refused to")
    }
}

@Suite(.serialized, .enabled(if: chromiumPath != nil, "headless Chromium is not installed: `make deps` installs Debian's chromium"))
struct ChromiumTests {
    /// Every example scenario's report loads without errors and draws one marker and one bar per school and its legends.
    @Test(arguments: try exampleScenarios())
    func exampleReportLoadsAndDrawsItsElements(_ scenario: String) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let r = try runFairplaces(["run", scenariosFolder.appendingPathComponent(scenario).path, "--out", out,
                                   "--replications", "2", "--report", "--quiet"])
        #expect(r.status == 0, "\(scenario): \(r.stderr)")
        let schools = dataRows(try String(contentsOfFile: "\(out)/schools.csv", encoding: .utf8))
        let page = try openInChromium("\(out)/report.html")
        #expect(page.dom.contains("</html>"), "\(scenario): Chromium produced no DOM; log: \(page.log.suffix(500))")
        #expect(occurrences(of: "class=\"school-marker\"", in: page.dom) == schools)
        #expect(occurrences(of: "class=\"fsm-bar\"", in: page.dom) == schools)
        #expect(occurrences(of: "class=\"legend\"", in: page.dom) >= 4)
        #expect(occurrences(of: "<svg", in: page.dom) == occurrences(of: "<svg", in: try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)))
        #expect(pageErrors(page.log).isEmpty, "\(scenario): \(pageErrors(page.log))")
    }

    /// The error check can fail: a page that logs to the console is caught.
    @Test func consoleMessagesAreDetected() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("noisy.html").path
        try "<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>"
            .write(toFile: page, atomically: true, encoding: .utf8)
        #expect(pageErrors(try openInChromium(page).log).contains { $0.contains("boom") })
    }

    @Test func comparisonReportLoadsInChromium() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let comparison = try makeComparisonFolder(dir)
        #expect(try runFairplaces(["report", comparison.path, "--quiet"]).status == 0)
        let page = try openInChromium(comparison.appendingPathComponent("report.html").path)
        #expect(occurrences(of: "class=\"school-marker\"", in: page.dom) == 16)
        #expect(occurrences(of: "class=\"mover-bar\"", in: page.dom) == 3)
        // The fixture's four region figures: first preference, FSM distance, FSM D, FSM any preference.
        #expect(occurrences(of: "class=\"difference-point\"", in: page.dom) == 4)
        #expect(occurrences(of: "class=\"headline-line\"", in: page.dom) == 4)
        #expect(occurrences(of: "class=\"change-gain\"", in: page.dom) == 2)
        #expect(pageErrors(page.log).isEmpty, "\(pageErrors(page.log))")
    }

    /// A county of 18,000 pupils and 100 schools: the report weighs under 5 MB and Chromium has
    /// loaded it (parsed, styled, laid out: the load event) in under 2 s.
    @Test func hundredSchoolCountyReportIsSmallAndFast() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("county.yaml")
        try """
        name: Hundred-school county
        seed: 7
        replications: 2
        region:
          synthetic: {width_km: 60, height_km: 40, pupils: 18000, town_count: 12}
        schools:
          generate: {count: 100, surplus: 0.12, types: {community: 0.5, academy: 0.5}}
        admissions:
          default: {criteria: [looked_after, sibling], tie_break: distance}
        preferences:
          list_length: 6
          considered_schools: 12
          distance_per_km: -0.6
        funding:
          parameters: nff-2024-25
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try runFairplaces(["run", scenario.path, "--out", out, "--report", "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let report = "\(out)/report.html"
        let bytes = try FileManager.default.attributesOfItem(atPath: report)[.size] as! Int
        #expect(bytes < 5_000_000, "report.html is \(bytes) bytes")
        let page = try openInChromium(report)
        #expect(occurrences(of: "class=\"school-marker\"", in: page.dom) == 100)
        #expect(occurrences(of: "class=\"fsm-bar\"", in: page.dom) == 100)
        #expect(pageErrors(page.log).isEmpty)
        // The report has no scripts, so time a copy that logs the browser's own navigation timing
        // once loaded: the time from the request to the end of the load event, laid out and styled.
        let html = try String(contentsOfFile: report, encoding: .utf8)
        let timed = dir.appendingPathComponent("timed.html").path
        try html.replacingOccurrences(of: "</body>", with: """
            <script>addEventListener("load", () => setTimeout(() => { const n = performance.getEntriesByType("navigation")[0]; \
            console.log("loaded-ms=" + Math.round(n.loadEventEnd)) }, 0))</script></body>
            """).write(toFile: timed, atomically: true, encoding: .utf8)
        // The best of three opens, so a busy machine's noise does not decide the result.
        var times: [Int] = []
        for _ in 0..<3 {
            let log = try openInChromium(timed).log
            if let range = log.range(of: "loaded-ms="), let ms = Int(log[range.upperBound...].prefix { $0.isNumber }) { times.append(ms) }
        }
        #expect(times.count == 3, "no timing in Chromium's log")
        print("100-school county report: \(bytes) bytes; Chromium's load event after \(times) ms")
        #expect((times.min() ?? .max) < 2000)
    }
}

/// poppler's `pdfinfo`, which counts a PDF's pages (Debian `poppler-utils`); nil when absent.
let pdfinfoPath: String? = ["/usr/bin/pdfinfo", "/usr/local/bin/pdfinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// England's published data beside the repository (`../shared/data/england`), which Kent needs.
let sharedEngland = repositoryFolder.deletingLastPathComponent().appendingPathComponent("shared/data/england").path

/// Prints a page to A4 PDF in headless Chromium, as a reader's "print" would, and counts its pages.
func printedPages(_ file: String, dir: URL) throws -> Int {
    let pdf = dir.appendingPathComponent("printed.pdf").path
    _ = try runProgram(URL(fileURLWithPath: chromiumPath!), [
        "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions", "--no-pdf-header-footer",
        "--print-to-pdf=\(pdf)", URL(fileURLWithPath: file).absoluteString])
    let info = try runProgram(URL(fileURLWithPath: pdfinfoPath!), [pdf])
    let line = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
    return Int(line?.split(separator: " ").last ?? "") ?? 0
}

@Suite(.serialized, .enabled(if: chromiumPath != nil && pdfinfoPath != nil, "needs headless Chromium and pdfinfo (`make deps`)"))
struct PrintedLengthTests {
    /// Issue #16: a two-policy Kent comparison (138 schools, 23,404 pupils) prints on at most 12 A4
    /// pages; before, its tables of every figure and school made it 24 (and 59 with two variants).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedEngland), "skipped: ../shared/data/england is not present"))
    func kentComparisonPrintsOnTwelvePagesAtMost() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("kent").path
        let r = try runFairplaces(["compare", scenariosFolder.appendingPathComponent("comparisons/kent-grammar-schools.yaml").path,
                                   "--out", out, "--replications", "2", "--report", "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let pages = try printedPages("\(out)/report.html", dir: dir)
        let bytes = try FileManager.default.attributesOfItem(atPath: "\(out)/report.html")[.size] as! Int
        print("Kent comparison report: \(pages) A4 pages, \(bytes) bytes")
        #expect(pages >= 1 && pages <= 12, "\(pages) pages")
        // The pointers to the files that hold what the page leaves out.
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        #expect(html.contains("whose intake changes most; every school is in school_changes.csv"))
        #expect(html.contains("are in differences.csv"))
    }

    /// The count can fail: a page of 40 forced page breaks prints on 40 pages.
    @Test func pageCountingCountsPages() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("forty.html").path
        try ("<!DOCTYPE html><html><body>" + String(repeating: "<p style=\"break-after:page\">page</p>", count: 40) + "</body></html>")
            .write(toFile: page, atomically: true, encoding: .utf8)
        #expect(try printedPages(page, dir: dir) == 40)
    }
}
