/// A problem in a scenario or data file, located precisely enough to fix: file, line, and the
/// dotted path of the field (e.g. `schools.list[2].pan`).
public struct ScenarioError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    /// 1-based line, or nil when the problem concerns the whole file (e.g. it does not exist).
    public var line: Int?
    public var column: Int?
    public var field: String
    public var message: String

    public init(file: String, line: Int?, column: Int? = nil, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// `file:line:column: field: message`, the shape compilers use so editors can jump to it.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)"
    }
}
