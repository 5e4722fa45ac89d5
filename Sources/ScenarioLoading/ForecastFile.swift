import FairPlacesCore
import LinearAlgebra
import Planning

/// The CSV inputs of place planning (formats in `Data/README.md`).
enum ForecastFile {
    /// Past pupil counts, `area,year,group,count`: one row per area, year and year group. Years in
    /// which only the youngest group is given, after the last full year, are known future entries
    /// (e.g. births already registered).
    struct Counts {
        var areas: [String]
        var history: [Matrix]
        var lastYear: Int
        var futureEntries: [[Double]]
    }

    static func counts(path: String, groups: [String], field: String) throws -> Counts {
        let table = try CSVTable(path: path, field: field)
        try table.requireColumns(["area", "year", "group", "count"], optional: [])
        var areaIndex: [String: Int] = [:], areas: [String] = [], areaLine: [Int] = []
        var rows: [(line: Int, area: Int, year: Int, group: Int, count: Double)] = []
        for (line, v) in try table.records() {
            let area = v["area"] ?? ""
            if area.isEmpty { throw table.error(line, "area", "an area is required") }
            let groupName = v["group"] ?? ""
            guard let g = groups.firstIndex(of: groupName) else {
                throw table.error(line, "group", "unknown year group '\(groupName)'; the scenario lists: \(groups.joined(separator: ", "))")
            }
            if areaIndex[area] == nil { areaIndex[area] = areas.count; areas.append(area); areaLine.append(line) }
            rows.append((line, areaIndex[area]!, try table.int(v, "year", line: line, in: 1900...2200), g,
                         try table.double(v, "count", line: line, in: 0...10_000_000)))
        }
        guard let firstYear = rows.map(\.year).min() else {
            throw ScenarioError(file: path, line: 1, field: field, message: "the file has no counts")
        }
        // The last full year: the last with any group but the youngest.
        guard let lastYear = rows.filter({ $0.group > 0 }).map(\.year).max(), lastYear > firstYear else {
            throw ScenarioError(file: path, line: 1, field: field,
                                message: "progression ratios need counts of every year group in at least two consecutive years")
        }
        let lastEntry = rows.map(\.year).max()!
        var history = [Matrix](repeating: Matrix(rows: areas.count, columns: groups.count), count: lastYear - firstYear + 1)
        var entries = [[Double]](repeating: [Double](repeating: 0, count: areas.count), count: lastEntry - lastYear)
        var seen = Set<[Int]>()
        for r in rows {
            guard seen.insert([r.area, r.year, r.group]).inserted else {
                throw table.error(r.line, "count", "a second count for area '\(areas[r.area])', year \(r.year), group '\(groups[r.group])'")
            }
            if r.year <= lastYear {
                history[r.year - firstYear][r.area, r.group] = r.count
            } else if r.group == 0 {
                entries[r.year - lastYear - 1][r.area] = r.count
            } else {
                throw table.error(r.line, "group", "after the last full year (\(lastYear)) only the youngest group ('\(groups[0])') may be given")
            }
        }
        // Every area needs every group in every year: a missing count would silently read as zero.
        // It is reported at the area's first row, where its counts are.
        let expected = areas.count * (groups.count * history.count + entries.count)
        if seen.count != expected {
            for y in firstYear...lastEntry {
                for a in areas.indices {
                    for g in groups.indices where (y <= lastYear || g == 0) && !seen.contains([a, y, g]) {
                        throw table.error(areaLine[a], "area", "no count for area '\(areas[a])', year \(y), group '\(groups[g])'")
                    }
                }
            }
        }
        return Counts(areas: areas, history: history, lastYear: lastYear, futureEntries: entries)
    }

    /// Dwellings completed, `area,year,dwellings`, as one array over `areas` per year from `firstYear`.
    static func completions(path: String, areas: [String], firstYear: Int, years: Int, field: String) throws -> [[Double]] {
        let table = try CSVTable(path: path, field: field)
        try table.requireColumns(["area", "year", "dwellings"], optional: [])
        let index = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1, $0) })
        var out = [[Double]](repeating: [Double](repeating: 0, count: areas.count), count: years)
        for (line, v) in try table.records() {
            let area = v["area"] ?? ""
            guard let a = index[area] else { throw table.error(line, "area", "unknown area '\(area)'; areas come from the counts file") }
            let year = try table.int(v, "year", line: line, in: 1900...2200)
            guard year >= firstYear && year < firstYear + years else {
                throw table.error(line, "year", "the year \(year) is outside the forecast years \(firstYear)–\(firstYear + years - 1)")
            }
            out[year - firstYear][a] += try table.double(v, "dwellings", line: line, in: 0...10_000_000)
        }
        return out
    }
}
