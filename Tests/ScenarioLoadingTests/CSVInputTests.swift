import Foundation
import Testing
@testable import ScenarioLoading
import FairPlacesCore
import Simulation

/// Where a files region's schools come from; errors in the pupils file must read the same either way.
enum SchoolSource: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case list, file
    var testDescription: String { "schools.\(rawValue)" }

    /// A scenario reading `pupils.csv` with schools S1, S2, S3 (indices 0, 1, 2).
    var scenario: String {
        switch self {
        case .list:
            return """
                region:
                  files: {pupils: pupils.csv}
                schools:
                  list:
                    - {id: S1, location_km: [2, 2], pan: 30}
                    - {id: S2, location_km: [8, 8], pan: 30}
                    - {id: S3, location_km: [5, 5], pan: 30}
                """
        case .file:
            return """
                region:
                  files: {pupils: pupils.csv}
                schools:
                  file: schools.csv
                """
        }
    }

    var files: [String: String] {
        switch self {
        case .list: return [:]
        case .file: return ["schools.csv": "id,x_km,y_km,pan\nS1,2,2,30\nS2,8,8,30\nS3,5,5,30\n"]
        }
    }
}

/// One bad pupils file and where its error must point.
struct PupilsCase: Sendable, CustomTestStringConvertible {
    var name: String
    var csv: String
    var line: Int?
    var marker: String
    var field: String
    var message: [String]
    var testDescription: String { name }
}

@Suite struct PupilsFileTests {
    static let cases: [PupilsCase] = [
        PupilsCase(name: "sibling_school naming no school", csv: """
            id,x_km,y_km,sibling_school
            P1,1,1,
            P2,2,2,S2
            P3,3,3,S9
            """, line: 4, marker: "S9", field: "sibling_school", message: ["unknown school 'S9'"]),
        PupilsCase(name: "ehc_school naming no school", csv: """
            id,x_km,y_km,ehc_school
            P1,1,1,S9
            P2,2,2,
            """, line: 2, marker: "S9", field: "ehc_school", message: ["unknown school 'S9'"]),
        PupilsCase(name: "preferences naming no school", csv: """
            id,x_km,y_km,preferences
            P1,1,1,S1;S2
            P2,2,2,S3;S4;S1
            """, line: 3, marker: "S4", field: "preferences", message: ["unknown school 'S4'"]),
        PupilsCase(name: "preferences listing a school twice", csv: """
            id,x_km,y_km,preferences
            P1,1,1,S1;S2
            P2,2,2,S2
            P3,2,2,S3;S1;S3
            """, line: 4, marker: "S3;S1;S3", field: "preferences", message: ["the school 'S3' is listed twice"]),
        PupilsCase(name: "a missing required column", csv: """
            id,x_km,fsm
            P1,1,1
            """, line: 1, marker: "id,x_km", field: "y_km", message: ["missing required column 'y_km'"]),
        PupilsCase(name: "an unknown column", csv: """
            id,x_km,y_km,fsm,colour
            P1,1,1,0,red
            """, line: 1, marker: "colour", field: "colour", message: ["unknown column 'colour'", "expected columns"]),
        PupilsCase(name: "a row with too few fields", csv: """
            id,x_km,y_km,fsm
            P1,1,1,0
            P2,2,2
            P3,3,3,1
            """, line: 3, marker: "P2", field: "", message: ["expected 4 fields, found 3"]),
        PupilsCase(name: "a row with too many fields", csv: """
            id,x_km,y_km
            P1,1,1
            P2,2,2
            P3,3,3,1
            """, line: 4, marker: "P3", field: "", message: ["expected 3 fields, found 4"]),
        PupilsCase(name: "fsm 2", csv: """
            id,x_km,y_km,fsm
            P1,1,1,0
            P2,2,2,2
            """, line: 3, marker: "P2", field: "fsm", message: ["expected 0/1 or true/false", "'2'"]),
        PupilsCase(name: "idaci_score 1.5", csv: """
            id,x_km,y_km,idaci_score
            P1,1,1,0.2
            P2,2,2,1.5
            """, line: 3, marker: "1.5", field: "idaci_score", message: ["must be between 0", "got 1.5"]),
        PupilsCase(name: "idaci_decile 11", csv: """
            id,x_km,y_km,idaci_decile
            P1,1,1,11
            """, line: 2, marker: "11", field: "idaci_decile", message: ["must be between 1 and 10, got 11"]),
        PupilsCase(name: "x_km not a number", csv: """
            id,x_km,y_km
            P1,1,1
            P2,east,1
            """, line: 3, marker: "east", field: "x_km", message: ["expected a number, got 'east'"]),
        PupilsCase(name: "y_km empty", csv: """
            id,x_km,y_km
            P1,1,
            """, line: 2, marker: "P1", field: "y_km", message: ["a value is required"]),
        PupilsCase(name: "a duplicated pupil id", csv: """
            id,x_km,y_km
            P1,1,1
            P2,2,2
            P1,3,3
            """, line: 4, marker: "P1,3,3", field: "id", message: ["the pupil id 'P1' appears twice"]),
        PupilsCase(name: "an empty pupil id", csv: """
            id,x_km,y_km
            P1,1,1
            ,2,2
            """, line: 3, marker: ",2,2", field: "id", message: ["a pupil id is required"]),
        PupilsCase(name: "no pupils", csv: "id,x_km,y_km\n", line: 1, marker: "id,x_km", field: "region.files.pupils",
                   message: ["the file lists no pupils"]),
    ]

    @Test(arguments: cases, SchoolSource.allCases)
    func badPupilsFileIsAnErrorAtItsCSVLine(_ c: PupilsCase, schools: SchoolSource) throws {
        var files = schools.files
        files["pupils.csv"] = c.csv
        try expectScenarioError(schools.scenario, files, file: "pupils.csv", line: c.line,
                                marker: c.line == nil ? nil : c.marker, field: c.field, message: c.message)
    }

    /// Blank lines are skipped, but later rows must keep their real line numbers.
    @Test func lineNumbersCountBlankLines() throws {
        let csv = "id,x_km,y_km,sibling_school\nP1,1,1,\n\nP2,2,2,S9\n"
        try expectScenarioError(SchoolSource.list.scenario, ["pupils.csv": csv], file: "pupils.csv", line: 4,
                                marker: "S9", field: "sibling_school", message: ["unknown school 'S9'"])
    }

    /// A column given twice is as much a mistake as an unknown one: one of the two would be ignored.
    @Test func duplicatedColumnIsAnError() throws {
        let csv = "id,x_km,y_km,fsm,fsm\nP1,1,1,1,0\n"
        try expectScenarioError(SchoolSource.list.scenario, ["pupils.csv": csv], file: "pupils.csv", line: 1,
                                marker: "fsm,fsm", field: "fsm", message: ["fsm"])
    }

    @Test func windowsLineEndingsKeepLineNumbers() throws {
        let csv = "id,x_km,y_km,fsm\r\nP1,1,1,0\r\nP2,2,2,2\r\n"
        try expectScenarioError(SchoolSource.list.scenario, ["pupils.csv": csv], file: "pupils.csv", line: 3,
                                field: "fsm", message: ["'2'"])
    }

    @Test func missingPupilsFileIsAnErrorNamingIt() throws {
        let fixture = try Fixture(scenario: SchoolSource.list.scenario)
        defer { fixture.remove() }
        // Located at the field that names the file, in the scenario.
        let error = loadError(fixture)
        #expect(error?.file == fixture.path() && error?.line != nil)
        #expect(error?.field == "region.files.pupils")
        #expect(error?.message.contains("the pupils file '\(fixture.path("pupils.csv"))' does not exist") == true, "\(String(describing: error))")
    }

    @Test func filesRegionNeedsPupils() throws {
        try expectScenarioError("""
            region:
              files: {}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "files: {}", field: "region.files.pupils", message: ["the field 'pupils' is required"])
    }

    @Test func filesRegionNeedsSchools() throws {
        try expectScenarioError("""
            name: t
            region: {files: {pupils: pupils.csv}}
            """, ["pupils.csv": "id,x_km,y_km\nP1,1,1\n"], line: 2, marker: "region:", field: "region",
            message: ["a region from files needs its schools"])
    }

    // MARK: valid files

    @Test(arguments: SchoolSource.allCases)
    func validPupilsFileIsRead(schools: SchoolSource) throws {
        var files = schools.files
        files["pupils.csv"] = """
            id,x_km,y_km,fsm,idaci_score,idaci_decile,attainment,looked_after,ehc_school,sibling_school,faith,area
            P1,1.5,2.5,1,0.3,2,0.5,0,,S2,christian,E01
            P2,4,4,0,,,-1,1,S3,,,E01
            P3,9,1,true,0.05,,,no,,,none,E02
            """
        let fixture = try Fixture(scenario: schools.scenario, files)
        defer { fixture.remove() }
        let spec = try fixture.load().spec
        let pupils = spec.region.pupils
        #expect(pupils.ids == ["P1", "P2", "P3"])
        #expect(pupils.homeX == [1.5, 4, 9])
        #expect(pupils.homeY == [2.5, 4, 1])
        #expect(pupils.fsm == [true, false, true])
        #expect(pupils.idaciScore == [0.3, 0, 0.05])
        #expect(pupils.idaciDecile[0] == 2)
        #expect(pupils.attainment == [0.5, -1, 0])
        #expect(pupils.lookedAfter == [false, true, false])
        #expect(pupils.ehcPlanSchool == [-1, 2, -1])
        #expect(pupils.siblingSchool == [1, -1, -1])
        #expect(spec.region.faithNames == ["none", "christian"])
        #expect(pupils.faith == [1, 0, 0])
        #expect(spec.region.areas.map(\.id) == ["E01", "E02"])
        #expect(pupils.area == [0, 0, 1])
        #expect(spec.region.schools.map(\.id) == ["S1", "S2", "S3"])
        // No preferences column: the model draws the lists.
        guard case .model = spec.preferences else {
            Issue.record("expected model preferences, got \(spec.preferences)")
            return
        }
    }

    @Test func pupilsFileWithABOMLoads() throws {
        let fixture = try Fixture(scenario: SchoolSource.list.scenario)
        defer { fixture.remove() }
        let bytes = Data([0xEF, 0xBB, 0xBF]) + Data("id,x_km,y_km\nP1,1,1\n".utf8)
        try bytes.write(to: fixture.dir.appendingPathComponent("pupils.csv"))
        // Spreadsheets often save CSV with a UTF-8 byte-order mark.
        let spec = try fixture.load().spec
        #expect(spec.region.pupils.ids == ["P1"])
    }

    // MARK: stated preferences

    static let statedCSV = """
        id,x_km,y_km,preferences
        P1,1,1,S2;S1
        P2,2,2,S3
        P3,3,3,S1; S3 ;S2
        P4,4,4,
        """

    @Test(arguments: SchoolSource.allCases)
    func statedPreferencesReplayInOrder(schools: SchoolSource) throws {
        var files = schools.files
        files["pupils.csv"] = Self.statedCSV
        let fixture = try Fixture(scenario: schools.scenario, files)
        defer { fixture.remove() }
        let spec = try fixture.load().spec
        guard case .stated(let lists) = spec.preferences else {
            Issue.record("expected stated preferences, got \(spec.preferences)")
            return
        }
        #expect(lists.length == 3)
        #expect(lists.pupilCount == 4)
        #expect(Array(lists.list(of: 0)) == [1, 0])
        #expect(Array(lists.list(of: 1)) == [2])
        #expect(Array(lists.list(of: 2)) == [0, 2, 1])
        #expect(Array(lists.list(of: 3)) == [])
        #expect(lists.schools == [1, 0, -1, 2, -1, -1, 0, 2, 1, -1, -1, -1])
    }

    @Test func statedPreferencesWithExplicitSourceAndListLength() throws {
        let fixture = try Fixture(scenario: SchoolSource.list.scenario + "\npreferences: {source: stated, list_length: 3}\n",
                                  ["pupils.csv": Self.statedCSV])
        defer { fixture.remove() }
        guard case .stated(let lists) = try fixture.load().spec.preferences else {
            Issue.record("expected stated preferences")
            return
        }
        #expect(Array(lists.list(of: 2)) == [0, 2, 1])
    }

    @Test func statedListsLongerThanListLengthAreAnError() throws {
        try expectScenarioError(SchoolSource.list.scenario + "\npreferences:\n  list_length: 2\n", ["pupils.csv": Self.statedCSV],
                                line: 9, marker: "list_length: 2", field: "preferences.list_length",
                                message: ["lists up to 3 schools, more than list_length 2"])
    }

    @Test func modelSourceOverridesStatedLists() throws {
        let fixture = try Fixture(scenario: SchoolSource.list.scenario + "\npreferences: {source: model}\n",
                                  ["pupils.csv": Self.statedCSV])
        defer { fixture.remove() }
        guard case .model = try fixture.load().spec.preferences else {
            Issue.record("expected model preferences")
            return
        }
    }

    @Test func statedSourceWithoutAPreferencesColumnIsAnError() throws {
        try expectScenarioError("""
            region:
              files: {pupils: pupils.csv}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences:
              list_length: 3
              source: stated
            """, ["pupils.csv": "id,x_km,y_km\nP1,1,1\n"], line: 8, marker: "source: stated", field: "preferences.source",
            message: ["stated preferences need a pupils file with a 'preferences' column"])
    }

    @Test func statedSourceWithASyntheticRegionIsAnError() throws {
        try expectScenarioError("""
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences: {source: stated}
            """, line: 6, marker: "source: stated", field: "preferences.source",
            message: ["stated preferences need a pupils file"])
    }
}

@Suite struct SchoolsFileTests {
    static let scenario = """
        region:
          files: {pupils: pupils.csv}
        schools:
          file: schools.csv
        """
    static let pupils = ["pupils.csv": "id,x_km,y_km\nP1,1,1\n"]

    static let cases: [PupilsCase] = [
        PupilsCase(name: "negative pan", csv: """
            id,x_km,y_km,pan
            S1,2,2,30
            S2,8,8,-5
            """, line: 3, marker: "-5", field: "pan", message: ["must be between 0 and 10000, got -5"]),
        PupilsCase(name: "unknown type", csv: """
            id,x_km,y_km,pan,type
            S1,2,2,30,academy
            S2,8,8,30,grammer
            """, line: 3, marker: "grammer", field: "type", message: ["unknown school type 'grammer'", "grammar"]),
        PupilsCase(name: "unknown criterion", csv: """
            id,x_km,y_km,pan,criteria
            S1,2,2,30,looked_after;distance
            """, line: 2, marker: "distance", field: "criteria", message: ["unknown criterion 'distance'"]),
        PupilsCase(name: "catchment criterion", csv: """
            id,x_km,y_km,pan,criteria
            S1,2,2,30,looked_after;catchment
            """, line: 2, marker: "catchment", field: "criteria", message: ["the criterion 'catchment' needs options; list the school in the scenario"]),
        PupilsCase(name: "unknown tie_break", csv: """
            id,x_km,y_km,pan,tie_break
            S1,2,2,30,closest
            """, line: 2, marker: "closest", field: "tie_break", message: ["unknown tie-break 'closest'"]),
        PupilsCase(name: "qualifying_share 1.2", csv: """
            id,x_km,y_km,pan,qualifying_share
            S1,2,2,30,1.2
            """, line: 2, marker: "1.2", field: "qualifying_share", message: ["got 1.2"]),
        PupilsCase(name: "missing pan column", csv: """
            id,x_km,y_km
            S1,2,2
            """, line: 1, marker: "id", field: "pan", message: ["missing required column 'pan'"]),
        PupilsCase(name: "unknown column", csv: """
            id,x_km,y_km,pan,capacity
            S1,2,2,30,30
            """, line: 1, marker: "capacity", field: "capacity", message: ["unknown column 'capacity'"]),
        PupilsCase(name: "empty pan", csv: """
            id,x_km,y_km,pan
            S1,2,2,
            """, line: 2, marker: "S1", field: "pan", message: ["a value is required"]),
        PupilsCase(name: "no schools", csv: "id,x_km,y_km,pan\n", line: 1, marker: "id,x_km", field: "schools.file",
                   message: ["the file lists no schools"]),
    ]

    @Test(arguments: cases)
    func badSchoolsFileIsAnErrorAtItsCSVLine(_ c: PupilsCase) throws {
        var files = Self.pupils
        files["schools.csv"] = c.csv
        try expectScenarioError(Self.scenario, files, file: "schools.csv", line: c.line,
                                marker: c.line == nil ? nil : c.marker, field: c.field, message: c.message)
    }

    @Test func validSchoolsFileIsRead() throws {
        var files = Self.pupils
        files["schools.csv"] = """
            id,name,type,x_km,y_km,pan,attractiveness,criteria,tie_break,qualifying_share
            N,North High,community,4,4.5,120,0.5,looked_after;sibling,distance,
            G,,grammar,1,2,60,,sibling,random,0.3
            """
        let fixture = try Fixture(scenario: Self.scenario, files)
        defer { fixture.remove() }
        let schools = try fixture.load().spec.region.schools
        #expect(schools.map(\.id) == ["N", "G"])
        #expect(schools.map(\.name) == ["North High", "G"])
        #expect(schools.map(\.type) == [.community, .grammar])
        #expect(schools.map(\.location) == [Point(x: 4, y: 4.5), Point(x: 1, y: 2)])
        #expect(schools.map(\.pan) == [120, 60])
        #expect(schools.map(\.attractiveness) == [0.5, 0])
        #expect(schools[0].arrangements.criteria == [.lookedAfter, .sibling])
        #expect(schools[1].arrangements.criteria == [.sibling])
        #expect(schools.map(\.arrangements.tieBreak) == [.distance, .random])
        #expect(schools[0].arrangements.selection == nil)
        #expect(schools[1].arrangements.selection?.qualifyingShare == 0.3)
    }

    @Test func schoolsFromListAndFileAreListedFirst() throws {
        var files = Self.pupils
        files["schools.csv"] = "id,x_km,y_km,pan\nF1,2,2,30\n"
        let fixture = try Fixture(scenario: """
            region:
              files: {pupils: pupils.csv}
            schools:
              file: schools.csv
              list:
                - {id: L1, location_km: [1, 1], pan: 30}
            """, files)
        defer { fixture.remove() }
        #expect(try fixture.load().spec.region.schools.map(\.id) == ["L1", "F1"])
    }

    @Test func sameSchoolIDInListAndFileIsAnError() throws {
        var files = Self.pupils
        files["schools.csv"] = "id,x_km,y_km,pan\nS1,2,2,30\n"
        let fixture = try Fixture(scenario: """
            region:
              files: {pupils: pupils.csv}
            schools:
              list:
                - {id: S1, location_km: [1, 1], pan: 30}
              file: schools.csv
            """, files)
        defer { fixture.remove() }
        let error = loadError(fixture)
        #expect(error?.message.contains("two schools share the id 'S1'") == true, "\(String(describing: error))")
    }
}
