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
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw ScenarioError(file: path, line: 1, field: field, message: "cannot read the CSV header: \(error)")
        }
        file = path
        header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [[String]] = []
        while let row = reader.next() {
            if row.count == 1 && row[0].isEmpty { continue }
            rows.append(row)
        }
        // The physical lines that hold records: every non-blank line after the header's.
        let physical = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map { $0.offset + 1 }
        let recordLines = Array(physical.dropFirst())
        if let error = reader.error {
            let line = rows.count < recordLines.count ? recordLines[rows.count] : rows.count + 2
            throw ScenarioError(file: path, line: line, field: field, message: "malformed CSV: \(error)")
        }
        self.rows = rows
        // With quoted line breaks records and lines no longer match one to one; fall back to counting records.
        self.lines = recordLines.count == rows.count ? recordLines : rows.indices.map { $0 + 2 }
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
