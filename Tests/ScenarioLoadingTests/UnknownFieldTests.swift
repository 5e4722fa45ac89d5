import Testing
@testable import ScenarioLoading

/// A misspelt field is an error at its own line, with its full dotted path, at every level.
@Suite struct UnknownFieldTests {
    static let cases: [ErrorCase] = [
        ErrorCase(name: "top level", scenario: """
            name: t
            regoin: here
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "regoin", field: "regoin", message: ["unknown field 'regoin'", "expected one of:", "region"]),
        ErrorCase(name: "region", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
              pupils: p.csv
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 3, marker: "pupils: p.csv", field: "region.pupils", message: ["unknown field 'pupils'"]),
        ErrorCase(name: "region.synthetic", scenario: """
            region:
              synthetic:
                width_km: 10
                populaton: 40
                town_count: 1
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "populaton", field: "region.synthetic.populaton",
            message: ["unknown field 'populaton'", "pupils"]),
        ErrorCase(name: "region.synthetic.deprivation", scenario: """
            region:
              synthetic:
                width_km: 10
                deprivation: {gradient: 1, slope: 2}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "slope", field: "region.synthetic.deprivation.slope", message: ["unknown field 'slope'"]),
        ErrorCase(name: "a town", scenario: """
            region:
              synthetic:
                width_km: 10
                height_km: 10
                towns:
                  - {name: A, centre_km: [5, 5], share: 1, size_km: 2}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 6, marker: "size_km", field: "region.synthetic.towns[0].size_km",
            message: ["unknown field 'size_km'", "radius_km"]),
        ErrorCase(name: "schools", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              listed: [{id: S1, location_km: [2, 2], pan: 30}]
            """, line: 4, marker: "listed", field: "schools.listed", message: ["unknown field 'listed'"]),
        ErrorCase(name: "a schools.list item", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
                - id: S2
                  location_km: [8, 8]
                  capacity: 30
            """, line: 8, marker: "capacity", field: "schools.list[1].capacity", message: ["unknown field 'capacity'", "pan"]),
        ErrorCase(name: "schools.generate", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              generate: {count: 2, surplus_share: 0.1}
            """, line: 4, marker: "surplus_share", field: "schools.generate.surplus_share", message: ["unknown field 'surplus_share'"]),
        ErrorCase(name: "a school's arrangements", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
                - id: S2
                  location_km: [8, 8]
                  pan: 30
                  arrangements:
                    criteria: [looked_after]
                    tie_brake: random
            """, line: 11, marker: "tie_brake", field: "schools.list[1].arrangements.tie_brake",
            message: ["unknown field 'tie_brake'", "tie_break"]),
        ErrorCase(name: "admissions", scenario: """
            admissions:
              mechanisms: deferred_acceptance
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "mechanisms", field: "admissions.mechanisms", message: ["unknown field 'mechanisms'"]),
        ErrorCase(name: "admissions.default", scenario: """
            admissions:
              default: {criteria: [sibling], tiebreak: random}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "tiebreak", field: "admissions.default.tiebreak", message: ["unknown field 'tiebreak'"]),
        ErrorCase(name: "admissions.by_type arrangements", scenario: """
            admissions:
              by_type:
                academy: {criteria: [sibling], lottery: random}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 3, marker: "lottery", field: "admissions.by_type.academy.lottery", message: ["unknown field 'lottery'"]),
        ErrorCase(name: "a selection", scenario: """
            admissions:
              default:
                selection: {qualifying_share: 0.25, pass_mark: 100}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 3, marker: "pass_mark", field: "admissions.default.selection.pass_mark", message: ["unknown field 'pass_mark'"]),
        ErrorCase(name: "a catchment", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - id: S1
                  location_km: [2, 2]
                  pan: 30
                  arrangements:
                    criteria: [catchment]
                    catchment: {polygon: [[0, 0], [4, 0], [4, 4]]}
            """, line: 10, marker: "polygon:", field: "schools.list[0].arrangements.catchment.polygon",
            message: ["unknown field 'polygon'", "polygon_km"]),
        ErrorCase(name: "preferences", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences:
              list_length: 1
              list_lenght: 2
            """, line: 8, marker: "list_lenght", field: "preferences.list_lenght",
            message: ["unknown field 'list_lenght'", "list_length"]),
        ErrorCase(name: "an interaction", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences:
              interactions:
                - {pupil: fsm, school: attractiveness, coefficient: 0.5}
                - {pupil: fsm, school: selective, coef: 0.5}
            """, line: 9, marker: "coef: 0.5", field: "preferences.interactions[1].coef",
            message: ["unknown field 'coef'", "coefficient"]),
        ErrorCase(name: "a distance_by feature", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences:
              distance_by: {fsm: -0.1, income: 0.2}
            """, line: 7, marker: "income", field: "preferences.distance_by.income", message: ["unknown feature 'income'"]),
        ErrorCase(name: "outputs", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            outputs: {pupil: true}
            """, line: 6, marker: "pupil: true", field: "outputs.pupil", message: ["unknown field 'pupil'"]),
    ]

    @Test(arguments: cases)
    func unknownFieldIsAnErrorAtItsLine(_ c: ErrorCase) throws {
        try c.check()
    }

    /// The error names the key's own line, not the line where its (block) value starts.
    @Test func unknownKeyWithABlockValueIsReportedAtTheKeyLine() throws {
        let scenario = """
            name: t
            outputz:
              pupils: true
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """
        let error = try #require(try expectScenarioErrorAnyLine(scenario))
        #expect(error.field == "outputz")
        #expect(error.message.contains("unknown field 'outputz'"))
        #expect(error.line == 2, "\(error)")
    }

    /// An unknown key with no value at all still has a line.
    @Test func unknownKeyWithNoValueIsReportedAtItsLine() throws {
        try expectScenarioError("""
            name: t
            replicatoins:
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "replicatoins", field: "replicatoins", message: ["unknown field 'replicatoins'"])
    }
}
