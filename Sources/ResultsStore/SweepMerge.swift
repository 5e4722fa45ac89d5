import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import Sweeps

/// `fairplaces merge`: databases of shards, or of plans that share a base scenario and fixed
/// settings but list other seeds or values, into one.
///
/// The merge is built in a temporary file beside the output (a copy of the output when it exists)
/// and renamed over it only when every input went in, so a failed merge leaves the output as it
/// was, or absent, and no temporary file, -wal or -shm behind. A run found in two inputs is kept
/// once if its rows are the same in both, and refused otherwise: a merge neither loses, duplicates
/// nor silently picks between results.
public enum SweepMerge {
    public struct Summary: Sendable, Equatable {
        /// Runs in the merged database.
        public var runs: Int
        /// Runs added from the inputs (a run already present, or in two inputs, counts once).
        public var added: Int
        /// Runs found more than once, with the same rows each time.
        public var repeated: Int
        /// The run count of the plan, when every input (and the output) was written by one plan.
        public var planRuns: Int?

        public init(runs: Int, added: Int, repeated: Int, planRuns: Int?) {
            self.runs = runs; self.added = added; self.repeated = repeated; self.planRuns = planRuns
        }
    }

    public static func merge(into out: String, from inputs: [String]) throws -> Summary {
        let fm = FileManager.default
        guard !inputs.isEmpty else { throw SweepStoreError("give at least one database to merge") }
        let outURL = URL(fileURLWithPath: out).standardizedFileURL
        for input in inputs where URL(fileURLWithPath: input).standardizedFileURL == outURL {
            throw SweepStoreError("\(input) is both the output and an input of the merge")
        }
        var isFolder: ObjCBool = false
        let folder = outURL.deletingLastPathComponent().path
        guard fm.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw SweepStoreError("cannot write \(out): the folder \(folder) does not exist")
        }
        var sources = try inputs.map { try SweepStore(existing: $0) }
        if fm.fileExists(atPath: out) { sources.insert(try SweepStore(existing: out), at: 0) }
        let outExists = sources.count > inputs.count

        // Every pair must agree on what a run means; the union of their labels is kept.
        var definitions: [SweepDefinition] = []
        var plans: Set<String> = []
        var planRuns = 0
        for source in sources {
            let d = try source.definition()
            for (k, earlier) in definitions.enumerated() {
                if let difference = earlier.incompatibility(with: d, mine: "in \(sources[k].path)", theirs: "in \(source.path)") {
                    throw SweepStoreError("cannot merge \(source.path): \(difference)")
                }
            }
            definitions.append(d)
            let info = try source.info()
            plans.insert(info.fingerprint)
            planRuns = info.totalRuns
        }
        let definition = definitions.dropFirst().reduce(definitions[0]) { $0.union($1) }
        let single = plans.count == 1 ? sources[0] : nil
        let info = try single.map { s -> [String: String] in
            let i = try s.info()
            return ["plan_fingerprint": i.fingerprint, "plan_runs": String(i.totalRuns), "plan_file": i.planFile]
        } ?? ["plan_fingerprint": "", "plan_runs": "", "plan_file": ""]

        let temp = outURL.deletingLastPathComponent()
            .appendingPathComponent(".\(outURL.lastPathComponent).merging-\(ProcessInfo.processInfo.processIdentifier)").path
        let sidecars = ["", "-wal", "-shm", "-journal"]
        func removeTemp() { for s in sidecars { try? fm.removeItem(atPath: temp + s) } }
        removeTemp()
        var summary = Summary(runs: 0, added: 0, repeated: 0, planRuns: single == nil ? nil : planRuns)
        do {
            if outExists {
                // A consistent copy of the output (its -wal included) to merge into.
                try SweepStore.translatingErrors(out, "copy") {
                    try sources[0].queue.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [temp]) }
                }
            }
            let target = try SweepStore(creating: temp, definition: definition, info: info)
            let before = try target.committedRuns().count
            for source in sources.dropFirst(outExists ? 1 : 0) {
                summary.repeated += try target.add(source.path)
            }
            summary.runs = try target.committedRuns().count
            summary.added = summary.runs - before
            try SweepStore.translatingErrors(temp, "close") { try target.queue.close() }
            for source in sources { try? source.queue.close() }
            // The old output's log belongs to the old file: it must not be replayed into the new one.
            for s in sidecars.dropFirst() { try? fm.removeItem(atPath: out + s) }
            // rename(2) replaces the output in one step: readers see the old file or the new one.
            if rename(temp, out) != 0 {
                throw SweepStoreError("cannot write \(out): \(String(cString: strerror(errno)))")
            }
        } catch {
            removeTemp()
            throw error
        }
        removeTemp()
        return summary
    }
}

extension SweepStore {
    /// Adds every run of the database at `path` that this one lacks, in one transaction, and
    /// returns how many of its runs were here already (with the same rows; different rows are an
    /// error and nothing of `path` is added).
    func add(_ path: String) throws -> Int {
        try Self.translatingErrors(path, "merge") {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [path])
                defer { try? db.execute(sql: "DETACH DATABASE shard") }
                var repeated = 0
                try db.inTransaction {
                    try db.execute(sql: """
                        CREATE TEMP TABLE IF NOT EXISTS incoming (run_id INTEGER PRIMARY KEY NOT NULL, repeated INTEGER NOT NULL);
                        DELETE FROM temp.incoming;
                        INSERT INTO temp.incoming SELECT run_id, run_id IN (SELECT run_id FROM main.runs) FROM shard.runs;
                        """)
                    repeated = try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.incoming WHERE repeated = 1") ?? 0
                    if repeated > 0, let run = try Self.firstDifference(db) {
                        let key = try String.fetchOne(db, sql: "SELECT run_key FROM main.runs WHERE run_id = ?", arguments: [run]) ?? "\(run)"
                        throw SweepStoreError("\(path) and a database merged before it both hold run \(key), with different results; "
                            + "merge only databases made by the same FairPlaces")
                    }
                    let new = "(SELECT run_id FROM temp.incoming WHERE repeated = 0)"
                    try db.execute(sql: """
                        INSERT INTO main.runs SELECT * FROM shard.runs WHERE run_id IN \(new) ORDER BY run_id;
                        INSERT INTO main.parameters SELECT * FROM shard.parameters WHERE run_id IN \(new) ORDER BY run_id, name;
                        INSERT INTO main.school_results SELECT * FROM shard.school_results WHERE run_id IN \(new) ORDER BY run_id, school_id;
                        INSERT OR IGNORE INTO main.metric_keys (scope, metric, attribute, category, unit)
                            SELECT scope, metric, attribute, category, unit FROM shard.metric_keys
                            ORDER BY scope, metric, attribute, category, unit;
                        INSERT INTO main.metric_values
                            SELECT v.run_id, mk.key_id, v.n, v.mean, v.ci_low, v.ci_high
                            FROM shard.metric_values v JOIN shard.metric_keys sk ON sk.key_id = v.key_id
                            JOIN main.metric_keys mk ON mk.scope = sk.scope AND mk.metric = sk.metric
                                AND mk.attribute = sk.attribute AND mk.category = sk.category AND mk.unit = sk.unit
                            WHERE v.run_id IN \(new)
                            ORDER BY v.run_id, mk.key_id;
                        """)
                    return .commit
                }
                return repeated
            }
        }
    }

    /// The first run in both databases whose rows differ (key ids are each database's own, so
    /// metrics are compared by their names).
    static func firstDifference(_ db: Database) throws -> Int64? {
        let repeated = "(SELECT run_id FROM temp.incoming WHERE repeated = 1)"
        let selects: [(String) -> String] = [
            { "SELECT run_id, run_key, seed, replications FROM \($0).runs WHERE run_id IN \(repeated)" },
            { "SELECT run_id, name, value FROM \($0).parameters WHERE run_id IN \(repeated)" },
            { "SELECT * FROM \($0).school_results WHERE run_id IN \(repeated)" },
            { """
              SELECT v.run_id, k.scope, k.metric, k.attribute, k.category, k.unit, v.n, v.mean, v.ci_low, v.ci_high
              FROM \($0).metric_values v JOIN \($0).metric_keys k ON k.key_id = v.key_id WHERE v.run_id IN \(repeated)
              """ },
        ]
        for select in selects {
            let sql = "SELECT run_id FROM (\(select("shard")) EXCEPT \(select("main"))) "
                + "UNION ALL SELECT run_id FROM (\(select("main")) EXCEPT \(select("shard"))) ORDER BY run_id LIMIT 1"
            if let run = try Int64.fetchOne(db, sql: sql) { return run }
        }
        return nil
    }
}
