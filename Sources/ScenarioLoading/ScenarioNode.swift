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
    /// Where the key that introduces this node was written, for values of mappings. A block
    /// mapping or list starts at its first child, so errors about the whole of one point here.
    public var keyLine: Int?
    public var keyColumn: Int?

    init(value: Value, file: String, line: Int, column: Int, path: String, keyLine: Int? = nil, keyColumn: Int? = nil) {
        self.value = value
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.keyLine = keyLine
        self.keyColumn = keyColumn
    }

    /// Parses a YAML document. Syntax errors and duplicate keys are reported with their location.
    public static func parse(yaml: String, file: String) throws -> ScenarioNode {
        let node: Node?
        // The parser is kept alive through the conversion: nodes hold their anchors weakly and the
        // parser owns them, and the anchors are how an alias is told from the node it copies.
        let parser: Parser
        do {
            parser = try Parser(yaml: yaml)
            node = try parser.singleRoot()
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            throw duplicateKeyError(yaml: yaml, file: file, key: duplicates.first ?? "", first: context.mark)
        } catch let error as YamlError {
            throw ScenarioError(file: file, line: yamlErrorLine(error), column: yamlErrorColumn(error), field: "",
                                message: "YAML syntax error: \(yamlProblem(error))")
        }
        guard let node else {
            throw ScenarioError(file: file, line: 1, field: "", message: "the file is empty")
        }
        return try withExtendedLifetime(parser) { try convert(node, file: file, yaml: yaml) }
    }

    private static func convert(_ root: Node, file: String, yaml: String) throws -> ScenarioNode {
        var anchors = Set<String>()
        return try convert(root, file: file, path: "", yaml: yaml, anchors: &anchors)
    }

    /// Yams hands over an alias as a second copy of its anchored node, so a few hundred bytes of
    /// nested aliases expand to billions of nodes. The second sight of an anchor is therefore an
    /// alias, and is refused at the alias's own line before anything is expanded.
    private static func refuseAlias(_ anchor: String, of node: Node, file: String, path: String, yaml: String) -> ScenarioError {
        var line = node.mark?.line ?? 1
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        if let k = lines.indices.dropFirst(max(0, line - 1)).first(where: { lines[$0].contains("*\(anchor)") }) {
            line = k + 1
        }
        return ScenarioError(file: file, line: line, field: path,
                             message: "YAML aliases (*\(anchor)) are not supported in scenario files; write the value out")
    }

    /// Yams rejects a repeated key before handing over the tree, giving only the first occurrence.
    /// The second is the next line at the same indentation that starts with the key (or the rest of
    /// the same line, in flow style); its field path comes from parsing the document without it.
    private static func duplicateKeyError(yaml: String, file: String, key: String, first: Mark) -> ScenarioError {
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstIndex = first.line - 1
        var second: (line: Int, column: Int)?
        if firstIndex >= 0 && firstIndex < lines.count {
            let indent = first.column - 1
            let afterFirst = lines[firstIndex].dropFirst(indent + key.count)
            if let r = afterFirst.range(of: "\(key):") ?? afterFirst.range(of: "\(key) :") {
                second = (first.line, lines[firstIndex].distance(from: lines[firstIndex].startIndex, to: r.lowerBound) + 1)
            } else {
                for k in (firstIndex + 1)..<lines.count {
                    let text = lines[k]
                    let leading = text.prefix { $0 == " " }.count
                    let body = text.dropFirst(leading)
                    if body.isEmpty || body.hasPrefix("#") { continue }
                    if leading < indent { break }
                    if leading == indent && (body.hasPrefix("\(key):") || body.hasPrefix("\(key) :")) {
                        second = (k + 1, leading + 1)
                        break
                    }
                }
            }
        }
        var field = key
        if let second, second.line != first.line {
            // Parse without the second occurrence's line: the first occurrence then gives the path.
            lines[second.line - 1] = ""
            if let converted = try? parse(yaml: lines.joined(separator: "\n"), file: file),
               let path = converted.path(ofKeyAt: first.line, column: first.column) {
                field = path
            }
        }
        return ScenarioError(file: file, line: second?.line ?? first.line, column: second?.column ?? first.column,
                             field: field, message: "the key '\(key)' appears twice")
    }

    /// The path of the mapping entry whose key is written at (line, column).
    func path(ofKeyAt line: Int, column: Int) -> String? {
        if keyLine == line && keyColumn == column { return path }
        switch value {
        case .mapping(let entries):
            for (_, child) in entries { if let p = child.path(ofKeyAt: line, column: column) { return p } }
        case .sequence(let items):
            for child in items { if let p = child.path(ofKeyAt: line, column: column) { return p } }
        default: break
        }
        return nil
    }

    private static func convert(_ node: Node, file: String, path: String, yaml: String, anchors: inout Set<String>) throws -> ScenarioNode {
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        if let anchor = node.anchor?.rawValue, !anchors.insert(anchor).inserted {
            throw refuseAlias(anchor, of: node, file: file, path: path, yaml: yaml)
        }
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
                var child = try convert(v, file: file, path: childPath, yaml: yaml, anchors: &anchors)
                child.keyLine = k.mark?.line
                child.keyColumn = k.mark?.column
                entries.append((key, child))
            }
            return ScenarioNode(value: .mapping(entries), file: file, line: line, column: column, path: path)
        case .sequence(let sequence):
            var items: [ScenarioNode] = []
            for (k, item) in sequence.enumerated() {
                items.append(try convert(item, file: file, path: "\(path)[\(k)]", yaml: yaml, anchors: &anchors))
            }
            return ScenarioNode(value: .sequence(items), file: file, line: line, column: column, path: path)
        case .alias:
            throw ScenarioError(file: file, line: line, column: column, field: path,
                                message: "YAML aliases are not supported in scenario files")
        }
    }

    /// Yams describes an error over several lines, echoing the offending line (which may be a whole
    /// data row); users get the problem and its context in one line, the location beside it.
    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            return context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
        case .reader(let problem, _, _, _):
            return problem
        default:
            return "the file cannot be read as YAML"
        }
    }

    private static func yamlErrorColumn(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.column
        default:
            return nil
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

    /// The error for this node: at the value, except for a block mapping or list, whose own position
    /// is its first child's on a later line; that is reported at its key.
    public func error(_ message: String) -> ScenarioError {
        if case .scalar = value {
            return ScenarioError(file: file, line: line, column: column, field: path, message: message)
        }
        if let keyLine, keyLine != line {
            return ScenarioError(file: file, line: keyLine, column: keyColumn, field: path, message: message)
        }
        return ScenarioError(file: file, line: line, column: column, field: path, message: message)
    }

    /// The error for the key that introduces this node (e.g. an unknown field).
    public func keyError(_ message: String) -> ScenarioError {
        ScenarioError(file: file, line: keyLine ?? line, column: keyColumn ?? column, field: path, message: message)
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
