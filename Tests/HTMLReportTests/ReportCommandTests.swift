import Foundation
import TestSupport
import Testing

@Suite struct ReportCommandTests {
    @Test func reportRedrawsExactlyWhatRunWrote() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run").path
        let r = try runFairplaces(["run", scenariosFolder.appendingPathComponent("comprehensive-county-funding.yaml").path,
                                   "--out", out, "--replications", "2", "--report", "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let written = try Data(contentsOf: URL(fileURLWithPath: "\(out)/report.html"))
        try FileManager.default.removeItem(atPath: "\(out)/report.html")
        let redraw = try runFairplaces(["report", out])
        #expect(redraw.status == 0, "stderr: \(redraw.stderr)")
        #expect(redraw.stdout.contains("report.html"))
        let redrawn = try Data(contentsOf: URL(fileURLWithPath: "\(out)/report.html"))
        #expect(redrawn == written, "report differs from run --report's")
        #expect(FileManager.default.fileExists(atPath: "\(out)/map.csv"))
        // No temporary files left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".") })
    }

    /// `compare --report` draws base and variant side by side from the folder it wrote, and gives
    /// the same bytes as `fairplaces report` on that folder.
    @Test func compareWritesAComparisonReport() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("compare").path
        let r = try runFairplaces(["compare", scenariosFolder.appendingPathComponent("comparisons/grammar-schools.yaml").path,
                                   "--out", out, "--replications", "2", "--report", "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        let schools = try String(contentsOfFile: "\(out)/base/schools.csv", encoding: .utf8)
            .split(separator: "\n").count - 1
        // Both policies' maps and bars: one marker and one bar per school in each.
        #expect(occurrences(of: "class=\"school-marker\"", in: html) == 2 * schools)
        #expect(occurrences(of: "class=\"fsm-bar\"", in: html) == 2 * schools)
        #expect(FileManager.default.fileExists(atPath: "\(out)/base/map.csv"))
        let written = try Data(contentsOf: URL(fileURLWithPath: "\(out)/report.html"))
        #expect(try runFairplaces(["report", out, "--quiet"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/report.html")) == written)
        // Compared again without --report: the old report goes.
        #expect(try runFairplaces(["compare", scenariosFolder.appendingPathComponent("comparisons/grammar-schools.yaml").path,
                                   "--out", out, "--replications", "2", "--quiet"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(out)/report.html"))
    }

    @Test func aFailedRunWritesNoReport() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A scenario with an error: the run stops before writing anything.
        let bad = dir.appendingPathComponent("bad.yaml")
        try "name: Bad\nseed: 1\nreplications: 2\nregion: {synthetic: {pupils: -5}}\n".write(to: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try runFairplaces(["run", bad.path, "--out", out, "--report"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.yaml"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/report.html"))
        // A scenario that fails after simulating (its funding base does not load): nothing written either.
        let source = try String(contentsOf: scenariosFolder.appendingPathComponent("comprehensive-county-funding.yaml"), encoding: .utf8)
        let broken = dir.appendingPathComponent("broken-base.yaml")
        try source.replacingOccurrences(of: "extends: selective-county-funding.yaml",
                                        with: "extends: \(scenariosFolder.appendingPathComponent("selective-county-funding.yaml").path)")
            .replacingOccurrences(of: "compare_to: selective-county-funding.yaml", with: "compare_to: no-such-base.yaml")
            .write(to: broken, atomically: true, encoding: .utf8)
        let r2 = try runFairplaces(["run", broken.path, "--out", out, "--replications", "1", "--report"])
        #expect(r2.status != 0)
        #expect(r2.stderr.contains("no-such-base.yaml"), "stderr: \(r2.stderr)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func reportOfAnIncompleteFolderFailsAndWritesNothing() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run").path
        #expect(try runFairplaces(["run", scenariosFolder.appendingPathComponent("comprehensive-town.yaml").path,
                                   "--out", out, "--replications", "1", "--quiet"]).status == 0)
        // A run without --report writes no map.csv; its report draws schools only and says so.
        #expect(!FileManager.default.fileExists(atPath: "\(out)/map.csv"))
        let plain = try runFairplaces(["report", out, "--quiet"])
        #expect(plain.status == 0, "stderr: \(plain.stderr)")
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        #expect(html.contains("wrote no map.csv"))
        try FileManager.default.removeItem(atPath: "\(out)/report.html")
        // Corrupt metrics.csv: located error, non-zero exit, no report.
        let metrics = try String(contentsOfFile: "\(out)/metrics.csv", encoding: .utf8)
        try (metrics + "region,broken\n").write(toFile: "\(out)/metrics.csv", atomically: true, encoding: .utf8)
        let r = try runFairplaces(["report", out])
        #expect(r.status != 0)
        let lines = metrics.split(separator: "\n").count
        #expect(r.stderr.contains("metrics.csv:\(lines + 1): expected 13 fields, found 2"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/report.html"))
        // Missing schools.csv.
        try metrics.write(toFile: "\(out)/metrics.csv", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: "\(out)/schools.csv")
        let r2 = try runFairplaces(["report", out])
        #expect(r2.status != 0 && r2.stderr.contains("schools.csv: missing"), "stderr: \(r2.stderr)")
    }

    @Test func aRunWithoutReportRemovesAnEarlierReport() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run").path
        let scenario = scenariosFolder.appendingPathComponent("comprehensive-town.yaml").path
        #expect(try runFairplaces(["run", scenario, "--out", out, "--replications", "1", "--report", "--quiet"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: "\(out)/report.html"))
        #expect(try runFairplaces(["run", scenario, "--out", out, "--replications", "1", "--quiet"]).status == 0)
        // A report of the earlier run beside the new run's files would describe the wrong run.
        #expect(!FileManager.default.fileExists(atPath: "\(out)/report.html"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/map.csv"))
    }
}
