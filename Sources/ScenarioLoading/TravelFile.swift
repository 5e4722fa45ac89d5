import FairPlacesCore

/// `region.travel: {file: travel.csv}`: travel distances or times from small areas to schools
/// (columns `area`, `school`, `value`; format in `Data/README.md`), for schools whose arrangements
/// measure distance by travel and for `preferences.travel_per_unit`. Every area with pupils needs a
/// value for every such school.
///
/// Wide files, one row per area and one column per school (as routing tools write them), are read
/// with `{file, area_column: id, columns: {SCHOOL_ID: column, …}}`: rows of areas outside the
/// region are skipped (such files cover more than one authority) and an empty or `NA` cell is no value.
enum TravelFile {
    static func read(_ node: ScenarioNode, region: Region, scenarioPath: String) throws -> [Double] {
        let r = try FieldReader(node, allowed: ["file", "area_column", "columns"])
        let fileNode = try r.require("file")
        let path = try ScenarioLoader.inputFile(fileNode, scenarioPath: scenarioPath, what: "travel file")
        let table = try CSVTable(path: path, field: "region.travel.file")
        let m = region.schools.count
        let areaIndex = Dictionary(uniqueKeysWithValues: region.areas.enumerated().map { ($1.id, $0) })
        let schoolIndex = Dictionary(uniqueKeysWithValues: region.schools.enumerated().map { ($1.id, $0) })
        var travel = [Double](repeating: .nan, count: region.areas.count * m)
        if let columnsNode = r["columns"] {
            let areaColumn = try r.string("area_column", default: "area")
            guard table.column(areaColumn) != nil else {
                throw (r["area_column"] ?? columnsNode).error("the travel file has no column '\(areaColumn)'")
            }
            var columns: [(school: Int, column: String)] = []
            for (id, child) in try columnsNode.mappingEntries() {
                guard let s = schoolIndex[id] else { throw child.keyError("unknown school '\(id)'") }
                let column = try child.string()
                guard table.column(column) != nil else { throw child.error("the travel file has no column '\(column)'") }
                columns.append((s, column))
            }
            for (line, v) in try table.records() {
                guard let a = areaIndex[v[areaColumn] ?? ""] else { continue }
                // R writes a missing value as NA.
                for (s, column) in columns where !(v[column] ?? "").isEmpty && v[column] != "NA" {
                    travel[a * m + s] = try table.double(v, column, line: line, in: 0...1_000_000)
                }
            }
            try checkComplete(travel, node: node, region: region, path: path)
            return travel
        }
        try table.requireColumns(["area", "school", "value"], optional: [])
        for (line, v) in try table.records() {
            let area = v["area"] ?? "", school = v["school"] ?? ""
            guard let a = areaIndex[area] else { throw table.error(line, "area", "unknown small area '\(area)'") }
            guard let s = schoolIndex[school] else { throw table.error(line, "school", "unknown school '\(school)'") }
            travel[a * m + s] = try table.double(v, "value", line: line, in: 0...1_000_000)
        }
        try checkComplete(travel, node: node, region: region, path: path)
        return travel
    }

    /// Every populated area has a value for every school that measures distance by travel.
    private static func checkComplete(_ travel: [Double], node: ScenarioNode, region: Region, path: String) throws {
        let m = region.schools.count
        if region.schools.contains(where: { $0.arrangements.distanceMeasure == .travel }),
           let i = region.pupils.area.firstIndex(of: -1) {
            throw node.error("pupil '\(region.pupils.ids[i])' has no small area, so travel to schools that measure distance by travel is unknown; give every pupil an area")
        }
        var populated = [Bool](repeating: false, count: region.areas.count)
        for a in region.pupils.area where a >= 0 { populated[Int(a)] = true }
        for (s, school) in region.schools.enumerated() where school.arrangements.distanceMeasure == .travel {
            if let a = populated.indices.first(where: { populated[$0] && travel[$0 * m + s].isNaN }) {
                // The area may have no row at all: said where the scenario names the file.
                throw node.error("\(ScenarioError.fileName(path)) has no travel value for area '\(region.areas[a].id)' and school '\(school.id)', which measures distance by travel")
            }
        }
    }
}
