import FairPlacesCore
import LinearAlgebra

/// `planning.demand`: the inputs of a demand-only plan, read from files in their own layouts (column
/// names are given in the scenario, so published files are read in place):
/// - `projection`: one row per area, one column per year (the column named by the year), pupils of
///   the intake age; `scale` turns residents into applicants for the schools modelled;
/// - `schools`: one row per school: id, name, PAN, optional planning area;
/// - `travel`: one row per area and school: the cost (minutes or km).
struct DemandFiles {
    var areas: [String]
    var origins: [[Double]]
    var schools: [School]
    var schoolIDs: [String]
    var cost: Matrix

    static func read(_ node: ScenarioNode, years: [Int], scenarioPath: String) throws -> DemandFiles {
        let r = try FieldReader(node, allowed: ["projection", "schools", "travel"])

        // Projection.
        let pr = try FieldReader(try r.require("projection"), allowed: ["file", "area_column", "scale"])
        let pPath = try ScenarioLoader.inputFile(pr.require("file"), scenarioPath: scenarioPath)
        let areaColumn = try pr.string("area_column", default: "area")
        let scale = try pr.double("scale", default: 1, in: 0...1000)
        let projection = try CSVTable(path: pPath, field: "planning.demand.projection.file")
        try require(projection, [areaColumn] + years.map(String.init))
        var areas: [String] = [], origins = years.map { _ in [Double]() }
        var seenAreas: Set<String> = []
        for (line, v) in try projection.records() {
            let id = v[areaColumn] ?? ""
            if id.isEmpty { throw projection.error(line, areaColumn, "an area is required") }
            guard seenAreas.insert(id).inserted else { throw projection.error(line, areaColumn, "the area '\(id)' appears twice") }
            areas.append(id)
            for (t, y) in years.enumerated() {
                origins[t].append(scale * (try projection.double(v, String(y), line: line, in: 0...10_000_000)))
            }
        }

        // Schools.
        let sr = try FieldReader(try r.require("schools"), allowed: ["file", "id_column", "name_column", "pan_column", "area_column"])
        let sPath = try ScenarioLoader.inputFile(sr.require("file"), scenarioPath: scenarioPath)
        let idColumn = try sr.string("id_column", default: "id")
        let nameColumn = try sr["name_column"]?.string()
        let panColumn = try sr.string("pan_column", default: "pan")
        let districtColumn = try sr["area_column"]?.string()
        let schoolsTable = try CSVTable(path: sPath, field: "planning.demand.schools.file")
        try require(schoolsTable, [idColumn, panColumn] + [nameColumn, districtColumn].compactMap { $0 })
        var schools: [School] = []
        for (line, v) in try schoolsTable.records() {
            let id = v[idColumn] ?? ""
            if id.isEmpty { throw schoolsTable.error(line, idColumn, "a school id is required") }
            if schools.contains(where: { $0.id == id }) { throw schoolsTable.error(line, idColumn, "the school '\(id)' appears twice") }
            let name = nameColumn.flatMap { v[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? id
            schools.append(School(id: id, name: name, location: Point(x: 0, y: 0), type: .community,
                                  pan: try schoolsTable.int(v, panColumn, line: line, in: 0...10_000),
                                  arrangements: AdmissionArrangements(criteria: [], tieBreak: .distance),
                                  district: districtColumn.flatMap { v[$0] } ?? ""))
        }
        if schools.isEmpty { throw ScenarioError(file: sPath, line: 1, field: "planning.demand.schools.file", message: "the file lists no schools") }

        // Travel costs.
        let tr = try FieldReader(try r.require("travel"), allowed: ["file", "area_column", "school_column", "value_column"])
        let tFile = try tr.require("file")
        let tPath = try ScenarioLoader.inputFile(tFile, scenarioPath: scenarioPath)
        let tArea = try tr.string("area_column", default: "area")
        let tSchool = try tr.string("school_column", default: "school")
        let tValue = try tr.string("value_column", default: "value")
        let travel = try CSVTable(path: tPath, field: "planning.demand.travel.file")
        try require(travel, [tArea, tSchool, tValue])
        let areaIndex = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1, $0) })
        let schoolIDs = schools.map(\.id)
        let schoolIndex = Dictionary(uniqueKeysWithValues: schoolIDs.enumerated().map { ($1, $0) })
        var cost = Matrix(rows: areas.count, columns: schools.count, repeating: .nan)
        for (line, v) in try travel.records() {
            let a = v[tArea] ?? "", s = v[tSchool] ?? ""
            guard let ai = areaIndex[a] else { throw travel.error(line, tArea, "unknown area '\(a)' (not in the projection)") }
            guard let si = schoolIndex[s] else { throw travel.error(line, tSchool, "unknown school '\(s)'") }
            cost[ai, si] = try travel.double(v, tValue, line: line, in: 0...1_000_000)
        }
        for a in areas.indices {
            for s in schools.indices where cost[a, s].isNaN {
                throw tFile.error("\(ScenarioError.fileName(tPath)) has no travel value from area '\(areas[a])' to school '\(schoolIDs[s])'")
            }
        }
        return DemandFiles(areas: areas, origins: origins, schools: schools, schoolIDs: schoolIDs, cost: cost)
    }

    /// Published files carry many columns; only the named ones must be there.
    private static func require(_ table: CSVTable, _ columns: [String]) throws {
        for c in columns where !table.header.contains(c) {
            throw ScenarioError(file: table.file, line: 1, field: c, message: "missing required column '\(c)'")
        }
    }
}
