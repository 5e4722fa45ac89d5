// The sweep benchmark (issue #7): runs of a 2,000-pupil town (Scenarios/comprehensive-town.yaml,
// one replication per run, one seed per run), with and without the SQLite results store. The two
// modes alternate in blocks so that other load on a shared machine falls on both alike.
import Foundation
import ScenarioLoading
import Simulation
import Sweeps
import ResultsStore

enum SweepBenchmark {
    static func run(runs: Int, block: Int, threads: Int) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-bench-sweep-\(getpid())")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let planPath = folder.appendingPathComponent("plan.yaml").path
        try! """
            name: Sweep benchmark
            scenario: \(root.appendingPathComponent("Scenarios/comprehensive-town.yaml").path)
            seeds: {from: 1, count: \(runs)}
            replications: 1
            """.write(toFile: planPath, atomically: true, encoding: .utf8)
        let plan = try! SweepPlan.load(path: planPath)
        let dbPath = folder.appendingPathComponent("bench.db").path
        let store = try! SweepStore(path: dbPath, plan: plan.record, resume: false)
        let pupils = try! plan.scenario(run: 0).spec.region.pupils.count

        var bare = 0.0, stored = 0.0, writing = 0.0
        var start = 0
        while start < runs {
            let indices = Array(start..<min(runs, start + block))
            bare += seconds {
                try! SweepRunner.run(runs: indices, threads: threads, body: { index -> Int in
                    let result = Simulator(spec: try plan.scenario(run: index).spec).run(threads: 1)
                    return result.keys.count
                }, deliver: { _ in })
            }
            stored += seconds {
                try! SweepRunner.run(runs: indices, threads: threads, body: { index -> RunRecord in
                    let result = Simulator(spec: try plan.scenario(run: index).spec).run(threads: 1)
                    return RunRecord(identity: plan.identity(run: index), result: result)
                }, deliver: { records in writing += seconds { try! store.insert(records) } })
            }
            start += block
        }
        let committed = try! store.committedRuns().count
        let size = (try? FileManager.default.attributesOfItem(atPath: dbPath)[.size] as? Int) ?? 0
        let bareRate = Double(runs) / bare, storedRate = Double(runs) / stored
        print("FairPlaces sweep benchmark: \(runs) runs of a \(pupils)-pupil town (one replication each), "
              + "\(threads) threads, modes alternating in blocks of \(block)")
        print(String(format: "  without the store:  %.1f s, %.1f runs/s", bare, bareRate))
        print(String(format: "  with the store:     %.1f s, %.1f runs/s  (%d runs committed, database %.0f MB)",
                     stored, storedRate, committed, Double(size) / 1e6))
        print(String(format: "  the writer's share: %.1f s committing (%.2f ms a run)", writing, 1000 * writing / Double(runs)))
        print(String(format: "  throughput with the store: %.1f%% of without (acceptance: at least 80%%)", 100 * storedRate / bareRate))
    }

    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
