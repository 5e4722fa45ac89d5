import Foundation
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
func runScenario(_ file: String, replications: Int = 2) throws -> (result: SimulationResult, files: [String: String]) {
    var loaded = try ScenarioLoader.load(path: scenariosFolder.appendingPathComponent(file).path)
    loaded.spec.replications = replications
    let result = Simulator(spec: loaded.spec).run(threads: 2)
    var files = OutputFiles(result: result, scenarioFile: file, description: loaded.description, includePupils: false)
    files.files.append((MapFile.fileName, MapFile.csv(result.spec.region)))
    return (result, Dictionary(uniqueKeysWithValues: files.files.map { ($0.name, $0.contents) }))
}

/// How many times `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// Data rows of a CSV FairPlaces wrote (header excluded).
func dataRows(_ csv: String) -> Int { csv.split(separator: "\n").count - 1 }

/// The built `fairplaces` executable (`swift test` builds it into .build/debug/ beside the tests).
func fairplacesExecutable() -> URL {
    var dir = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("fairplaces")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return repositoryFolder.appendingPathComponent(".build/debug/fairplaces")
}

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion, collecting its output (standard error through a file, so a
/// chatty child can never block on a full pipe while we read the other).
func runProgram(_ executable: URL, _ arguments: [String]) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-stderr-\(UUID().uuidString)").path
    FileManager.default.createFile(atPath: errPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errPath) }
    let errHandle = FileHandle(forWritingAtPath: errPath)!
    process.standardOutput = out
    process.standardError = errHandle
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try? errHandle.close()
    let errData = FileManager.default.contents(atPath: errPath) ?? Data()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

func runFairplaces(_ arguments: [String]) throws -> CommandResult {
    try runProgram(fairplacesExecutable(), arguments)
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
