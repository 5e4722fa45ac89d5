import Testing
@testable import HTMLReport

/// Lines worked out by hand from the texts below.
@Suite struct JSONLocatorTests {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ name: String) { stringValue = name; intValue = nil }
        init(_ index: Int) { stringValue = "Index \(index)"; intValue = index }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { self.init(intValue) }
    }

    static let text = "{\n  \"a\": 1,\n  \"list\": [\n    {\"x\": 1.5},\n    {\"x\": -2e3, \"s\": \"q\\\"\\u00e9\"}\n  ],\n  \"t\": [true, false, null]\n}\n"

    @Test func wellFormedTextHasNoError() {
        #expect(JSONLocator.syntaxError(in: Self.text) == nil)
        #expect(JSONLocator.syntaxError(in: " [] ") == nil)
    }

    @Test func valuesAreFoundByTheirCodingPath() {
        #expect(JSONLocator.line(of: [Key("a")], in: Self.text) == 2)
        #expect(JSONLocator.line(of: [Key("list"), Key(1), Key("x")], in: Self.text) == 5)
        #expect(JSONLocator.line(of: [Key("t"), Key(2)], in: Self.text) == 7)
        // A missing key: the line of its object; nothing matching: line 1.
        #expect(JSONLocator.line(of: [Key("list"), Key(0), Key("y")], in: Self.text) == 4)
        #expect(JSONLocator.line(of: [Key("nope")], in: Self.text) == 1)
    }

    @Test(arguments: [
        ("{\n\"a\": 1,\n\"b\": [1, 2,\" 3]\n}", 3, "a string is not closed on its line"),
        ("{\n\"b\": [1, 2 3]}", 2, "expected ',' or ']' after a list's value, found '3'"),
        ("{\n\"a\": 1\n", 3, "the text ends inside an object"),
        ("{\"a\": 01}", 1, "a number may not start with 0"),
        ("{\"a\": tru}", 1, "expected a value, found 't'"),
        ("{\"a\": \"x\ny\"}", 1, "a string is not closed on its line"),
        ("[1] [2]", 1, "unexpected '[' after the end of the JSON value"),
        ("{\"a\": \"\\q\"}", 1, "unknown escape '\\q' in a string"),
        ("{\n\n1: 2}", 3, "expected a quoted key, found '1'"),
        (String(repeating: "[", count: 600), 1, "lists and objects nested more than 512 deep"),
    ])
    func syntaxErrorsAreLocated(_ text: String, line: Int, message: String) {
        #expect(JSONLocator.syntaxError(in: text) == JSONLocator.SyntaxError(line: line, message: message))
    }
}
