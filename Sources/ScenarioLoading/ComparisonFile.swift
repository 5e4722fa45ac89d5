import Foundation

/// A comparison file (YAML): `base: FILE` and `variants: [FILE, ...]`, paths relative to the
/// comparison file; optionally `name`, `seed` and `replications`, which override the base's.
public struct ComparisonFile: Sendable {
    public var name: String?
    public var base: String
    public var variants: [String]
    public var seed: UInt64?
    public var replications: Int?

    /// Reads a comparison file; errors name the file, line and field.
    public static func load(path: String) throws -> ComparisonFile {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, field: "", message: "cannot read the comparison file")
        }
        let root = try ScenarioNode.parse(yaml: text, file: path)
        let r = try FieldReader(root, allowed: ["name", "base", "variants", "seed", "replications"])
        func file(_ node: ScenarioNode) throws -> String {
            try ScenarioLoader.inputFile(node, relativeTo: path, what: "scenario")
        }
        let base = try file(try r.require("base"))
        let variantsNode = try r.require("variants")
        let variants = try variantsNode.sequence().map(file)
        guard !variants.isEmpty else { throw variantsNode.error("expected at least one variant") }
        var seed: UInt64?
        if let s = r["seed"] {
            guard let v = UInt64(try s.string()) else { throw s.error("expected a whole number from 0 to \(UInt64.max)") }
            seed = v
        }
        return ComparisonFile(name: r.has("name") ? try r.string("name", default: "") : nil, base: base,
                              variants: variants, seed: seed,
                              replications: try r["replications"].map { try $0.int(in: 1...ScenarioLoader.maximumReplications) })
    }
}
