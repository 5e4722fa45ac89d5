import Foundation
import Sweeps

/// A sweep plan (YAML): a base scenario, parameters to vary by dotted path into the scenario's
/// fields, seeds and replications. Each run is one parameter point with one seed. Runs are
/// enumerated by position (points in the plan's order, the last parameter varying fastest, seeds
/// innermost) only to walk the plan; what identifies a run in results is its `RunIdentity` (its
/// values' labels and its seed), so a plan that grows keeps its runs. Format: `Scenarios/README.md`.
public struct SweepPlan: Sendable {
    /// One parameter: a name and its values, each a label and the scenario fields it sets.
    public struct Parameter: Sendable {
        public var name: String
        public var values: [Value]
    }

    /// One value of a parameter: what it is called in the results and what it changes.
    public struct Value: Sendable {
        public var label: String
        /// (dotted path, new value), applied in order; nodes keep the plan's file and line.
        var overrides: [(path: PathSegments, node: ScenarioNode)]
    }

    public var file: String
    public var name: String
    /// The base scenario file, as resolved from the plan's folder.
    public var scenarioPath: String
    public var parameters: [Parameter]
    public var seeds: [UInt64]
    /// Replications per run (nil: the scenario's own).
    public var replications: Int?
    /// The base scenario with its `extends:` chain merged.
    let base: ScenarioNode
    let seedNodes: [ScenarioNode]
    let replicationsNode: ScenarioNode?

    /// Parameter points: the product of every parameter's number of values.
    public var pointCount: Int { parameters.reduce(1) { $0 * $1.values.count } }
    public var runCount: Int { pointCount * seeds.count }

    /// Parameter names that would clash with the columns of a wide export.
    public static let reservedNames = ["run_id", "run_key", "seed", "replications"]

    /// What run `index` (a position in this plan) is, whatever plan it is found in.
    public func identity(run index: Int) -> RunIdentity {
        let (point, s) = run(index)
        return RunIdentity(parameters: labels(point: point).map { .init(name: $0.name, value: $0.value) }, seed: seeds[s])
    }

    /// What every run of this plan shares with runs of the same identity in another plan: the
    /// base scenario's fixed settings, the parameters and what each value sets.
    public var definition: SweepDefinition {
        var fixed = base
        if case .mapping(let entries) = fixed.value {
            // The seed is each run's own; names, descriptions and outputs change no stored figure.
            fixed.value = .mapping(entries.filter { !["seed", "name", "description", "outputs", "extends"].contains($0.key) })
        }
        if let replicationsNode { try? fixed.set(PathSegments.parse("replications")!, to: replicationsNode) }
        for parameter in parameters {
            // A field every value sets never takes the base's value in a run.
            var common = Set(parameter.values[0].overrides.map(\.path.text))
            for v in parameter.values.dropFirst() { common.formIntersection(v.overrides.map(\.path.text)) }
            for (path, node) in parameter.values[0].overrides where common.contains(path.text) {
                var marker = node
                marker.value = .scalar("(swept)")
                try? fixed.set(path, to: marker)
            }
        }
        var lines: [String] = []
        fixed.settingLines(prefix: "", scenarioPath: scenarioPath, into: &lines)
        var values: [String: [String: String]] = [:]
        for p in parameters {
            values[p.name] = Dictionary(uniqueKeysWithValues: p.values.map { v in
                (v.label, v.overrides.map { "\($0.path.text) = \($0.node.canonicalText)" }.joined(separator: "; "))
            })
        }
        return SweepDefinition(baseSettings: lines, parameterNames: parameters.map(\.name), values: values)
    }

    /// What a results database keeps of this plan.
    public var record: PlanRecord {
        let plan = self
        return PlanRecord(definition: definition, fingerprint: fingerprint, runCount: runCount, file: file,
                          identityAt: { plan.identity(run: $0) })
    }

    /// The point and seed of run `index`.
    public func run(_ index: Int) -> (point: Int, seedIndex: Int) {
        (index / seeds.count, index % seeds.count)
    }

    /// The index of each parameter's value at `point` (the last parameter varies fastest).
    public func valueIndices(point: Int) -> [Int] {
        var rest = point
        var indices = [Int](repeating: 0, count: parameters.count)
        for p in parameters.indices.reversed() {
            indices[p] = rest % parameters[p].values.count
            rest /= parameters[p].values.count
        }
        return indices
    }

    /// (parameter name, value label) at `point`, in the plan's order.
    public func labels(point: Int) -> [(name: String, value: String)] {
        zip(parameters, valueIndices(point: point)).map { ($0.name, $0.values[$1].label) }
    }

    /// The scenario of run `index`: the base with the point's values and the run's seed laid over
    /// it, read by the ordinary scenario reader, so every check applies. An error in a value the
    /// plan set points at the plan's line, with the scenario field's path.
    public func scenario(run index: Int) throws -> LoadedScenario {
        let (point, s) = run(index)
        var document = base
        for (parameter, v) in zip(parameters, valueIndices(point: point)) {
            for (path, node) in parameter.values[v].overrides {
                try document.set(path, to: node)
            }
        }
        try document.set(PathSegments.parse("seed")!, to: seedNodes[s])
        if let replicationsNode { try document.set(PathSegments.parse("replications")!, to: replicationsNode) }
        return try ScenarioLoader.load(document: document, path: scenarioPath)
    }

    /// The runs `check` reads: the first, and for every other value of each parameter the run with
    /// that value and every other parameter at its first value (in the plan's order).
    public var checkedRuns: [Int] {
        var runs = [0]
        var stride = seeds.count
        for p in parameters.indices.reversed() {
            for v in parameters[p].values.indices.dropFirst() { runs.append(v * stride) }
            stride *= parameters[p].values.count
        }
        return runs
    }

    /// Loads the scenario of the first run and of one run per parameter value, as `validate` loads a
    /// scenario, so that a bad value is reported, at the plan's line, before the sweep starts.
    /// Combinations that are invalid only together are caught when their run is reached.
    /// Scenarios are read on `threads` threads (a real place takes seconds to read); the error
    /// reported is the first in the order above whatever the threads, and `progress(done, total)`
    /// is called (from any thread) after each scenario read.
    public func check(threads: Int = 1, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws {
        let runs = checkedRuns
        let outcome = CheckOutcome(count: runs.count)
        let plan = self
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, runs.count))) { worker in
            var k = worker
            while k < runs.count && !outcome.failedBefore(k) {
                do { _ = try plan.scenario(run: runs[k]) } catch { outcome.fail(k, error) }
                progress(outcome.finish(), runs.count)
                k += max(1, min(threads, runs.count))
            }
        }
        if let error = outcome.firstError { throw error }
    }

    /// Identifies what the plan computes (the base scenario's content, the parameters' values,
    /// seeds and replications), not how it is written: databases of different plans never merge.
    public var fingerprint: String {
        var text = "scenario:" + base.canonicalText + "\n"
        for p in parameters {
            text += "parameter:\(p.name)\n"
            for v in p.values {
                text += "  value:\(v.label)=" + v.overrides.map { "\($0.path.text)=\($0.node.canonicalText)" }.joined(separator: ";") + "\n"
            }
        }
        text += "seeds:" + seeds.map(String.init).joined(separator: ",") + "\n"
        text += "replications:" + (replications.map(String.init) ?? "scenario") + "\n"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16) + "-\(runCount)"
    }

    static let topFields = ["name", "scenario", "seeds", "replications", "parameters"]

    /// Reads a plan file; every error names the plan file, line and field.
    public static func load(path: String) throws -> SweepPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "cannot read the plan file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "the file is not UTF-8 text")
        }
        let root = try ScenarioNode.parse(yaml: text, file: path)
        let top = try FieldReader(root, allowed: topFields)
        let scenarioNode = try top.require("scenario")
        let scenarioPath = try ScenarioLoader.inputFile(scenarioNode, relativeTo: path, what: "scenario")
        let base = try ScenarioLoader.mergedDocument(path: scenarioPath, chain: [])
        let name = try top.string("name", default: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)

        var seedNodes: [ScenarioNode]
        if let node = top["seeds"] {
            seedNodes = try seedList(node)
        } else {
            let scenarioSeed = try FieldReader(base, allowed: ScenarioLoader.topLevelFields)["seed"]
            seedNodes = [scenarioSeed ?? ScenarioNode(value: .scalar("1"), file: path, line: 1, column: 1, path: "seed")]
        }
        var seeds: [UInt64] = []
        var seen: Set<UInt64> = []
        for node in seedNodes {
            guard let s = UInt64(try node.string()), s <= UInt64(Int64.max) else {
                throw node.error("a seed must be a whole number from 0 to \(Int64.max), got '\(try node.string())'")
            }
            guard seen.insert(s).inserted else { throw node.error("the seed \(s) is listed twice") }
            seeds.append(s)
        }
        seedNodes = seedNodes.map { $0.relocated(to: "seed") }

        let replicationsNode = top["replications"]
        let replications = try replicationsNode.map { try $0.int(in: 1...ScenarioLoader.maximumReplications) }

        var parameters: [Parameter] = []
        if let node = top["parameters"] {
            for (key, p) in try node.mappingEntries() {
                if reservedNames.contains(key) {
                    throw p.keyNode.error("'\(key)' names a column of the results; call the parameter something else")
                }
                parameters.append(Parameter(name: key, values: try values(p, base: base, planSetsReplications: replicationsNode != nil)))
            }
        }
        let plan = SweepPlan(file: path, name: name, scenarioPath: scenarioPath, parameters: parameters, seeds: seeds,
                             replications: replications, base: base, seedNodes: seedNodes,
                             replicationsNode: replicationsNode?.relocated(to: "replications"))
        if plan.runCount > 100_000_000 {
            throw (top["parameters"] ?? root).error("the plan has \(plan.runCount) runs; at most 100,000,000")
        }
        return plan
    }

    /// Fields a sweep's runs never read, or that the plan itself sets: a value there would change
    /// nothing, and its runs would be the same runs under different labels.
    static let unswept: [(path: String, reason: String)] = [
        ("seed", "each run's seed comes from the plan's seeds"),
        ("planning", "sweep runs do not read it (fairplaces plan does)"),
        ("funding.compare_to", "sweep runs do not compare budgets with a base scenario (fairplaces run does)"),
        ("outputs", "sweep runs write no output files"),
        ("name", "it changes no figure"), ("description", "it changes no figure"),
        ("extends", "the plan's base scenario is read with its extends: already applied"),
    ]

    static func checkSwept(_ path: PathSegments, at node: ScenarioNode, planSetsReplications: Bool) throws {
        let text = path.text
        for (field, reason) in unswept where text == field || text.hasPrefix(field + ".") || text.hasPrefix(field + "[") {
            throw node.error("a parameter cannot set \(field): \(reason)")
        }
        if planSetsReplications && (text == "replications") {
            throw node.error("a parameter cannot set replications: the plan's replications: sets it for every run")
        }
    }

    /// `seeds: [1, 2, 3]` or `seeds: {from: 1, count: 100}`.
    static func seedList(_ node: ScenarioNode) throws -> [ScenarioNode] {
        if case .sequence(let items) = node.value {
            guard !items.isEmpty else { throw node.error("expected at least one seed") }
            return items
        }
        let r = try FieldReader(node, allowed: ["from", "count"])
        let fromNode = try r.require("from")
        guard let from = UInt64(try fromNode.string()), from <= UInt64(Int64.max) else {
            throw fromNode.error("a seed must be a whole number from 0 to \(Int64.max), got '\(try fromNode.string())'")
        }
        let count = try r.require("count").int(in: 1...10_000_000)
        guard from <= UInt64(Int64.max) - UInt64(count) else { throw fromNode.error("the last seed would be above \(Int64.max)") }
        return (0..<UInt64(count)).map { k in
            var n = fromNode
            n.value = .scalar(String(from + k))
            return n
        }
    }

    /// A parameter: `{path, values: [...]}`, `{path, range: {from, to, step}}` or
    /// `{sets: {label: {path: value, ...}, ...}}`.
    static func values(_ node: ScenarioNode, base: ScenarioNode, planSetsReplications: Bool) throws -> [Value] {
        let r = try FieldReader(node, allowed: ["path", "values", "range", "sets"])
        let given = ["values", "range", "sets"].filter { r.has($0) }
        guard given.count == 1 else {
            throw node.error(given.isEmpty ? "give the parameter's values: values, range or sets"
                                           : "give only one of values, range and sets")
        }
        if let sets = r["sets"] {
            if let p = r["path"] { throw p.keyError("a parameter with sets names its paths inside each set") }
            let entries = try sets.mappingEntries()
            guard !entries.isEmpty else { throw sets.error("expected at least one set") }
            return try entries.map { label, set in
                let fields = try set.mappingEntries()
                guard !fields.isEmpty else { throw set.error("a set changes at least one field") }
                return Value(label: label, overrides: try fields.map { path, value in
                    let segments = try PathSegments.parse(path, node: value.keyNode)
                    try base.checkPath(segments, at: value.keyNode)
                    try checkSwept(segments, at: value.keyNode, planSetsReplications: planSetsReplications)
                    return (segments, value.relocated(to: segments.text))
                })
            }
        }
        let pathNode = try r.require("path")
        let segments = try PathSegments.parse(try pathNode.string(), node: pathNode)
        try base.checkPath(segments, at: pathNode)
        try checkSwept(segments, at: pathNode, planSetsReplications: planSetsReplications)
        if let list = r["values"] {
            let items = try list.sequence()
            guard !items.isEmpty else { throw list.error("expected at least one value") }
            var labels: Set<String> = []
            return try items.map { item in
                let label = item.canonicalText
                guard labels.insert(label).inserted else { throw item.error("the value \(label) is listed twice") }
                return Value(label: label, overrides: [(segments, item.relocated(to: segments.text))])
            }
        }
        let range = r["range"]!
        let rr = try FieldReader(range, allowed: ["from", "to", "step"])
        let from = try rr.require("from").double(), to = try rr.require("to").double()
        let stepNode = try rr.require("step")
        let step = try stepNode.double()
        guard step > 0 else { throw stepNode.error("the step must be above 0, got \(step)") }
        guard to >= from else { throw range.error("'to' (\(to)) is below 'from' (\(from))") }
        let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
        guard count <= 1_000_000 else { throw stepNode.error("the range has \(count) values; at most 1,000,000") }
        var labels: Set<String> = []
        return try (0..<count).map { k in
            // Twelve significant digits: 0.1 + 2 × 0.1 is written 0.3, as the user would.
            let text = String(format: "%.12g", from + Double(k) * step)
            // Labels name runs: two values written alike would be one run twice.
            guard labels.insert(text).inserted else {
                throw stepNode.error("the step is too small to tell the values apart at 12 significant digits (\(text) twice)")
            }
            var n = range.relocated(to: segments.text)
            n.value = .scalar(text)
            return Value(label: text, overrides: [(segments, n)])
        }
    }
}

/// What the threads of `SweepPlan.check` found: how many scenarios were read, and the error of
/// the earliest failing one (a thread stops once an earlier scenario failed, as it cannot matter).
private final class CheckOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private var failure: (index: Int, error: Error)?
    init(count: Int) {}

    func finish() -> Int { lock.lock(); defer { lock.unlock() }; done += 1; return done }

    func fail(_ index: Int, _ error: Error) {
        lock.lock(); defer { lock.unlock() }
        if failure == nil || index < failure!.index { failure = (index, error) }
    }

    func failedBefore(_ index: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return failure.map { $0.index < index } ?? false
    }

    var firstError: Error? { lock.lock(); defer { lock.unlock() }; return failure?.error }
}

/// A dotted path into a scenario's fields, e.g. `schools.list[2].pan`.
struct PathSegments: Sendable {
    enum Segment: Sendable { case key(String), index(Int) }
    var segments: [Segment]
    var text: String

    static func parse(_ text: String) -> PathSegments? {
        var segments: [Segment] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let open = rest.firstIndex(of: "[") ?? rest.endIndex
            let key = rest[..<open]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
            segments.append(.key(String(key)))
            rest = rest[open...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                      let i = Int(rest[rest.index(after: rest.startIndex)..<close]), i >= 0 else { return nil }
                segments.append(.index(i))
                rest = rest[rest.index(after: close)...]
            }
        }
        return segments.isEmpty ? nil : PathSegments(segments: segments, text: text)
    }

    static func parse(_ text: String, node: ScenarioNode) throws -> PathSegments {
        guard let p = parse(text) else {
            throw node.error("'\(text)' is not a field path; write names joined by dots, with [n] for a list item, e.g. schools.list[0].pan")
        }
        return p
    }
}

extension ScenarioNode {
    /// The node itself, for a mapping key's own position.
    var keyNode: ScenarioNode {
        var n = self
        n.value = .scalar(path)
        if let keyLine { n.line = keyLine }
        if let keyColumn { n.column = keyColumn }
        return n
    }

    /// This node (and its children) renamed to sit at `path` in a scenario; file and line stay.
    func relocated(to path: String) -> ScenarioNode {
        var n = self
        n.path = path
        switch value {
        case .mapping(let entries):
            n.value = .mapping(entries.map { ($0.key, $0.node.relocated(to: "\(path).\($0.key)")) })
        case .sequence(let items):
            n.value = .sequence(items.enumerated().map { $1.relocated(to: "\(path)[\($0)]") })
        default: break
        }
        return n
    }

    /// The value written compactly (flow style), independent of where it was written.
    var canonicalText: String {
        switch value {
        case .null: return "null"
        case .scalar(let s): return s
        case .sequence(let items): return "[" + items.map(\.canonicalText).joined(separator: ", ") + "]"
        case .mapping(let entries): return "{" + entries.map { "\($0.key): \($0.node.canonicalText)" }.joined(separator: ", ") + "}"
        }
    }

    /// Every leaf of this tree as a `path = value` line, in document order (see `SweepDefinition`).
    /// A value naming a file (relative to the file that wrote it, as the scenario reader resolves
    /// it) also carries a hash of the file's content, so an edited data file is a different base.
    func settingLines(prefix: String, scenarioPath: String, into lines: inout [String]) {
        switch value {
        case .mapping(let entries) where !entries.isEmpty:
            for (key, node) in entries {
                node.settingLines(prefix: prefix.isEmpty ? key : "\(prefix).\(key)", scenarioPath: scenarioPath, into: &lines)
            }
        case .sequence(let items) where !items.isEmpty:
            for (i, node) in items.enumerated() { node.settingLines(prefix: "\(prefix)[\(i)]", scenarioPath: scenarioPath, into: &lines) }
        case .scalar(let text) where !text.isEmpty && text != "(swept)":
            let file = ScenarioLoader.resolve(text, relativeTo: self.file.isEmpty ? scenarioPath : self.file)
            let content = FileContentHash.of(file).map { " (file content \($0))" } ?? ""
            lines.append("\(prefix) = \(canonicalText)\(content)")
        default:
            lines.append("\(prefix) = \(canonicalText)")
        }
    }

    /// Checks that `path` can be set in this document: lists it indexes exist and are long enough,
    /// and it goes through mappings only. Missing mapping keys are fine (they are added).
    func checkPath(_ path: PathSegments, at node: ScenarioNode) throws {
        var copy = self
        var probe = node
        probe.value = .null
        do { try copy.set(path, to: probe) } catch let message as PathError { throw node.error(message.text) }
    }

    struct PathError: Error { var text: String }

    /// Sets the field at `path` to `node`, adding missing mapping keys along the way.
    mutating func set(_ path: PathSegments, to node: ScenarioNode) throws {
        try set(path.segments[...], to: node, walked: "")
    }

    private mutating func set(_ rest: ArraySlice<PathSegments.Segment>, to node: ScenarioNode, walked: String) throws {
        guard let first = rest.first else { self = node; return }
        switch first {
        case .key(let key):
            let here = walked.isEmpty ? key : "\(walked).\(key)"
            var entries: [(key: String, node: ScenarioNode)]
            switch value {
            case .mapping(let e): entries = e
            case .null: entries = []
            default: throw PathError(text: "'\(walked)' is a single value or a list in the scenario, not a mapping with '\(key)'")
            }
            if let k = entries.firstIndex(where: { $0.key == key }) {
                try entries[k].node.set(rest.dropFirst(), to: node, walked: here)
            } else {
                var child = ScenarioNode(value: .null, file: node.file, line: node.line, column: node.column, path: here,
                                         keyLine: node.keyLine ?? node.line, keyColumn: node.keyColumn ?? node.column)
                try child.set(rest.dropFirst(), to: node, walked: here)
                entries.append((key, child))
            }
            value = .mapping(entries)
        case .index(let i):
            let here = "\(walked)[\(i)]"
            guard case .sequence(var items) = value else {
                throw PathError(text: "'\(walked)' is not a list in the scenario, so it has no item [\(i)]")
            }
            guard i < items.count else {
                throw PathError(text: "'\(walked)' has \(items.count) item(s) in the scenario, so no item [\(i)]")
            }
            try items[i].set(rest.dropFirst(), to: node, walked: here)
            value = .sequence(items)
        }
    }
}
