import ArgumentParser
import Foundation
import Planning
import ScenarioLoading
import Reports

/// `fairplaces plan`: a scenario's place-planning options, year by year (issue #9).
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a scenario's place-planning options year by year: write planning.csv and years.csv.")

    @Argument(help: "The scenario file (YAML) with a planning: section.")
    var scenario: String

    @Option(name: .long, help: "Output folder (default: out/<scenario name>).")
    var out: String?

    @Option(name: .long, help: "Replications per year and option, overriding the scenario's.")
    var replications: Int?

    @Option(name: .long, help: "Seed, overriding the scenario's.")
    var seed: UInt64?

    @Option(name: .long, help: "Threads for replications (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Check the scenario, its planning section and the files they name, without running.")
    var check = false

    func validate() throws {
        try checkRunOptions(replications: replications, threads: threads)
    }

    func run() throws {
        var loaded: LoadedPlan
        do {
            loaded = try PlanningLoader.load(path: scenario)
        } catch let error as ScenarioError {
            throw fail(error.description)
        }
        if check {
            let spec = loaded.spec
            print("\(scenario): valid. \(spec.options.count) option(s) over \(spec.years.first!)–\(spec.years.last!): "
                  + spec.options.map(\.name).joined(separator: ", "))
            for note in spec.notes { print("  \(note)") }
            return
        }
        if case .allocation(var plan) = loaded.spec.mode {
            if let replications { plan.base.replications = replications }
            if let seed { plan.base.seed = seed }
            loaded.spec.mode = .allocation(plan)
        }
        let result = MultiYearRun.run(loaded.spec, threads: threads)
        let directory = out ?? "out/" + loaded.spec.name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }
            .joined().split(separator: "-").joined(separator: "-")
        let files = PlanningReport.files(result)
        do {
            try files.write(to: directory)
        } catch {
            throw fail("cannot write the outputs to \(directory): \(plainWords(error))", code: 3)
        }
        if !quiet {
            print(PlanningReport.summary(result))
            print("Outputs written to \(directory)/: " + files.names.joined(separator: ", "))
        }
    }
}
