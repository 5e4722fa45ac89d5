import Foundation
import Testing
@testable import Reports

/// Output files are built as bytes (`ByteText`, `JSONWriter`) rather than `String`s; every value
/// must come out exactly as the `String` formatting it replaced (`NumberFormat`), or files change.
@Suite struct OutputBytesTests {
    static func text(_ build: (inout ByteText) -> Void) -> String {
        var t = ByteText()
        build(&t)
        return String(decoding: t.bytes, as: UTF8.self)
    }

    /// Awkward doubles: whole and not, tiny and huge, both zeros, infinities, NaN, and values either
    /// side of the 1e15 bound past which whole numbers are written as Swift writes any Double.
    static let awkward: [Double] = [0, -0.0, 1, -1, 0.1, 0.7569106081719603, 1 / 3, -2.5, 1e-5, 1.5e-7, 123_456.789,
                                    1e15 - 1, 1e15, -1e15, 1e15 + 0.5, 9.007199254740993e15, 1e22, 1e300, -1e-300,
                                    .leastNonzeroMagnitude, .greatestFiniteMagnitude, .ulpOfOne, .infinity, -.infinity, .nan]

    @Test func numbersAreWrittenAsNumberFormatWritesThem() {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2_000).map { _ in Double(bitPattern: generator.next()) }
            + (0..<2_000).map { _ in Double.random(in: -1_000...1_000, using: &generator) }
        for v in Self.awkward + random {
            #expect(Self.text { $0.append(exact: v) } == NumberFormat.exact(v), "\(v.bitPattern)")
        }
        #expect(Self.text { $0.append(exact: nil) } == NumberFormat.exact(nil))
        // The same number twice (reused text), then another, then the first again.
        #expect(Self.text { t in for v in [0.1, 0.1, 0.2, 0.1] { t.append(exact: v); t.append(byte: 0x2C) } } == "0.1,0.1,0.2,0.1,")
    }

    @Test func integersAreWrittenAsStringWritesThem() {
        for v in [0, 1, 9, 10, -1, -9, -10, 99, 100, 12_345, Int.max, Int.min, Int.min + 1] {
            #expect(Self.text { $0.append(int: v) } == String(v))
        }
    }

    @Test func csvFieldsAreQuotedAsNumberFormatQuotesThem() {
        for s in ["", "plain", "a,b", "say \"hi\"", "line\nbreak", "cr\r", "café – Ōtautahi", ",", "\"\""] {
            #expect(Self.text { $0.append(csv: s) } == NumberFormat.csv(s))
        }
    }

    /// The escape check reads eight bytes at a time: every byte that needs an escape is found at
    /// every position of a word, and no other byte (multi-byte UTF-8 included) is taken for one.
    @Test func escapeCheckMatchesAByteByByteScan() {
        func slow(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }
        for length in 0...20 {
            for position in 0..<max(1, length) {
                for special: UInt8 in [0x00, 0x09, 0x0A, 0x1F, 0x22, 0x5C, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xE2, 0xFF] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if length > 0 { bytes[position] = special }
                    let fast = bytes.withUnsafeBufferPointer { JSONWriter.needsEscape($0) }
                    #expect(fast == slow(bytes), "length \(length), byte \(special) at \(position)")
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0x1C...0xFF, using: &generator) }
            #expect(bytes.withUnsafeBufferPointer { JSONWriter.needsEscape($0) } == slow(bytes))
        }
    }

    @Test func jsonStringsAreEscaped() {
        var w = JSONWriter()
        w.beginObject()
        w.string("plain", "café – no escapes needed here at all")
        w.string("escaped", "a \"quoted\" \\ back\tslash\nline\u{01}")
        w.numbers("pair", count: 2) { $0 == 0 ? 0.5 : nil }
        w.endObject()
        let expected = "{\n  \"plain\" : \"café – no escapes needed here at all\",\n"
            + "  \"escaped\" : \"a \\\"quoted\\\" \\\\ back\\tslash\\nline\\u0001\",\n  \"pair\" : [0.5, null]\n}\n"
        #expect(String(decoding: w.bytes, as: UTF8.self) == expected)
    }
}
