import Foundation

/// A CSV file with a header row, read whole, with each record's line number for error messages.
///
/// The table keeps the file's bytes and where each field lies in them; a field becomes a `String`
/// only when a reader asks for it. The CSV package FairPlaces used before took 38 µs a row (3.8 s
/// for a 100,000-pupil file, against 0.1 s for the allocation itself), and a `String` per field
/// was still most of the rest: page faults for millions of small allocations. Fields follow
/// RFC 4180 (commas, double quotes, `""` inside quotes, CRLF or LF) and are trimmed of spaces and
/// tabs outside quotes, except that a quoted field may not run over a line break: no format
/// FairPlaces reads has one, and a stray quote would otherwise swallow the rest of the file into
/// one field. Blank lines are skipped but counted.
struct CSVTable {
    let file: String
    let header: [String]
    private let storage: Storage
    /// Each header name's column.
    private let columns: [String: Int]

    /// The parsed file: bytes and field boundaries, shared by the table and its records.
    final class Storage: @unchecked Sendable {
        let bytes: [UInt8]
        /// Byte range of field f: `start[f] ..< end[f]`; fields of data row r are
        /// `rowFirst[r] ..< rowFirst[r + 1]`.
        var start: [Int32] = [], end: [Int32] = []
        var rowFirst: [Int32] = [0]
        /// The line (1-based) each data row starts on.
        var lines: [Int32] = []
        /// Quoted fields with `""` inside, already unescaped.
        var unescaped: [Int32: String] = [:]

        init(bytes: [UInt8]) { self.bytes = bytes }

        var rowCount: Int { lines.count }

        func width(_ r: Int) -> Int { Int(rowFirst[r + 1] - rowFirst[r]) }

        /// Field c of row r ("" when the row is shorter).
        func text(_ r: Int, _ c: Int) -> String {
            let f = Int(rowFirst[r]) + c
            guard c >= 0 && f < Int(rowFirst[r + 1]) else { return "" }
            if let u = unescaped[Int32(f)] { return u }
            let a = Int(start[f]), b = Int(end[f])
            if a == b { return "" }
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[a..<b]), as: UTF8.self) }
        }
    }

    init(path: String, field: String) throws {
        guard let bytes = Self.contents(of: path) else {
            throw ScenarioError(file: path, line: 1, field: field, message: "cannot read the file")
        }
        if let bad = bytes.withUnsafeBufferPointer(Self.firstInvalidUTF8Line) {
            throw ScenarioError(file: path, line: bad, field: field, message: "the file is not UTF-8 text")
        }
        let (storage, header) = try Self.parse(bytes, file: path, field: field)
        guard let header else {
            throw ScenarioError(file: path, line: 1, field: field, message: "the file is empty: a header row is needed")
        }
        file = path
        // Published files often start with a UTF-8 byte-order mark, which is not part of the first column's name.
        self.header = header.enumerated().map { c, name in c == 0 && name.hasPrefix("\u{FEFF}") ? String(name.dropFirst()) : name }
        self.storage = storage
        columns = Dictionary(self.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The file's bytes, read straight into one array (Foundation's `Data` and a copy of it cost
    /// a page fault per 4 KB twice over).
    static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var total = 0
            while total < size {
                let n = read(fd, buffer.baseAddress! + total, size - total)
                if n < 0 { if errno == EINTR { continue }; failed = true; break }
                if n == 0 { break }
                total += n
            }
            count = total
        }
        guard !failed else { return nil }
        return bytes
    }

    /// Data rows (the header excluded).
    var rowCount: Int { storage.rowCount }

    /// Field c of data row r ("" when the row is shorter).
    func text(_ r: Int, _ c: Int) -> String { storage.text(r, c) }

    /// `s` without leading or trailing spaces and tabs (Foundation's trimming was 40% of reading a
    /// pupils file).
    static func trimmed(_ s: Substring) -> String {
        let utf8 = s.utf8
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isSpace($0) })!
        if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return String(s) }
        return String(s[first...last])
    }

    /// The column names of a file's header row, without reading the rest.
    static func header(path: String, field: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: 1, field: field, message: "cannot read the file")
        }
        let firstLine = [UInt8](data.prefix { $0 != UInt8(ascii: "\n") })
        if firstLine.withUnsafeBufferPointer(Self.firstInvalidUTF8Line) != nil {
            throw ScenarioError(file: path, line: 1, field: field, message: "the file is not UTF-8 text")
        }
        let names = try Self.parse(firstLine, file: path, field: field).header ?? []
        return names.enumerated().map { c, name in c == 0 && name.hasPrefix("\u{FEFF}") ? String(name.dropFirst()) : name }
    }

    /// The line of the first byte that is not part of valid UTF-8, if any.
    private static func firstInvalidUTF8Line(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        // Published files are almost always ASCII; only other text needs decoding to be checked.
        if !bytes.contains(where: { $0 >= 0x80 }) { return nil }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let v): if v == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }

    /// Finds every field's trimmed byte range; the first non-blank record is the header.
    private static func parse(_ bytes: [UInt8], file: String, field: String) throws -> (Storage, header: [String]?) {
        let storage = Storage(bytes: bytes)
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var header: [String]?
        var start: [Int32] = [], end: [Int32] = [], rowFirst: [Int32] = [0], lines: [Int32] = []
        var unescaped: [Int32: String] = [:]
        // Record widths are alike, so the arrays are sized from the header's once it is known.
        var reserved = false
        try bytes.withUnsafeBufferPointer { bytes in
            let n = bytes.count
            var i = 0, line = 1
            var escaped: [UInt8] = []
            while i < n {
                let recordLine = line
                let first = start.count
                var endOfRecord = false
                while !endOfRecord {
                    var a = i
                    while a < n && (bytes[a] == 0x20 || bytes[a] == 0x09) { a += 1 }
                    if a < n && bytes[a] == quote {
                        // A quoted field: up to the closing quote, `""` standing for one quote.
                        var j = a + 1
                        var closed = false, hasEscape = false
                        while j < n {
                            let b = bytes[j]
                            if b == quote {
                                if j + 1 < n && bytes[j + 1] == quote { hasEscape = true; j += 2; continue }
                                closed = true; break
                            }
                            if b == newline { break }
                            j += 1
                        }
                        let fieldNumber = start.count - first + 1
                        guard closed else {
                            throw ScenarioError(file: file, line: line, field: header == nil ? field : "",
                                                message: "field \(fieldNumber) opens a quote (\") that is not closed on its line")
                        }
                        if hasEscape {
                            escaped.removeAll(keepingCapacity: true)
                            var k = a + 1
                            while k < j { escaped.append(bytes[k]); k += bytes[k] == quote ? 2 : 1 }
                            unescaped[Int32(start.count)] = String(decoding: escaped, as: UTF8.self)
                        }
                        start.append(Int32(a + 1)); end.append(Int32(j))
                        j += 1
                        while j < n && (bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == cr) { j += 1 }
                        guard j == n || bytes[j] == comma || bytes[j] == newline else {
                            throw ScenarioError(file: file, line: line, field: header == nil ? field : "",
                                                message: "field \(fieldNumber) has text after its closing quote")
                        }
                        i = j
                    } else {
                        var j = a
                        while j < n && bytes[j] != comma && bytes[j] != newline { j += 1 }
                        var b = j
                        while b > a && (bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09 || bytes[b - 1] == cr) { b -= 1 }
                        start.append(Int32(a)); end.append(Int32(b))
                        i = j
                    }
                    if i < n && bytes[i] == comma {
                        i += 1
                    } else {
                        if i < n { i += 1; line += 1 }  // the line break
                        endOfRecord = true
                    }
                }
                // A blank line is one empty field.
                if start.count - first == 1 && start[first] == end[first] && unescaped[Int32(first)] == nil {
                    start.removeLast(); end.removeLast()
                    continue
                }
                if header == nil {
                    header = (first..<start.count).map { f in
                        unescaped[Int32(f)] ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(start[f])..<Int(end[f])]), as: UTF8.self)
                    }
                    unescaped.removeAll()
                    start.removeAll(keepingCapacity: true); end.removeAll(keepingCapacity: true)
                    continue
                }
                if !reserved, let width = header?.count {
                    // A guess from the first row's length: the rows that follow are alike.
                    let rows = n / max(1, i - (start.isEmpty ? 0 : Int(start[0])))
                    start.reserveCapacity(rows * width + width); end.reserveCapacity(rows * width + width)
                    rowFirst.reserveCapacity(rows + 2); lines.reserveCapacity(rows + 1)
                    reserved = true
                }
                rowFirst.append(Int32(start.count)); lines.append(Int32(recordLine))
            }
        }
        storage.start = start; storage.end = end; storage.rowFirst = rowFirst; storage.lines = lines
        storage.unescaped = unescaped
        return (storage, header)
    }

    /// The position of a column, if the header has it.
    func column(_ name: String) -> Int? { columns[name] }

    /// Checks that row `r` has one field per column (for readers that index rows directly).
    func checkWidth(_ r: Int) throws {
        guard storage.width(r) == header.count else {
            throw ScenarioError(file: file, line: line(r), field: "", message: "expected \(header.count) fields, found \(storage.width(r))")
        }
    }

    /// Line of data row `r`.
    func line(_ r: Int) -> Int { Int(storage.lines[r]) }

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

    /// A column named once and found once, for readers that read it on every row: looking a name
    /// up in every row was a quarter of reading a 100,000-row file.
    struct Column {
        let name: String
        let index: Int?
    }

    func column(named name: String) -> Column { Column(name: name, index: columns[name]) }

    /// One data row, whose fields are looked up by column name.
    struct Record {
        let storage: Storage
        let row: Int
        let columns: [String: Int]
        subscript(_ name: String) -> String? { columns[name].map { storage.text(row, $0) } }
        subscript(_ column: Column) -> String? { column.index.map { storage.text(row, $0) } }
    }

    /// Reads rows as records keyed by column, checking each row's width.
    func records() throws -> [(line: Int, values: Record)] {
        var out: [(line: Int, values: Record)] = []
        out.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            try checkWidth(r)
            out.append((line(r), Record(storage: storage, row: r, columns: columns)))
        }
        return out
    }

    // Typed field parsers with located errors.

    func error(_ line: Int, _ field: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: line, field: field, message: message)
    }

    func double(_ v: Record, _ field: String, line: Int, default fallback: Double? = nil,
                in range: ClosedRange<Double>? = nil) throws -> Double {
        try double(v, column(named: field), line: line, default: fallback, in: range)
    }

    func double(_ v: Record, _ c: Column, line: Int, default fallback: Double? = nil,
                in range: ClosedRange<Double>? = nil) throws -> Double {
        let field = c.name
        let s = v[c] ?? ""
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

    func int(_ v: Record, _ field: String, line: Int, default fallback: Int? = nil,
             in range: ClosedRange<Int>) throws -> Int {
        try int(v, column(named: field), line: line, default: fallback, in: range)
    }

    func int(_ v: Record, _ c: Column, line: Int, default fallback: Int? = nil,
             in range: ClosedRange<Int>) throws -> Int {
        let field = c.name
        let s = v[c] ?? ""
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

    func bool(_ v: Record, _ field: String, line: Int) throws -> Bool {
        try bool(v, column(named: field), line: line)
    }

    func bool(_ v: Record, _ c: Column, line: Int) throws -> Bool {
        let field = c.name
        switch (v[c] ?? "").lowercased() {
        case "", "0", "false", "no", "n": return false
        case "1", "true", "yes", "y": return true
        case let s: throw error(line, field, "expected 0/1 or true/false, got '\(s)'")
        }
    }
}
