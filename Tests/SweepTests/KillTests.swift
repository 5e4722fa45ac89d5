import Foundation
import Testing
import TestSupport
import ScenarioLoading
import ResultsStore
#if canImport(Glibc)
import Glibc
#endif

@Suite("A real sweep killed with SIGKILL resumes to the same database")
struct KillTests {
    func run(_ arguments: [String]) throws -> CommandResult { try runFairplaces(arguments) }

    @Test("SIGKILL at a random moment, then --resume")
    func killAndResume() throws {
        guard FileManager.default.isExecutableFile(atPath: fairplacesExecutable().path) else {
            Issue.record("the fairplaces executable is not built at \(fairplacesExecutable().path)")
            return
        }
        let folder = try temporaryFolder()
        let planPath = try writeSmallPlan(in: folder, seeds: 15)
        let plan = try SweepPlan.load(path: planPath)
        let reference = folder.appendingPathComponent("reference.db").path
        try sweep(plan, into: reference)
        let expected = try openStore(reference, plan).canonicalDump()
        // The command, uninterrupted, stores what the library does; its duration sets when to kill.
        let timed = folder.appendingPathComponent("timed.db").path
        let start = Date()
        #expect(try run(["sweep", planPath, "--db", timed, "--threads", "2", "--quiet"]).status == 0)
        let duration = Date().timeIntervalSince(start)
        #expect(try SweepStore(existing: timed).canonicalDump() == expected)

        let db = folder.appendingPathComponent("killed.db").path
        let process = Process()
        process.executableURL = fairplacesExecutable()
        process.arguments = ["sweep", planPath, "--db", db, "--threads", "2", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let delay = Double.random(in: 0.3...0.9) * duration
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal

        if FileManager.default.fileExists(atPath: db) {
            // Whatever was committed before the kill is whole runs only.
            let partial = try SweepStore(existing: db)
            let committed = try partial.committedRuns()
            let dump = try partial.canonicalDump()
            let runSection = dump.components(separatedBy: "# runs\n")[1].components(separatedBy: "# parameters\n")[0]
            let runRows = runSection.split(separator: "\n").count
            #expect(runRows == committed.count)
            if killed && committed.count < plan.runCount {
                // Without --resume the sweep refuses to touch a database that holds runs.
                if !committed.isEmpty {
                    let refused = try run(["sweep", planPath, "--db", db, "--quiet"])
                    #expect(refused.status != 0 && refused.stderr.contains("--resume"))
                }
            }
        }
        let resumed = try run(["sweep", planPath, "--db", db, "--threads", "2", "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try SweepStore(existing: db).canonicalDump() == expected, "killed after \(delay) s")
    }

    @Test("Shards run by the command and merged by the command equal the single run")
    func commandShardsAndMerge() throws {
        guard FileManager.default.isExecutableFile(atPath: fairplacesExecutable().path) else {
            Issue.record("the fairplaces executable is not built"); return
        }
        let folder = try temporaryFolder()
        let planPath = try writeSmallPlan(in: folder, seeds: 2)
        let whole = folder.appendingPathComponent("whole.db").path
        #expect(try run(["sweep", planPath, "--db", whole, "--quiet", "--threads", "1"]).status == 0)
        var shards: [String] = []
        for i in 1...3 {
            let path = folder.appendingPathComponent("s\(i).db").path
            #expect(try run(["sweep", planPath, "--db", path, "--shard", "\(i)/3", "--quiet"]).status == 0)
            shards.append(path)
        }
        let merged = folder.appendingPathComponent("merged.db").path
        #expect(try run(["merge", merged] + shards).status == 0)
        #expect(try SweepStore(existing: merged).canonicalDump() == SweepStore(existing: whole).canonicalDump())
        let bad = try run(["sweep", planPath, "--shard", "4/3"])
        #expect(bad.status != 0 && bad.stderr.contains("--shard"))
    }
}
