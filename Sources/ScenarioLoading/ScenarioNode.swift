import Foundation
import Yams

/// A YAML node that remembers where it was written (file, line, column) and the field path that
/// leads to it, so every later error can point at the exact place.
///
/// Converting from Yams' tree once also lets `extends:` merge nodes from different files while
/// each keeps its own origin.
public struct ScenarioNode: Sendable {
    public enum Value: Sendable {
        case scalar(String)
        case mapping([(key: String, node: ScenarioNode)])
        case sequence([ScenarioNode])
        case null
    }

    public var value: Value
    public var file: String
    public var line: Int
    public var column: Int
    /// Dotted path from the document root, e.g. `schools.list[2].pan`.
    public var path: String

    /// Parses a YAML document. Syntax errors and duplicate keys are reported with their location.
    public static func parse(yaml: String, file: String) throws -> ScenarioNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ScenarioError(file: file, line: yamlErrorLine(error), field: "", message: "YAML syntax error: \(error)")
        }
        guard let node else {
            throw ScenarioError(file: file, line: 1, field: "", message: "the file is empty")
        }
        return try convert(node, file: file, path: "")
    }

    private static func convert(_ node: Node, file: String, path: String) throws -> ScenarioNode {
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && (node.null != nil) {
                return ScenarioNode(value: .null, file: file, line: line, column: column, path: path)
            }
            return ScenarioNode(value: .scalar(scalar.string), file: file, line: line, column: column, path: path)
        case .mapping(let mapping):
            var entries: [(key: String, node: ScenarioNode)] = []
            var seen: Set<String> = []
            for (k, v) in mapping {
                guard let key = k.string else {
                    throw ScenarioError(file: file, line: k.mark?.line, column: k.mark?.column, field: path,
                                        message: "mapping keys must be plain names")
                }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if !seen.insert(key).inserted {
                    throw ScenarioError(file: file, line: k.mark?.line, column: k.mark?.column, field: childPath,
                                        message: "the key '\(key)' appears twice")
                }
                entries.append((key, try convert(v, file: file, path: childPath)))
            }
            return ScenarioNode(value: .mapping(entries), file: file, line: line, column: column, path: path)
        case .sequence(let sequence):
            let items = try sequence.enumerated().map { try convert($1, file: file, path: "\(path)[\($0)]") }
            return ScenarioNode(value: .sequence(items), file: file, line: line, column: column, path: path)
        case .alias:
            throw ScenarioError(file: file, line: line, column: column, field: path,
                                message: "YAML aliases are not supported in scenario files")
        }
    }

    private static func yamlErrorLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    /// The error for this node.
    public func error(_ message: String) -> ScenarioError {
        ScenarioError(file: file, line: line, column: column, field: path, message: message)
    }

    /// Deep merge for `extends:`: mappings merge key by key (this node wins), anything else replaces.
    public func merged(over base: ScenarioNode) -> ScenarioNode {
        guard case .mapping(let mine) = value, case .mapping(let theirs) = base.value else { return self }
        var entries = theirs
        for (key, node) in mine {
            if let k = entries.firstIndex(where: { $0.key == key }) {
                entries[k] = (key, node.merged(over: entries[k].node))
            } else {
                entries.append((key, node))
            }
        }
        var result = self
        result.value = .mapping(entries)
        return result
    }
}
