import ArgumentParser
import Foundation
import ScenarioLoading
import Simulation
import Sweeps
import ResultsStore

/// `fairplaces sweep`: every run of a plan (parameter points × seeds) in parallel, each committed
/// to an SQLite database as it finishes (issue #7).
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a sweep plan (parameters × seeds) in parallel and store every run in an SQLite database.",
        discussion: """
            The plan file format is in Scenarios/README.md. A run is identified by its parameter values and seed, so
            a sweep that stops (killed, out of time), or whose plan gained seeds or values, continues with --resume
            and runs only what is missing. --shard i/n runs the runs whose run_id % n = i - 1 into its own database,
            and `fairplaces merge` combines databases of shards, or of plans that share a base scenario.
            """)

    @Argument(help: "The sweep plan (YAML).")
    var plan: String

    @Option(name: .long, help: "The results database (default: out/<plan name>.db, or …-shard-i-of-n.db with --shard).")
    var db: String?

    @Option(name: .long, help: "Threads: runs in parallel (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Continue a sweep in its database, running only the plan's runs it does not hold.")
    var resume = false

    @Option(name: .long, help: "Run only slice i of n (1 ≤ i ≤ n): the runs whose run_id % n equals i - 1.")
    var shard: String?

    @Flag(name: .long, help: "Run without storing anything (to time the simulations or check a plan).")
    var noStore = false

    @Option(name: .long, help: "Also export the database's tables as CSV files into this folder.")
    var export: String?

    @Option(name: .long, help: "Print a progress line every N seconds instead of a bar (the default where standard error is not a terminal, every 30 s).")
    var progressEvery: Double?

    @Flag(name: .long, help: "Print nothing but errors (no progress).")
    var quiet = false

    func validate() throws {
        try checkRunOptions(replications: nil, threads: threads)
        if shard != nil, parsedShard == nil { throw ValidationError("--shard must be i/n with 1 ≤ i ≤ n, e.g. 3/10") }
        if noStore && (resume || export != nil || db != nil) {
            throw ValidationError("--no-store cannot be combined with --db, --resume or --export")
        }
        if let progressEvery, !(progressEvery > 0 && progressEvery <= 86_400) {
            throw ValidationError("--progress-every must be a number of seconds above 0 and at most 86400")
        }
    }

    private var parsedShard: (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else { return nil }
        return (i, n)
    }

    func run() throws {
        let progress = ProgressReport(quiet: quiet, every: progressEvery)
        let plan: SweepPlan
        do {
            plan = try SweepPlan.load(path: self.plan)
            progress.begin("checking the plan", unit: "scenarios read", total: plan.checkedRuns.count)
            defer { progress.end() }
            try plan.check(threads: threads) { done, _ in progress.update(done: done) }
        } catch let error as ScenarioError {
            throw fail(error.description)
        }
        // Positions in this plan of the runs to do: this shard's, less those already stored.
        var runs = Array(0..<plan.runCount)
        if let (i, n) = parsedShard { runs = runs.filter { Int(plan.identity(run: $0).id % Int64(n)) == i - 1 } }

        var store: SweepStore?
        var path = ""
        if !noStore {
            let stem = ComparisonSlug.slug(plan.name)
            path = db ?? (parsedShard.map { "out/\(stem)-shard-\($0.index)-of-\($0.count).db" } ?? "out/\(stem).db")
            do {
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty {
                    do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                        throw SweepStoreError("cannot create the folder \(folder) for the results database")
                    }
                }
                let s = try SweepStore(path: path, plan: plan.record, resume: resume)
                let done = try s.committedRuns()
                runs.removeAll { done.contains(plan.identity(run: $0).id) }
                store = s
            } catch let error as SweepStoreError {
                throw fail(error.description)
            }
        }

        if runs.isEmpty && !quiet {
            print("\(plan.name): every run of this \(parsedShard == nil ? "plan" : "shard") is already in \(path); nothing to do")
        }
        let start = Date()
        progress.begin("sweep", unit: "runs", total: runs.count)
        do {
            defer { progress.end() }
            try SweepRunner.run(
                runs: runs, threads: threads,
                body: { index in
                    let loaded = try plan.scenario(run: index)
                    let result = Simulator(spec: loaded.spec).run(threads: 1)
                    return RunRecord(identity: plan.identity(run: index), result: result)
                },
                deliver: { records in try store?.insert(records) },
                progress: { p in progress.update(done: p.done) })
        } catch let error as ScenarioError {
            throw fail(error.description + (store == nil ? "" : " (runs finished before it are committed in \(path))"))
        } catch let error as SweepStoreError {
            throw fail(error.description, code: 3)
        } catch {
            throw fail("cannot write to the results database \(path): \(type(of: error)) error", code: 3)
        }
        let seconds = Date().timeIntervalSince(start)
        if let export, let store {
            do { try store.exportCSV(to: export) } catch let error as SweepStoreError {
                throw fail(error.description, code: 3)
            }
        }
        if !quiet {
            let rate = seconds > 0 ? Double(runs.count) / seconds : 0
            print("\(plan.name): \(runs.count) run(s) in \(String(format: "%.1f", seconds)) s "
                  + "(\(String(format: "%.1f", rate)) runs/s) of \(plan.runCount) in the plan"
                  + (store.map { _ in "; results in \(path)" } ?? "; nothing stored (--no-store)")
                  + (export.map { "; CSV in \($0)/" } ?? ""))
        }
    }
}

/// Names of files from names of plans.
enum ComparisonSlug {
    static func slug(_ name: String) -> String {
        let s = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let joined = String(s).split(separator: "-").joined(separator: "-")
        return joined.isEmpty ? "sweep" : joined
    }
}

/// `fairplaces merge`: databases of shards, or of compatible plans, into one.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine sweep databases (shards of one plan, or plans that share a base scenario and fixed settings) into one.",
        discussion: """
            The output is built in a temporary file beside it and replaces it only when every input went in. A run in
            two inputs is kept once if its results are the same, and refused otherwise.
            """)

    @Argument(help: "The merged database (its runs are kept if it exists), then the databases to add.")
    var databases: [String]

    func validate() throws {
        if databases.count < 2 { throw ValidationError("give the merged database and at least one database to add") }
    }

    func run() throws {
        let out = databases[0]
        do {
            let s = try SweepMerge.merge(into: out, from: Array(databases.dropFirst()))
            let repeated = s.repeated > 0 ? ", \(s.repeated) found more than once with the same results" : ""
            let completeness = s.planRuns.map { total in
                " of \(total) in the plan" + (s.runs == total ? " (complete)" : " (incomplete: resume or merge the missing shards)")
            } ?? " (from plans with different seeds or values: `fairplaces sweep PLAN --db \(out) --resume` runs what a plan lacks)"
            print("\(out): \(s.runs) runs\(completeness); \(s.added) added\(repeated)")
        } catch let error as SweepStoreError {
            throw fail(error.description)
        } catch {
            throw fail("cannot merge into \(out): \(type(of: error)) error", code: 3)
        }
    }
}

/// `fairplaces export`: a sweep database's tables as CSV files, or one row per run (`--wide`).
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a sweep database's tables as CSV files, or (--wide) one row per run with a column per parameter and figure.")

    @Argument(help: "The sweep database.")
    var database: String

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Flag(name: .long, help: "Write runs_wide.csv: one row per run, parameters as typed columns, then every figure's mean.")
    var wide = false

    func run() throws {
        do {
            let store = try SweepStore(existing: database)
            if wide {
                let (rows, columns) = try store.exportWide(to: out)
                print("\(out)/runs_wide.csv: \(rows) runs × \(columns) columns")
            } else {
                try store.exportCSV(to: out)
                print("CSV files written to \(out)/: parameter_values.csv, runs.csv, parameters.csv, metrics.csv, school_results.csv")
            }
        } catch let error as SweepStoreError {
            throw fail(error.description)
        } catch {
            throw fail("cannot export \(database) to \(out): \(type(of: error)) error", code: 3)
        }
    }
}
