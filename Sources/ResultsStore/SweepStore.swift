import Foundation
import GRDB
import Metrics
import Sweeps

/// A problem with a results database: wrong plan, duplicated runs, not a sweep database.
public struct SweepStoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The SQLite results store of a sweep, in tidy tables:
///
/// - `sweep(key, value)`: what the database holds (the plan's fingerprint, its run count, the plan file);
/// - `runs(run_index, point_index, seed, replications)`: one row per committed run;
/// - `parameters(run_index, name, value)`: the parameter values that define each run;
/// - `metrics(run_index, scope, metric, attribute, category, unit, n, mean, ci_low, ci_high)`: region
///   and nearest-school figures, averaged over the run's replications (interval bounds are NULL for
///   a single replication). A view: values are stored in `metric_values` under an integer `key_id`
///   from `metric_keys`, which keeps the database and the writer's work small;
/// - `school_results(run_index, school_id, pan, intake, vacancies, fsm_share, mean_attainment,
///   mean_idaci, mean_distance_km, funding_total)`.
///
/// A run's rows are written in the same transaction as its `runs` row, so a run is either wholly
/// in the database or not at all: `--resume` skips exactly the runs in `runs`.
public final class SweepStore {
    public let path: String
    let queue: DatabaseQueue
    /// `metric_keys` as known to this connection (the writer is the only one adding keys).
    private var keyIDs: [MetricKey: Int64] = [:]
    /// The keys of the last run stored and their ids.
    private var lastKeys: [MetricKey] = []
    private var lastIDs: [Int64] = []

    /// The tables in the order they are created, dumped and merged, each with its key columns.
    static let tables: [(name: String, key: String)] = [
        ("runs", "run_index"),
        ("parameters", "run_index, name"),
        ("metrics", "run_index, scope, metric, attribute, category, unit"),   // a view over metric_values
        ("school_results", "run_index, school_id"),
    ]

    static let schema = """
        CREATE TABLE IF NOT EXISTS sweep (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS runs (
            run_index INTEGER PRIMARY KEY NOT NULL, point_index INTEGER NOT NULL,
            seed INTEGER NOT NULL, replications INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS parameters (
            run_index INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (run_index, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS metric_keys (
            key_id INTEGER PRIMARY KEY NOT NULL, scope TEXT NOT NULL, metric TEXT NOT NULL, attribute TEXT NOT NULL,
            category TEXT NOT NULL, unit TEXT NOT NULL, UNIQUE (scope, metric, attribute, category, unit));
        CREATE TABLE IF NOT EXISTS metric_values (
            run_index INTEGER NOT NULL, key_id INTEGER NOT NULL, n INTEGER NOT NULL, mean REAL, ci_low REAL, ci_high REAL,
            PRIMARY KEY (run_index, key_id)) WITHOUT ROWID;
        CREATE VIEW IF NOT EXISTS metrics AS
            SELECT v.run_index, k.scope, k.metric, k.attribute, k.category, k.unit, v.n, v.mean, v.ci_low, v.ci_high
            FROM metric_values v JOIN metric_keys k USING (key_id);
        CREATE TABLE IF NOT EXISTS school_results (
            run_index INTEGER NOT NULL, school_id TEXT NOT NULL, pan INTEGER NOT NULL, intake REAL, vacancies REAL,
            fsm_share REAL, mean_attainment REAL, mean_idaci REAL, mean_distance_km REAL, funding_total REAL,
            PRIMARY KEY (run_index, school_id)) WITHOUT ROWID;
        """

    /// Opens (creating if needed) the database at `path` for the plan with `fingerprint`. A database
    /// made for another plan is refused, so runs of two plans never mix.
    public init(path: String, fingerprint: String, totalRuns: Int, planFile: String) throws {
        self.path = path
        var config = Configuration()
        config.prepareDatabase { db in
            // Write-ahead logging: a commit appends to the log instead of rewriting pages through a
            // rollback journal. With synchronous = NORMAL a commit survives the process being killed
            // (the case --resume is for); a power cut may lose the last commits, never consistency,
            // and --resume then reruns them.
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536")
        }
        queue = try DatabaseQueue(path: path, configuration: config)
        try queue.write { db in
            try db.execute(sql: Self.schema)
            let stored = try String.fetchOne(db, sql: "SELECT value FROM sweep WHERE key = 'fingerprint'")
            if let stored, stored != fingerprint {
                throw SweepStoreError("\(path) holds results of a different plan (or an edited one); use a new database")
            }
            if stored == nil {
                try db.execute(sql: "INSERT INTO sweep (key, value) VALUES ('fingerprint', ?), ('total_runs', ?), ('plan_file', ?)",
                               arguments: [fingerprint, String(totalRuns), planFile])
            }
        }
        try loadKeys()
    }

    private func loadKeys() throws {
        keyIDs = try queue.read { db in
            var ids: [MetricKey: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT key_id, scope, metric, attribute, category, unit FROM metric_keys")
            while let row = try rows.next() {
                guard let scope = MetricScope(rawValue: row["scope"]) else { continue }
                ids[MetricKey(scope, row["metric"], attribute: row["attribute"], category: row["category"], unit: row["unit"])] = row["key_id"]
            }
            return ids
        }
    }

    /// Opens an existing sweep database (for merging or exporting).
    public init(existing path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw SweepStoreError("\(path) does not exist") }
        self.path = path
        var config = Configuration()
        config.readonly = true
        queue = try DatabaseQueue(path: path, configuration: config)
        let fingerprint = try queue.read { db -> String? in
            guard try db.tableExists("sweep") else { return nil }
            return try String.fetchOne(db, sql: "SELECT value FROM sweep WHERE key = 'fingerprint'")
        }
        if fingerprint == nil { throw SweepStoreError("\(path) is not a FairPlaces sweep database") }
    }

    /// The plan fingerprint, run count and plan file the database was made for.
    public func info() throws -> (fingerprint: String, totalRuns: Int, planFile: String) {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM sweep")
            var d: [String: String] = [:]
            for row in rows { d[row["key"]] = row["value"] }
            return (d["fingerprint"] ?? "", Int(d["total_runs"] ?? "") ?? 0, d["plan_file"] ?? "")
        }
    }

    /// Indices of the runs already committed.
    public func committedRuns() throws -> Set<Int> {
        try queue.read { db in try Set(Int.fetchAll(db, sql: "SELECT run_index FROM runs")) }
    }

    /// Commits `records` in one transaction: all of them or none.
    public func insert(_ records: [RunRecord]) throws {
        var added: [MetricKey] = []
        do {
            try queue.inTransaction { db in
                let run = try db.cachedStatement(sql: "INSERT INTO runs VALUES (?, ?, ?, ?)")
                let parameter = try db.cachedStatement(sql: "INSERT INTO parameters VALUES (?, ?, ?)")
                let key = try db.cachedStatement(sql: "INSERT INTO metric_keys (scope, metric, attribute, category, unit) VALUES (?, ?, ?, ?, ?)")
                let metric = try RawInsert(db, sql: "INSERT INTO metric_values VALUES (?, ?, ?, ?, ?, ?)")
                let school = try RawInsert(db, sql: "INSERT INTO school_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                for r in records {
                    guard let seed = Int64(exactly: r.seed) else {
                        throw SweepStoreError("seed \(r.seed) is above 2^63 - 1, the largest SQLite integer")
                    }
                    run.setUncheckedArguments([r.runIndex, r.pointIndex, seed, r.replications])
                    try run.execute()
                    for p in r.parameters {
                        parameter.setUncheckedArguments([r.runIndex, p.name, p.value])
                        try parameter.execute()
                    }
                    // Runs of one configuration have the same keys in the same order: reuse the
                    // previous run's ids when they match rather than hashing every key again.
                    let sameKeys = r.metrics.count == lastKeys.count
                        && zip(r.metrics, lastKeys).allSatisfy { $0.key == $1 }
                    if !sameKeys { lastKeys = r.metrics.map(\.key); lastIDs = [] }
                    for (k, m) in r.metrics.enumerated() {
                        let id: Int64
                        if sameKeys {
                            id = lastIDs[k]
                        } else if let known = keyIDs[m.key] {
                            id = known
                        } else {
                            key.setUncheckedArguments([m.key.scope.rawValue, m.key.metric, m.key.attribute, m.key.category, m.key.unit])
                            try key.execute()
                            id = db.lastInsertedRowID
                            keyIDs[m.key] = id
                            added.append(m.key)
                        }
                        if !sameKeys { lastIDs.append(id) }
                        // One replication: the interval is the value itself, so it is not stored.
                        let single = m.n <= 1
                        metric.bind(1, r.runIndex); metric.bind(2, id); metric.bind(3, m.n); metric.bind(4, m.mean)
                        metric.bind(5, single ? nil : m.ciLow); metric.bind(6, single ? nil : m.ciHigh)
                        try metric.step()
                    }
                    for s in r.schools {
                        school.bind(1, r.runIndex); school.bind(2, s.schoolID); school.bind(3, s.pan)
                        school.bind(4, s.intake); school.bind(5, s.vacancies); school.bind(6, s.fsmShare)
                        school.bind(7, s.meanAttainment); school.bind(8, s.meanIDACI); school.bind(9, s.meanDistanceKm)
                        school.bind(10, s.fundingTotal)
                        try school.step()
                    }
                }
                return .commit
            }
        } catch {
            // The transaction rolled back, and with it the keys it added.
            for k in added { keyIDs[k] = nil }
            lastKeys = []; lastIDs = []
            throw error
        }
    }

    /// Adds every run of the shard databases at `paths` to this one, each shard in one transaction.
    /// Shards must come from the same plan; a run found twice is an error (nothing of that shard is
    /// added), so a merge can neither lose nor duplicate rows.
    public func merge(shards paths: [String]) throws {
        let mine = try info().fingerprint
        for path in paths {
            let shard = try SweepStore(existing: path)
            guard try shard.info().fingerprint == mine else {
                throw SweepStoreError("\(path) holds results of a different plan from \(self.path)")
            }
        }
        for path in paths {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [path])
                defer { try? db.execute(sql: "DETACH DATABASE shard") }
                try db.inTransaction {
                    let duplicate = try Int.fetchOne(db, sql: """
                        SELECT run_index FROM shard.runs WHERE run_index IN (SELECT run_index FROM main.runs)
                        ORDER BY run_index LIMIT 1
                        """)
                    if let duplicate {
                        throw SweepStoreError("run \(duplicate) of \(path) is already in \(self.path); each run must come from one shard")
                    }
                    for (table, key) in Self.tables where table != "metrics" {
                        try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM shard.\(table) ORDER BY \(key)")
                    }
                    // Key ids are each database's own: match keys by name.
                    try db.execute(sql: """
                        INSERT OR IGNORE INTO main.metric_keys (scope, metric, attribute, category, unit)
                        SELECT scope, metric, attribute, category, unit FROM shard.metric_keys
                        ORDER BY scope, metric, attribute, category, unit
                        """)
                    try db.execute(sql: """
                        INSERT INTO main.metric_values
                        SELECT v.run_index, mk.key_id, v.n, v.mean, v.ci_low, v.ci_high
                        FROM shard.metric_values v JOIN shard.metric_keys sk ON sk.key_id = v.key_id
                        JOIN main.metric_keys mk ON mk.scope = sk.scope AND mk.metric = sk.metric
                            AND mk.attribute = sk.attribute AND mk.category = sk.category AND mk.unit = sk.unit
                        ORDER BY v.run_index, mk.key_id
                        """)
                    return .commit
                }
            }
        }
        try loadKeys()
    }

    /// Every row of every results table in key order, one line per row: two databases hold the
    /// same results exactly when their dumps are equal.
    public func canonicalDump() throws -> String {
        try queue.read { db in
            var out = ""
            for (table, key) in Self.tables {
                out += "# \(table)\n"
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(key)")
                while let row = try rows.next() {
                    out += row.databaseValues.map(Self.text).joined(separator: ",") + "\n"
                }
            }
            return out
        }
    }

    /// Writes each results table as `<table>.csv` into `directory`, in key order, through a staging
    /// folder so a failed export leaves no partial files.
    public func exportCSV(to directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let staging = (directory as NSString).appendingPathComponent(".partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(atPath: staging)
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: staging) }
        try queue.read { db in
            for (table, key) in Self.tables {
                let columns = try db.columns(in: table).map(\.name)
                var text = columns.joined(separator: ",") + "\n"
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(key)")
                while let row = try rows.next() {
                    text += row.databaseValues.map(Self.csvField).joined(separator: ",") + "\n"
                }
                try text.write(toFile: (staging as NSString).appendingPathComponent("\(table).csv"), atomically: false, encoding: .utf8)
            }
        }
        for (table, _) in Self.tables {
            let target = (directory as NSString).appendingPathComponent("\(table).csv")
            if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
            try fm.moveItem(atPath: (staging as NSString).appendingPathComponent("\(table).csv"), toPath: target)
        }
    }

    /// A value as exact text: doubles in Swift's shortest round-trip form, NULL as empty.
    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return ""
        case .int64(let i): return String(i)
        case .double(let d): return "\(d)"
        case .string(let s): return s
        case .blob(let b): return b.base64EncodedString()
        }
    }

    static func csvField(_ value: DatabaseValue) -> String {
        let s = text(value)
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
