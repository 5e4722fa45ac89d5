import GRDB
import Sweeps

/// Databases of format 1 (issue #7) numbered runs by position in the plan (`run_index = point ×
/// seeds + seed position`), so adding a seed or a value renumbered every later run. This converts
/// one to format 2 in place, in the caller's transaction: each run gets the id of what it is.
/// Positions only mean something for the plan that wrote them, so the caller passes that plan
/// (checked by its fingerprint, which format 1 stored).
enum LegacyDatabase {
    static func convert(_ db: Database, plan: PlanRecord) throws {
        try db.execute(sql: """
            DROP VIEW IF EXISTS metrics;
            ALTER TABLE runs RENAME TO legacy_runs;
            ALTER TABLE parameters RENAME TO legacy_parameters;
            ALTER TABLE metric_values RENAME TO legacy_metric_values;
            ALTER TABLE school_results RENAME TO legacy_school_results;
            DELETE FROM sweep;
            """)
        try db.execute(sql: SweepStore.schema)
        try db.execute(sql: "CREATE TEMP TABLE run_map (run_index INTEGER PRIMARY KEY NOT NULL, run_id INTEGER NOT NULL)")
        let map = try db.makeStatement(sql: "INSERT INTO run_map VALUES (?, ?)")
        let run = try db.makeStatement(sql: "INSERT INTO runs VALUES (?, ?, ?, ?)")
        let rows = try Row.fetchAll(db, sql: "SELECT run_index, seed, replications FROM legacy_runs ORDER BY run_index")
        for row in rows {
            let index: Int = row["run_index"], seed: Int64 = row["seed"]
            guard index >= 0, index < plan.runCount else {
                throw SweepStoreError("run \(index) of the earlier database is not in the plan; resume it with the plan it was made with")
            }
            let identity = plan.identityAt(index)
            guard Int64(exactly: identity.seed) == seed else {
                throw SweepStoreError("run \(index) of the earlier database has seed \(seed), not the plan's \(identity.seed)")
            }
            try map.execute(arguments: [index, identity.id])
            try run.execute(arguments: [identity.id, identity.key, seed, row["replications"] as Int])
        }
        try db.execute(sql: """
            INSERT INTO parameters SELECT m.run_id, p.name, p.value FROM legacy_parameters p JOIN run_map m USING (run_index);
            INSERT INTO metric_values SELECT m.run_id, v.key_id, v.n, v.mean, v.ci_low, v.ci_high
                FROM legacy_metric_values v JOIN run_map m USING (run_index);
            INSERT INTO school_results SELECT m.run_id, s.school_id, s.pan, s.intake, s.vacancies, s.fsm_share,
                s.mean_attainment, s.mean_idaci, s.mean_distance_km, s.funding_total
                FROM legacy_school_results s JOIN run_map m USING (run_index);
            DROP TABLE legacy_runs; DROP TABLE legacy_parameters; DROP TABLE legacy_metric_values;
            DROP TABLE legacy_school_results; DROP TABLE run_map;
            """)
    }
}
