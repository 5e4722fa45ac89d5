import Foundation
import TestSupport
import Testing


func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct CommandLineTests {
    @Test func runWritesOutputsAndSummary() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let r = try runFairplaces(["run", scenariosFolder.appendingPathComponent("comprehensive-town.yaml").path,
                                   "--out", out, "--replications", "2", "--pupils"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("offered first preference"))
        for name in ["schools.csv", "metrics.csv", "metrics.json", "pupils.csv"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name) missing")
        }
        let schools = try String(contentsOfFile: "\(out)/schools.csv", encoding: .utf8)
        #expect(schools.split(separator: "\n").count == 1 + 8)
        let pupils = try String(contentsOfFile: "\(out)/pupils.csv", encoding: .utf8)
        #expect(pupils.split(separator: "\n").count == 1 + 2000)
    }

    @Test func cliOutputsIdenticalForOneAndTwoThreads() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = scenariosFolder.appendingPathComponent("selective-county.yaml").path
        for threads in ["1", "2"] {
            let r = try runFairplaces(["run", scenario, "--out", dir.appendingPathComponent(threads).path,
                                       "--replications", "3", "--threads", threads, "--pupils", "--quiet"])
            #expect(r.status == 0, "stderr: \(r.stderr)")
        }
        for name in ["schools.csv", "metrics.csv", "metrics.json", "pupils.csv"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("1/\(name)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("2/\(name)"))
            #expect(a == b, "\(name) differs")
        }
    }

    @Test func badScenarioFailsWithOneLineReasonAndWritesNothing() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("bad.yaml")
        try """
        name: Bad
        region:
          synthetic: {pupils: 100}
        schools:
          list:
            - {id: S1, location_km: [1, 1], pan: -30}
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try runFairplaces(["run", scenario.path, "--out", out.path])
        #expect(r.status != 0)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("bad.yaml:6:"))
        #expect(r.stderr.contains("schools.list[0].pan"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let v = try runFairplaces(["validate", scenario.path])
        #expect(v.status != 0)
        #expect(v.stderr.contains("schools.list[0].pan"))
    }

    @Test func validateAcceptsExamples() throws {
        for file in try exampleScenarios() {
            let r = try runFairplaces(["validate", scenariosFolder.appendingPathComponent(file).path])
            #expect(r.status == 0, "\(file): \(r.stderr)")
            #expect(r.stdout.contains("valid"))
        }
    }

    @Test func missingScenarioFileIsAnError() throws {
        let r = try runFairplaces(["run", "/nonexistent/scenario.yaml"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/scenario.yaml"))
    }

    @Test func invalidOptionIsAnError() throws {
        let r = try runFairplaces(["run", scenariosFolder.appendingPathComponent("academy-town.yaml").path, "--threads", "0"])
        #expect(r.status != 0)
    }
}
