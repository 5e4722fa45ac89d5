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
            The plan file format is in Scenarios/README.md. A sweep that stops (killed, out of time) continues
            with --resume; --shard i/n runs every n-th run (run_index % n = i - 1) into its own database, and
            `fairplaces merge` combines the shards' databases.
            """)

    @Argument(help: "The sweep plan (YAML).")
    var plan: String

    @Option(name: .long, help: "The results database (default: out/<plan name>.db, or …-shard-i-of-n.db with --shard).")
    var db: String?

    @Option(name: .long, help: "Threads: runs in parallel (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Continue a sweep in its database, skipping the runs already committed.")
    var resume = false

    @Option(name: .long, help: "Run only slice i of n (1 ≤ i ≤ n): the runs whose run_index % n equals i - 1.")
    var shard: String?

    @Flag(name: .long, help: "Run without storing anything (to time the simulations or check a plan).")
    var noStore = false

    @Option(name: .long, help: "Also export the database's tables as CSV files into this folder.")
    var export: String?

    @Flag(name: .long, help: "Print nothing but errors (no progress bar).")
    var quiet = false

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if shard != nil, parsedShard == nil { throw ValidationError("--shard must be i/n with 1 ≤ i ≤ n, e.g. 3/10") }
        if noStore && (resume || export != nil || db != nil) {
            throw ValidationError("--no-store cannot be combined with --db, --resume or --export")
        }
    }

    private var parsedShard: (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else { return nil }
        return (i, n)
    }

    func run() throws {
        let plan: SweepPlan
        do {
            plan = try SweepPlan.load(path: self.plan)
            try plan.check()
        } catch let error as ScenarioError {
            throw fail(error.description)
        }
        var runs = Array(0..<plan.runCount)
        if let (i, n) = parsedShard { runs = runs.filter { $0 % n == i - 1 } }

        var store: SweepStore?
        var path = ""
        if !noStore {
            let stem = ComparisonSlug.slug(plan.name)
            path = db ?? (parsedShard.map { "out/\(stem)-shard-\($0.index)-of-\($0.count).db" } ?? "out/\(stem).db")
            do {
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                let s = try SweepStore(path: path, fingerprint: plan.fingerprint, totalRuns: plan.runCount, planFile: self.plan)
                let done = try s.committedRuns()
                if !done.isEmpty && !resume {
                    throw fail("\(path) already holds \(done.count) run(s) of this plan; add --resume to continue it, or choose another --db")
                }
                runs.removeAll { done.contains($0) }
                store = s
            } catch let error as SweepStoreError {
                throw fail(error.description)
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail("cannot open the results database \(path): \(error)", code: 3)
            }
        }

        if runs.isEmpty && !quiet {
            print("\(plan.name): every run of this \(parsedShard == nil ? "plan" : "shard") is already in \(path); nothing to do")
        }
        let showProgress = !quiet && isatty(STDERR_FILENO) != 0
        let bar = ProgressBar(total: runs.count)
        let start = Date()
        do {
            try SweepRunner.run(
                runs: runs, threads: threads,
                body: { index in
                    let loaded = try plan.scenario(run: index)
                    let result = Simulator(spec: loaded.spec).run(threads: 1)
                    let point = plan.run(index).point
                    return RunRecord(runIndex: index, pointIndex: point,
                                     parameters: plan.labels(point: point).map { .init(name: $0.name, value: $0.value) },
                                     result: result)
                },
                deliver: { records in try store?.insert(records) },
                progress: { p in if showProgress { bar.draw(p) } })
        } catch let error as ScenarioError {
            if showProgress { bar.finish() }
            throw fail(error.description + (store == nil ? "" : " (runs finished before it are committed in \(path))"))
        } catch let error as SweepStoreError {
            if showProgress { bar.finish() }
            throw fail(error.description, code: 3)
        } catch {
            if showProgress { bar.finish() }
            throw fail("cannot write to the results database \(path): \(error)", code: 3)
        }
        if showProgress { bar.finish() }
        let seconds = Date().timeIntervalSince(start)
        if let export, let store {
            do { try store.exportCSV(to: export) } catch {
                throw fail("cannot export to \(export): \(error)", code: 3)
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

/// The progress bar on standard error: done/total, a bar, elapsed time and the time left.
final class ProgressBar {
    let total: Int
    private var last = Date.distantPast
    init(total: Int) { self.total = total }

    func draw(_ p: SweepRunner.Progress) {
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2 || p.done == p.total else { return }
        last = now
        let width = 30
        let filled = p.total > 0 ? width * p.done / p.total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let eta = p.etaSeconds.map { " ETA \(Self.clock($0))" } ?? ""
        FileHandle.standardError.write(Data("\r[\(bar)] \(p.done)/\(p.total) runs, \(Self.clock(p.elapsedSeconds))\(eta)   ".utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
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

/// `fairplaces merge`: shard databases into one.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the databases of a sweep's shards (--shard i/n) into one.")

    @Argument(help: "The merged database (created if missing), then the shard databases.")
    var databases: [String]

    func validate() throws {
        if databases.count < 2 { throw ValidationError("give the merged database and at least one shard database") }
    }

    func run() throws {
        let out = databases[0], shards = Array(databases.dropFirst())
        do {
            let info = try SweepStore(existing: shards[0]).info()
            let store = try SweepStore(path: out, fingerprint: info.fingerprint, totalRuns: info.totalRuns, planFile: info.planFile)
            try store.merge(shards: shards)
            let present = try store.committedRuns().count
            print("\(out): \(present) of \(info.totalRuns) runs" + (present == info.totalRuns ? " (complete)" : " (incomplete: resume or merge the missing shards)"))
        } catch let error as SweepStoreError {
            throw fail(error.description)
        } catch {
            throw fail("cannot merge into \(out): \(error)", code: 3)
        }
    }
}

/// `fairplaces export`: a sweep database's tables as CSV files.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a sweep database's tables (runs, parameters, metrics, school_results) as CSV files.")

    @Argument(help: "The sweep database.")
    var database: String

    @Option(name: .long, help: "Output folder.")
    var out: String

    func run() throws {
        do {
            try SweepStore(existing: database).exportCSV(to: out)
            print("CSV files written to \(out)/: runs.csv, parameters.csv, metrics.csv, school_results.csv")
        } catch let error as SweepStoreError {
            throw fail(error.description)
        } catch {
            throw fail("cannot export \(database) to \(out): \(error)", code: 3)
        }
    }
}
