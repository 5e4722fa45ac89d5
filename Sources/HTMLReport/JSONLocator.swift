/// Where in a JSON text a problem lies, so that a report's input errors name a line: the first
/// syntax error, or the line where the value at a decoder's coding path begins. Foundation's
/// decoder says only "The given data was not valid JSON." and a coding path, with no position.
enum JSONLocator {
    /// A syntax error: its line and what was wrong, in words.
    struct SyntaxError: Error, Equatable {
        var line: Int
        var message: String
    }

    /// The first syntax error of `text`, or nil when it is one well-formed JSON value.
    static func syntaxError(in text: String) -> SyntaxError? {
        var scanner = Scanner(Array(text.utf8))
        var found: Int?
        do {
            try scanner.document(path: nil, found: &found)
            return nil
        } catch {
            return error
        }
    }

    /// The line where the value at `path` begins, or where the deepest part of the path that
    /// exists does (a missing key: its object's line); 1 when not even the first part exists.
    static func line(of path: [any CodingKey], in text: String) -> Int {
        var scanner = Scanner(Array(text.utf8))
        var found: Int?
        try? scanner.document(path: path[...], found: &found)
        return found ?? 1
    }

    /// Containers nested deeper than this are an error rather than a deep recursion.
    static let maximumDepth = 512

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var line = 1

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func document(path: ArraySlice<any CodingKey>?, found: inout Int?) throws(SyntaxError) {
            try value(path: path, depth: 0, found: &found)
            skipSpace()
            if i < bytes.count { throw fail("unexpected \(shown(bytes[i])) after the end of the JSON value") }
        }

        private func fail(_ message: String) -> SyntaxError { SyntaxError(line: line, message: message) }

        private func shown(_ byte: UInt8) -> String {
            (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte \(byte)"
        }

        private mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0D: i += 1
                case 0x0A: line += 1; i += 1
                default: return
                }
            }
        }

        /// A value; `path` (nil when not looked for) is what remains of the coding path at it.
        private mutating func value(path: ArraySlice<any CodingKey>?, depth: Int, found: inout Int?) throws(SyntaxError) {
            skipSpace()
            if path != nil { found = line }
            guard i < bytes.count else { throw fail("the text ends where a value should be") }
            if depth > JSONLocator.maximumDepth { throw fail("lists and objects nested more than \(JSONLocator.maximumDepth) deep") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                skipSpace()
                if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw expected("a quoted key") }
                    let key = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw expected("':' after a key") }
                    i += 1
                    let next = path?.first.flatMap { $0.intValue == nil && $0.stringValue == key ? path!.dropFirst() : nil }
                    try value(path: next, depth: depth + 1, found: &found)
                    skipSpace()
                    guard i < bytes.count else { throw fail("the text ends inside an object") }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return }
                    guard bytes[i] == UInt8(ascii: ",") else { throw expected("',' or '}' after an object's value") }
                    i += 1
                }
            case UInt8(ascii: "["):
                i += 1
                skipSpace()
                if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return }
                var index = 0
                while true {
                    let next = path?.first.flatMap { $0.intValue == index ? path!.dropFirst() : nil }
                    try value(path: next, depth: depth + 1, found: &found)
                    skipSpace()
                    guard i < bytes.count else { throw fail("the text ends inside a list") }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return }
                    guard bytes[i] == UInt8(ascii: ",") else { throw expected("',' or ']' after a list's value") }
                    i += 1
                    index += 1
                }
            case UInt8(ascii: "\""):
                _ = try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
            default:
                for word in ["true", "false", "null"] where bytes[i...].starts(with: word.utf8) {
                    i += word.utf8.count
                    return
                }
                throw expected("a value")
            }
        }

        private func expected(_ what: String) -> SyntaxError {
            fail(i < bytes.count ? "expected \(what), found \(shown(bytes[i]))" : "the text ends where \(what) should be")
        }

        /// A quoted string at `i`; returns its bytes as text (escapes left as written, which is
        /// enough to match FairPlaces' own keys).
        private mutating func string() throws(SyntaxError) -> String {
            i += 1
            let start = i
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    let text = String(decoding: bytes[start..<i], as: UTF8.self)
                    i += 1
                    return text
                case UInt8(ascii: "\\"):
                    i += 1
                    guard i < bytes.count else { break }
                    switch bytes[i] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        i += 1
                    case UInt8(ascii: "u"):
                        let hex = bytes[(i + 1)...].prefix(4)
                        guard hex.count == 4, hex.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }) else {
                            throw fail("'\\u' must be followed by four hexadecimal digits")
                        }
                        i += 5
                    default: throw fail("unknown escape '\\\(Character(Unicode.Scalar(bytes[i])))' in a string")
                    }
                case 0x00..<0x20:
                    throw fail("a string is not closed on its line")
                default:
                    i += 1
                }
            }
            throw fail("the text ends inside a string")
        }

        private mutating func number() throws(SyntaxError) {
            func digits(_ s: inout Scanner) -> Int {
                let start = s.i
                while s.i < s.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(s.bytes[s.i]) { s.i += 1 }
                return s.i - start
            }
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            let whole = i
            guard digits(&self) > 0 else { throw expected("a digit") }
            if bytes[whole] == UInt8(ascii: "0") && i - whole > 1 { throw fail("a number may not start with 0") }
            if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits(&self) > 0 else { throw expected("a digit after '.'") }
            }
            if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
                i += 1
                if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
                guard digits(&self) > 0 else { throw expected("a digit in the exponent") }
            }
        }
    }
}
