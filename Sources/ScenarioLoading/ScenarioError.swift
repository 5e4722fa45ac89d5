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

    /// The last component of a path, to name a data file in an error placed where a scenario names it.
    public static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Longest description: with the CLI's "fairplaces: error: " an error stays within 300 characters.
    public static let maximumLength = 280

    /// `file:line:column: field: message`, the shape compilers use so editors can jump to it, on one
    /// line: a message that echoes a value (a stray quote can make a value of a whole file) is cut,
    /// and so is a field path that echoes a long key, keeping room for the message; a path too long
    /// to fit loses its start, not the line number.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        let messageRoom = 40
        if location.count > Self.maximumLength / 2 { location = "…" + location.suffix(Self.maximumLength / 2 - 1) }
        var head = "\(location): "
        if !field.isEmpty {
            var path = field.split(whereSeparator: \.isNewline).joined(separator: " ")
            let room = Self.maximumLength - head.count - 2 - messageRoom
            if path.count > room { path = String(path.prefix(room - 1)) + "…" }
            head += path + ": "
        }
        var text = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        let room = Self.maximumLength - head.count
        if text.count > room { text = String(text.prefix(room - 1)) + "…" }
        return head + text
    }
}
