import ArgumentParser
import Foundation
import FairPlacesCore
import ScenarioLoading
import Planning
import Simulation
import Reports
import LinearAlgebra

@main
struct FairPlacesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fairplaces",
        abstract: "Simulate school admissions in England and measure who gets which places.",
        version: FairPlacesVersion.string,
        subcommands: [Run.self, Validate.self, Compare.self, Sweep.self, Merge.self, Export.self, Plan.self, Report.self, CalibrateCommand.self,
                      ChancesCommand.self])

    /// Every error reaches the user as one line: the argument parser's own errors come with a
    /// usage screen, which is replaced by a pointer to `--help`.
    static func main() {
        MallocTuning.apply()
        // First, so OpenBLAS's idle workers stop spinning at once (see `BLAS.configureForDeterminism`).
        BLAS.configureForDeterminism()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode { exit(withError: error) }
            let text = error is ScenarioError ? "\(error)" : message(for: error).replacingOccurrences(of: "Error: ", with: "")
            _ = fail(text.split(whereSeparator: \.isNewline).joined(separator: " ") + " (see fairplaces --help)")
            Foundation.exit(code.rawValue)
        }
    }
}

/// Prints a one-line reason to standard error and exits non-zero.
func fail(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data("fairplaces: error: \(message)\n".utf8))
    return ExitCode(code)
}

/// The replications and threads a command is given: replications are numbered in 32 bits in the
/// random streams, so one range holds for every command that runs a scenario.
func checkRunOptions(replications: Int?, threads: Int) throws {
    if let replications, !(1...ScenarioLoader.maximumReplications).contains(replications) {
        throw ValidationError("--replications must be from 1 to \(ScenarioLoader.maximumReplications)")
    }
    if threads < 1 { throw ValidationError("--threads must be at least 1") }
}

/// A scenario with the command line's replications and seed in place of its own; a bad scenario
/// ends the command with its one located line.
func loadScenario(_ path: String, replications: Int?, seed: UInt64?) throws -> LoadedScenario {
    var loaded: LoadedScenario
    do {
        loaded = try ScenarioLoader.load(path: path)
    } catch let error as ScenarioError {
        throw fail(error.description)
    }
    if let replications { loaded.spec.replications = replications }
    if let seed { loaded.spec.seed = seed }
    return loaded
}

/// A file-system failure in plain words ("Permission denied", "No space left on device"), not
/// Foundation's description, which names internal error domains.
func plainWords(_ error: Error) -> String {
    let ns = error as NSError
    for e in [ns, ns.userInfo[NSUnderlyingErrorKey] as? NSError].compactMap({ $0 }) where e.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(e.code)))
    }
    switch CocoaError.Code(rawValue: ns.code) {
    case .fileWriteNoPermission, .fileReadNoPermission: return "Permission denied"
    case .fileWriteOutOfSpace: return "No space left on device"
    case .fileWriteFileExists: return "a file of that name is in the way"
    case .fileNoSuchFile, .fileReadNoSuchFile: return "a folder on the path does not exist"
    case .fileWriteVolumeReadOnly: return "the file system is read-only"
    default: return "the file system refused (code \(ns.code))"
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario: allocate places in every replication and write schools.csv and metrics.json.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .long, help: "Output folder (default: out/<scenario name>).")
    var out: String?

    @Option(name: .long, help: "Replications, overriding the scenario's.")
    var replications: Int?

    @Option(name: .long, help: "Seed, overriding the scenario's.")
    var seed: UInt64?

    @Option(name: .long, help: "Threads for replications (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Also write pupils.csv (the first replication, one row per pupil).")
    var pupils = false

    @Flag(name: .long, help: "Also write report.html (self-contained charts and tables) and the map.csv and outlines.csv it draws from.")
    var report = false

    @Flag(name: .long, help: "Also write chances.csv and last-offers.csv: each home area's chance of each school, over every replication.")
    var chances = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        try checkRunOptions(replications: replications, threads: threads)
    }

    func run() throws {
        let loaded = try loadScenario(scenario, replications: replications, seed: seed)
        if !quiet { for notice in loaded.notices { FileHandle.standardError.write(Data("fairplaces: note: \(notice)\n".utf8)) } }
        let tallyChances = chances || loaded.outputs.chances
        if tallyChances, let problem = ScenarioLoader.chancesProblem(loaded.spec.region, loaded.spec.mechanism) {
            throw fail("\(scenario): --chances: \(problem)")
        }
        let result = Simulator(spec: loaded.spec, threads: threads).run(threads: threads, chances: tallyChances)
        // Funding against a base scenario (`funding.compare_to`), run on this run's seed and replications.
        let base = try loaded.spec.funding?.compareTo.map { try runFundingBase($0, like: loaded.spec) }
        let directory = out ?? "out/\(ComparisonFiles.slug(loaded.spec.name))"
        var files = OutputFiles(result: result, scenarioFile: scenario, description: loaded.description,
                                includePupils: pupils || loaded.outputs.pupils)
        if let base { files.append(FundingComparison.fileName, FundingComparison.csv(base: base, variant: result)) }
        if report { try addReport(to: &files, result: result, directory: directory) }
        do {
            try files.write(to: directory)
        } catch {
            throw fail("cannot write the outputs to \(directory): \(plainWords(error))", code: 3)
        }
        if !quiet {
            print(SummaryTable.render(result))
            if let base, let file = loaded.spec.funding?.compareTo {
                print(FundingComparison.summary(base: base, variant: result, baseFile: file))
            }
            print("Outputs written to \(directory)/: " + files.names.joined(separator: ", "))
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario file (and the files it names) without running it.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    /// Checks everything any command would read from the scenario: its planning section (as
    /// `fairplaces plan` reads it) and the base scenario of a funding comparison included.
    func run() throws {
        do {
            let sections = try ScenarioLoader.sections(path: scenario)
            if sections.contains("planning") {
                let plan = try PlanningLoader.load(path: scenario).spec
                print("\(scenario): planning section valid. \(plan.options.count) option(s) over \(plan.years.first!)–\(plan.years.last!).")
                guard sections.contains("region") else { return }
            }
            let loaded = try ScenarioLoader.load(path: scenario)
            for notice in loaded.notices { FileHandle.standardError.write(Data("fairplaces: note: \(notice)\n".utf8)) }
            if let base = loaded.spec.funding?.compareTo {
                do { _ = try ScenarioLoader.load(path: base) } catch let error as ScenarioError {
                    throw fail("in the base scenario of funding.compare_to: \(error.description)")
                }
            }
            let region = loaded.spec.region
            print("\(scenario): valid. \(region.pupils.count) pupils, \(region.schools.count) schools "
                  + "(\(region.totalPAN) places), \(loaded.spec.replications) replication(s).")
        } catch let error as ScenarioError {
            throw fail(error.description)
        }
    }
}
