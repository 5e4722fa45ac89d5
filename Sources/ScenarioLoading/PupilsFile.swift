import Foundation
import FairPlacesCore

/// A pupils CSV (format in `Data/README.md`): one row per pupil, optionally with the family's own
/// ranked list, so researchers can replay external data.
enum PupilsFile {
    static let required = ["id", "x_km", "y_km"]
    static let optional = ["fsm", "idaci_score", "idaci_decile", "attainment", "looked_after", "ehc_school",
                           "sibling_school", "faith", "area", "preferences", "medical_need", "staff_child_school",
                           "primary_school", "tutored", "fsm6", "eal", "sex"]

    static func read(path: String, schools: [School]) throws -> BuiltRegion {
        let table = try CSVTable(path: path, field: "region.files.pupils")
        try table.requireColumns(required, optional: optional)
        if let s = schools.first(where: { $0.sexOfSchool != .mixed }), !table.header.contains("sex") {
            throw ScenarioError(file: path, line: 1, field: "sex",
                                message: "school '\(s.id)' admits \(s.sexOfSchool.rawValue) only, so the pupils file needs a 'sex' column (girl or boy)")
        }
        let schoolIndex = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($1.id, Int32($0)) })
        func school(_ v: CSVTable.Record, _ c: CSVTable.Column, line: Int) throws -> Int32 {
            let field = c.name
            let id = v[c] ?? ""
            if id.isEmpty { return -1 }
            guard let s = schoolIndex[id] else { throw table.error(line, field, "unknown school '\(id)'") }
            return s
        }

        // The decile of a score inverts the national curve by bisection; files repeat scores (one per area).
        var deciles: [Double: UInt8] = [:]
        func decileOfScore(_ score: Double) -> UInt8 {
            if let d = deciles[score] { return d }
            let d = IDACICurve.decile(atRankFraction: rankFraction(ofScore: score))
            deciles[score] = d
            return d
        }

        var pupils = Pupils(reservingCapacity: table.rowCount)
        var faithNames = ["none"]
        var areaIDs: [String] = []
        var feederNames: [String] = []
        var feederIndex: [String: Int32] = [:]
        var areaIndex: [String: Int32] = [:]
        // Every pupil's list, one after another (`listEnd[i]` is where pupil i's ends), rather than
        // an array per pupil: allocations, not parsing, were most of reading a large file.
        var listed: [Int32] = [], listEnd: [Int] = []
        var seenIDs: Set<String> = []
        seenIDs.reserveCapacity(table.rowCount)
        let hasPreferences = table.header.contains("preferences")
        let column = Columns(table)
        for (line, v) in try table.records() {
            let id = v[column.id] ?? ""
            if id.isEmpty { throw table.error(line, "id", "a pupil id is required") }
            if !seenIDs.insert(id).inserted { throw table.error(line, "id", "the pupil id '\(id)' appears twice") }
            let score = try table.double(v, column.idaciScore, line: line, default: 0, in: 0...1)
            let decile = (v[column.idaciDecile] ?? "").isEmpty
                ? decileOfScore(score)
                : UInt8(try table.int(v, column.idaciDecile, line: line, in: 1...10))
            var faith: UInt8 = 0
            if let f = v[column.faith], !f.isEmpty, f != "none" {
                if let k = faithNames.firstIndex(of: f) { faith = UInt8(k) } else {
                    guard faithNames.count < 255 else { throw table.error(line, "faith", "more than 254 faiths") }
                    faithNames.append(f); faith = UInt8(faithNames.count - 1)
                }
            }
            var area: Int32 = -1
            if let a = v[column.area], !a.isEmpty {
                if let k = areaIndex[a] { area = k } else {
                    area = Int32(areaIDs.count); areaIndex[a] = area; areaIDs.append(a)
                }
            }
            var feeder: Int32 = -1
            if let f = v[column.primarySchool], !f.isEmpty {
                if let k = feederIndex[f] { feeder = k } else {
                    feeder = Int32(feederNames.count); feederIndex[f] = feeder; feederNames.append(f)
                }
            }
            // Funding attributes (issue #5): Ever-6 FSM (FSM now when the column is absent) and EAL.
            let everFSM = try everFSM(table, v, column, line: line)
            pupils.append(id: id, home: Point(x: try table.double(v, column.xKm, line: line, in: ScenarioNode.coordinateRange),
                                                     y: try table.double(v, column.yKm, line: line, in: ScenarioNode.coordinateRange)),
                          fsm: try table.bool(v, column.fsm, line: line), idaciScore: score, idaciDecile: decile,
                          attainment: try table.double(v, column.attainment, line: line, default: 0, in: -10...10),
                          lookedAfter: try table.bool(v, column.lookedAfter, line: line),
                          ehcPlanSchool: try school(v, column.ehcSchool, line: line),
                          siblingSchool: try school(v, column.siblingSchool, line: line),
                          faith: faith, area: area,
                          medicalNeed: try table.bool(v, column.medicalNeed, line: line),
                          staffChildAt: try school(v, column.staffChildSchool, line: line),
                          feeder: feeder, tutored: try table.bool(v, column.tutored, line: line),
                          fsm6: everFSM, eal: try table.bool(v, column.eal, line: line), girl: try girl(v, column.sex, table, line))
            if hasPreferences {
                let listStart = listed.count
                var text = v[column.preferences] ?? ""
                try text.withUTF8 { bytes in
                    // Split on ';' byte by byte: splitting and trimming Characters took a quarter of reading the file.
                    var start = 0
                    while start <= bytes.count {
                        var end = start
                        while end < bytes.count && bytes[end] != UInt8(ascii: ";") { end += 1 }
                        var a = start, b = end
                        while a < b && (bytes[a] == 0x20 || bytes[a] == 0x09) { a += 1 }
                        while b > a && (bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09) { b -= 1 }
                        if a < b {
                            let sid = String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)
                            guard let s = schoolIndex[sid] else { throw table.error(line, "preferences", "unknown school '\(sid)'") }
                            if listed[listStart...].contains(s) { throw table.error(line, "preferences", "the school '\(sid)' is listed twice") }
                            listed.append(s)
                        }
                        start = end + 1
                    }
                }
                listEnd.append(listed.count)
            }
        }
        if pupils.count == 0 { throw ScenarioError(file: path, line: 1, field: "region.files.pupils", message: "the file lists no pupils") }

        // Areas named in the file: centroid and deprivation are the means of their pupils'.
        var members = [[Int]](repeating: [], count: areaIDs.count)
        for i in 0..<pupils.count where pupils.area[i] >= 0 { members[Int(pupils.area[i])].append(i) }
        var areas: [SmallArea] = []
        for (a, name) in areaIDs.enumerated() {
            let members = members[a]
            let n = Double(members.count)
            let centroid = Point(x: members.reduce(0) { $0 + pupils.homeX[$1] } / n, y: members.reduce(0) { $0 + pupils.homeY[$1] } / n)
            let score = members.reduce(0) { $0 + pupils.idaciScore[$1] } / n
            areas.append(SmallArea(id: name, centroid: centroid, population: members.count, idaciScore: score,
                                   idaciDecile: IDACICurve.decile(atRankFraction: rankFraction(ofScore: score))))
        }

        var stated: PreferenceLists?
        if hasPreferences {
            var length = 1, previous = 0
            for end in listEnd { length = max(length, end - previous); previous = end }
            var flat = [Int32](repeating: -1, count: listEnd.count * length)
            previous = 0
            for (i, end) in listEnd.enumerated() {
                for k in previous..<end { flat[i * length + k - previous] = listed[k] }
                previous = end
            }
            stated = PreferenceLists(length: length, schools: flat)
        }
        return BuiltRegion(region: Region(pupils: pupils, schools: schools, areas: areas, faithNames: faithNames,
                                          feederNames: feederNames),
                           statedPreferences: stated)
    }

    /// The national rank fraction at which the IDACI curve reaches `score` (inverse by bisection).
    static func rankFraction(ofScore score: Double) -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if IDACICurve.score(atRankFraction: mid) > score { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// The `sex` column: girl or boy (F/M), for single-sex schools; the column is required when a
    /// school is single-sex (checked on reading the header).
    static func girl(_ v: CSVTable.Record, _ sex: CSVTable.Column, _ table: CSVTable, _ line: Int) throws -> Bool {
        switch (v[sex] ?? "").lowercased() {
        case "", "boy", "m", "male": return false
        case "girl", "f", "female": return true
        case let s: throw table.error(line, "sex", "expected girl or boy (F or M), got '\(s)'")
        }
    }

    /// The file's columns, found once for every row.
    struct Columns {
        let id: CSVTable.Column
        let idaciScore: CSVTable.Column
        let idaciDecile: CSVTable.Column
        let faith: CSVTable.Column
        let area: CSVTable.Column
        let primarySchool: CSVTable.Column
        let xKm: CSVTable.Column
        let yKm: CSVTable.Column
        let fsm: CSVTable.Column
        let attainment: CSVTable.Column
        let lookedAfter: CSVTable.Column
        let ehcSchool: CSVTable.Column
        let siblingSchool: CSVTable.Column
        let medicalNeed: CSVTable.Column
        let staffChildSchool: CSVTable.Column
        let tutored: CSVTable.Column
        let eal: CSVTable.Column
        let preferences: CSVTable.Column
        let sex: CSVTable.Column
        let fsm6: CSVTable.Column

        init(_ table: CSVTable) {
            id = table.column(named: "id")
            idaciScore = table.column(named: "idaci_score")
            idaciDecile = table.column(named: "idaci_decile")
            faith = table.column(named: "faith")
            area = table.column(named: "area")
            primarySchool = table.column(named: "primary_school")
            xKm = table.column(named: "x_km")
            yKm = table.column(named: "y_km")
            fsm = table.column(named: "fsm")
            attainment = table.column(named: "attainment")
            lookedAfter = table.column(named: "looked_after")
            ehcSchool = table.column(named: "ehc_school")
            siblingSchool = table.column(named: "sibling_school")
            medicalNeed = table.column(named: "medical_need")
            staffChildSchool = table.column(named: "staff_child_school")
            tutored = table.column(named: "tutored")
            eal = table.column(named: "eal")
            preferences = table.column(named: "preferences")
            sex = table.column(named: "sex")
            fsm6 = table.column(named: "fsm6")
        }
    }
}
