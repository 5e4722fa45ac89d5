import Foundation
import Testing
@testable import HTMLReport
import Reports
import Simulation
import ScenarioLoading

/// The chances layer of the report: one small map per school (at most twelve), one dot per home
/// area with pupils on each, drawn from chances.csv alone.
@Suite struct ChancesMapTests {
    @Test func oneMapPerSchoolAndOneDotPerArea() throws {
        var loaded = try ScenarioLoader.load(path: scenariosFolder.appendingPathComponent("catchment-council.yaml").path)
        loaded.spec.replications = 2
        let result = Simulator(spec: loaded.spec).run(threads: 2, chances: true)
        let files = Dictionary(uniqueKeysWithValues: OutputFiles(result: result, scenarioFile: "catchment-council.yaml",
                                                                 description: "", includePupils: false).files.map { ($0.name, $0.contents) })
        let run = try RunOutputs.read(files: files, folder: "out")
        let areas = Set(run.chances!.map(\.area)).count
        #expect(areas == result.chances!.areaPupils.filter { $0 > 0 }.count)
        let html = HTMLReport.render(run)
        let maps = min(12, run.schools.count)
        #expect(html.contains("id=\"chances\""))
        #expect(occurrences(of: "class=\"area-dot\"", in: html) == maps * areas)
        for fragment in svgFragments(html) { #expect(isWellFormedXML(fragment)) }
        // Without chances.csv there is no such panel.
        var without = files
        without["chances.csv"] = nil
        #expect(!HTMLReport.render(try RunOutputs.read(files: without, folder: "out")).contains("id=\"chances\""))
    }

    @Test func aChanceOutsideZeroToOneIsAnError() throws {
        var loaded = try ScenarioLoader.load(path: scenariosFolder.appendingPathComponent("catchment-council.yaml").path)
        loaded.spec.replications = 1
        let result = Simulator(spec: loaded.spec).run(threads: 1, chances: true)
        var files = Dictionary(uniqueKeysWithValues: OutputFiles(result: result, scenarioFile: "x.yaml", description: "",
                                                                 includePupils: false).files.map { ($0.name, $0.contents) })
        var lines = files["chances.csv"]!.split(separator: "\n").map(String.init)
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[7] = "1.5"
        lines[1] = fields.joined(separator: ",")
        files["chances.csv"] = lines.joined(separator: "\n") + "\n"
        #expect(throws: ReportInputError.self) { try RunOutputs.read(files: files, folder: "out") }
    }
}
