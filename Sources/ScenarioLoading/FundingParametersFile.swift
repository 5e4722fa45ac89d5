import Foundation
import FairPlacesCore
import Funding

/// A funding parameter set (`Data/funding/*.yaml`, or a mapping inside a scenario) read into
/// `FundingParameters`, with every error naming the file, line and field it comes from.
///
/// A parameter set groups named values into sections; each value is a number or
/// `{value, source, status}` (status `verified`, `unverified` or `assumption`). Names are unique
/// across sections, so a scenario's `funding.overrides` can name any of them alone.
public enum FundingParametersFile {
    /// Sections and the values each may hold.
    public static let sections: [(name: String, values: [String])] = [
        ("per_pupil", FundingFactor.allCases.filter { $0.kind == .pupilLed }.map(\.rawValue)),
        ("school_level", FundingFactor.allCases.filter { $0.kind == .schoolLed }.map(\.rawValue)),
        ("pupil_premium", FundingFactor.allCases.filter { $0.kind == .pupilPremium }.map(\.rawValue)),
        ("floor", ["minimum_per_pupil"]),
        ("adjustments", ["area_cost_adjustment"]),
        ("eligibility", idaciBandNames + ["low_prior_attainment_share", "sparsity_distance_miles", "sparsity_year_group_threshold"]),
    ]
    static let metadataFields = ["name", "year", "description"]
    static let idaciBandNames = ["a", "b", "c", "d", "e", "f"].map { "idaci_band_\($0)" }
    static let statuses = ["verified", "unverified", "assumption"]
    static let kilometresPerMile = 1.609344

    /// Every value name, in section order.
    public static var valueNames: [String] { sections.flatMap(\.values) }

    /// One value with where it was set (the parameter file, or the override that replaced it).
    struct Entry {
        var value: Double
        var node: ScenarioNode
        var source: String?
        var status: String?
    }

    /// A parameter set as read, before it becomes `FundingParameters`.
    struct Values {
        var name: String
        var entries: [String: Entry]
        /// The node of the whole set, for errors about something missing.
        var node: ScenarioNode
    }

    /// Reads a parameter file by path (for tools and tests that have no scenario).
    public static func load(path: String) throws -> FundingParameters {
        try parameters(read(try parse(path: path)))
    }

    /// Reads a shipped set by name (`nff-2024-25`), found as `Data/funding/<name>.yaml` above the
    /// working directory or the executable.
    public static func shipped(named name: String) throws -> FundingParameters {
        let here = FileManager.default.currentDirectoryPath + "/."
        for folder in FundingSection.dataFolders(from: here) {
            let path = (folder as NSString).appendingPathComponent("\(name).yaml")
            if FileManager.default.fileExists(atPath: path) { return try load(path: path) }
        }
        throw ScenarioError(file: "Data/funding/\(name).yaml", line: nil, field: "", message: "no shipped funding parameter set '\(name)'")
    }

    /// Parses a parameter file into nodes that carry its own file name and lines.
    static func parse(path: String) throws -> ScenarioNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "cannot read the funding parameter file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "the file is not UTF-8 text")
        }
        return try ScenarioNode.parse(yaml: text, file: path)
    }

    /// Reads a parameter set's sections and values, checking names, numbers and ranges.
    static func read(_ node: ScenarioNode) throws -> Values {
        let r = try FieldReader(node, allowed: metadataFields + sections.map(\.name))
        let fallbackName = URL(fileURLWithPath: node.file).deletingPathExtension().lastPathComponent
        var values = Values(name: try r.string("name", default: fallbackName), entries: [:], node: node)
        _ = try r.string("year", default: "")
        _ = try r.string("description", default: "")
        for (section, allowed) in sections {
            guard let sectionNode = r[section] else { continue }
            for (key, child) in try sectionNode.mappingEntries() {
                guard allowed.contains(key) else {
                    let noun = ["per_pupil", "school_level", "pupil_premium"].contains(section) ? "factor" : "value"
                    var hint = ""
                    if let home = sections.first(where: { $0.values.contains(key) })?.name { hint = " ('\(key)' belongs in '\(home)')" }
                    throw child.keyError("unknown \(noun) '\(key)' in '\(section)'\(hint); expected one of: \(allowed.joined(separator: ", "))")
                }
                if case .null = child.value {
                    // Leave a factor out rather than blank: an empty value is more likely a slip.
                    throw child.keyError("'\(key)' has no value; give a number or {value, source, status}, or leave the line out")
                }
                values.entries[key] = try entry(key, child)
            }
        }
        return values
    }

    /// A value written as a number or as `{value, source, status}`.
    static func entry(_ name: String, _ node: ScenarioNode) throws -> Entry {
        if case .mapping = node.value {
            let r = try FieldReader(node, allowed: ["value", "source", "status"])
            let valueNode = try r.require("value")
            let status = try r["status"].map { s -> String in
                let text = try s.string()
                guard statuses.contains(text) else {
                    throw s.error("unknown status '\(text)'; expected one of: \(statuses.joined(separator: ", "))")
                }
                return text
            }
            return Entry(value: try checked(name, valueNode), node: valueNode, source: try r["source"]?.string(), status: status)
        }
        return Entry(value: try checked(name, node), node: node, source: nil, status: nil)
    }

    /// The value of `node` for the named parameter, in its allowed range.
    static func checked(_ name: String, _ node: ScenarioNode) throws -> Double {
        let text = try node.string()
        guard let v = Double(text), v.isFinite else { throw node.error("expected a number, got '\(text)'") }
        switch name {
        case "area_cost_adjustment":
            guard v > 0, v <= 10 else { throw node.error("the area cost adjustment is a multiplier above 0 (1 = none), got \(text)") }
        case _ where idaciBandNames.contains(name), "low_prior_attainment_share":
            guard v >= 0, v <= 1 else { throw node.error("must be a share between 0 and 1, got \(text)") }
        case "sparsity_distance_miles", "sparsity_year_group_threshold":
            guard v > 0 else { throw node.error("must be above 0, got \(text)") }
        default:
            guard v >= 0 else { throw node.error("a rate or amount must not be negative, got \(text)") }
        }
        return v
    }

    /// Turns read values into `FundingParameters`, checking that each factor has what it needs.
    static func parameters(_ values: Values) throws -> FundingParameters {
        let e = values.entries
        var amounts: [FundingFactor: Double] = [:]
        for factor in FundingFactor.allCases { if let v = e[factor.rawValue] { amounts[factor] = v.value } }
        var p = FundingParameters(name: values.name, amounts: amounts, minimumPerPupil: e["minimum_per_pupil"]?.value,
                                  areaCostAdjustment: e["area_cost_adjustment"]?.value ?? 1)
        // IDACI factors need every band's end, increasing.
        if let first = FundingFactor.idaciBands.first(where: { e[$0.rawValue] != nil }) {
            var ends: [Double] = []
            for name in idaciBandNames {
                guard let end = e[name] else {
                    throw e[first.rawValue]!.node.error("the factor '\(first.rawValue)' needs the IDACI band ends: eligibility.\(name) is missing")
                }
                if let last = ends.last, end.value <= last {
                    throw end.node.error("IDACI band ends must increase from band A to band F; \(name) is \(format(end.value)), not above \(format(last))")
                }
                ends.append(end.value)
            }
            p.idaciBandEnds = ends
        }
        if let lpa = e[FundingFactor.lowPriorAttainment.rawValue] {
            guard let share = e["low_prior_attainment_share"] else {
                throw lpa.node.error("the factor 'low_prior_attainment' needs eligibility.low_prior_attainment_share")
            }
            p.lowPriorAttainmentShare = share.value
        }
        if let sparsity = e[FundingFactor.sparsity.rawValue] {
            guard let miles = e["sparsity_distance_miles"], let threshold = e["sparsity_year_group_threshold"] else {
                throw sparsity.node.error("the factor 'sparsity' needs eligibility.sparsity_distance_miles and eligibility.sparsity_year_group_threshold")
            }
            p.sparsity = SparsityRule(distanceKm: miles.value * kilometresPerMile, yearGroupThreshold: threshold.value)
        }
        return p
    }

    static func format(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
}
