/// Why a report cannot be drawn from an output folder: the file, and where known the line and
/// column, that is missing or does not read as FairPlaces wrote it.
public struct ReportInputError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`, as scenario errors are written.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let field, !field.isEmpty { place += ": \(field)" }
        return "\(place): \(message)"
    }
}
