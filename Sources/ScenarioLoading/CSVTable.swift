import Foundation
import CSV

/// A CSV file with a header row, read whole, with each record's line number for error messages.
/// Line numbers assume one line per record (no quoted line breaks), which holds for every format
/// FairPlaces reads; blank lines are skipped but counted.
struct CSVTable {
    let file: String
    let header: [String]
    let rows: [[String]]
    /// The line (1-based) of each row.
    private let lines: [Int]

    init(path: String, field: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: nil, field: field, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, field: field, message: "the file is not UTF-8 text")
        }
        let reader: CSVReader
        do {
            // Fields are trimmed below, only when they need it: trimming every field through Foundation
            // took half the time of reading England's files.
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: false)
        } catch {
            throw ScenarioError(file: path, line: 1, field: field, message: "cannot read the CSV header: \(error)")
        }
        file = path
        // Published files often start with a UTF-8 byte-order mark, which is not part of the first column's name.
        header = (reader.headerRow ?? []).enumerated().map { c, name in
            (c == 0 && name.hasPrefix("\u{FEFF}") ? String(name.dropFirst()) : name).trimmingCharacters(in: .whitespaces)
        }
        var rows: [[String]] = []
        while var row = reader.next() {
            for c in row.indices where Self.needsTrimming(row[c]) { row[c] = row[c].trimmingCharacters(in: .whitespaces) }
            if row.count == 1 && row[0].isEmpty { continue }
            rows.append(row)
        }
        // The physical lines that hold records: every non-blank line after the header's.
        var physical: [Int] = []
        physical.reserveCapacity(rows.count + 1)
        var lineNumber = 1, blank = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"):
                if !blank { physical.append(lineNumber) }
                lineNumber += 1; blank = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            default: blank = false
            }
        }
        if !blank { physical.append(lineNumber) }
        let recordLines = Array(physical.dropFirst())
        if let error = reader.error {
            let line = rows.count < recordLines.count ? recordLines[rows.count] : rows.count + 2
            throw ScenarioError(file: path, line: line, field: field, message: "malformed CSV: \(error)")
        }
        self.rows = rows
        // With quoted line breaks records and lines no longer match one to one; fall back to counting records.
        self.lines = recordLines.count == rows.count ? recordLines : rows.indices.map { $0 + 2 }
    }

    /// Whether a field starts or ends with a space or tab.
    @inline(__always)
    static func needsTrimming(_ field: String) -> Bool {
        guard let first = field.utf8.first, let last = field.utf8.last else { return false }
        return first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
    }

    /// The position of a column, if the header has it.
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Checks that row `r` has one field per column (for readers that index rows directly).
    func checkWidth(_ r: Int) throws {
        guard rows[r].count == header.count else {
            throw ScenarioError(file: file, line: line(r), field: "", message: "expected \(header.count) fields, found \(rows[r].count)")
        }
    }

    /// Line of data row `r`.
    func line(_ r: Int) -> Int { lines[r] }

    /// Checks the header: every required column present, no unknown column.
    func requireColumns(_ required: [String], optional: [String]) throws {
        var seen: Set<String> = []
        for c in header where !seen.insert(c).inserted {
            throw ScenarioError(file: file, line: 1, field: c, message: "the column '\(c)' appears twice")
        }
        for c in required where !header.contains(c) {
            throw ScenarioError(file: file, line: 1, field: c, message: "missing required column '\(c)'")
        }
        for c in header where !required.contains(c) && !optional.contains(c) {
            throw ScenarioError(file: file, line: 1, field: c,
                                message: "unknown column '\(c)'; expected columns: \((required + optional).joined(separator: ", "))")
        }
    }

    /// Reads rows as dictionaries keyed by column, checking each row's width.
    func records() throws -> [(line: Int, values: [String: String])] {
        try rows.enumerated().map { r, row in
            guard row.count == header.count else {
                throw ScenarioError(file: file, line: line(r), field: "",
                                    message: "expected \(header.count) fields, found \(row.count)")
            }
            var values: [String: String] = [:]
            for (c, name) in header.enumerated() { values[name] = row[c] }
            return (line(r), values)
        }
    }

    // Typed field parsers with located errors.

    func error(_ line: Int, _ field: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: line, field: field, message: message)
    }

    func double(_ v: [String: String], _ field: String, line: Int, default fallback: Double? = nil,
                in range: ClosedRange<Double>? = nil) throws -> Double {
        let s = v[field] ?? ""
        if s.isEmpty {
            if let fallback { return fallback }
            throw error(line, field, "a value is required")
        }
        guard let d = Double(s), d.isFinite else { throw error(line, field, "expected a number, got '\(s)'") }
        if let range, !range.contains(d) {
            throw error(line, field, "must be between \(range.lowerBound) and \(range.upperBound), got \(s)")
        }
        return d
    }

    func int(_ v: [String: String], _ field: String, line: Int, default fallback: Int? = nil,
             in range: ClosedRange<Int>) throws -> Int {
        let s = v[field] ?? ""
        if s.isEmpty {
            if let fallback { return fallback }
            throw error(line, field, "a value is required")
        }
        guard let d = Int(s) else { throw error(line, field, "expected a whole number, got '\(s)'") }
        guard range.contains(d) else {
            throw error(line, field, "must be between \(range.lowerBound) and \(range.upperBound), got \(s)")
        }
        return d
    }

    func bool(_ v: [String: String], _ field: String, line: Int) throws -> Bool {
        switch (v[field] ?? "").lowercased() {
        case "", "0", "false", "no", "n": return false
        case "1", "true", "yes", "y": return true
        case let s: throw error(line, field, "expected 0/1 or true/false, got '\(s)'")
        }
    }
}
