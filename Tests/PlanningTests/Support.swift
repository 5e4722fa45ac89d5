import Foundation
@testable import ScenarioLoading

/// A temporary folder holding a scenario and its CSV files.
struct PlanFixture {
    let dir: URL

    init(_ files: [String: String]) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("fairplaces-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    func path(_ name: String = "plan.yaml") -> String { dir.appendingPathComponent(name).standardizedFileURL.path }

    func load() throws -> LoadedPlan { try PlanningLoader.load(path: path()) }

    /// The error loading the scenario gives (nil if it loads).
    func loadError() -> ScenarioError? {
        do { _ = try load(); return nil } catch let e as ScenarioError { return e } catch { return nil }
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

/// The repository root (this file is Tests/PlanningTests/Support.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shared real-data folder beside the repository (`../shared`), which tests read in place.
let sharedBrightonHove = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/brighton-hove").path

/// A small synthetic council: two schools 8 km apart, pupils around both, years 2026–2030.
/// `options` is the text of `planning.options` (indented by four spaces), `extra` more planning fields.
func councilScenario(options: String, extra: String = "", replications: Int = 3) -> String {
    """
    name: Test council
    seed: 11
    replications: \(replications)
    region:
      synthetic:
        width_km: 20
        height_km: 10
        pupils: 400
        towns:
          - {name: West, centre_km: [5, 5], share: 0.5, radius_km: 2}
          - {name: East, centre_km: [15, 5], share: 0.5, radius_km: 2}
    schools:
      list:
        - {id: W, location_km: [5, 5], pan: 240}
        - {id: E, location_km: [13, 5], pan: 240}
    preferences:
      list_length: 2
      distance_per_km: -0.8
    planning:
      first_year: 2026
      last_year: 2030
    \(extra)
      options:
    \(options)
    """
}
