import Foundation
import Testing
import TestSupport
import GRDB
import ScenarioLoading
import Sweeps
import ResultsStore
import Metrics

/// The small plan grown: two more seeds and a list length between the two it had (30 runs, of
/// which the small plan's 12).
func writeGrownPlan(in folder: URL, name: String = "grown.yaml") throws -> String {
    try write("""
        name: Small sweep
        scenario: town.yaml
        seeds: {from: 1, count: 5}
        parameters:
          list_length:
            path: preferences.list_length
            values: [1, 2, 3]
          tie_break:
            path: admissions.default.tie_break
            values: [distance, random]
        """, to: folder, name)
}

@Suite("Sweeps that grow: resume runs only new runs; compatible plans merge; edited plans are refused", .serialized)
struct SweepGrowthTests {
    @Test("A plan given more seeds and values resumes with only its new runs, to the database a fresh sweep makes")
    func growAndResume() throws {
        let folder = try temporaryFolder()
        let small = try SweepPlan.load(path: try writeSmallPlan(in: folder))
        let grown = try SweepPlan.load(path: try writeGrownPlan(in: folder))
        let db = folder.appendingPathComponent("grows.db").path
        #expect(try sweep(small, into: db) == 12)
        let before = try openStore(db, small).committedRuns()
        #expect(try sweep(grown, into: db, threads: 1) == 18)
        #expect(try sweep(grown, into: db) == 0)
        let after = try openStore(db, grown).committedRuns()
        #expect(before.isSubset(of: after) && after.count == 30)
        let fresh = folder.appendingPathComponent("fresh.db").path
        try sweep(grown, into: fresh, threads: 2)
        #expect(try openStore(db, grown).canonicalDump() == openStore(fresh, grown).canonicalDump())
    }

    @Test("The command: --resume after growing runs 18 runs; without --resume the database is refused and left alone")
    func growWithTheCommand() throws {
        guard FileManager.default.isExecutableFile(atPath: fairplacesExecutable().path) else {
            Issue.record("the fairplaces executable is not built"); return
        }
        let folder = try temporaryFolder()
        let smallPath = try writeSmallPlan(in: folder)
        let grownPath = try writeGrownPlan(in: folder)
        let db = folder.appendingPathComponent("c.db").path
        #expect(try runFairplaces(["sweep", smallPath, "--db", db, "--quiet"]).status == 0)
        let dump = try SweepStore(existing: db).canonicalDump()
        let refused = try runFairplaces(["sweep", grownPath, "--db", db, "--quiet"])
        #expect(refused.status == 1 && refused.stderr.hasSuffix("\n") && refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.contains("already holds 12 run(s); add --resume"))
        #expect(try SweepStore(existing: db).canonicalDump() == dump)
        let resumed = try runFairplaces(["sweep", grownPath, "--db", db, "--resume", "--threads", "2"])
        #expect(resumed.status == 0 && resumed.stdout.contains("18 run(s)") && resumed.stdout.contains("of 30 in the plan"))
        let fresh = folder.appendingPathComponent("fresh.db").path
        #expect(try runFairplaces(["sweep", grownPath, "--db", fresh, "--quiet", "--threads", "1"]).status == 0)
        #expect(try SweepStore(existing: db).canonicalDump() == SweepStore(existing: fresh).canonicalDump())
    }

    /// Opens `db` for the plan at `planPath` and returns the one-line refusal, checking that the
    /// database was left exactly as it was.
    func refusal(_ db: String, _ planPath: String) throws -> String? {
        let before = try SweepStore(existing: db).canonicalDump()
        let info = try SweepStore(existing: db).info()
        do {
            _ = try SweepStore(path: db, plan: try SweepPlan.load(path: planPath).record, resume: true)
            return nil
        } catch let error as SweepStoreError {
            #expect(!error.description.contains("\n") && error.description.count <= 300, "\(error.description)")
            #expect(try SweepStore(existing: db).canonicalDump() == before)
            #expect(try SweepStore(existing: db).info().fingerprint == info.fingerprint)
            return error.description
        }
    }

    @Test("--resume with an edited base scenario, replications, parameters or set is refused, naming what differs")
    func editedPlansAreRefused() throws {
        let folder = try temporaryFolder()
        let planPath = try writeSmallPlan(in: folder)
        let db = folder.appendingPathComponent("edited.db").path
        try sweep(try SweepPlan.load(path: planPath), into: db, runs: [0, 1, 2])
        let town = folder.appendingPathComponent("town.yaml").path
        let original = try String(contentsOfFile: town, encoding: .utf8)
        try original.replacingOccurrences(of: "considered_schools: 4", with: "considered_schools: 3")
            .write(toFile: town, atomically: true, encoding: .utf8)
        #expect(try refusal(db, planPath) == "\(db) holds runs of another plan: the base scenario differs at "
            + "preferences.considered_schools: 4 in the database, 3 in the plan; use a new database")
        try original.write(toFile: town, atomically: true, encoding: .utf8)
        let plan = try String(contentsOfFile: planPath, encoding: .utf8)
        let withReplications = try write(plan.replacingOccurrences(of: "parameters:", with: "replications: 2\nparameters:"), to: folder, "r.yaml")
        #expect(try refusal(db, withReplications)?.contains("the base scenario differs at replications: 1 in the database, 2 in the plan") == true)
        let renamed = try write(plan.replacingOccurrences(of: "tie_break:\n", with: "tiebreak:\n"), to: folder, "n.yaml")
        #expect(try refusal(db, renamed)?.contains("the parameters differ: list_length, tie_break in the database, list_length, tiebreak in the plan") == true)
        // The unedited plan, and one that only lists more seeds, still resume.
        #expect(try refusal(db, planPath) == nil)
        #expect(try refusal(db, try writeGrownPlan(in: folder)) == nil)

        // A set whose label now sets something else.
        let setsPlan = """
            scenario: town.yaml
            parameters:
              rules:
                sets:
                  short: {preferences.list_length: 1}
                  long: {preferences.list_length: 3}
            """
        let sets = try write(setsPlan, to: folder, "sets.yaml")
        let setsDB = folder.appendingPathComponent("sets.db").path
        try sweep(try SweepPlan.load(path: sets), into: setsDB)
        let edited = try write(setsPlan.replacingOccurrences(of: "list_length: 1}", with: "list_length: 2}"), to: folder, "sets2.yaml")
        #expect(try refusal(setsDB, edited) == "\(setsDB) holds runs of another plan: parameter 'rules' value 'short' sets "
            + "preferences.list_length = 1 in the database, preferences.list_length = 2 in the plan; use a new database")
    }

    @Test("--resume after a data file of the base scenario changed is refused, naming the field that reads it")
    func editedDataFileIsRefused() throws {
        let folder = try temporaryFolder()
        let data = try folder.appendingPathComponent("Data").creatingFolder()
        for name in ["example-pupils.csv", "example-schools.csv"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Data/\(name)"), to: data.appendingPathComponent(name))
        }
        let scenarios = try folder.appendingPathComponent("Scenarios").creatingFolder()
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Scenarios/replay-from-files.yaml"),
                                         to: scenarios.appendingPathComponent("replay.yaml"))
        let planPath = try write("scenario: replay.yaml\nreplications: 1\nseeds: [1, 2]\n", to: scenarios, "plan.yaml")
        let db = folder.appendingPathComponent("replay.db").path
        try sweep(try SweepPlan.load(path: planPath), into: db, runs: [0])
        let schools = data.appendingPathComponent("example-schools.csv").path
        var text = try String(contentsOfFile: schools, encoding: .utf8)
        text.append("\n")
        try text.write(toFile: schools, atomically: true, encoding: .utf8)
        let message = try #require(try refusal(db, planPath))
        #expect(message.hasSuffix("holds runs of another plan: the base scenario differs at schools.file: the file "
            + "../Data/example-schools.csv has other content in the plan than in the database; use a new database"), "\(message)")
        // The pupils file did not change, so it is not the difference named.
        #expect(!message.contains("pupils"))
    }

    @Test("Databases of plans with other seeds and values merge into what one sweep of their runs makes")
    func compatiblePlansMerge() throws {
        let folder = try temporaryFolder()
        let a = try SweepPlan.load(path: try writeSmallPlan(in: folder))          // seeds 1–3, lengths 1 and 3
        let b = try SweepPlan.load(path: try write("""
            scenario: town.yaml
            seeds: [4, 5, 3]
            parameters:
              list_length: {path: preferences.list_length, values: [2, 3]}
              tie_break: {path: admissions.default.tie_break, values: [random]}
            """, to: folder, "b.yaml"))
        let aDB = folder.appendingPathComponent("a.db").path, bDB = folder.appendingPathComponent("b.db").path
        try sweep(a, into: aDB)
        try sweep(b, into: bDB, threads: 1)
        let out = folder.appendingPathComponent("ab.db").path
        let summary = try SweepMerge.merge(into: out, from: [aDB, bDB])
        // b's run (length 3, random, seed 3) is also a's: 12 + 6 − 1 runs.
        #expect(summary == SweepMerge.Summary(runs: 17, added: 17, repeated: 1, planRuns: nil))
        #expect(try files(in: folder, startingWith: "ab.db") == ["ab.db"])
        // The same runs swept in one database by the grown plan (which defines every label used).
        let grown = try SweepPlan.load(path: try writeGrownPlan(in: folder))
        let keys = try Set(SweepStore(existing: out).canonicalDump().components(separatedBy: "\n").compactMap { line -> String? in
            let parts = line.split(separator: ",")
            return parts.count == 4 && parts[1].contains("seed=") ? String(parts[1]) : nil
        })
        #expect(keys.count == 17)
        let single = folder.appendingPathComponent("single.db").path
        try sweep(grown, into: single, runs: (0..<grown.runCount).filter { keys.contains(grown.identity(run: $0).key) })
        #expect(try SweepStore(existing: out).canonicalDump() == openStore(single, grown).canonicalDump())
    }

    @Test("A failed merge leaves no output, temporary, -wal or -shm file, and an existing output as it was")
    func failedMergeLeavesNothing() throws {
        let folder = try temporaryFolder()
        let plan = try SweepPlan.load(path: try writeSmallPlan(in: folder))
        let good = folder.appendingPathComponent("good.db").path
        try sweep(plan, into: good, runs: [0, 1, 2, 3])
        // The same runs, one figure altered: the two databases disagree about a run.
        let altered = folder.appendingPathComponent("altered.db").path
        try sweep(plan, into: altered, runs: [2, 3, 4])
        let queue = try DatabaseQueue(path: altered)
        let run = plan.identity(run: 3)
        try queue.write { db in
            try db.execute(sql: "UPDATE metric_values SET mean = mean + 0.5 WHERE run_id = ? AND key_id = (SELECT min(key_id) FROM metric_values)",
                           arguments: [run.id])
        }
        try queue.close()

        let out = folder.appendingPathComponent("out.db").path
        #expect { try SweepMerge.merge(into: out, from: [good, altered]) } throws: {
            "\($0)" == "\(altered) and a database merged before it both hold run \(run.key), with different results; merge only databases made by the same FairPlaces"
        }
        #expect(try files(in: folder, startingWith: "out.db").isEmpty)
        #expect { try SweepMerge.merge(into: out, from: [good, folder.appendingPathComponent("missing.db").path]) } throws: {
            "\($0)".hasSuffix("missing.db does not exist")
        }
        #expect(try files(in: folder, startingWith: "out.db").isEmpty)

        // An output that exists keeps its runs when a merge into it fails.
        _ = try SweepMerge.merge(into: out, from: [good])
        let dump = try SweepStore(existing: out).canonicalDump()
        #expect { try SweepMerge.merge(into: out, from: [altered]) } throws: { "\($0)".contains("different results") }
        #expect(try SweepStore(existing: out).canonicalDump() == dump)
        #expect(try files(in: folder, startingWith: "out.db") == ["out.db"])
        // Not a database at all: one plain line.
        let junk = try write("not sqlite\n", to: folder, "junk.db")
        #expect { try SweepMerge.merge(into: out, from: [junk]) } throws: { "\($0)" == "cannot open \(junk): it is not an SQLite database"
            || "\($0)" == "cannot read \(junk): it is not an SQLite database" }
        #expect(try files(in: folder, startingWith: "out.db") == ["out.db"])
    }

    @Test("A database of the earlier format (runs numbered by position) converts on --resume with its own plan")
    func legacyDatabaseConverts() throws {
        let folder = try temporaryFolder()
        let planPath = try writeSmallPlan(in: folder)
        let plan = try SweepPlan.load(path: planPath)
        let legacy = folder.appendingPathComponent("legacy.db").path
        try LegacyFixture.write(plan, positions: [0, 1, 2, 5, 7], to: legacy)
        #expect { _ = try SweepStore(existing: legacy) } throws: { "\($0)".contains("earlier FairPlaces") }
        // An edited plan cannot convert it: positions meant the old plan's runs.
        let grown = try SweepPlan.load(path: try writeGrownPlan(in: folder))
        #expect { _ = try openStore(legacy, grown) } throws: { "\($0)".contains("earlier FairPlaces, which numbered runs by position") }
        #expect(try sweep(plan, into: legacy) == 7)
        let fresh = folder.appendingPathComponent("fresh.db").path
        try sweep(plan, into: fresh)
        #expect(try SweepStore(existing: legacy).canonicalDump() == openStore(fresh, plan).canonicalDump())
        // Converted, it grows like any other.
        #expect(try sweep(grown, into: legacy) == 18)
    }

    @Test("export --wide: one row per run, parameters typed, rows in the parameters' numeric order, means from the runs")
    func wideExport() throws {
        let folder = try temporaryFolder()
        _ = try writeSmallPlan(in: folder)
        let plan = try SweepPlan.load(path: try write("""
            scenario: town.yaml
            seeds: [2, 1]
            parameters:
              width_km: {path: region.synthetic.width_km, values: [10, 9]}
              tie_break:
                sets:
                  random: {admissions.default.tie_break: random}
                  'dist"ance': {admissions.default.tie_break: distance}
            """, to: folder, "wide.yaml"))
        try plan.check()
        let db = folder.appendingPathComponent("w.db").path
        try sweep(plan, into: db)
        let out = folder.appendingPathComponent("wide")
        let counts = try SweepStore(existing: db).exportWide(to: out.path)
        let lines = try String(contentsOf: out.appendingPathComponent("runs_wide.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 9 && counts.rows == 8)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.count == counts.columns && Array(header.prefix(5)) == ["run_id", "seed", "replications", "width_km", "tie_break"])
        // 9 before 10 (numbers), the escaped quote kept, seeds ascending within a point.
        let firsts = lines.dropFirst().map { $0.split(separator: ",").prefix(5).dropFirst().joined(separator: ",") }
        #expect(firsts == [#"1,1,9,"dist""ance""#, #"2,1,9,"dist""ance""#, #"1,1,9,"random""#, #"2,1,9,"random""#,
                           #"1,1,10,"dist""ance""#, #"2,1,10,"dist""ance""#, #"1,1,10,"random""#, #"2,1,10,"random""#])
        // A figure's cell is the run's own mean, from a simulation outside the store.
        let column = try #require(header.firstIndex(of: "region.first_preference_share"))
        let position = (0..<plan.runCount).first { plan.identity(run: $0).key == #"width_km=10;tie_break=random;seed=2"# }!
        let mean = try #require(try record(plan, position).metrics.first { $0.key == MetricKey(.region, "first_preference_share") }?.mean)
        let row = lines[8].split(separator: ",", omittingEmptySubsequences: false)
        #expect(row[0] == "\(plan.identity(run: position).id)" && row[column] == "\(mean)")
        #expect(!header.contains { $0.hasPrefix("school.") })

        // The same plan swept on one thread exports the same bytes, wide and tidy.
        let oneThread = folder.appendingPathComponent("w1.db").path
        try sweep(plan, into: oneThread, threads: 1, maxBatch: 1)
        let out1 = folder.appendingPathComponent("wide1")
        try SweepStore(existing: oneThread).exportWide(to: out1.path)
        try SweepStore(existing: oneThread).exportCSV(to: out1.path)
        try SweepStore(existing: db).exportCSV(to: out.path)
        for name in ["runs_wide.csv", "runs.csv", "metrics.csv", "school_results.csv", "parameters.csv", "parameter_values.csv"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(name)) == Data(contentsOf: out1.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test("Progress lines every N seconds where standard error is not a terminal, in the plan check and the runs")
    func progressLines() throws {
        guard FileManager.default.isExecutableFile(atPath: fairplacesExecutable().path) else {
            Issue.record("the fairplaces executable is not built"); return
        }
        let folder = try temporaryFolder()
        _ = try writeSmallPlan(in: folder)
        let plan = try write("""
            scenario: town.yaml
            parameters:
              surplus: {path: schools.generate.surplus, range: {from: 0, to: 0.6, step: 0.005}}
            """, to: folder, "long.yaml")
        let result = try runFairplaces(["sweep", plan, "--no-store", "--progress-every", "0.02", "--threads", "2"])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let pattern = #"^fairplaces: (checking the plan: \d+/121 scenarios read|sweep: \d+/121 runs)( \(\d+%\))?, \d+:\d\d elapsed(, about \d+:\d\d left)?$"#
        #expect(!lines.isEmpty && lines.allSatisfy { $0.range(of: pattern, options: .regularExpression) != nil }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("fairplaces: checking the plan: ") })
        #expect(lines.contains { $0.hasPrefix("fairplaces: sweep: ") })
        #expect(result.stdout.contains("121 run(s)"))
        let quiet = try runFairplaces(["sweep", plan, "--no-store", "--progress-every", "0.05", "--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout.isEmpty)
    }
}

/// Writes a database as FairPlaces wrote it before runs had identities (format 1).
enum LegacyFixture {
    static let schema = """
        CREATE TABLE sweep (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE runs (
            run_index INTEGER PRIMARY KEY NOT NULL, point_index INTEGER NOT NULL,
            seed INTEGER NOT NULL, replications INTEGER NOT NULL);
        CREATE TABLE parameters (
            run_index INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (run_index, name)) WITHOUT ROWID;
        CREATE TABLE metric_keys (
            key_id INTEGER PRIMARY KEY NOT NULL, scope TEXT NOT NULL, metric TEXT NOT NULL, attribute TEXT NOT NULL,
            category TEXT NOT NULL, unit TEXT NOT NULL, UNIQUE (scope, metric, attribute, category, unit));
        CREATE TABLE metric_values (
            run_index INTEGER NOT NULL, key_id INTEGER NOT NULL, n INTEGER NOT NULL, mean REAL, ci_low REAL, ci_high REAL,
            PRIMARY KEY (run_index, key_id)) WITHOUT ROWID;
        CREATE VIEW metrics AS
            SELECT v.run_index, k.scope, k.metric, k.attribute, k.category, k.unit, v.n, v.mean, v.ci_low, v.ci_high
            FROM metric_values v JOIN metric_keys k USING (key_id);
        CREATE TABLE school_results (
            run_index INTEGER NOT NULL, school_id TEXT NOT NULL, pan INTEGER NOT NULL, intake REAL, vacancies REAL,
            fsm_share REAL, mean_attainment REAL, mean_idaci REAL, mean_distance_km REAL, funding_total REAL,
            PRIMARY KEY (run_index, school_id)) WITHOUT ROWID;
        """

    static func write(_ plan: SweepPlan, positions: [Int], to path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: schema)
            try db.execute(sql: "INSERT INTO sweep VALUES ('fingerprint', ?), ('total_runs', ?), ('plan_file', ?)",
                           arguments: [plan.fingerprint, String(plan.runCount), plan.file])
            for p in positions {
                let r = try record(plan, p)
                try db.execute(sql: "INSERT INTO runs VALUES (?, ?, ?, ?)",
                               arguments: [p, plan.run(p).point, Int64(r.seed), r.replications])
                for parameter in r.parameters {
                    try db.execute(sql: "INSERT INTO parameters VALUES (?, ?, ?)", arguments: [p, parameter.name, parameter.value])
                }
                for m in r.metrics {
                    try db.execute(sql: "INSERT OR IGNORE INTO metric_keys (scope, metric, attribute, category, unit) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [m.key.scope.rawValue, m.key.metric, m.key.attribute, m.key.category, m.key.unit])
                    let id = try Int64.fetchOne(db, sql: """
                        SELECT key_id FROM metric_keys WHERE scope = ? AND metric = ? AND attribute = ? AND category = ? AND unit = ?
                        """, arguments: [m.key.scope.rawValue, m.key.metric, m.key.attribute, m.key.category, m.key.unit])!
                    let single = m.n <= 1
                    try db.execute(sql: "INSERT INTO metric_values VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [p, id, m.n, m.mean, single ? nil : m.ciLow, single ? nil : m.ciHigh])
                }
                for s in r.schools {
                    try db.execute(sql: "INSERT INTO school_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [p, s.schoolID, s.pan, s.intake, s.vacancies, s.fsmShare, s.meanAttainment,
                                               s.meanIDACI, s.meanDistanceKm, s.fundingTotal])
                }
            }
        }
        try queue.close()
    }
}
