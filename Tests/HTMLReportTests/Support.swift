import Foundation
import TestSupport
import ScenarioLoading
import Simulation
import Reports
import HTMLReport

let repositoryFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let scenariosFolder = repositoryFolder.appendingPathComponent("Scenarios")

func exampleScenarios() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: scenariosFolder.path).filter { $0.hasSuffix(".yaml") }.sorted()
}

/// Runs a scenario in-process and returns its result and the files `run --report` writes before the report.
func runScenario(_ file: String, replications: Int = 2, chances: Bool = false) throws -> (result: SimulationResult, files: [String: String]) {
    var loaded = try ScenarioLoader.load(path: scenariosFolder.appendingPathComponent(file).path)
    loaded.spec.replications = replications
    let result = Simulator(spec: loaded.spec).run(threads: 2, chances: chances)
    var files = OutputFiles(result: result, scenarioFile: file, description: loaded.description, includePupils: false)
    files.append(MapFile.fileName, MapFile.csv(result.spec.region))
    files.append(OutlinesFile.fileName, OutlinesFile.csv(result.spec.region))
    return (result, Dictionary(uniqueKeysWithValues: files.files.map { ($0.name, $0.contents) }))
}

/// How many times `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// Data rows of a CSV FairPlaces wrote (header excluded).
func dataRows(_ csv: String) -> Int { csv.split(separator: "\n").count - 1 }


func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
