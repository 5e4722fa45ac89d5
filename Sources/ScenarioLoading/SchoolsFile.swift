import Foundation
import FairPlacesCore

/// What a schools file says about a school's arrangements, laid over its type's.
struct FileArrangements {
    var criteria: [OversubscriptionCriterion]?
    var tieBreak: TieBreak?
    var selection: Selection?

    func applied(to base: AdmissionArrangements) -> AdmissionArrangements {
        var a = base
        if let criteria { a.criteria = criteria }
        if let tieBreak { a.tieBreak = tieBreak }
        if let selection { a.selection = selection }
        return a
    }
}

/// A schools CSV (format in `Data/README.md`).
enum SchoolsFile {
    struct Entry {
        var school: School
        var own: FileArrangements
        var line: Int
    }

    static let required = ["id", "x_km", "y_km", "pan"]
    static let optional = ["name", "type", "district", "religious_character", "attractiveness", "criteria", "tie_break",
                           "qualifying_share", "sex", "sponsor_led", "sixth_form"]

    static func read(path: String, admissions: AdmissionsSection) throws -> [Entry] {
        let table = try CSVTable(path: path, field: "schools.file")
        try table.requireColumns(required, optional: optional)
        var schools: [Entry] = []
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
            var own = FileArrangements()
            if let criteria = v["criteria"], !criteria.isEmpty {
                own.criteria = try criteria.split(separator: ";").map { name in
                    let n = CSVTable.trimmed(name)
                    guard let kind = CriterionKind(rawValue: n) else {
                        throw table.error(line, "criteria", "unknown criterion '\(n)'; expected: \(CriterionKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    if kind == .catchment || kind == .faith || kind == .feeder {
                        throw table.error(line, "criteria", "the criterion '\(n)' needs options; list the school in the scenario")
                    }
                    return OversubscriptionCriterion(kind)
                }
            }
            if let t = v["tie_break"], !t.isEmpty {
                guard let tie = TieBreak(rawValue: t) else {
                    throw table.error(line, "tie_break", "unknown tie-break '\(t)'; expected: distance, random")
                }
                own.tieBreak = tie
            }
            if let q = v["qualifying_share"], !q.isEmpty {
                own.selection = Selection(qualifyingShare: try table.double(v, "qualifying_share", line: line, in: 0...1))
            }
            let arrangements = own.applied(to: try admissions.arrangements(for: type, names: nil))
            let sexName = v["sex"] ?? ""
            guard let sex = sexName.isEmpty ? .mixed : SexOfSchool(rawValue: sexName) else {
                throw table.error(line, "sex", "unknown sex of school '\(sexName)'; expected mixed, girls or boys")
            }
            var school = School(id: id, name: (v["name"] ?? "").isEmpty ? id : v["name"]!,
                                location: Point(x: try table.double(v, "x_km", line: line, in: ScenarioNode.coordinateRange),
                                                y: try table.double(v, "y_km", line: line, in: ScenarioNode.coordinateRange)),
                                type: type, pan: try table.int(v, "pan", line: line, in: 0...10_000),
                                attractiveness: try table.double(v, "attractiveness", line: line, default: 0),
                                arrangements: arrangements, district: v["district"] ?? "",
                                religiousCharacter: v["religious_character"] ?? "")
            school.sexOfSchool = sex
            school.sponsorLed = try table.bool(v, "sponsor_led", line: line)
            school.sixthForm = try table.bool(v, "sixth_form", line: line)
            schools.append(Entry(school: school, own: own, line: line))
        }
        if schools.isEmpty { throw ScenarioError(file: path, line: 1, field: "schools.file", message: "the file lists no schools") }
        return schools
    }
}
