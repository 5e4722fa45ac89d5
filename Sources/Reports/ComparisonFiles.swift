import Foundation
import FairPlacesCore
import Metrics
import Simulation
import Comparison

/// The files of a policy comparison, built in memory first: `base/` and one folder per variant,
/// each exactly what `fairplaces run` writes, and at the top `differences.csv`, `school_changes.csv`,
/// `movers.csv` and `comparison.json`.
public struct ComparisonFiles: Sendable {
    /// A policy's name, scenario file and description, for its run folder and `comparison.json`.
    public struct Policy: Sendable {
        public var name: String
        public var scenarioFile: String
        public var description: String
        public init(name: String, scenarioFile: String, description: String) {
            self.name = name; self.scenarioFile = scenarioFile; self.description = description
        }
    }

    /// Folder name → its run's files.
    public var runs: [(folder: String, files: OutputFiles)]
    /// Top-level file name → contents.
    public var files: [(name: String, contents: String)]
    /// The folder of each variant, in order.
    public var variantFolders: [String]

    public static let topLevelNames = ["differences.csv", "school_changes.csv", "movers.csv", "comparison.json"]

    public init(comparison: PolicyComparison, base: Policy, variants: [Policy], includePupils: Bool) {
        var folders: [String] = []
        var used: Set<String> = ["base"]
        for v in variants {
            let stem = Self.slug(v.name).isEmpty ? "variant" : Self.slug(v.name)
            var folder = stem, k = 2
            while !used.insert(folder).inserted { folder = "\(stem)-\(k)"; k += 1 }
            folders.append(folder)
        }
        variantFolders = folders
        runs = [("base", OutputFiles(result: comparison.base, scenarioFile: base.scenarioFile,
                                     description: base.description, includePupils: includePupils))]
        for (k, v) in comparison.variants.enumerated() {
            runs.append((folders[k], OutputFiles(result: v.result, scenarioFile: variants[k].scenarioFile,
                                                 description: variants[k].description, includePupils: includePupils)))
        }
        files = [("differences.csv", Self.differencesCSV(comparison, folders: folders)),
                 ("school_changes.csv", Self.schoolChangesCSV(comparison, folders: folders)),
                 ("movers.csv", Self.moversCSV(comparison, folders: folders)),
                 ("comparison.json", Self.json(comparison, base: base, variants: variants, folders: folders))]
    }

    /// Lower-case letters, digits and single hyphens: a variant's folder and its name in the CSVs.
    public static func slug(_ name: String) -> String {
        let s = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(s).split(separator: "-").joined(separator: "-")
    }

    /// Writes everything into `directory` through one staging folder, then moves each part into
    /// place, so a failed comparison leaves no mixture of old and new outputs.
    public func write(to directory: String) throws {
        let staging = try StagingFolder(in: directory)
        defer { staging.remove() }
        for (folder, run) in runs { try run.write(to: staging.staged(folder)) }
        for (name, contents) in files { try staging.write(contents, as: name) }
        try staging.commit(runs.map(\.folder) + files.map(\.name))
    }

    // MARK: - differences.csv

    /// Tidy: one row per variant and figure. `difference_mean` and its interval are over the paired
    /// replications (variant minus base in the same replication), not the difference of two intervals.
    static func differencesCSV(_ c: PolicyComparison, folders: [String]) -> String {
        var lines = ["variant,scope,metric,attribute,category,unit,base_mean,variant_mean,difference_mean,ci_low,ci_high,replications"]
        for (k, v) in c.variants.enumerated() {
            for d in v.differences {
                let key = d.key
                lines.append(([folders[k], key.scope.rawValue, key.metric, key.attribute, key.category, key.unit]
                    .map(NumberFormat.csv) + [
                    NumberFormat.exact(d.base?.mean), NumberFormat.exact(d.variant?.mean),
                    NumberFormat.exact(d.difference?.mean), NumberFormat.exact(d.difference?.ciLow),
                    NumberFormat.exact(d.difference?.ciHigh), String(d.difference?.n ?? 0)]).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - school_changes.csv

    /// One row per variant and school (of the base or the variant): intake, FSM % of the intake and,
    /// with funding, the Year 7 budget, in both and their paired change with its 95% interval.
    static func schoolChangesCSV(_ c: PolicyComparison, folders: [String]) -> String {
        let funding = c.base.spec.funding != nil || c.variants.contains { $0.result.spec.funding != nil }
        var header = ["variant", "school_id", "school_name", "intake_base", "intake_variant", "intake_change",
                      "fsm_pct_base", "fsm_pct_variant", "fsm_pct_change"]
        if funding { header += ["budget_base", "budget_variant", "budget_change"] }
        header += ["intake_change_ci_low", "intake_change_ci_high", "fsm_pct_change_ci_low", "fsm_pct_change_ci_high"]
        if funding { header += ["budget_change_ci_low", "budget_change_ci_high"] }
        var lines = [header.joined(separator: ",")]
        for (k, v) in c.variants.enumerated() {
            var names: [String: String] = [:]
            var order: [String] = []
            for school in c.base.spec.region.schools + v.result.spec.region.schools where names[school.id] == nil {
                names[school.id] = school.name
                order.append(school.id)
            }
            var byKey: [MetricKey: PolicyComparison.Difference] = [:]
            for d in v.differences where d.key.scope == .school { byKey[d.key] = d }
            for id in order {
                let intake = byKey[MetricKey(.school, "intake", unit: id)]
                let fsm = byKey[MetricKey(.school, "share", attribute: "fsm", category: "fsm", unit: id)]
                let budget = byKey[MetricKey(.school, "funding_total", unit: id)]
                func pct(_ x: Double?) -> String { NumberFormat.exact(x.map { 100 * $0 }) }
                var row = [NumberFormat.csv(folders[k]), NumberFormat.csv(id), NumberFormat.csv(names[id] ?? ""),
                           NumberFormat.exact(intake?.base?.mean), NumberFormat.exact(intake?.variant?.mean),
                           NumberFormat.exact(intake?.difference?.mean),
                           pct(fsm?.base?.mean), pct(fsm?.variant?.mean), pct(fsm?.difference?.mean)]
                if funding {
                    row += [NumberFormat.exact(budget?.base?.mean), NumberFormat.exact(budget?.variant?.mean),
                            NumberFormat.exact(budget?.difference?.mean)]
                }
                row += [NumberFormat.exact(intake?.difference?.ciLow), NumberFormat.exact(intake?.difference?.ciHigh),
                        pct(fsm?.difference?.ciLow), pct(fsm?.difference?.ciHigh)]
                if funding { row += [NumberFormat.exact(budget?.difference?.ciLow), NumberFormat.exact(budget?.difference?.ciHigh)] }
                lines.append(row.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - movers.csv

    /// One row per variant and group: means over replications, with 95% intervals of the means.
    /// `moved_better`, `moved_same` and `moved_worse` split the movers (and only them) by where their
    /// new school stands on their base-run list, so in every replication they add up to `moved`;
    /// `moved_to_unlisted` (last, so earlier columns keep their places) counts movers whose new school
    /// is not on that list, which says how much of "worse" is schools the base list could not rank.
    static func moversCSV(_ c: PolicyComparison, folders: [String]) -> String {
        var lines = ["variant,group,pupils,moved,moved_pct,moved_better,moved_same,moved_worse,"
                     + "moved_ci_low,moved_ci_high,moved_pct_ci_low,moved_pct_ci_high,moved_better_ci_low,moved_better_ci_high,"
                     + "moved_same_ci_low,moved_same_ci_high,moved_worse_ci_low,moved_worse_ci_high,replications,"
                     + "moved_to_unlisted,moved_to_unlisted_ci_low,moved_to_unlisted_ci_high"]
        for (k, v) in c.variants.enumerated() {
            for m in v.movers {
                var row = [NumberFormat.csv(folders[k]), m.group, String(m.pupils)]
                row += [m.moved, m.movedPercent, m.movedBetter, m.movedSame, m.movedWorse].map { NumberFormat.exact($0?.mean) }
                for s in [m.moved, m.movedPercent, m.movedBetter, m.movedSame, m.movedWorse] {
                    row += [NumberFormat.exact(s?.ciLow), NumberFormat.exact(s?.ciHigh)]
                }
                row.append(String(m.moved?.n ?? 0))
                row += [m.movedToUnlisted?.mean, m.movedToUnlisted?.ciLow, m.movedToUnlisted?.ciHigh].map(NumberFormat.exact)
                lines.append(row.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - comparison.json

    struct Document: Encodable {
        struct Entry: Encodable {
            var name, folder, scenarioFile, description, mechanism: String
            var pupils, schools: Int
            enum CodingKeys: String, CodingKey {
                case name, folder, description, mechanism, pupils, schools
                case scenarioFile = "scenario_file"
            }
        }
        var fairplaces: String
        var seed: UInt64
        var replications: Int
        var commonRandomNumbers: String
        var base: Entry
        var variants: [Entry]
        var files: [String: String]
        enum CodingKeys: String, CodingKey {
            case fairplaces, seed, replications, base, variants, files
            case commonRandomNumbers = "common_random_numbers"
        }
    }

    static func json(_ c: PolicyComparison, base: Policy, variants: [Policy], folders: [String]) -> String {
        func entry(_ p: Policy, _ folder: String, _ r: SimulationResult) -> Document.Entry {
            Document.Entry(name: p.name, folder: folder, scenarioFile: p.scenarioFile, description: p.description,
                           mechanism: r.spec.mechanism.rawValue, pupils: r.spec.region.pupils.count,
                           schools: r.spec.region.schools.count)
        }
        let doc = Document(
            fairplaces: FairPlacesVersion.string, seed: c.base.spec.seed, replications: c.base.spec.replications,
            commonRandomNumbers: "every policy runs on the base's pupils, seed and replication numbers; differences are paired by replication",
            base: entry(base, "base", c.base),
            variants: c.variants.enumerated().map { entry(variants[$0], folders[$0], $1.result) },
            files: ["differences": "differences.csv", "school_changes": "school_changes.csv", "movers": "movers.csv"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(doc), as: UTF8.self) + "\n"
    }
}
