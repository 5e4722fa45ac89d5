import Foundation
import Testing
import ScenarioLoading
import Simulation
import Reports
import FairPlacesCore

@Suite struct SummaryTableTests {
    /// A region of 70 schools: beyond `SummaryTable.listedSchools`, so no row per school.
    @Test("a large region's summary shows school types and the ten at each end of FSM share")
    func largeRegion() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.yaml").path
        try """
            name: Big
            seed: 3
            region:
              synthetic: {pupils: 3000, width_km: 30, height_km: 30}
            schools:
              generate: {count: 70, types: {community: 0.5, academy: 0.5}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(path: path)
        let result = Simulator(spec: loaded.spec).run(threads: 1)
        let text = SummaryTable.render(result)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(text.contains("All 70 schools are in schools.csv."))
        #expect(text.contains("The 10 schools with the highest FSM share:") && text.contains("The 10 schools with the lowest FSM share:"))
        #expect(lines.count < 70, "\(lines.count) lines")
        // Each type's row: its number of schools and PAN, counted here from the region itself.
        let schools = loaded.spec.region.schools
        for type in [SchoolType.community, .academy] {
            let members = schools.filter { $0.type == type }
            let row = try #require(lines.first { $0.hasPrefix("  \(type.rawValue) ") }, "no row for \(type.rawValue)")
            let fields = row.split(separator: " ")
            #expect(fields[1] == "\(members.count)" && fields[2] == "\(members.reduce(0) { $0 + $1.pan })", "\(row)")
        }
    }
}
