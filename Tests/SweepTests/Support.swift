import Foundation
import TestSupport
import ScenarioLoading
import Simulation
import Sweeps
import ResultsStore

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-sweep-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@discardableResult
func write(_ text: String, to folder: URL, _ name: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// A small town and a plan over it: 2 list lengths × 2 tie-breaks × 3 seeds = 12 runs.
func writeSmallPlan(in folder: URL, seeds: Int = 3) throws -> String {
    try write("""
        name: Small town
        seed: 9
        replications: 1
        region:
          synthetic:
            width_km: 8
            height_km: 6
            pupils: 300
            towns:
              - {name: Town, centre_km: [4, 3], share: 1, radius_km: 2}
        schools:
          generate: {count: 4, surplus: 0.1, types: {community: 1}}
        admissions:
          default: {criteria: [looked_after, sibling], tie_break: distance}
        preferences:
          list_length: 3
          considered_schools: 4
        """, to: folder, "town.yaml")
    return try write("""
        name: Small sweep
        scenario: town.yaml
        seeds: {from: 1, count: \(seeds)}
        parameters:
          list_length:
            path: preferences.list_length
            values: [1, 3]
          tie_break:
            path: admissions.default.tie_break
            values: [distance, random]
        """, to: folder, "plan.yaml")
}

/// What `fairplaces sweep` does for each run (`index`: the run's position in the plan).
func record(_ plan: SweepPlan, _ index: Int) throws -> RunRecord {
    let loaded = try plan.scenario(run: index)
    let result = Simulator(spec: loaded.spec).run(threads: 1)
    return RunRecord(identity: plan.identity(run: index), result: result)
}

/// The store at `path` opened for `plan`, as `fairplaces sweep --resume` opens it.
func openStore(_ path: String, _ plan: SweepPlan) throws -> SweepStore {
    try SweepStore(path: path, plan: plan.record, resume: true)
}

/// Runs `runs` (positions in `plan`) into the store at `path`, skipping committed runs; returns
/// how many ran.
@discardableResult
func sweep(_ plan: SweepPlan, into path: String, runs: [Int]? = nil, threads: Int = 2, maxBatch: Int = 256,
           failAt: Int? = nil) throws -> Int {
    let store = try openStore(path, plan)
    let done = try store.committedRuns()
    let todo = (runs ?? Array(0..<plan.runCount)).filter { !done.contains(plan.identity(run: $0).id) }
    struct Interrupted: Error {}
    try SweepRunner.run(runs: todo, threads: threads, maxBatch: maxBatch, maxDelay: 0.01, body: { index in
        if index == failAt { throw Interrupted() }
        return try record(plan, index)
    }, deliver: { try store.insert($0) })
    return todo.count
}

/// The positions in `plan` of shard i of n (`run_id % n = i - 1`), as `--shard i/n` picks them.
func shard(_ plan: SweepPlan, _ i: Int, of n: Int) -> [Int] {
    (0..<plan.runCount).filter { Int(plan.identity(run: $0).id % Int64(n)) == i - 1 }
}

/// Every file in `folder` whose name starts with `prefix` (a database and its -wal, -shm, temporary copies).
func files(in folder: URL, startingWith prefix: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(prefix) || $0.hasPrefix("." + prefix) }.sorted()
}

