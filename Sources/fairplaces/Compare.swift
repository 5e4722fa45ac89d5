import ArgumentParser
import Foundation
import ScenarioLoading
import Simulation
import Comparison
import Reports
import HTMLReport

/// `fairplaces compare`: a base policy against variants on common random numbers (issue #7).
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare policies on the same pupils and random numbers: paired differences, school changes, movers.",
        discussion: """
            Give a base scenario and one or more variants, or one comparison file (base: FILE, variants: [FILE, ...]).
            Writes DIR/base/ and DIR/<variant>/ (each what `run` writes), differences.csv, school_changes.csv,
            movers.csv and comparison.json.
            """)

    @Argument(help: "The base scenario then the variants (YAML), or a comparison file.")
    var scenarios: [String]

    @Option(name: .long, help: "Output folder (default: out/compare-<base name>).")
    var out: String?

    @Option(name: .long, help: "Replications, overriding the base scenario's (every policy runs the same ones).")
    var replications: Int?

    @Option(name: .long, help: "Seed, overriding the base scenario's (every policy uses it).")
    var seed: UInt64?

    @Option(name: .long, help: "Threads for replications (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Also write pupils.csv in each policy's folder.")
    var pupils = false

    @Flag(name: .long, help: "Also write report.html: base and variants side by side, differences and who moves.")
    var report = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if scenarios.isEmpty { throw ValidationError("give a base scenario and at least one variant, or a comparison file") }
        try checkRunOptions(replications: replications, threads: threads)
    }

    func run() throws {
        var files = scenarios
        var fileSeed: UInt64?, fileReplications: Int?
        if files.count == 1 {
            do {
                let c = try ComparisonFile.load(path: files[0])
                files = [c.base] + c.variants
                fileSeed = c.seed
                fileReplications = c.replications
            } catch let error as ScenarioError {
                throw fail(error.description)
            }
        }
        var loaded: [LoadedScenario] = []
        for file in files {
            do { loaded.append(try ScenarioLoader.load(path: file)) } catch let error as ScenarioError { throw fail(error.description) }
        }
        var base = loaded[0]
        if let s = seed ?? fileSeed { base.spec.seed = s }
        if let r = replications ?? fileReplications { base.spec.replications = r }
        let variants = loaded.dropFirst().map { PolicyComparison.Variant(name: $0.spec.name, spec: $0.spec) }
        let comparison: PolicyComparison
        do {
            comparison = try PolicyComparison.run(base: base.spec, variants: variants, threads: threads)
        } catch let error as ComparisonError {
            throw fail(error.description)
        }
        func policy(_ l: LoadedScenario) -> ComparisonFiles.Policy {
            ComparisonFiles.Policy(name: l.spec.name, scenarioFile: l.file, description: l.description)
        }
        var output = ComparisonFiles(comparison: comparison, base: policy(base), variants: loaded.dropFirst().map(policy),
                                     includePupils: pupils || loaded.contains { $0.outputs.pupils })
        if report {
            // Folders are the base's, then each variant's, in the order given.
            for (k, policy) in loaded.enumerated() where k < output.runs.count {
                output.runs[k].files.append(MapFile.fileName, MapFile.csv(policy.spec.region))
                output.runs[k].files.append(OutlinesFile.fileName, OutlinesFile.csv(policy.spec.region))
            }
        }
        let directory = out ?? "out/compare-\(ComparisonFiles.slug(base.spec.name))"
        do {
            try output.write(to: directory)
        } catch {
            throw fail("cannot write the outputs to \(directory): \(plainWords(error))", code: 3)
        }
        // The report is drawn from the folder just written, as `fairplaces report` would, and written
        // last through a temporary name: a comparison that failed has none, and a stale one goes.
        let reportPath = (directory as NSString).appendingPathComponent(HTMLReport.fileName)
        try? FileManager.default.removeItem(atPath: reportPath)
        if report {
            do {
                try HTMLReport.write(try HTMLReport.render(directory: directory), to: directory)
            } catch let error as ReportInputError {
                throw fail("cannot draw the report: \(error.description)")
            } catch {
                throw fail("cannot write the report to \(directory): \(plainWords(error))", code: 3)
            }
        }
        if !quiet { print(ComparisonSummary.render(comparison, folders: output.variantFolders)) }
        if !quiet { print("Outputs written to \(directory)/: base/, " + output.variantFolders.map { "\($0)/" }.joined(separator: ", ")
                          + ", " + ComparisonFiles.topLevelNames.joined(separator: ", ")) }
    }
}
