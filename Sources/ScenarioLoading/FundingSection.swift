import Foundation
import FairPlacesCore
import Funding

/// The `funding:` section → `FundingSpec` (issue #5; fields in `Scenarios/README.md`).
///
/// `parameters` names a shipped set (`nff-2024-25` → `Data/funding/nff-2024-25.yaml`), a path, or
/// gives a set inline; `overrides` change single values (`idaci_a: 1890` sets, `idaci_a: {times: 2}`
/// multiplies); `year_groups` divides school-level amounts; `top_slice` is what trusts keep.
/// A factor paid on a pupil attribute the scenario's pupils do not have is an error at the line that
/// set the factor.
enum FundingSection {
    static let fields = ["parameters", "overrides", "year_groups", "top_slice", "compare_to"]

    static func read(_ node: ScenarioNode?, regionNode: ScenarioNode, scenarioPath: String) throws -> FundingSpec? {
        guard let node else { return nil }
        let r = try FieldReader(node, allowed: fields)
        let parametersNode = try r.require("parameters")
        var values: FundingParametersFile.Values
        switch parametersNode.value {
        case .mapping:
            values = try FundingParametersFile.read(parametersNode)
        default:
            let path = try locate(parametersNode, scenarioPath: scenarioPath)
            values = try FundingParametersFile.read(try FundingParametersFile.parse(path: path))
        }
        if let overrides = r["overrides"] { try apply(overrides, to: &values) }
        let parameters = try FundingParametersFile.parameters(values)
        try checkAttributes(values, parameters, provided: try providedAttributes(regionNode, scenarioPath: scenarioPath))

        var spec = FundingSpec(parameters: parameters, yearGroups: try r.int("year_groups", default: 5, in: 1...20))
        if let t = r["top_slice"] {
            let tr = try FieldReader(t, allowed: ["share", "types", "pupil_premium"])
            var slice = TopSlice(share: try tr.double("share", default: 0, in: 0...1))
            if let types = tr["types"] {
                var set: Set<SchoolType> = []
                for item in try types.sequence() {
                    let type = try item.choice(SchoolType.self)
                    if !set.insert(type).inserted { throw item.error("'\(type.rawValue)' is listed twice") }
                }
                slice.types = set
            }
            slice.includesPupilPremium = try tr.bool("pupil_premium", default: false)
            spec.topSlice = slice
        }
        if let c = r["compare_to"] {
            let path = try ScenarioLoader.inputFile(c, scenarioPath: scenarioPath, what: "base scenario")
            guard URL(fileURLWithPath: path).standardizedFileURL.path != URL(fileURLWithPath: scenarioPath).standardizedFileURL.path else {
                throw c.error("a scenario cannot compare its funding with itself")
            }
            spec.compareTo = path
        }
        return spec
    }

    // MARK: - Finding the parameter file

    /// The file a `parameters:` value names: a path (it has a `/` or ends in `.yaml`), relative to the
    /// file that names it, or the name of a shipped set, looked up as `Data/funding/<name>.yaml` in
    /// the folders above that file, the working directory and the executable.
    static func locate(_ node: ScenarioNode, scenarioPath: String) throws -> String {
        let text = try node.string()
        if text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".yml") {
            return try ScenarioLoader.inputFile(node, scenarioPath: scenarioPath, what: "funding parameter file")
        }
        let folders = dataFolders(from: node.file.isEmpty ? scenarioPath : node.file)
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent("\(text).yaml")
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        let shipped = folders.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        let known = Array(Set(shipped)).sorted()
        throw node.error(known.isEmpty
            ? "no funding parameter set '\(text)': no Data/funding folder found above the scenario, the working directory or the program; give a path instead"
            : "no funding parameter set '\(text)'; shipped sets: \(known.joined(separator: ", ")) (or give a path)")
    }

    /// Existing `Data/funding` folders above `file`, the working directory and the executable, nearest first.
    static func dataFolders(from file: String) -> [String] {
        var starts = [URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL,
                      URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let executable = CommandLine.arguments.first {
            starts.append(URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        var folders: [String] = []
        for start in starts {
            var dir = start
            for _ in 0..<12 {
                let candidate = dir.appendingPathComponent("Data/funding").path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue,
                   !folders.contains(candidate) {
                    folders.append(candidate)
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return folders
    }

    // MARK: - Overrides

    /// Applies `{name: amount}` (set) and `{name: {times: k}}` (multiply) over the parameter set.
    static func apply(_ node: ScenarioNode, to values: inout FundingParametersFile.Values) throws {
        let names = FundingParametersFile.valueNames
        for (key, child) in try node.mappingEntries() {
            guard names.contains(key) else {
                throw child.keyError("unknown factor or value '\(key)'; expected one of: \(names.joined(separator: ", "))")
            }
            if case .mapping = child.value {
                let r = try FieldReader(child, allowed: ["times"])
                let timesNode = try r.require("times")
                let times = try timesNode.double()
                guard times >= 0 else { throw timesNode.error("a multiplier must not be negative, got \(FundingParametersFile.format(times))") }
                guard var entry = values.entries[key] else {
                    throw timesNode.error("'\(key)' is not in the parameter set '\(values.name)', so it cannot be multiplied; give an amount instead")
                }
                let product = entry.value * times
                // The product must still be a valid value of its kind (e.g. a band end at most 1).
                var check = timesNode
                check.value = .scalar(String(product))
                entry.value = try FundingParametersFile.checked(key, check)
                entry.node = timesNode
                entry.source = "override: ×\(FundingParametersFile.format(times))"
                values.entries[key] = entry
            } else {
                values.entries[key] = FundingParametersFile.Entry(value: try FundingParametersFile.checked(key, child), node: child,
                                                                  source: "override", status: nil)
            }
        }
    }

    // MARK: - Pupil attributes

    /// Attributes the scenario's pupils carry: all of them for a synthetic region; for a pupils file,
    /// those whose column it has.
    static func providedAttributes(_ regionNode: ScenarioNode, scenarioPath: String) throws -> (Set<FundingAttribute>, file: String?) {
        guard case .mapping(let entries) = regionNode.value,
              let files = entries.first(where: { $0.key == "files" })?.node,
              case .mapping(let fileEntries) = files.value,
              let pupilsNode = fileEntries.first(where: { $0.key == "pupils" })?.node else {
            return (Set(FundingAttribute.allCases), nil)
        }
        // The same resolution the region section uses; the file has been read successfully by now.
        let path = try ScenarioLoader.resolve(pupilsNode, scenarioPath: scenarioPath)
        let header = Set(try CSVTable.header(path: path, field: "region.files.pupils"))
        return (Set(FundingAttribute.allCases.filter { header.contains($0.rawValue) }), path)
    }

    /// Every factor that pays something must have its attribute among the pupils'.
    static func checkAttributes(_ values: FundingParametersFile.Values, _ parameters: FundingParameters,
                                provided: (Set<FundingAttribute>, file: String?)) throws {
        for factor in parameters.factors where (parameters.amounts[factor] ?? 0) > 0 {
            guard let attribute = factor.requiredAttribute, !provided.0.contains(attribute) else { continue }
            let entry = values.entries[factor.rawValue]!
            throw entry.node.error("the factor '\(factor.rawValue)' is paid on the pupils' '\(attribute.rawValue)', but the pupils file "
                                   + "\(provided.file ?? "") has no '\(attribute.rawValue)' column; add the column, or set "
                                   + "funding.overrides: {\(factor.rawValue): 0}")
        }
    }
}
