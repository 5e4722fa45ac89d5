import ArgumentParser
import Foundation
import ScenarioLoading
import Simulation
import Reports

/// `fairplaces chances SCENARIO --postcode "BN1 6AA"`: the chances of a child at one address, in
/// plain words, over every replication of the scenario.
struct ChancesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chances",
        abstract: "Print a home area's (postcode's) chance of an offer at each school, listed first and as families there list.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .long, help: "The postcode or small-area id (as the scenario's areas are named; case and spaces ignored).")
    var postcode: String

    @Option(name: .long, help: "Replications, overriding the scenario's.")
    var replications: Int?

    @Option(name: .long, help: "Seed, overriding the scenario's.")
    var seed: UInt64?

    @Option(name: .long, help: "Threads for replications (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        try checkRunOptions(replications: replications, threads: threads)
    }

    func run() throws {
        let loaded = try loadScenario(scenario, replications: replications, seed: seed)
        let region = loaded.spec.region
        if let problem = ScenarioLoader.chancesProblem(region, loaded.spec.mechanism) { throw fail("\(scenario): \(problem)") }
        guard let area = ChancesReport.area(named: postcode, in: region) else {
            let examples = region.areas.prefix(3).map(\.id).joined(separator: ", ")
            throw fail("\(scenario): '\(postcode)' is not a home area of this scenario's region (its \(region.areas.count) areas are named like \(examples))")
        }
        let result = Simulator(spec: loaded.spec, threads: threads).run(threads: threads, chances: true)
        print(ChancesReport.statement(area: area, chances: result.chances!, region: region))
    }
}
