import Foundation
import Testing
@testable import ScenarioLoading
import FairPlacesCore
import Simulation

/// A fresh temporary folder holding a scenario's YAML and CSV files.
struct Fixture {
    let dir: URL
    let files: [String: String]

    init(_ files: [String: String]) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        self.files = files
    }

    /// A scenario alone, as `scenario.yaml`, plus any CSV files.
    init(scenario: String, _ others: [String: String] = [:]) throws {
        var all = others
        all[Fixture.main] = scenario
        try self.init(all)
    }

    static let main = "scenario.yaml"

    /// The path of a fixture file, spelled as the loader spells paths it resolves.
    func path(_ name: String = Fixture.main) -> String {
        dir.appendingPathComponent(name).standardizedFileURL.path
    }

    func load(_ name: String = Fixture.main) throws -> LoadedScenario {
        try ScenarioLoader.load(path: path(name))
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

/// Loads `scenario.yaml` (or `main`) from a fixture, expects a `ScenarioError`, and checks where it
/// points. `marker` is text that must appear on fixture line `line` of `file`: it guards the line
/// count written in the test. `columnOf`, when given, is text on that line where the column must point.
@discardableResult
func expectScenarioError(
    _ files: [String: String], main: String = Fixture.main,
    file: String? = nil, line: Int?, marker: String? = nil, columnOf: String? = nil,
    field: String, message fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ScenarioError? {
    let fixture = try Fixture(files)
    defer { fixture.remove() }
    let errorFile = file ?? main
    var expectedColumn: Int?
    if let line, let marker {
        let lines = (files[errorFile] ?? "").components(separatedBy: "\n")
        let text = line >= 1 && line <= lines.count ? lines[line - 1] : ""
        #expect(text.contains(marker), "fixture self-check: line \(line) of \(errorFile) is '\(text)', expected it to contain '\(marker)'",
                sourceLocation: sourceLocation)
        if let columnOf {
            let range = text.range(of: columnOf)
            #expect(range != nil, "fixture self-check: '\(columnOf)' not on line \(line)", sourceLocation: sourceLocation)
            if let range { expectedColumn = text.distance(from: text.startIndex, to: range.lowerBound) + 1 }
        }
    }
    guard let error = loadError(fixture, main, sourceLocation: sourceLocation) else { return nil }
    if let expectedColumn {
        #expect(error.column == expectedColumn, "column of '\(columnOf ?? "")': \(error)", sourceLocation: sourceLocation)
    }
    #expect(error.file == fixture.path(errorFile), sourceLocation: sourceLocation)
    #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
    #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(error.message.contains(fragment), "message '\(error.message)' should contain '\(fragment)'",
                sourceLocation: sourceLocation)
    }
    return error
}

/// The `ScenarioError` loading `name` throws; records an issue (briefly, without dumping the
/// loaded scenario) when it loads or throws something else.
func loadError(_ fixture: Fixture, _ name: String = Fixture.main,
               sourceLocation: SourceLocation = #_sourceLocation) -> ScenarioError? {
    do {
        let loaded = try fixture.load(name)
        Issue.record("expected a ScenarioError, but \(name) loaded (\(loaded.spec.region.schools.count) schools)",
                     sourceLocation: sourceLocation)
    } catch let error as ScenarioError {
        return error
    } catch {
        Issue.record("expected a ScenarioError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The same, for a scenario given alone.
@discardableResult
func expectScenarioError(
    _ scenario: String, _ others: [String: String] = [:],
    file: String? = nil, line: Int?, marker: String? = nil, columnOf: String? = nil,
    field: String, message fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ScenarioError? {
    var files = others
    files[Fixture.main] = scenario
    return try expectScenarioError(files, file: file, line: line, marker: marker, columnOf: columnOf, field: field,
                                   message: fragments, sourceLocation: sourceLocation)
}

/// One error case of a parameterised test: a scenario and where its error must point.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var scenario: String
    var others: [String: String] = [:]
    var line: Int
    var marker: String
    var columnOf: String? = nil
    var field: String
    var message: [String]
    var testDescription: String { name }

    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectScenarioError(scenario, others, line: line, marker: marker, columnOf: columnOf, field: field,
                                message: message, sourceLocation: sourceLocation)
    }
}

/// The folder of example scenarios, found from this source file.
let scenariosFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Scenarios")
