import ArgumentParser
import Foundation
import ScenarioLoading
import Simulation
import Calibration
import Reports

/// `fairplaces calibrate SCENARIO --targets FILE`: fits the scenario's preference model to
/// published figures and writes a calibrated scenario that extends it.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit school attractiveness and global preference parameters to published figures; write a calibrated scenario.")

    @Argument(help: "The scenario file (YAML) whose preference model is fitted.")
    var scenario: String

    @Option(name: .long, help: "The targets file (YAML): what to fit, to which published figures, what to check.")
    var targets: String

    @Option(name: .long, help: "Output folder (default: out/<scenario name>-calibrated).")
    var out: String?

    @Option(name: .long, help: "Threads (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Print only errors.")
    var quiet = false

    func validate() throws {
        try checkRunOptions(replications: nil, threads: threads)
    }

    func run() throws {
        let loaded = try loadScenario(scenario, replications: nil, seed: nil)
        guard case .model(let model) = loaded.spec.preferences else {
            throw fail("\(scenario): calibration fits the preference model; this scenario replays stated preferences")
        }
        let calibration: CalibrationTargetsFile.Loaded
        do {
            calibration = try CalibrationTargetsFile.load(path: targets, region: loaded.spec.region, model: model)
        } catch let error as ScenarioError {
            throw fail(error.description)
        }
        if !quiet {
            for notice in loaded.notices + calibration.notices {
                FileHandle.standardError.write(Data("fairplaces: note: \(notice)\n".utf8))
            }
        }
        let quiet = self.quiet
        let result = Calibrator.run(spec: loaded.spec, calibration: calibration.spec, threads: threads) { line in
            if !quiet { FileHandle.standardError.write(Data("fairplaces: calibrate: \(line)\n".utf8)) }
        }
        let directory = out ?? "out/\(ComparisonFiles.slug(loaded.spec.name))-calibrated"
        let region = loaded.spec.region
        let files = OutputFiles(files: [
            ("calibrated.yaml", CalibratedScenario.yaml(scenario: scenario, folder: directory, targets: targets, result: result)),
            ("attractiveness.csv", CalibrationReport.attractivenessCSV(result, region: region)),
            ("calibration.csv", CalibrationReport.figuresCSV(result, region: region)),
            ("calibration-summary.csv", CalibrationReport.summaryCSV(result)),
            ("calibration-search.csv", CalibrationReport.searchCSV(result)),
        ])
        do {
            try files.write(to: directory)
        } catch {
            throw fail("cannot write the outputs to \(directory): \(plainWords(error))", code: 3)
        }
        if !quiet {
            print(CalibrationReport.text(result))
            print("Outputs written to \(directory)/: " + files.names.joined(separator: ", "))
            print("Run the calibrated scenario: fairplaces run \(directory)/calibrated.yaml")
        }
    }
}
