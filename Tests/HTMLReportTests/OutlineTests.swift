import Foundation
import Testing
import FairPlacesCore
import ScenarioLoading
import Reports
import Simulation
@testable import HTMLReport

let sharedBrighton = repositoryFolder.deletingLastPathComponent().appendingPathComponent("shared/data/brighton-hove").path

/// Catchment and authority outlines: written to outlines.csv, read back with located errors, and
/// drawn on the region map, the chances map and the change map.
@Suite struct OutlineTests {
    /// The catchment council's four square catchments (Scenarios/catchment-council.yaml), as given.
    @Test func catchmentsAreWrittenAsGivenAndDrawnOnEveryMap() throws {
        let (result, files) = try runScenario("catchment-council.yaml", replications: 2, chances: true)
        let schools = result.spec.region.schools
        let rows = files[OutlinesFile.fileName]!.split(separator: "\n").map(String.init)
        #expect(rows[0] == "kind,name,neighbour,schools,part,ring,points")
        #expect(rows.count == 5)
        // The first school's catchment, polygon_km [[0, 10], [10, 10], [10, 20], [0, 20]].
        #expect(rows[1] == "catchment,\(schools[0].name),,\(schools[0].id),1,outer,0.0000 10.0000;10.0000 10.0000;10.0000 20.0000;0.0000 20.0000")
        #expect(!rows.contains { $0.hasPrefix("authority,") })

        let run = try RunOutputs.read(files: files, folder: "out")
        #expect(run.outlines?.count == 4)
        #expect(run.outlines?[0].points.map(\.x) == [0, 10, 10, 0])
        let html = HTMLReport.render(run)
        let map = try #require(html.range(of: "id=\"map\"")), chances = try #require(html.range(of: "id=\"chances\""))
        // Four on the region map; four on each of the four schools' chance panels, one of them dark.
        #expect(occurrences(of: "class=\"catchment-outline\"", in: String(html[map.lowerBound..<chances.lowerBound])) == 4)
        #expect(occurrences(of: "class=\"catchment-outline\"", in: String(html[chances.lowerBound...])) == 16)
        #expect(occurrences(of: "stroke=\"#888888\" stroke-width=\"0.48\"", in: html) == 12)
        #expect(html.contains("catchment boundary (4 catchments)"))
        // The region map's first ring: (0, 10) is the plot's left edge, four corners, closed.
        #expect(html.contains("<path class=\"catchment-outline\" d=\"M"))
        for svg in svgFragments(html) { #expect(isWellFormedXML(svg)) }
        #expect(!html.contains("<script"))
    }

    @Test func badOutlinesAreLocated() throws {
        let (result, files) = try runScenario("catchment-council.yaml", replications: 1)
        let id = result.spec.region.schools[0].id
        func read(_ row: String) throws -> RunOutputs {
            var f = files
            f[OutlinesFile.fileName] = "kind,name,neighbour,schools,part,ring,points\n" + row + "\n"
            return try RunOutputs.read(files: f, folder: "out")
        }
        #expect(throws: ReportInputError(file: "out/outlines.csv", line: 2, field: "points", message: "point 2 is '3', expected 'x y' in km")) {
            try read("catchment,A,,\(id),1,outer,1 2;3;4 5")
        }
        #expect(throws: ReportInputError(file: "out/outlines.csv", line: 2, field: "schools",
                                         message: "school 'NOPE' is not among schools.csv's schools: the files are from different runs")) {
            try read("catchment,A,,\(id);NOPE,1,outer,1 2;3 4;4 5")
        }
        #expect(throws: ReportInputError(file: "out/outlines.csv", line: 2, field: "kind", message: "expected catchment or authority, found 'river'")) {
            try read("river,A,,,1,line,1 2;3 4")
        }
        #expect(throws: ReportInputError(file: "out/outlines.csv", line: 2, field: "points", message: "an outer ring needs at least 3 points, found 2")) {
            try read("catchment,A,,\(id),1,outer,1 2;3 4")
        }
        #expect(throws: ReportInputError(file: "out/outlines.csv", line: 2, field: "part", message: "expected a part number from 1, found 0")) {
            try read("authority,Kent,Medway,,0,line,1 2;3 4")
        }
        // A line is drawn open (no Z); a ring closed.
        let line = try read("authority,Kent,Medway,,1,line,1 2;3 4")
        #expect(OutlineLayer.pathData(line.outlines![0], px: { $0 }, py: { $0 }) == "M1 2L3 4")
    }

    /// Brighton & Hove 2024: ten schools, six catchments from the council's GeoJSON (Hove and
    /// VarndeanStr each shared by two schools), each drawn once on the map.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedBrighton), "skipped: ../shared/data/brighton-hove is not present"))
    func brightonShowsItsSixCatchments() throws {
        let (_, files) = try runScenario("england/brighton-hove-2024.yaml", replications: 1)
        let run = try RunOutputs.read(files: files, folder: "out")
        let names = Set(run.outlines!.filter { $0.kind == .catchment }.map(\.name))
        #expect(names.count == 6)
        #expect(names.contains("Varndean; Dorothy Stringer") && names.contains("Blatchington Mill; Hove Park"))
        #expect(names.contains("Longhill High") && names.contains("Patcham High"))
        // Every ring lies in the city: eastings 520–540 km, northings 100–112 km.
        #expect(run.outlines!.allSatisfy { o in o.points.allSatisfy { (520...540).contains($0.x) && (100...112).contains($0.y) } })
        let html = HTMLReport.render(run)
        let map = try #require(html.range(of: "id=\"map\"")), next = try #require(html.range(of: "id=\"fsm-share\""))
        #expect(occurrences(of: "class=\"catchment-outline\"", in: String(html[map.lowerBound..<next.lowerBound])) == run.outlines!.count)
        #expect(html.contains("catchment boundary (6 catchments)"))
    }

    /// Kent: no boundary file exists, so the lines are Voronoi edges between Kent's LSOA centroids and
    /// its neighbours'. Checked against the definition by brute force over every centroid: each
    /// vertex is as near a Kent centroid as the neighbour's, and no centroid of a third authority is nearer.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedEngland), "skipped: ../shared/data/england is not present"))
    func kentAuthorityLinesLieHalfwayBetweenNeighbourhoods() throws {
        let region = try ScenarioLoader.load(path: scenariosFolder.appendingPathComponent("england/kent-selective.yaml").path).spec.region
        #expect(region.ownAuthorities == ["Kent"])
        let files = ["metrics.json": "", OutlinesFile.fileName: OutlinesFile.csv(region)]
        let table = try CSVText(file: "outlines.csv", text: files[OutlinesFile.fileName]!)
        let rows = table.rows()
        let neighbours = Set(try rows.map { try $0.string("neighbour") })
        #expect(try rows.allSatisfy { try $0.string("kind") == "authority" && $0.string("name") == "Kent" && $0.string("ring") == "line" })
        #expect(neighbours.isSuperset(of: ["Medway", "East Sussex", "Surrey", "Bromley", "Bexley"]), "\(neighbours)")
        let sites = region.areas + region.outlineSites
        for row in rows {
            let other = try row.string("neighbour")
            for pair in try row.string("points").split(separator: ";") {
                let xy = pair.split(separator: " ").map { Double($0)! }
                let p = Point(x: xy[0], y: xy[1])
                func nearest(_ keep: (String) -> Bool) -> Double {
                    sites.filter { keep($0.authority) }.map { $0.centroid.distance(to: p) }.min() ?? .infinity
                }
                let kent = nearest { $0 == "Kent" }, theirs = nearest { $0 == other }, rest = nearest { $0 != "Kent" && $0 != other }
                // Four decimals in the file: 0.1 m either way.
                #expect(abs(kent - theirs) < 2e-4 && rest >= kent - 2e-4 && kent <= OutlinesFile.outlineReach + 2e-4,
                        "\(p) on Kent | \(other): Kent \(kent), \(other) \(theirs), others \(rest)")
            }
        }
    }

    /// Kent's outputs say which schools and pupils are Kent's: schools.csv's own_authority is true for
    /// the 101 schools of Kent (the census count, EnglandRegionTests) and pupils.csv's home_authority
    /// is Kent for as many pupils as metrics.csv's figure for Kent's pupils, which the summary quotes.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedEngland), "skipped: ../shared/data/england is not present"))
    func kentOutputsSetKentApart() throws {
        var loaded = try ScenarioLoader.load(path: scenariosFolder.appendingPathComponent("england/kent-selective.yaml").path)
        loaded.spec.replications = 1
        let result = Simulator(spec: loaded.spec).run(threads: 2)
        let files = Dictionary(uniqueKeysWithValues: OutputFiles(result: result, scenarioFile: "kent.yaml", description: "", includePupils: true)
            .files.map { ($0.name, $0.contents) })
        let schools = try CSVText(file: "schools.csv", text: files["schools.csv"]!).rows()
        #expect(try schools.filter { try $0.string("own_authority") == "true" }.count == 101)
        #expect(try schools.allSatisfy { try ($0.string("own_authority") == "true") == ($0.string("district") == "Kent") })
        let pupils = try CSVText(file: "pupils.csv", text: files["pupils.csv"]!).rows()
        let kent = try pupils.filter { try $0.string("home_authority") == "Kent" }.count
        let run = try RunOutputs.read(files: files, folder: "out")
        #expect(run.figure(FigureKey("region", "pupils", unit: "authorities=own"))?.mean == Double(kent))
        #expect(run.figure(FigureKey("region", "pupils", unit: "authorities=neighbours"))?.mean == Double(pupils.count - kent))
        #expect(kent > 18_000 && pupils.count > kent)
        #expect(HTMLReport.render(run).contains("\(kent) of the pupils live in Kent; \(pupils.count - kent) live in neighbouring authorities"))
    }
}
