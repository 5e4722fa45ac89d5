import Foundation
import Testing
@testable import ScenarioLoading

@Suite struct ExplodingForecastTests {
    @Test("a count near zero that a progression ratio divides by is a located error, not a crash")
    func countNearZero() throws {
        // Y7 2025 ÷ Y6 2024 = 110 ÷ 1e-20 = 1.1e22, so Y7 2026 = 120 · 1.1e22 pupils.
        let counts = "area,year,group,count\nT,2024,Y6,1e-20\nT,2024,Y7,95\nT,2025,Y6,120\nT,2025,Y7,110\nT,2026,Y6,90\n"
        let text = councilScenario(options: "    - name: Status quo", extra: """
              forecast:
                counts: counts.csv
                groups: [Y6, Y7]
                match: whole_region
            """).replacingOccurrences(of: "last_year: 2030", with: "last_year: 2027")
        let f = try PlanFixture(["counts.csv": counts, "plan.yaml": text])
        defer { f.remove() }
        let error = try #require(f.loadError())
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("counts: counts.csv") }.map { $0 + 1 }
        #expect(error.file == f.path() && error.line == line && error.field == "planning.forecast.counts", "\(error)")
        #expect(error.message.contains("forecast for 2026") && error.message.contains("progression ratio"), "\(error)")
    }
}
