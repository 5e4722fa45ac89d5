import Foundation
import TestSupport
import Testing

/// `fairplaces plan` (issue #9): the council example writes its per-year tables; a bad timeline
/// stops with the file, line and field, exit status 1, and writes nothing.
@Suite struct PlanCommandTests {
    @Test func councilExampleWritesPlanningTables() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let r = try runFairplaces(["plan", scenariosFolder.appendingPathComponent("planning-council.yaml").path,
                                   "--out", out, "--replications", "2", "--threads", "2"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        for option in ["Status quo", "PAN reductions", "Close Southwest School"] { #expect(r.stdout.contains("\n\(option)\n")) }
        let years = try String(contentsOfFile: "\(out)/years.csv", encoding: .utf8).split(separator: "\n")
        #expect(years[0].hasPrefix("option,year,pupils,places,modelled_demand,vacancies,surplus_pct,unplaced,above_pan,displaced"))
        // Three options × five years.
        #expect(years.count == 1 + 15)
        // The status quo displaces nobody against itself; the closure's year has fewer places.
        #expect(years.filter { $0.hasPrefix("Status quo,") }.allSatisfy { $0.split(separator: ",")[9] == "0" })
        #expect(years.contains { $0.hasPrefix("Close Southwest School,2029,") && $0.split(separator: ",")[3] == "2790" })
        let planning = try String(contentsOfFile: "\(out)/planning.csv", encoding: .utf8)
        #expect(planning.contains("Close Southwest School,2030,planning_area,Wick,Wick,870,"))
        #expect(!planning.contains("Close Southwest School,2029,school,SW,"))
    }

    @Test func badTimelineWritesNothing() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("bad.yaml")
        try """
            extends: \(scenariosFolder.appendingPathComponent("catchment-council.yaml").path)
            planning:
              first_year: 2026
              last_year: 2028
              options:
                - name: Bad
                  years:
                    - {year: 2027, pan: {NOPE: 100}}
            """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try runFairplaces(["plan", scenario.path, "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.yaml:8:"))
        #expect(r.stderr.contains("planning.options[0].years[0].pan.NOPE: unknown school 'NOPE'"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
