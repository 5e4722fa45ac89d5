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

    /// Longest description: with the CLI's "fairplaces: error: " an error stays within 300 characters.
    public static let maximumLength = 280

    /// `file:line:column: field: message`, the shape compilers use so editors can jump to it, on one
    /// line: a message that echoes a value (a stray quote can make a value of a whole file) is cut.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        let head = field.isEmpty ? "\(location): " : "\(location): \(field): "
        var text = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        let room = max(40, Self.maximumLength - head.count)
        if text.count > room { text = String(text.prefix(room - 1)) + "…" }
        return head + text
    }
}
