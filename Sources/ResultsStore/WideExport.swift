import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// `fairplaces export DB --wide`: one row per run, for a spreadsheet or a data frame. Columns are
/// `run_id`, `seed`, `replications`, each parameter in the plan's order, then the mean of every
/// region and nearest-school figure (`scope.metric[.attribute][.category][.unit]`, in name order;
/// intervals stay in the tidy `metrics.csv`).
///
/// Types are explicit in the text (as Python's `csv.QUOTE_NONNUMERIC` writes): numbers are bare,
/// text is always in double quotes, a missing value is empty. A parameter whose every value is a
/// number is a number column; rows are in the order of the parameters' values (numerically for
/// number columns), then seed, so the file reads like the plan.
enum WideExport {
    static let fileName = "runs_wide.csv"

    /// A decimal number as a data frame reads one (not YAML's `.inf` or Swift's hexadecimal).
    static func isNumber(_ text: String) -> Bool {
        text.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil
    }

    static func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func header(_ name: String) -> String {
        name.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? quoted(name) : name
    }

    /// Metric column names: the key's non-empty parts joined by dots; all five parts (empty ones
    /// too) where two keys would otherwise share a name.
    static func columnNames(_ keys: [[String]]) -> [String] {
        let short = keys.map { $0.filter { !$0.isEmpty }.joined(separator: ".") }
        var counts: [String: Int] = [:]
        for s in short { counts[s, default: 0] += 1 }
        return zip(keys, short).map { counts[$1]! > 1 ? $0.joined(separator: ".") : $1 }
    }
}

extension SweepStore {
    /// Writes `runs_wide.csv` into `directory` (through a temporary file beside it, so a failed
    /// export leaves no partial file) and returns its row and column counts.
    @discardableResult
    public func exportWide(to directory: String) throws -> (rows: Int, columns: Int) {
        let fm = FileManager.default
        let target = (directory as NSString).appendingPathComponent(WideExport.fileName)
        let partial = target + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            return try Self.translatingErrors(directory, "write to") {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
                guard fm.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
                    throw SweepStoreError("cannot write to \(directory): cannot create \(WideExport.fileName) there")
                }
                defer { try? handle.close() }
                let counts = try writeWide(to: handle)
                try handle.synchronize()
                if rename(partial, target) != 0 {
                    throw SweepStoreError("cannot write \(target): \(String(cString: strerror(errno)))")
                }
                return counts
            }
        } catch {
            try? fm.removeItem(atPath: partial)
            throw error
        }
    }

    private func writeWide(to handle: FileHandle) throws -> (rows: Int, columns: Int) {
        try Self.translatingErrors(path, "read") {
            try queue.read { db in
                let names = try Self.definition(db).parameterNames
                let keyRows = try Row.fetchAll(db, sql: """
                    SELECT key_id, scope, metric, attribute, category, unit FROM metric_keys
                    WHERE scope <> 'school' ORDER BY scope, metric, attribute, category, unit
                    """)
                let keyIDs: [Int64] = keyRows.map { $0["key_id"] }
                let column = Dictionary(uniqueKeysWithValues: keyIDs.enumerated().map { ($1, $0) })
                let metricNames = WideExport.columnNames(keyRows.map { row in
                    ["scope", "metric", "attribute", "category", "unit"].map { row[$0] as String }
                })

                struct Run { var id: Int64; var seed: Int64; var replications: Int64; var values: [String] }
                var values: [Int64: [String: String]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT run_id, name, value FROM parameters") {
                    values[row["run_id"], default: [:]][row["name"]] = row["value"]
                }
                var runs = try Row.fetchAll(db, sql: "SELECT run_id, seed, replications FROM runs").map { row -> Run in
                    let id: Int64 = row["run_id"]
                    return Run(id: id, seed: row["seed"], replications: row["replications"],
                               values: names.map { values[id]?[$0] ?? "" })
                }
                let numeric = names.indices.map { p in runs.allSatisfy { WideExport.isNumber($0.values[p]) } }
                runs.sort { a, b in
                    for p in names.indices where a.values[p] != b.values[p] {
                        return numeric[p] ? Double(a.values[p])! < Double(b.values[p])! : a.values[p] < b.values[p]
                    }
                    return a.seed != b.seed ? a.seed < b.seed : a.id < b.id
                }

                var buffer = (["run_id", "seed", "replications"] + names + metricNames).map(WideExport.header).joined(separator: ",") + "\n"
                func flush(_ force: Bool) throws {
                    guard force || buffer.utf8.count > 1 << 20 else { return }
                    try handle.write(contentsOf: Data(buffer.utf8))
                    buffer = ""
                }
                let means = try db.makeStatement(sql: "SELECT key_id, mean FROM metric_values WHERE run_id = ?")
                var cells = [String](repeating: "", count: metricNames.count)
                for run in runs {
                    for k in cells.indices { cells[k] = "" }
                    let rows = try Row.fetchCursor(means, arguments: [run.id])
                    while let row = try rows.next() {
                        guard let k = column[row["key_id"]] else { continue }
                        if let mean: Double = row["mean"] { cells[k] = "\(mean)" }
                    }
                    let parameters = names.indices.map { numeric[$0] ? run.values[$0] : WideExport.quoted(run.values[$0]) }
                    buffer += ([String(run.id), String(run.seed), String(run.replications)] + parameters + cells).joined(separator: ",") + "\n"
                    try flush(false)
                }
                try flush(true)
                return (runs.count, 3 + names.count + metricNames.count)
            }
        }
    }
}
