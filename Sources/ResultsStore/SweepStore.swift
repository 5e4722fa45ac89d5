import Foundation
import GRDB
import Metrics
import Sweeps

/// The SQLite results store of a sweep, in tidy tables:
///
/// - `sweep(key, value)`: what the database holds: its format, the base scenario's fixed settings
///   and the parameters' names (what every run shares), and the plan that last wrote to it;
/// - `parameter_values(name, label, definition)`: what each value label sets;
/// - `runs(run_id, run_key, seed, replications)`: one row per committed run, `run_key` saying what
///   the run is (`name=label;…;seed=S`) and `run_id` a hash of it (see `RunIdentity`), so a run keeps
///   its id when the plan grows and two compatible plans' databases merge;
/// - `parameters(run_id, name, value)`: the parameter values that define each run;
/// - `metrics(run_id, scope, metric, attribute, category, unit, n, mean, ci_low, ci_high)`: region
///   and nearest-school figures, averaged over the run's replications (interval bounds are NULL for
///   a single replication). A view: values are stored in `metric_values` under an integer `key_id`
///   from `metric_keys`, which keeps the database and the writer's work small;
/// - `school_results(run_id, school_id, pan, intake, vacancies, fsm_share, mean_attainment,
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

    /// The format written by this version: runs identified by what they are (format 1 numbered
    /// them by position in the plan; `LegacyDatabase` converts it).
    static let format = "2"

    /// The tables in the order they are dumped, each with its key columns.
    static let tables: [(name: String, key: String)] = [
        ("parameter_values", "name, label"),
        ("runs", "run_id"),
        ("parameters", "run_id, name"),
        ("metrics", "run_id, scope, metric, attribute, category, unit"),   // a view over metric_values
        ("school_results", "run_id, school_id"),
    ]

    static let schema = """
        CREATE TABLE IF NOT EXISTS sweep (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS parameter_values (
            name TEXT NOT NULL, label TEXT NOT NULL, definition TEXT NOT NULL, PRIMARY KEY (name, label)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS runs (
            run_id INTEGER PRIMARY KEY NOT NULL, run_key TEXT NOT NULL UNIQUE,
            seed INTEGER NOT NULL, replications INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS parameters (
            run_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (run_id, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS metric_keys (
            key_id INTEGER PRIMARY KEY NOT NULL, scope TEXT NOT NULL, metric TEXT NOT NULL, attribute TEXT NOT NULL,
            category TEXT NOT NULL, unit TEXT NOT NULL, UNIQUE (scope, metric, attribute, category, unit));
        CREATE TABLE IF NOT EXISTS metric_values (
            run_id INTEGER NOT NULL, key_id INTEGER NOT NULL, n INTEGER NOT NULL, mean REAL, ci_low REAL, ci_high REAL,
            PRIMARY KEY (run_id, key_id)) WITHOUT ROWID;
        CREATE VIEW IF NOT EXISTS metrics AS
            SELECT v.run_id, k.scope, k.metric, k.attribute, k.category, k.unit, v.n, v.mean, v.ci_low, v.ci_high
            FROM metric_values v JOIN metric_keys k USING (key_id);
        CREATE TABLE IF NOT EXISTS school_results (
            run_id INTEGER NOT NULL, school_id TEXT NOT NULL, pan INTEGER NOT NULL, intake REAL, vacancies REAL,
            fsm_share REAL, mean_attainment REAL, mean_idaci REAL, mean_distance_km REAL, funding_total REAL,
            PRIMARY KEY (run_id, school_id)) WITHOUT ROWID;
        """

    /// What a file holds, judged from its tables.
    enum Contents { case empty, current, legacy(fingerprint: String), foreign }

    /// Opens (creating if needed) the database at `path` for `plan`. A database whose runs mean
    /// something else (another base scenario, other fixed settings or parameters, a value label
    /// that sets something else) is refused with the first difference; one of a plan that had
    /// fewer or other seeds and values is accepted, and the plan's values are added to it. A
    /// database that already holds runs is opened only to `resume` it; nothing is changed otherwise.
    public init(path: String, plan: PlanRecord, resume: Bool) throws {
        self.path = path
        queue = try Self.open(path, readonly: false, journal: "WAL")
        try Self.translatingErrors(path, "open") {
            try queue.write { db in
                switch try Self.contents(db) {
                case .foreign:
                    throw SweepStoreError("\(path) is not a FairPlaces sweep database; choose another --db")
                case .legacy(let fingerprint):
                    if !resume {
                        throw SweepStoreError("\(path) was written by an earlier FairPlaces; add --resume to convert and continue it, or choose another --db")
                    }
                    guard fingerprint == plan.fingerprint else {
                        throw SweepStoreError("\(path) was written by an earlier FairPlaces, which numbered runs by position, for "
                            + "another version of this plan; resume it once with the plan as it was (that converts it), then change the plan")
                    }
                    try LegacyDatabase.convert(db, plan: plan)
                case .empty:
                    try db.execute(sql: Self.schema)
                case .current:
                    let held = try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") ?? 0
                    if held > 0 && !resume {
                        throw SweepStoreError("\(path) already holds \(held) run(s); add --resume to continue it (or to add the plan's new runs), or choose another --db")
                    }
                    let stored = try Self.definition(db)
                    if let difference = stored.incompatibility(with: plan.definition, mine: "in the database", theirs: "in the plan") {
                        throw SweepStoreError("\(path) holds runs of another plan: \(difference); use a new database")
                    }
                }
                try Self.record(plan.definition, db)
                try Self.setInfo(["plan_fingerprint": plan.fingerprint, "plan_runs": String(plan.runCount), "plan_file": plan.file], db)
            }
        }
        try loadKeys()
    }

    /// Opens an existing sweep database to read it (to merge or export it).
    public init(existing path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw SweepStoreError("\(path) does not exist") }
        self.path = path
        queue = try Self.open(path, readonly: true, journal: nil)
        try Self.translatingErrors(path, "read") {
            try queue.read { db in
                switch try Self.contents(db) {
                case .current: break
                case .legacy:
                    throw SweepStoreError("\(path) was written by an earlier FairPlaces, which numbered runs by position; convert it "
                        + "with `fairplaces sweep PLAN --db \(path) --resume` and the plan it was made with")
                case .empty, .foreign: throw SweepStoreError("\(path) is not a FairPlaces sweep database")
                }
            }
        }
    }

    /// A database created from a definition rather than a plan (the target of a merge).
    init(creating path: String, definition: SweepDefinition, info: [String: String]) throws {
        self.path = path
        queue = try Self.open(path, readonly: false, journal: "DELETE")
        try Self.translatingErrors(path, "create") {
            try queue.write { db in
                try db.execute(sql: Self.schema)
                try Self.record(definition, db)
                try Self.setInfo(info, db)
            }
        }
    }

    /// Opens the file; SQLite's own failures become one line about the file.
    static func open(_ path: String, readonly: Bool, journal: String?) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = readonly
        if let journal {
            config.prepareDatabase { db in
                // Write-ahead logging for sweeps: a commit appends to the log instead of rewriting
                // pages through a rollback journal. With synchronous = NORMAL a commit survives the
                // process being killed (the case --resume is for); a power cut may lose the last
                // commits, never consistency, and --resume then reruns them. A merge's temporary
                // file uses a rollback journal, so the finished file stands alone (no -wal, -shm).
                try db.execute(sql: "PRAGMA journal_mode = \(journal); PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536")
            }
        }
        return try translatingErrors(path, "open") { try DatabaseQueue(path: path, configuration: config) }
    }

    static func contents(_ db: Database) throws -> Contents {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if tables.isEmpty { return .empty }
        guard tables.contains("sweep") else { return .foreign }
        var info: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM sweep") { info[row["key"]] = row["value"] }
        if info["format"] == format { return .current }
        if let fingerprint = info["fingerprint"], try db.columns(in: "runs").contains(where: { $0.name == "run_index" }) {
            return .legacy(fingerprint: fingerprint)
        }
        return .foreign
    }

    /// The stored definition of what the database's runs mean.
    static func definition(_ db: Database) throws -> SweepDefinition {
        var info: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM sweep") { info[row["key"]] = row["value"] }
        var values: [String: [String: String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, label, definition FROM parameter_values") {
            values[row["name"], default: [:]][row["label"]] = row["definition"]
        }
        func lines(_ key: String) -> [String] {
            guard let text = info[key], !text.isEmpty else { return [] }
            return text.components(separatedBy: "\n")
        }
        return SweepDefinition(baseSettings: lines("base_settings"), parameterNames: lines("parameters"), values: values)
    }

    /// Writes the definition's fixed part (only where missing: it never changes) and adds its labels.
    static func record(_ definition: SweepDefinition, _ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO sweep (key, value) VALUES ('format', ?), ('base_settings', ?), ('parameters', ?)",
                       arguments: [format, definition.baseSettings.joined(separator: "\n"),
                                   definition.parameterNames.joined(separator: "\n")])
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO parameter_values VALUES (?, ?, ?)")
        for name in definition.values.keys.sorted() {
            for (label, set) in definition.values[name]!.sorted(by: { $0.key < $1.key }) {
                try insert.execute(arguments: [name, label, set])
            }
        }
    }

    static func setInfo(_ info: [String: String], _ db: Database) throws {
        for (key, value) in info.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT OR REPLACE INTO sweep (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    private func loadKeys() throws {
        keyIDs = try Self.translatingErrors(path, "read") {
            try queue.read { db in
                var ids: [MetricKey: Int64] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT key_id, scope, metric, attribute, category, unit FROM metric_keys")
                while let row = try rows.next() {
                    guard let scope = MetricScope(rawValue: row["scope"]) else { continue }
                    ids[MetricKey(scope, row["metric"], attribute: row["attribute"], category: row["category"], unit: row["unit"])] = row["key_id"]
                }
                return ids
            }
        }
    }

    /// What the database's runs mean.
    public func definition() throws -> SweepDefinition {
        try Self.translatingErrors(path, "read") { try queue.read { try Self.definition($0) } }
    }

    /// The plan that last wrote to the database: its fingerprint, run count and file.
    public func info() throws -> (fingerprint: String, totalRuns: Int, planFile: String) {
        try Self.translatingErrors(path, "read") {
            try queue.read { db in
                var d: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT key, value FROM sweep") { d[row["key"]] = row["value"] }
                return (d["plan_fingerprint"] ?? "", Int(d["plan_runs"] ?? "") ?? 0, d["plan_file"] ?? "")
            }
        }
    }

    /// Ids of the runs already committed.
    public func committedRuns() throws -> Set<Int64> {
        try Self.translatingErrors(path, "read") {
            try queue.read { db in try Set(Int64.fetchAll(db, sql: "SELECT run_id FROM runs")) }
        }
    }

    /// Commits `records` in one transaction: all of them or none.
    public func insert(_ records: [RunRecord]) throws {
        var added: [MetricKey] = []
        do {
            try Self.translatingErrors(path, "write to") {
                try queue.inTransaction { db in
                    let run = try db.cachedStatement(sql: "INSERT INTO runs VALUES (?, ?, ?, ?)")
                    let parameter = try db.cachedStatement(sql: "INSERT INTO parameters VALUES (?, ?, ?)")
                    let key = try db.cachedStatement(sql: "INSERT INTO metric_keys (scope, metric, attribute, category, unit) VALUES (?, ?, ?, ?, ?)")
                    let metric = try RawInsert(db, sql: "INSERT INTO metric_values VALUES (?, ?, ?, ?, ?, ?)")
                    let school = try RawInsert(db, sql: "INSERT INTO school_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    let held = try db.cachedStatement(sql: "SELECT run_key FROM runs WHERE run_id = ?")
                    for r in records {
                        guard let seed = Int64(exactly: r.seed) else {
                            throw SweepStoreError("seed \(r.seed) is above 2^63 - 1, the largest SQLite integer")
                        }
                        // A clear message, rather than SQLite's constraint error, for a run stored twice or two
                        // keys with one hash.
                        if let existing = try String.fetchOne(held, arguments: [r.runID]) {
                            throw SweepStoreError(existing == r.identity.key
                                ? "run \(r.identity.key) is already in \(path)"
                                : "runs \(existing) and \(r.identity.key) have the same id; rename a parameter value to separate them")
                        }
                        run.setUncheckedArguments([r.runID, r.identity.key, seed, r.replications])
                        try run.execute()
                        for p in r.parameters {
                            parameter.setUncheckedArguments([r.runID, p.name, p.value])
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
                            metric.bind(1, r.runID); metric.bind(2, id); metric.bind(3, m.n); metric.bind(4, m.mean)
                            metric.bind(5, single ? nil : m.ciLow); metric.bind(6, single ? nil : m.ciHigh)
                            try metric.step()
                        }
                        for s in r.schools {
                            school.bind(1, r.runID); school.bind(2, s.schoolID); school.bind(3, s.pan)
                            school.bind(4, s.intake); school.bind(5, s.vacancies); school.bind(6, s.fsmShare)
                            school.bind(7, s.meanAttainment); school.bind(8, s.meanIDACI); school.bind(9, s.meanDistanceKm)
                            school.bind(10, s.fundingTotal)
                            try school.step()
                        }
                    }
                    return .commit
                }
            }
        } catch {
            // The transaction rolled back, and with it the keys it added.
            for k in added { keyIDs[k] = nil }
            lastKeys = []; lastIDs = []
            throw error
        }
    }

    /// Every row of every results table in key order, one line per row: two databases hold the
    /// same results exactly when their dumps are equal.
    public func canonicalDump() throws -> String {
        try Self.translatingErrors(path, "read") {
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
    }

    /// Writes each results table as `<table>.csv` into `directory`, in key order, through a staging
    /// folder so a failed export leaves no partial files.
    public func exportCSV(to directory: String) throws {
        let files = try Self.translatingErrors(path, "read") {
            try queue.read { db in
                try Self.tables.map { (table, key) -> (String, String) in
                    let columns = try db.columns(in: table).map(\.name)
                    var text = columns.joined(separator: ",") + "\n"
                    let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(key)")
                    while let row = try rows.next() {
                        text += row.databaseValues.map(Self.csvField).joined(separator: ",") + "\n"
                    }
                    return ("\(table).csv", text)
                }
            }
        }
        try StagedFiles.write(files, into: directory)
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
