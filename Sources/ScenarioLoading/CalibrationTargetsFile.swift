import Foundation
import FairPlacesCore
import Calibration

/// A calibration's targets file (`fairplaces calibrate SCENARIO --targets FILE`): what to fit,
/// to which published figures, and what to check. Published figures are read in place from their
/// CSV files by column name (`columns: {school: …, value: …}`), with `where:` picking rows (e.g.
/// one year and phase of the DfE's authority file) and `scale:` converting units (percent → share).
///
///     rounds: 20            # simulated rounds per evaluation
///     evaluations: 40       # objective evaluations of the simplex search
///     folds: 5              # out-of-fold validation by authority (district)
///     fold_evaluations: 8   # evaluations of each fold's search, from the full fit (default: evaluations)
///     attractiveness: {fit: first_preferences, file: F, columns: {school: URN, value: C}}
///     parameters:
///       catchment_bonus: {start: 1, range: [0, 4]}
///     targets:
///       - {statistic: offers, file: F, columns: {school: URN, value: C}, weight: 1}
///       - {statistic: first_preference_offer_rate, value: 0.796}
///       - {statistic: mean_fsm_share, schools: selective, file: F, columns: {school: URN, value: C}, scale: 0.01}
///     validation: [ … the same forms … ]
public enum CalibrationTargetsFile {
    public struct Loaded: Sendable {
        public var spec: CalibrationSpec
        /// Rows left out, in plain words (schools not in the region, suppressed values).
        public var notices: [String]
    }

    static let fields = ["rounds", "evaluations", "folds", "fold_evaluations", "attractiveness", "parameters", "targets", "validation"]
    static let sourceFields = ["file", "columns", "where", "scale"]
    /// Markers the DfE and ONS use for a value withheld or not applicable.
    static let missing: Set<String> = ["", "NA", "na", "N/A", ":", "x", "c", "z", "u", "..", "-", "SUPP", "NE"]

    public static func load(path: String, region: Region, model: PreferenceModel) throws -> Loaded {
        let problem: String? = switch ScenarioLoader.fileProblem(at: path) {
        case nil: nil
        case .missing: "no such targets file"
        case .folder: "a folder, not a targets file"
        case .notRegular: "not a regular file"
        case .unreadable: "cannot be read (no permission)"
        }
        if let problem { throw ScenarioError(file: path, line: nil, field: "--targets", message: problem) }
        guard let bytes = CSVTable.contents(of: path), let text = String(bytes: bytes, encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "cannot read the targets file as UTF-8 text")
        }
        let root = try ScenarioNode.parse(yaml: text, file: path)
        let r = try FieldReader(root, allowed: fields)
        var notices: [String] = []
        var index: [String: Int] = [:]
        for (s, school) in region.schools.enumerated() { index[school.id] = s }

        var attractiveness: CalibrationSpec.AttractivenessFit? = nil
        if let node = r["attractiveness"] {
            let ar = try FieldReader(node, allowed: sourceFields + ["fit", "iterations", "refit_iterations", "damping"])
            let source: CalibrationSpec.AttractivenessSource
            switch try ar.require("fit").string() {
            case "first_preferences": source = .firstPreferences
            case "offers": source = .offers
            case let other: throw try ar.require("fit").error("unknown fit '\(other)'; expected first_preferences or offers")
            }
            if (model.schoolEffects[.attractiveness] ?? 0) == 0 {
                throw node.error("attractiveness cannot be fitted while preferences.school_effects.attractiveness is 0")
            }
            var targets = [Double?](repeating: nil, count: region.schools.count)
            for (s, value) in try rows(ar, node, key: .school, path: path, index: index, notices: &notices) { targets[s] = value }
            attractiveness = CalibrationSpec.AttractivenessFit(
                source: source, targets: targets,
                iterations: try ar.int("iterations", default: 15, in: 1...1_000),
                damping: try ar.double("damping", default: 0.7, in: 0.01...1),
                refitIterations: try ar.int("refit_iterations", default: 3, in: 0...1_000))
        }

        var parameters: [ParameterFit] = []
        if let node = r["parameters"] {
            for (key, child) in try node.mappingEntries() {
                guard let parameter = PreferenceParameter(path: key) else {
                    throw child.keyError("unknown parameter '\(key)'; expected one of: \(PreferenceParameter.pathHelp)")
                }
                if parameter == .chanceWeight && model.chances == nil {
                    throw child.keyError("chances.weight needs preferences.chances in the scenario")
                }
                if parameter == .chanceFallback && model.chances?.listing != .portfolio {
                    throw child.keyError("chances.fallback needs preferences.chances with listing: portfolio in the scenario")
                }
                let pr = try FieldReader(child, allowed: ["start", "range"])
                let range = try pr.require("range").sequence()
                guard range.count == 2 else { throw try pr.require("range").error("expected [lowest, highest]") }
                let lower = try range[0].double(in: -100...100), upper = try range[1].double(in: -100...100)
                guard lower < upper else { throw range[1].error("the range's highest value must exceed its lowest (\(lower))") }
                let start = try pr.double("start", default: parameter.value(in: model), in: lower...upper)
                parameters.append(ParameterFit(parameter: parameter, start: start, lower: lower, upper: upper))
            }
        }
        let targets = try r["targets"].map { try list($0, path: path, region: region, index: index, notices: &notices) } ?? []
        let validation = try r["validation"].map { try list($0, path: path, region: region, index: index, notices: &notices) } ?? []
        if !parameters.isEmpty && targets.isEmpty {
            throw (r["parameters"] ?? root).error("parameters are fitted to targets: give at least one under 'targets'")
        }
        let spec = CalibrationSpec(attractiveness: attractiveness, parameters: parameters, targets: targets, validation: validation,
                                   rounds: try r.int("rounds", default: 20, in: 1...10_000),
                                   evaluations: try r.int("evaluations", default: 40, in: 1...100_000),
                                   folds: try r.int("folds", default: 0, in: 0...100),
                                   foldEvaluations: try r["fold_evaluations"].map { try $0.int(in: 1...100_000) })
        return Loaded(spec: spec, notices: notices)
    }

    private static func list(_ node: ScenarioNode, path: String, region: Region, index: [String: Int],
                             notices: inout [String]) throws -> [CalibrationTarget] {
        var out: [CalibrationTarget] = []
        for item in try node.sequence() {
            let ir = try FieldReader(item, allowed: sourceFields + ["statistic", "value", "weight", "schools"])
            let statNode = try ir.require("statistic")
            guard let statistic = CalibrationStatistic(name: try statNode.string()) else {
                throw statNode.error("unknown statistic '\(try statNode.string())'; expected one of: \(CalibrationStatistic.names.joined(separator: ", "))")
            }
            if case .preferences(let rank) = statistic, rank > 20 { throw statNode.error("ranks go up to 20") }
            let weight = try ir.double("weight", default: 1, in: 0...1_000_000)
            let name = statistic.name
            if statistic.isPerSchool {
                guard ir["value"] == nil else { throw ir["value"]!.error("\(name) is a figure per school: give a file and columns, not one value") }
                for (s, value) in try rows(ir, item, key: .school, path: path, index: index, notices: &notices) {
                    out.append(CalibrationTarget(statistic: statistic, schools: [s], label: region.schools[s].name,
                                                 observed: value, weight: weight))
                }
            } else if statistic == .meanFSMShare {
                let groupNode = try ir.require("schools")
                let group = try groupNode.string()
                let member: (School) -> Bool
                switch group {
                case "all": member = { _ in true }
                case "selective": member = { $0.isSelective }
                case "faith": member = { !$0.religiousCharacter.isEmpty }
                case "non_faith": member = { $0.religiousCharacter.isEmpty }
                default: throw groupNode.error("unknown group '\(group)'; expected all, selective, faith or non_faith")
                }
                let members = try rows(ir, item, key: .school, path: path, index: index, notices: &notices)
                    .filter { member(region.schools[$0.key]) }
                guard !members.isEmpty else { throw groupNode.error("no school of the region in group '\(group)' has a value in the file") }
                let parts = members.map(\.value)
                out.append(CalibrationTarget(statistic: statistic, schools: members.map(\.key), label: "\(group) schools",
                                             observed: parts.reduce(0, +) / Double(parts.count), weight: weight, parts: parts))
            } else if ir["file"] != nil {
                // A rate for each authority families live in (e.g. DfE's LA applications and offers).
                if let v = ir["value"] { throw v.error("\(name) is given either for the region ('value') or by authority from a file, not both") }
                if let g = ir["schools"] { throw g.error("\(name) is a rate of applicants, not of a group of schools") }
                // Only the region's own authorities where it names them: it holds just the neighbours'
                // border areas.
                let names = Set(region.areas.map(\.authority)).subtracting([""])
                    .filter { region.ownAuthorities.isEmpty || region.ownAuthorities.contains($0) }.sorted()
                guard !names.isEmpty else { throw ir["file"]!.error("the region's areas name no authority, so \(name) cannot be given by authority") }
                let authorities = Dictionary(names.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
                for (a, value) in try rows(ir, item, key: .authority, path: path, index: authorities, within: 0...1, notices: &notices) {
                    out.append(CalibrationTarget(statistic: statistic, schools: [], label: names[a], observed: value,
                                                 weight: weight, authority: names[a]))
                }
            } else {
                for field in sourceFields + ["schools"] where ir[field] != nil {
                    throw ir[field]!.error("\(name) is one figure for the region: give 'value'")
                }
                out.append(CalibrationTarget(statistic: statistic, schools: [], label: "region",
                                             observed: try ir.require("value").double(in: 0...1), weight: weight))
            }
        }
        return out
    }

    /// What a published file's rows are matched to: the region's schools by id, or its
    /// authorities by name in any case ("Kingston Upon Hull" and "Kingston upon Hull").
    private enum RowKey: String {
        case school, authority
        var foldsCase: Bool { self == .authority }
        var one: String { self == .school ? "a school" : "an authority" }
        var many: String { self == .school ? "schools" : "authorities" }
        var counted: String { self == .school ? "school(s)" : "authorit(ies)" }
    }

    /// The (key, value) rows of a published file, the key column (`columns.school` or
    /// `columns.authority`) matched through `index` (lower-case names for authorities).
    private static func rows(_ r: FieldReader, _ node: ScenarioNode, key: RowKey, path: String, index: [String: Int],
                             within bounds: ClosedRange<Double>? = nil,
                             notices: inout [String]) throws -> [(key: Int, value: Double)] {
        let fileNode = try r.require("file")
        let file = try ScenarioLoader.inputFile(fileNode, relativeTo: path, what: "published figures file")
        let columnsNode = try r.require("columns")
        let cr = try FieldReader(columnsNode, allowed: [key.rawValue, "value"])
        let keyColumn = try cr.require(key.rawValue).string(), valueColumn = try cr.require("value").string()
        let scale = try r.double("scale", default: 1, in: -1e6...1e6)
        var filters: [(column: String, value: String, node: ScenarioNode)] = []
        if let w = r["where"] { for (column, child) in try w.mappingEntries() { filters.append((column, try child.string(), child)) } }
        let field = fileNode.path
        let table = try CSVTable(path: file, field: field)
        let named = [(keyColumn, try cr.require(key.rawValue)), (valueColumn, try cr.require("value"))] + filters.map { ($0.column, $0.node) }
        for (name, node) in named where table.column(name) == nil {
            throw node.error("no column '\(name)' in \(file)")
        }
        var rows: [(key: Int, value: Double)] = []
        var seen: Set<Int> = []
        var outside = 0, withheld = 0
        let valueCol = table.column(named: valueColumn)
        for (line, v) in try table.records() {
            if filters.contains(where: { v[$0.column] != $0.value }) { continue }
            let id = v[keyColumn] ?? ""
            guard let s = index[key.foldsCase ? id.lowercased() : id] else { outside += 1; continue }
            let text = v[valueCol] ?? ""
            if missing.contains(text) { withheld += 1; continue }
            let value = try table.double(v, valueCol, line: line) * scale
            if let bounds, !bounds.contains(value) {
                throw table.error(line, valueColumn, "expected a rate from \(bounds.lowerBound) to \(bounds.upperBound) after scale \(scale), got \(value) (give scale: 0.01 for percentages)")
            }
            guard seen.insert(s).inserted else { throw table.error(line, keyColumn, "\(key.rawValue) '\(id)' has a second row") }
            rows.append((s, value))
        }
        guard !rows.isEmpty else { throw fileNode.error("no row of \(file) names \(key.one) of the region") }
        if outside > 0 { notices.append("\(field): \(outside) row(s) of \(file) name \(key.many) outside the region; left out") }
        if withheld > 0 { notices.append("\(field): \(withheld) \(key.counted) without a published \(valueColumn); left out") }
        return rows
    }
}
