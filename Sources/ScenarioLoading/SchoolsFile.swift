import Foundation
import FairPlacesCore

/// A schools CSV (format in `Data/README.md`).
enum SchoolsFile {
    static let required = ["id", "x_km", "y_km", "pan"]
    static let optional = ["name", "type", "district", "attractiveness", "criteria", "tie_break", "qualifying_share"]

    static func read(path: String, admissions: AdmissionsSection) throws -> [School] {
        let table = try CSVTable(path: path, field: "schools.file")
        try table.requireColumns(required, optional: optional)
        var schools: [School] = []
        for (line, v) in try table.records() {
            let id = v["id"] ?? ""
            if id.isEmpty { throw table.error(line, "id", "a school id is required") }
            let typeName = v["type"] ?? ""
            let type: SchoolType
            if typeName.isEmpty { type = .community } else {
                guard let t = SchoolType(rawValue: typeName) else {
                    throw table.error(line, "type", "unknown school type '\(typeName)'; expected one of: \(SchoolType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                type = t
            }
            var a = try admissions.arrangements(for: type, areas: nil)
            if let criteria = v["criteria"], !criteria.isEmpty {
                a.criteria = try criteria.split(separator: ";").map { name in
                    let n = name.trimmingCharacters(in: .whitespaces)
                    guard let c = OversubscriptionCriterion(rawValue: n) else {
                        throw table.error(line, "criteria", "unknown criterion '\(n)'; expected: \(OversubscriptionCriterion.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    if c == .catchment { throw table.error(line, "criteria", "catchments cannot be given in a schools file; list the school in the scenario") }
                    return c
                }
            }
            if let t = v["tie_break"], !t.isEmpty {
                guard let tie = TieBreak(rawValue: t) else {
                    throw table.error(line, "tie_break", "unknown tie-break '\(t)'; expected: distance, random")
                }
                a.tieBreak = tie
            }
            if let q = v["qualifying_share"], !q.isEmpty {
                a.selection = Selection(qualifyingShare: try table.double(v, "qualifying_share", line: line, in: 0...1))
            }
            schools.append(School(id: id, name: (v["name"] ?? "").isEmpty ? id : v["name"]!,
                                  location: Point(x: try table.double(v, "x_km", line: line),
                                                  y: try table.double(v, "y_km", line: line)),
                                  type: type, pan: try table.int(v, "pan", line: line, in: 0...10_000),
                                  attractiveness: try table.double(v, "attractiveness", line: line, default: 0),
                                  arrangements: a, district: v["district"] ?? ""))
        }
        if schools.isEmpty { throw ScenarioError(file: path, line: nil, field: "schools.file", message: "the file lists no schools") }
        return schools
    }
}
