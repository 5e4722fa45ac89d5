/// Finds the columns FairPlaces needs in a published file whose headers vary by publisher and year.
///
/// Each field FairPlaces reads has the names it goes by in the published files (`Data/README.md`
/// lists them); a scenario can name any other column for a field (`region.england.columns`), so a
/// file with other headers can be read without editing it.
struct PublishedColumns {
    /// The field's column position, by FairPlaces' name for the field.
    private var position: [String: Int] = [:]
    let table: CSVTable

    /// - Parameters:
    ///   - known: FairPlaces' name for each field → the headers it goes by, in order of preference.
    ///   - required: fields the file must have.
    ///   - mapping: the scenario's own column names, which take precedence.
    ///   - fileField: the scenario field that named the file, for errors.
    init(_ table: CSVTable, known: [(String, [String])], required: [String], mapping: [String: String],
         fileField: String) throws {
        self.table = table
        for (field, names) in known {
            if let own = mapping[field] {
                guard let c = table.column(own) else {
                    throw ScenarioError(file: table.file, line: 1, field: own,
                                        message: "the column '\(own)' named for \(field) in the scenario is not in the file")
                }
                position[field] = c
            } else if let c = names.lazy.compactMap({ table.column($0) }).first {
                position[field] = c
            } else if required.contains(field) {
                throw ScenarioError(file: table.file, line: 1, field: field,
                                    message: "missing column for \(field): expected \(names.map { "'\($0)'" }.joined(separator: " or ")); name another column with region.england.columns.\(fileField).\(field)")
            }
        }
        for field in mapping.keys where !known.contains(where: { $0.0 == field }) {
            throw ScenarioError(file: table.file, line: 1, field: field,
                                message: "unknown field '\(field)' in the column mapping; expected one of: \(known.map(\.0).joined(separator: ", "))")
        }
    }

    func has(_ field: String) -> Bool { position[field] != nil }

    /// The field's text in data row `r` ("" when the file has no such column).
    func text(_ r: Int, _ field: String) -> String {
        guard let c = position[field] else { return "" }
        return table.text(r, c)
    }

    /// The field's number in row `r`, nil when blank or a published "not available" marker.
    func number(_ r: Int, _ field: String) throws -> Double? {
        let s = text(r, field)
        if s.isEmpty || s == ":" || s == "NA" || s == "x" || s == "c" || s == ".." { return nil }
        // Some publishers print thousands separators ("25,719").
        guard let v = Double(s) ?? Double(s.replacingOccurrences(of: ",", with: "")), v.isFinite else {
            throw table.error(table.line(r), header(field), "expected a number, got '\(s)'")
        }
        return v
    }

    /// A count of pupils (0 to 100,000), nil when blank.
    func pupils(_ r: Int, _ field: String) throws -> Double? {
        guard let v = try number(r, field) else { return nil }
        guard (0...100_000).contains(v) else {
            throw table.error(table.line(r), header(field), "expected a number of pupils from 0 to 100000, got \(text(r, field))")
        }
        return v
    }

    /// A grid reference in metres, nil when blank; far outside any projected system is an error.
    func metres(_ r: Int, _ field: String) throws -> Double? {
        guard let v = try number(r, field) else { return nil }
        let range = ScenarioNode.coordinateRange.lowerBound * 1000...ScenarioNode.coordinateRange.upperBound * 1000
        guard range.contains(v) else {
            throw table.error(table.line(r), header(field), "a grid reference in metres must be within ±\(Int(range.upperBound)), got \(text(r, field))")
        }
        return v
    }

    /// The publisher's header of a field, for errors.
    func header(_ field: String) -> String { position[field].map { table.header[$0] } ?? field }
}
