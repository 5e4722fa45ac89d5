import Foundation
import Testing
@testable import ScenarioLoading

/// Inputs a mutation fuzzer found crashing the loader or giving unlocated, multi-line or
/// unbounded errors (issue #15). Each must give one located error of at most 280 characters.
@Suite struct HostileInputTests {
    /// A small valid scenario: a synthetic region of 200 pupils and two listed schools.
    static func scenario(region: String = "synthetic: {pupils: 200, width_km: 10, height_km: 10}",
                         schools: String = "list:\n    - {id: A, location_km: [2, 2], pan: 120}\n    - {id: B, location_km: [8, 8], pan: 120}") -> String {
        "name: Hostile\nseed: 1\nregion:\n  \(region)\nschools:\n  \(schools)\n"
    }

    @Test("a YAML alias bomb is refused at its first alias, before anything expands")
    func aliasBomb() throws {
        // Nine levels of nine aliases would expand to 9^9 ≈ 387 million strings.
        var bomb = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for k in 1...8 { bomb += "a\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 9).joined(separator: ", ") + "]\n" }
        let text = Self.scenario() + bomb
        let start = Date()
        let error = try expectScenarioError(text, line: 10, marker: "a1: &a1", field: "a1[0]", message: ["aliases", "*a0"])
        #expect(Date().timeIntervalSince(start) < 1)
        #expect((error?.description.count ?? 0) <= ScenarioError.maximumLength)
    }

    @Test("a YAML syntax error is one line: the problem and where, never the echoed text")
    func yamlSyntaxErrorIsOneLine() throws {
        let long = String(repeating: "x", count: 2_000)
        let text = "name: \"\(long)\nseed: 1\n"
        let error = try expectScenarioErrorAnyLine(text)
        #expect(error?.message.contains("YAML syntax error") == true)
        #expect(error?.description.contains("\n") == false)
        #expect(error?.line != nil)
        #expect((error?.description.count ?? .max) <= ScenarioError.maximumLength, "\(error?.description.count ?? 0) characters")
    }

    @Test("more faiths than a pupil's byte can name is a located error")
    func tooManyFaiths() throws {
        let faiths = (1...255).map { "f\($0): 0.001" }.joined(separator: ", ")
        try expectScenarioError(Self.scenario(region: "synthetic: {pupils: 200, width_km: 10, height_km: 10, faiths: {\(faiths)}}"),
                                line: 4, marker: "faiths:", field: "region.synthetic.faiths", message: ["at most 254 faiths", "255"])
    }

    @Test("coordinates far outside any map are refused, so distances never overflow to infinity")
    func hugeCoordinates() throws {
        try expectScenarioError(Self.scenario(schools: "list:\n    - {id: A, location_km: [1e308, 2], pan: 120}"),
                                line: 7, marker: "1e308", field: "schools.list[0].location_km[0]", message: ["between", "100000"])
        let pupils = "id,x_km,y_km\nP1,1,1\nP2,1e308,1\n"
        let schools = "id,x_km,y_km,pan\nA,1,1,30\n"
        try expectScenarioError("name: Files\nregion:\n  files: {pupils: pupils.csv}\nschools:\n  file: schools.csv\n",
                                ["pupils.csv": pupils, "schools.csv": schools], file: "pupils.csv", line: 3, marker: "1e308",
                                field: "x_km", message: ["between"])
    }

    @Test("a stray quote in a CSV is an error on its own line, not the rest of the file in one field")
    func strayQuote() throws {
        var pupils = "id,x_km,y_km\nP1,1,1\nP2,\"1,1\n"
        for i in 3...5_000 { pupils += "P\(i),1,1\n" }
        let schools = "id,x_km,y_km,pan\nA,1,1,6000\n"
        let error = try expectScenarioError("name: Files\nregion:\n  files: {pupils: pupils.csv}\nschools:\n  file: schools.csv\n",
                                            ["pupils.csv": pupils, "schools.csv": schools], file: "pupils.csv", line: 3,
                                            marker: "P2,\"1", field: "", message: ["field 2", "quote", "not closed"])
        #expect((error?.description.count ?? .max) <= ScenarioError.maximumLength)
    }

    @Test("text that is not UTF-8 is reported at its line")
    func notUTF8() throws {
        let fixture = try Fixture(scenario: "name: Files\nregion:\n  files: {pupils: pupils.csv}\nschools:\n  file: schools.csv\n",
                                  ["schools.csv": "id,x_km,y_km,pan\nA,1,1,30\n"])
        defer { fixture.remove() }
        var bytes = Data("id,x_km,y_km\nP1,1,1\nP2,1,".utf8)
        bytes.append(contentsOf: [0xC3, 0x28, 0x0A])
        try bytes.write(to: fixture.dir.appendingPathComponent("pupils.csv"))
        let error = loadError(fixture)
        #expect(error?.file == fixture.path("pupils.csv") && error?.line == 3, "\(String(describing: error))")
        #expect(error?.message.contains("not UTF-8") == true)
    }

    @Test("a folder or missing file named by a field is an error at that field")
    func unreadableInputs() throws {
        let fixture = try Fixture(["base.yaml": Self.scenario(),
                                   "variant.yaml": "extends: folder\nname: Variant\n",
                                   "device.yaml": "name: Device\nextends: /dev/zero\n",
                                   "files.yaml": "name: Files\nregion:\n  files: {pupils: folder}\nschools:\n  file: none.csv\n"])
        defer { fixture.remove() }
        try FileManager.default.createDirectory(at: fixture.dir.appendingPathComponent("folder"), withIntermediateDirectories: true)
        let extends = loadError(fixture, "variant.yaml")
        #expect(extends?.file == fixture.path("variant.yaml") && extends?.line == 1 && extends?.field == "extends", "\(String(describing: extends))")
        #expect(extends?.message.contains("is a folder, not a file") == true)
        let device = loadError(fixture, "device.yaml")
        #expect(device?.line == 2 && device?.field == "extends" && device?.message.contains("not a regular file") == true, "\(String(describing: device))")
        let files = loadError(fixture, "files.yaml")
        #expect(files?.file == fixture.path("files.yaml") && files?.line == 5 && files?.field == "schools.file", "\(String(describing: files))")
        #expect(files?.message.contains("does not exist") == true)
    }

    @Test("any message is cut to one line of at most 280 characters")
    func longMessagesAreCut() {
        let error = ScenarioError(file: "s.yaml", line: 3, field: "region", message: "first\nsecond " + String(repeating: "y", count: 1_000))
        #expect(!error.description.contains("\n"))
        #expect(error.description.count == ScenarioError.maximumLength)
        #expect(error.description.hasPrefix("s.yaml:3: region: first second yyy"))
        // A field path echoing a 400-character key, and a 400-character file path, are cut too.
        let key = String(repeating: "k", count: 400)
        let long = ScenarioError(file: "t.yaml", line: 16, column: 6, field: "validation[0].\(key)", message: "unknown field '\(key)'")
        #expect(long.description.count == ScenarioError.maximumLength)
        #expect(long.description.hasPrefix("t.yaml:16:6: validation[0].kkk") && long.description.contains(": unknown field 'kkk"))
        let deep = ScenarioError(file: "/" + String(repeating: "d", count: 400) + "/s.yaml", line: 7, field: "region", message: "bad")
        #expect(deep.description.count <= ScenarioError.maximumLength && deep.description.hasPrefix("…"))
        #expect(deep.description.hasSuffix("ddd/s.yaml:7: region: bad"))
    }
}

/// The byte-level CSV reader against RFC 4180 cases worked out by hand.
@Suite struct CSVTableTests {
    @Test("quotes, doubled quotes, CRLF, a byte-order mark, blank lines and spaces")
    func rfc4180() throws {
        let fixture = try Fixture(["t.csv": "\u{FEFF}id, name ,note\r\nA,\"Smith, J\",\"said \"\"hi\"\"\"\r\n\r\n  B , plain ,\r\nC,\"\",x\n"])
        defer { fixture.remove() }
        let table = try CSVTable(path: fixture.path("t.csv"), field: "f")
        #expect(table.header == ["id", "name", "note"])
        #expect((0..<table.rowCount).map { r in (0..<3).map { table.text(r, $0) } }
                == [["A", "Smith, J", "said \"hi\""], ["B", "plain", ""], ["C", "", "x"]])
        #expect((0..<3).map { table.line($0) } == [2, 4, 5])
        let records = try table.records()
        #expect(records[1].values["name"] == "plain" && records[1].values["missing"] == nil)
    }

    @Test("text after a closing quote is an error on that line")
    func textAfterQuote() throws {
        let fixture = try Fixture(["t.csv": "id,name\nA,\"x\"y\n"])
        defer { fixture.remove() }
        #expect(throws: ScenarioError(file: fixture.path("t.csv"), line: 2, field: "", message: "field 2 has text after its closing quote")) {
            try CSVTable(path: fixture.path("t.csv"), field: "f")
        }
    }
}
