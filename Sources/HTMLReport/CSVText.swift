/// A CSV file as FairPlaces writes it (RFC 4180: comma-separated, fields with commas, quotes or line
/// breaks quoted, quotes doubled), read whole, keeping each record's line for error messages.
struct CSVText {
    let file: String
    let header: [String]
    /// Records after the header, with the line each starts on.
    let records: [(line: Int, fields: [String])]

    init(file: String, text: String) throws {
        self.file = file
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = [], field = "", quoted = false, afterQuote = false
        var line = 1, recordLine = 1
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []; field = ""
        }
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = next }
                    } else { quoted = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field); field = ""; afterQuote = false
            case "\n":
                endRecord(); afterQuote = false
                line += 1; recordLine = line
            case "\r":
                continue
            case "\"":
                guard field.isEmpty && !afterQuote else {
                    throw ReportInputError(file: file, line: line, message: "malformed CSV: a quote inside an unquoted field")
                }
                quoted = true
            default:
                if afterQuote {
                    throw ReportInputError(file: file, line: line, message: "malformed CSV: text after a closing quote")
                }
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw ReportInputError(file: file, line: recordLine, message: "malformed CSV: a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else {
            throw ReportInputError(file: file, line: 1, message: "the file is empty (expected a header row)")
        }
        header = first.fields
        self.records = Array(records.dropFirst())
        for record in self.records where record.fields.count != header.count {
            throw ReportInputError(file: file, line: record.line,
                                   message: "expected \(header.count) fields, found \(record.fields.count)")
        }
    }

    /// The column's index, or an error naming it.
    func column(_ name: String) throws -> Int {
        guard let c = header.firstIndex(of: name) else {
            throw ReportInputError(file: file, line: 1, field: name, message: "missing column '\(name)'")
        }
        return c
    }

    /// Rows as accessors of typed fields with located errors.
    func rows() -> [Row] { records.map { Row(table: self, line: $0.line, fields: $0.fields) } }

    struct Row {
        let table: CSVText
        let line: Int
        let fields: [String]

        func string(_ name: String) throws -> String { fields[try table.column(name)] }

        /// The column's text, or nil when the file has no such column.
        func optionalString(_ name: String) -> String? { table.header.firstIndex(of: name).map { fields[$0] } }

        /// A number, nil when empty (FairPlaces writes undefined figures as empty fields).
        func number(_ name: String) throws -> Double? {
            let text = try string(name)
            if text.isEmpty { return nil }
            guard let v = Double(text), v.isFinite else { throw error(name, "expected a number, found '\(text)'") }
            return v
        }

        func requiredNumber(_ name: String) throws -> Double {
            guard let v = try number(name) else { throw error(name, "expected a number, found an empty field") }
            return v
        }

        func integer(_ name: String) throws -> Int {
            let text = try string(name)
            guard let v = Int(text) else { throw error(name, "expected a whole number, found '\(text)'") }
            return v
        }

        func error(_ field: String, _ message: String) -> ReportInputError {
            ReportInputError(file: table.file, line: line, field: field, message: message)
        }
    }
}
