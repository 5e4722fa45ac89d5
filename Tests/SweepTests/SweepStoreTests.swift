import Foundation
import Testing
import ScenarioLoading
import Sweeps
import ResultsStore
import Metrics
import Allocation

@Suite("Sweep store: resume, shards and merge", .serialized)
struct SweepStoreTests {
    @Test("Runs are the plan's points × seeds, each scenario carrying its point's values and its seed")
    func runsAndOverrides() throws {
        let folder = try temporaryFolder()
        let plan = try SweepPlan.load(path: try writeSmallPlan(in: folder))
        #expect(plan.pointCount == 4 && plan.runCount == 12 && plan.seeds == [1, 2, 3])
        // Run 7: point 2 (list length 3, distance), seed index 1 (seed 2).
        #expect(plan.run(7) == (2, 1))
        #expect(plan.labels(point: 2).map(\.value) == ["3", "distance"])
        let spec = try plan.scenario(run: 7).spec
        #expect(spec.seed == 2)
        guard case .model(let model) = spec.preferences else { Issue.record("expected the model"); return }
        #expect(model.listLength == 3)
        let other = try plan.scenario(run: 4).spec      // point 1: list length 1, random tie-break
        guard case .model(let m1) = other.preferences else { return }
        #expect(m1.listLength == 1 && other.seed == 2)
        #expect(other.region.schools.allSatisfy { $0.arrangements.tieBreak == .random })
    }

    @Test("A range gives evenly spaced values written as a person would; sets change several fields")
    func rangeAndSets() throws {
        let folder = try temporaryFolder()
        _ = try writeSmallPlan(in: folder)
        let path = try write("""
            scenario: town.yaml
            seeds: [5, 7]
            replications: 2
            parameters:
              surplus:
                path: schools.generate.surplus
                range: {from: 0.1, to: 0.5, step: 0.2}
              rules:
                sets:
                  fpf: {admissions.default.first_preference_first: true, admissions.mechanism: deferred_acceptance}
                  none: {admissions.mechanism: no_choice}
            """, to: folder, "plan2.yaml")
        let plan = try SweepPlan.load(path: path)
        #expect(plan.parameters[0].values.map(\.label) == ["0.1", "0.3", "0.5"])
        #expect(plan.runCount == 12)
        let s = try plan.scenario(run: 3).spec          // point 1: surplus 0.1, no_choice; seed 7
        #expect(s.mechanism == .noChoice && s.seed == 7 && s.replications == 2)
        let places = try plan.scenario(run: 8).spec.region.totalPAN   // surplus 0.5
        let fewer = try plan.scenario(run: 0).spec.region.totalPAN    // surplus 0.1
        #expect(places > fewer)
        // Every run of this plan runs, no-choice with its off-list places included.
        let db = folder.appendingPathComponent("r.db").path
        try sweep(plan, into: db)
        #expect(try openStore(db, plan).committedRuns().count == 12)
    }

    @Test("The example sweep's no-choice runs, which place pupils off their lists, run and count envy")
    func noChoiceWithQuotas() throws {
        let plan = try SweepPlan.load(path: repositoryRoot.appendingPathComponent("Scenarios/sweeps/fsm-priority-share.yaml").path)
        #expect(plan.runCount == 1200 && plan.labels(point: 11).map(\.value) == ["0.3", "no_choice"])
        let run = plan.run(1100)
        #expect(run.point == 11 && run.seedIndex == 0)
        let r = try record(plan, 1100)
        #expect(r.seed == 1 && r.parameters.map(\.value) == ["0.3", "no_choice"])
        let envy = try #require(r.metrics.first { $0.key == MetricKey(.region, "justified_envy_count") })
        #expect((envy.mean ?? -1) >= 0)
        // Some pupils were placed at a school off their list (no choice ignores the lists).
        let anyPreference = r.metrics.first { $0.key == MetricKey(.region, "any_preference_share") }?.mean ?? 1
        #expect(anyPreference < 1)
    }

    @Test("The council's PAN sets: each set changes its schools' PANs and leaves the others as they are")
    func panSets() throws {
        let plan = try SweepPlan.load(path: repositoryRoot.appendingPathComponent("Scenarios/sweeps/council-pans.yaml").path)
        try plan.check()
        #expect(plan.runCount == 400 && plan.parameters[0].values.map(\.label) == ["current", "option_a", "option_b", "option_c"])
        func pans(_ run: Int) throws -> [Int] { try plan.scenario(run: run).spec.region.schools.map(\.pan) }
        #expect(try pans(0) == [480, 450, 420, 390, 360, 330])
        #expect(try pans(100) == [480, 450, 420, 450, 360, 330])     // option A, list length 3
        #expect(try pans(250) == [540, 450, 420, 390, 360, 330])     // option B, list length 6
        #expect(try pans(300) == [480, 450, 420, 390, 390, 360])     // option C
    }

    @Test("A sweep interrupted at random points and resumed equals an uninterrupted one, row for row")
    func resumeAfterInterruption() throws {
        let folder = try temporaryFolder()
        let plan = try SweepPlan.load(path: try writeSmallPlan(in: folder))
        let whole = folder.appendingPathComponent("whole.db").path
        try sweep(plan, into: whole)
        let expected = try openStore(whole, plan).canonicalDump()
        #expect(try openStore(whole, plan).committedRuns() == Set((0..<12).map { plan.identity(run: $0).id }))
        #expect(expected.components(separatedBy: "\n").count > 12 * 400)

        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<4 {
            let db = folder.appendingPathComponent("resumed-\(attempt).db").path
            // Stop at random runs (each stop commits what had finished), then resume to the end.
            var stops = 0
            while true {
                let done = try openStore(db, plan).committedRuns()
                let remaining = (0..<12).filter { !done.contains(plan.identity(run: $0).id) }
                if remaining.isEmpty { break }
                let failAt = stops < 3 ? remaining.randomElement(using: &generator) : nil
                do {
                    try sweep(plan, into: db, threads: 1 + attempt % 2, maxBatch: 1 + attempt, failAt: failAt)
                } catch {
                    stops += 1
                }
            }
            #expect(try openStore(db, plan).canonicalDump() == expected, "attempt \(attempt)")
        }
    }

    @Test("Shards merged equal the whole sweep; merging a shard again adds nothing; another base is refused")
    func shardsAndMerge() throws {
        let folder = try temporaryFolder()
        let plan = try SweepPlan.load(path: try writeSmallPlan(in: folder))
        let whole = folder.appendingPathComponent("whole.db").path
        try sweep(plan, into: whole, threads: 2)
        var shards: [String] = []
        for i in 1...3 {
            let path = folder.appendingPathComponent("shard-\(i).db").path
            let runs = shard(plan, i, of: 3)
            #expect(!runs.isEmpty)
            try sweep(plan, into: path, runs: runs, threads: 1)
            shards.append(path)
        }
        // The shards cover the plan once: together 12 runs, none in two.
        #expect(try shards.map { try SweepStore(existing: $0).committedRuns().count }.reduce(0, +) == 12)
        let merged = folder.appendingPathComponent("merged.db").path
        let summary = try SweepMerge.merge(into: merged, from: shards.reversed())
        #expect(summary == SweepMerge.Summary(runs: 12, added: 12, repeated: 0, planRuns: 12))
        #expect(try SweepStore(existing: merged).canonicalDump() == openStore(whole, plan).canonicalDump())
        let again = try SweepMerge.merge(into: merged, from: [shards[1]])
        let inShard = try SweepStore(existing: shards[1]).committedRuns().count
        #expect(again.added == 0 && again.runs == 12 && again.repeated == inShard)
        #expect(try SweepStore(existing: merged).canonicalDump() == openStore(whole, plan).canonicalDump())

        // A plan on another base scenario never mixes in, whichever way round.
        let otherFolder = try folder.appendingPathComponent("x").creatingFolder()
        let otherPlan = try writeSmallPlan(in: otherFolder, seeds: 2)
        let town = otherFolder.appendingPathComponent("town.yaml").path
        try String(contentsOfFile: town, encoding: .utf8).replacingOccurrences(of: "pupils: 300", with: "pupils: 320")
            .write(toFile: town, atomically: true, encoding: .utf8)
        let other = try SweepPlan.load(path: otherPlan)
        let otherDB = folder.appendingPathComponent("other.db").path
        try sweep(other, into: otherDB, runs: [0])
        #expect { try SweepMerge.merge(into: merged, from: [otherDB]) } throws: {
            "\($0)" == "cannot merge \(otherDB): the base scenario differs at region.synthetic.pupils: 300 in \(merged), 320 in \(otherDB)"
        }
        #expect { _ = try openStore(whole, other) } throws: {
            "\($0)".contains("holds runs of another plan: the base scenario differs at region.synthetic.pupils: 300 in the database, 320 in the plan")
        }
    }

    @Test("Export writes each table as CSV in key order")
    func export() throws {
        let folder = try temporaryFolder()
        let plan = try SweepPlan.load(path: try writeSmallPlan(in: folder, seeds: 1))
        let db = folder.appendingPathComponent("e.db").path
        try sweep(plan, into: db)
        let out = folder.appendingPathComponent("csv")
        try SweepStore(existing: db).exportCSV(to: out.path)
        // Ids are hashes of the keys (values worked out with FNV-1a and SplitMix64's finaliser in Python).
        let runs = try String(contentsOf: out.appendingPathComponent("runs.csv"), encoding: .utf8)
        #expect(runs == """
            run_id,run_key,seed,replications
            \(ExpectedIDs.table.map { "\($0.id),\($0.key),1,1" }.joined(separator: "\n"))

            """)
        let parameters = try String(contentsOf: out.appendingPathComponent("parameters.csv"), encoding: .utf8)
        #expect(parameters.hasPrefix("run_id,name,value\n\(ExpectedIDs.table[0].id),list_length,1\n\(ExpectedIDs.table[0].id),tie_break,random\n"))
        let values = try String(contentsOf: out.appendingPathComponent("parameter_values.csv"), encoding: .utf8)
        #expect(values == """
            name,label,definition
            list_length,1,preferences.list_length = 1
            list_length,3,preferences.list_length = 3
            tie_break,distance,admissions.default.tie_break = distance
            tie_break,random,admissions.default.tie_break = random

            """)
        let schools = try String(contentsOf: out.appendingPathComponent("school_results.csv"), encoding: .utf8)
        #expect(schools.split(separator: "\n").count == 1 + 4 * 4)
        let metrics = try String(contentsOf: out.appendingPathComponent("metrics.csv"), encoding: .utf8)
        #expect(metrics.contains("\n\(ExpectedIDs.table[0].id),region,first_preference_share,,,,1,"))
    }
}

extension URL {
    func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
