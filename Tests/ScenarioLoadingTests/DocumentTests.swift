import Foundation
import Testing
@testable import ScenarioLoading

/// Errors about the YAML document itself: syntax, emptiness, shape, duplicate keys; and the
/// `file:line:column: field: message` form of every error.
@Suite struct DocumentTests {
    @Test func yamlSyntaxErrorReportsItsLine() throws {
        let error = try expectScenarioError("""
            name: broken
            seed: 3
              replications: 2
            region: {synthetic: {pupils: 40}}
            """, line: 3, marker: "replications: 2", field: "", message: ["YAML syntax error"])
        #expect(error?.description.hasPrefix("\(error?.file ?? "?"):3") == true)
    }

    @Test func unclosedFlowListIsASyntaxErrorWithALine() throws {
        // The scanner only notices the missing `]` when it reaches the next mapping key.
        let error = try #require(try expectScenarioErrorAnyLine("""
            name: broken
            seed: [1, 2
            replications: 2
            """))
        #expect(error.message.contains("YAML syntax error"))
        let line = try #require(error.line)
        #expect((2...3).contains(line), "\(error)")
    }

    @Test(arguments: [("", "an empty file"), ("# only a comment\n", "only a comment"), ("\n\n", "blank lines")])
    func emptyFileIsAnError(text: String, label: String) throws {
        try expectScenarioError(text, line: 1, field: "", message: ["the file is empty"])
    }

    @Test(arguments: ["- name: a\n- name: b\n", "just a sentence\n", "[1, 2, 3]\n"])
    func topLevelMustBeAMapping(text: String) throws {
        try expectScenarioError(text, line: 1, field: "", message: ["a scenario must be a mapping"])
    }

    @Test func duplicateTopLevelKeyIsAnErrorAtItsSecondOccurrence() throws {
        let scenario = """
            name: twice
            seed: 3
            replications: 2
            seed: 4
            region: {synthetic: {pupils: 40}}
            """
        let fixture = try Fixture(scenario: scenario)
        defer { fixture.remove() }
        let error = loadError(fixture)
        #expect(error?.file == fixture.path())
        #expect(error?.message.contains("seed") == true, "the message names the key: \(String(describing: error))")
        #expect(error?.line == 4, "\(String(describing: error))")
        #expect(error?.field == "seed")
        #expect(error?.message.contains("appears twice") == true)
    }

    @Test func duplicateNestedKeyIsAnErrorAtItsSecondOccurrence() throws {
        let scenario = """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - id: S1
                  location_km: [2, 2]
                  pan: 30
                  pan: 60
            """
        let fixture = try Fixture(scenario: scenario)
        defer { fixture.remove() }
        let error = loadError(fixture)
        #expect(error?.file == fixture.path())
        #expect(error?.message.contains("pan") == true)
        #expect(error?.line == 8, "\(String(describing: error))")
        #expect(error?.field == "schools.list[0].pan")
    }

    @Test func missingScenarioFileIsAnErrorNamingIt() throws {
        let fixture = try Fixture([:])
        defer { fixture.remove() }
        let error = loadError(fixture, "absent.yaml")
        #expect(error?.file == fixture.path("absent.yaml"))
        #expect(error?.line == nil)
        #expect(error?.message.contains("cannot read") == true)
    }

    @Test func regionIsRequired() throws {
        try expectScenarioError("""
            name: no region
            seed: 3
            """, line: 1, marker: "name", field: "region", message: ["the field 'region' is required"])
    }

    // MARK: description

    @Test func descriptionIsFileLineColumnFieldMessage() {
        let e = ScenarioError(file: "town.yaml", line: 14, column: 32, field: "schools.list[0].pan",
                              message: "must be at least 0 and at most 10000, got -30")
        #expect(e.description == "town.yaml:14:32: schools.list[0].pan: must be at least 0 and at most 10000, got -30")
        #expect("\(e)" == e.description)
    }

    @Test func descriptionLeavesOutWhatIsUnknown() {
        #expect(ScenarioError(file: "a.csv", line: 3, field: "fsm", message: "bad").description == "a.csv:3: fsm: bad")
        #expect(ScenarioError(file: "a.yaml", line: nil, field: "", message: "cannot read").description == "a.yaml: cannot read")
        #expect(ScenarioError(file: "a.yaml", line: 2, column: 7, field: "", message: "oops").description == "a.yaml:2:7: oops")
    }

    @Test func descriptionOfALoadedError() throws {
        let scenario = """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: -30}
            """
        let error = try #require(try expectScenarioError(scenario, line: 5, marker: "pan: -30", columnOf: "-30",
                                                         field: "schools.list[0].pan", message: ["got -30"]))
        let column = try #require(error.column)
        #expect(error.description == "\(error.file):5:\(column): schools.list[0].pan: must be at least 0 and at most 10000, got -30")
    }
}

/// Loads a scenario that must fail and returns its error, whatever its line.
func expectScenarioErrorAnyLine(_ scenario: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ScenarioError? {
    let fixture = try Fixture(scenario: scenario)
    defer { fixture.remove() }
    let error = loadError(fixture, sourceLocation: sourceLocation)
    #expect(error?.file == fixture.path(), sourceLocation: sourceLocation)
    return error
}
