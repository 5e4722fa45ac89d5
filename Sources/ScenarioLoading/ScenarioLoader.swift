import Foundation
import FairPlacesCore
import Allocation
import Simulation
import Metrics

/// What a scenario asks to be written besides the standard outputs.
public struct OutputOptions: Sendable, Equatable {
    /// Write `pupils.csv` (the first replication, one row per pupil).
    public var pupils: Bool = false
    /// Tally each home area's chances over every replication and write `chances.csv` and `last-offers.csv`.
    public var chances: Bool = false
    public init(pupils: Bool = false, chances: Bool = false) { self.pupils = pupils; self.chances = chances }
}

/// A scenario file turned into a runnable simulation.
public struct LoadedScenario: Sendable {
    public var file: String
    public var description: String
    public var spec: SimulationSpec
    public var outputs: OutputOptions
    /// What loading did that the user should know (rows of published files left out, counts).
    public var notices: [String] = []
}

/// Reads scenario files (YAML) into `SimulationSpec`s. The format is documented field by field in
/// `Scenarios/README.md`; every error names the file, line and field.
public enum ScenarioLoader {
    /// Replications are numbered in 32 bits in the random streams; a million is far beyond any
    /// interval's need and keeps every replication's figures in memory.
    public static let maximumReplications = 1_000_000

    static let topLevelFields = ["extends", "name", "description", "seed", "replications", "region", "schools",
                                 "admissions", "preferences", "metrics", "outputs", "funding", "planning"]

    public static func load(path: String) throws -> LoadedScenario {
        try load(document: try mergedDocument(path: path, chain: []), path: path)
    }

    /// Builds a scenario from its document tree (its `extends:` chain already merged), e.g. one a
    /// sweep plan has changed; `path` is the scenario file, which relative paths start from.
    static func load(document root: ScenarioNode, path: String) throws -> LoadedScenario {
        let top = try FieldReader(root, allowed: topLevelFields)
        let name = try top.string("name", default: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
        let description = try top.string("description", default: "")
        let seedNode = top["seed"]
        let seed: UInt64
        if let seedNode {
            guard let s = UInt64(try seedNode.string()) else {
                throw seedNode.error("expected a whole number from 0 to \(UInt64.max), got '\(try seedNode.string())'")
            }
            seed = s
        } else {
            seed = 1
        }
        let replications = try top.int("replications", default: 1, in: 1...Self.maximumReplications)

        let admissions = try AdmissionsSection(top["admissions"])
        let regionNode = try top.require("region")
        let schoolsNode = top["schools"]
        let built = try RegionSection.build(regionNode, schools: schoolsNode, admissions: admissions, seed: seed,
                                            scenarioPath: path)
        if !admissions.mechanism.supportsSeatPlans,
           let school = built.region.schools.first(where: { !$0.arrangements.isResponsive }) {
            throw (admissions.mechanismNode ?? regionNode).error(
                "\(admissions.mechanism.rawValue) cannot fill places by quotas or bands, which school '\(school.id)' uses; use deferred_acceptance or no_choice")
        }
        var region = built.region
        let preferences = try PreferencesSection.read(top["preferences"], region: &region,
                                                      statedLists: built.statedPreferences, scenarioPath: path)
        var outputs = OutputOptions()
        if let node = top["outputs"] {
            let r = try FieldReader(node, allowed: ["pupils", "chances"])
            outputs.pupils = try r.bool("pupils", default: false)
            outputs.chances = try r.bool("chances", default: false)
            if outputs.chances, let problem = chancesProblem(region, admissions.mechanism) {
                throw r["chances"]!.error(problem)
            }
        }
        var spec = SimulationSpec(name: name, region: region, preferences: preferences,
                                  mechanism: admissions.mechanism, unplacedRule: admissions.unplacedRule,
                                  lotteryScope: admissions.lotteryScope, seed: seed, replications: replications,
                                  metrics: try MetricsSection.read(top["metrics"]), serialOrder: admissions.serialOrder)
        // Funding (issue #5): read last, as it checks the parameters against the pupils' attributes.
        spec.funding = try FundingSection.read(top["funding"], regionNode: regionNode, scenarioPath: path)
        return LoadedScenario(file: path, description: description, spec: spec, outputs: outputs, notices: built.notices)
    }

    /// The top-level fields of a scenario with its `extends:` chain merged, e.g. to tell a planning
    /// scenario (which `fairplaces plan` reads) from one `fairplaces run` reads.
    public static func sections(path: String) throws -> [String] {
        try mergedDocument(path: path, chain: []).mappingEntries().map(\.key)
    }

    /// Why chances cannot be tallied for this region and mechanism, or nil. Chances compare each
    /// pupil with every school, so they are kept to regions of a town's or county's size.
    public static func chancesProblem(_ region: Region, _ mechanism: MechanismKind) -> String? {
        if region.schools.count > 400 {
            return "chances are tallied for regions of up to 400 schools (this one has \(region.schools.count))"
        }
        switch mechanism {
        case .deferredAcceptance, .boston: break
        default: return "chances need deferred_acceptance or boston (\(mechanism.rawValue) does not admit by each school's priorities over its applicants)"
        }
        if region.pupils.area.contains(-1) { return "chances are tallied by home area; give every pupil an area" }
        return nil
    }

    /// The document at `path` with its `extends:` chain merged in (base first, variant on top).
    static func mergedDocument(path: String, chain: [String]) throws -> ScenarioNode {
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "cannot read the scenario file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "the file is not UTF-8 text")
        }
        var node = try ScenarioNode.parse(yaml: text, file: path)
        guard case .mapping(var entries) = node.value else {
            throw node.error("a scenario must be a mapping of fields (name, region, schools, …)")
        }
        guard let k = entries.firstIndex(where: { $0.key == "extends" }) else { return node }
        let extendsNode = entries[k].node
        entries.remove(at: k)
        node.value = .mapping(entries)
        let basePath = try inputFile(extendsNode, relativeTo: path, what: "base scenario")
        let chainHere = chain + [canonical]
        if chainHere.contains(URL(fileURLWithPath: basePath).standardizedFileURL.path) {
            throw extendsNode.error("circular extends: \((chainHere + [basePath]).joined(separator: " → "))")
        }
        let base = try mergedDocument(path: basePath, chain: chainHere)
        return node.merged(over: base)
    }

    /// A path given by a scenario field, relative to the folder of the file that field was written
    /// in: a base scenario's data files stay where the base says when a variant in another folder
    /// extends it. Nodes made in memory (no file) fall back to `scenarioPath`.
    static func resolve(_ node: ScenarioNode, scenarioPath: String) throws -> String {
        resolve(try node.string(), relativeTo: node.file.isEmpty ? scenarioPath : node.file)
    }

    /// The input file a field names (resolved as `resolve` does), checked to be a readable file so
    /// that a missing, unreadable or folder path is reported at the field that names it rather than
    /// later, by the reader, with no line to point at.
    static func inputFile(_ node: ScenarioNode, scenarioPath: String, what: String = "file", hint: String = "") throws -> String {
        try inputFile(node, relativeTo: node.file.isEmpty ? scenarioPath : node.file, what: what, hint: hint)
    }

    static func inputFile(_ node: ScenarioNode, relativeTo file: String, what: String, hint: String = "") throws -> String {
        let path = resolve(try node.string(), relativeTo: file)
        switch fileProblem(at: path) {
        case nil: return path
        case .missing: throw node.error("the \(what) '\(path)' does not exist" + hint)
        case .folder: throw node.error("the \(what) '\(path)' is a folder, not a file")
        case .notRegular: throw node.error("the \(what) '\(path)' is not a regular file")
        case .unreadable: throw node.error("the \(what) '\(path)' cannot be read (no permission)")
        }
    }

    /// Why a path cannot be read as an input file.
    enum FileProblem { case missing, folder, notRegular, unreadable }

    /// What stops `path` being read as an input file, or nil. A device or pipe (/dev/zero, a FIFO)
    /// would never end or never arrive, so only regular files pass.
    static func fileProblem(at path: String) -> FileProblem? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return .missing }
        if isFolder.boolValue { return .folder }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .notRegular }
        return FileManager.default.isReadableFile(atPath: path) ? nil : .unreadable
    }

    /// A path written in a scenario, relative to that scenario's folder unless absolute.
    static func resolve(_ relative: String, relativeTo file: String) -> String {
        if relative.hasPrefix("/") { return relative }
        return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(relative).standardizedFileURL.path
    }
}
