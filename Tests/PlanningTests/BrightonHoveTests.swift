import Foundation
import Testing
import LinearAlgebra
@testable import Planning
@testable import ScenarioLoading
@testable import Reports

/// Checks against the Brighton & Hove files in ../shared/data/brighton-hove, read in place. Skipped
/// when that folder is absent (e.g. a checkout without the shared data).
@Suite("Brighton & Hove", .enabled(if: FileManager.default.fileExists(atPath: sharedBrightonHove + "/simple_ttm3.csv"),
                                   "skipped: the shared Brighton & Hove data (../shared/data/brighton-hove) is not present"))
struct BrightonHoveTests {
    /// The LSOA × school travel minutes and the "Brightopia" flows of simple_ttm3.csv, and each LSOA's
    /// 2024 places (2024_scaled_BTN_places) from the projection file.
    static func brightopia() throws -> (origins: [Double], minutes: Matrix, flows: Matrix) {
        let projection = try CSVTable(path: sharedBrightonHove + "/bh_lsoa_projections_2020_31.csv", field: "projection")
        var areas: [String] = [], origins: [Double] = []
        for (line, v) in try projection.records() {
            areas.append(v["geography"]!)
            origins.append(try projection.double(v, "2024_scaled_BTN_places", line: line))
        }
        let ttm = try CSVTable(path: sharedBrightonHove + "/simple_ttm3.csv", field: "travel")
        let records = try ttm.records()
        var schools: [String] = []
        for (_, v) in records where !schools.contains(v["dest"]!) { schools.append(v["dest"]!) }
        let a = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1, $0) })
        let s = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($1, $0) })
        var minutes = Matrix(rows: areas.count, columns: schools.count, repeating: .nan)
        var flows = Matrix(rows: areas.count, columns: schools.count)
        for (line, v) in records {
            let i = a[v["orig"]!]!, j = s[v["dest"]!]!
            minutes[i, j] = try ttm.double(v, "mins", line: line)
            flows[i, j] = try ttm.double(v, "flow", line: line)
        }
        #expect(areas.count == 165 && schools.count == 10 && !minutes.elements.contains { $0.isNaN })
        return (origins, minutes, flows)
    }

    @Test("the gravity model reproduces the published Brightopia flows (power decay, β = 1.5)")
    func reproducesBrightopia() throws {
        let (origins, minutes, flows) = try Self.brightopia()
        let t = GravityModel(decay: .power, beta: 1.5).flows(origins: origins, weights: [Double](repeating: 1, count: 10), cost: minutes)
        let worst = zip(t.elements, flows.elements).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-9)
        // Rows sum to 2,560 places in all (the 2024 PANs).
        #expect(abs(t.elements.reduce(0, +) - 2560) < 1e-6)
    }

    @Test("β fitted to the Brightopia flows is 1.5")
    func fitsBrightopia() throws {
        let (origins, minutes, flows) = try Self.brightopia()
        let beta = GravityModel.fitBeta(decay: .power, origins: origins, weights: [Double](repeating: 1, count: 10),
                                        cost: minutes, observed: .flows(flows))
        #expect(abs(beta - 1.5) < 1e-5)
    }

    @Test("the example reports modelled demand against PAN for every school, 2024–2031")
    func example() throws {
        let plan = try PlanningLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/planning/brighton-hove-demand.yaml").path)
        let result = MultiYearRun.run(plan.spec, threads: 1)
        #expect(result.outcomes.count == 2 * 8)
        let proposal = result.outcomes.filter { $0.option == "Council PAN proposal (autumn 2024)" }
        #expect(proposal.map(\.year) == Array(2024...2031))
        // PAN totals of the file: 2,560 (2024), 2,410 (from 2026), 2,215 (from 2030).
        #expect(proposal.map { $0.schools.reduce(0) { $0 + $1.pan } } == [2560, 2560, 2410, 2410, 2410, 2410, 2215, 2215])
        for o in proposal {
            #expect(o.schools.count == 10 && o.schools.allSatisfy { $0.modelledDemand != nil })
            // Origin-constrained: demand adds up to the year's cohort, 0.7777 × the residents aged 11.
            let demand = o.schools.reduce(0.0) { $0 + $1.modelledDemand! }
            #expect(abs(demand - Double(o.pupils)) < 1)
        }
        // 2024: 0.7777 × 2,915 residents aged 11 (the file's city total) ≈ 2,267 pupils.
        #expect(abs(Double(proposal[0].pupils) - 2267) <= 1)
        #expect(PlanningReport.summary(result).contains("Varndean School"))
    }
}
