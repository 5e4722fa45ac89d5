import Testing
@testable import ScenarioLoading

/// Values of the wrong type, and values of the right type that are impossible.
@Suite struct WrongTypeTests {
    static let cases: [ErrorCase] = [
        ErrorCase(name: "a word where a whole number is expected (pupils: many)", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: many, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "pupils: many", columnOf: "many", field: "region.synthetic.pupils",
            message: ["expected a whole number", "'many'"]),
        ErrorCase(name: "a word where a number is expected (rural_share: lots)", scenario: """
            region:
              synthetic:
                width_km: 10
                rural_share: lots
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "rural_share: lots", columnOf: "lots", field: "region.synthetic.rural_share",
            message: ["expected a number", "'lots'"]),
        ErrorCase(name: "a fraction where a whole number is expected (pan: 30.5)", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30.5}
            """, line: 5, marker: "pan: 30.5", field: "schools.list[0].pan", message: ["expected a whole number", "'30.5'"]),
        ErrorCase(name: "a word for the seed", scenario: """
            name: t
            seed: lucky
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "seed: lucky", field: "seed", message: ["expected a whole number from 0", "'lucky'"]),
        ErrorCase(name: "a negative seed", scenario: """
            name: t
            seed: -1
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "seed: -1", field: "seed", message: ["expected a whole number from 0", "'-1'"]),
        ErrorCase(name: "a mapping where a list is expected (schools.list)", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list: {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "list: {", field: "schools.list", message: ["expected a list"]),
        ErrorCase(name: "a mapping where a list is expected (towns)", scenario: """
            region:
              synthetic:
                width_km: 10
                towns: {name: A, centre_km: [5, 5], share: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "towns:", field: "region.synthetic.towns", message: ["expected a list"]),
        ErrorCase(name: "a single value where a list is expected (criteria)", scenario: """
            admissions:
              default: {criteria: looked_after}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "criteria: looked_after", field: "admissions.default.criteria", message: ["expected a list"]),
        ErrorCase(name: "a list where a single value is expected (pan: [30])", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: [30]}
            """, line: 5, marker: "pan: [30]", field: "schools.list[0].pan", message: ["expected a single value"]),
        ErrorCase(name: "a point with one coordinate (location_km: [1])", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [1], pan: 30}
            """, line: 5, marker: "location_km: [1]", field: "schools.list[0].location_km", message: ["expected [x, y] in km"]),
        ErrorCase(name: "a point with a word (centre_km: [5, north])", scenario: """
            region:
              synthetic:
                towns:
                  - {name: A, centre_km: [5, north], share: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "north", field: "region.synthetic.towns[0].centre_km[1]", message: ["expected a number", "'north'"]),
        ErrorCase(name: "a scalar where a mapping is expected (region: here)", scenario: """
            name: t
            region: here
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "region: here", field: "region", message: ["expected a mapping", "synthetic"]),
        ErrorCase(name: "a boolean written maybe", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            outputs:
              pupils: maybe
            """, line: 7, marker: "pupils: maybe", columnOf: "maybe", field: "outputs.pupils",
            message: ["expected true or false", "'maybe'"]),
    ]

    @Test(arguments: cases)
    func wrongTypeIsAnErrorAtItsLine(_ c: ErrorCase) throws {
        try c.check()
    }
}

@Suite struct ImpossibleValueTests {
    static let cases: [ErrorCase] = [
        ErrorCase(name: "negative PAN", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: -30}
            """, line: 5, marker: "pan: -30", columnOf: "-30", field: "schools.list[0].pan",
            message: ["must be at least 0 and at most 10000, got -30"]),
        ErrorCase(name: "replications 0", scenario: """
            name: t
            replications: 0
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "replications: 0", columnOf: "0", field: "replications", message: ["must be at least 1", "got 0"]),
        ErrorCase(name: "pupils 0", scenario: """
            region:
              synthetic:
                pupils: 0
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 3, marker: "pupils: 0", field: "region.synthetic.pupils", message: ["must be at least 1", "got 0"]),
        ErrorCase(name: "rural_share 1.5", scenario: """
            region:
              synthetic:
                width_km: 10
                rural_share: 1.5
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "rural_share: 1.5", columnOf: "1.5", field: "region.synthetic.rural_share",
            message: ["must be between 0 and 1, got 1.5"]),
        ErrorCase(name: "fsm_rate -0.1", scenario: """
            region:
              synthetic:
                width_km: 10
                fsm_rate: -0.1
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "fsm_rate: -0.1", field: "region.synthetic.fsm_rate", message: ["must be between 0 and 1, got -0.1"]),
        ErrorCase(name: "no towns and some rural pupils", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 0, rural_share: 0.5}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "town_count: 0", field: "region.synthetic", message: ["rural_share: 1"]),
        ErrorCase(name: "considered_schools smaller than list_length", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences:
              list_length: 4
              considered_schools: 3
            """, line: 8, marker: "considered_schools: 3", field: "preferences.considered_schools",
            message: ["considered_schools (3) must be at least list_length (4)"]),
        ErrorCase(name: "list_length larger than the default considered_schools", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences: {list_length: 6, considered_schools: 5}
            """, line: 6, marker: "considered_schools: 5", columnOf: "5}", field: "preferences.considered_schools",
            message: ["must be at least list_length (6)"]),
        ErrorCase(name: "list_length 0", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences:
              list_length: 0
            """, line: 7, marker: "list_length: 0", field: "preferences.list_length", message: ["must be at least 1 and at most 20, got 0"]),
        ErrorCase(name: "nearest_as_safe_choice 2", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences:
              nearest_as_safe_choice: 2
            """, line: 7, marker: "nearest_as_safe_choice: 2", field: "preferences.nearest_as_safe_choice",
            message: ["must be between 0 and 1, got 2"]),
        ErrorCase(name: "qualifying_share 1.2", scenario: """
            admissions:
              default:
                selection: {qualifying_share: 1.2}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 3, marker: "qualifying_share: 1.2", columnOf: "1.2", field: "admissions.default.selection.qualifying_share",
            message: ["must be between 0 and 1, got 1.2"]),
        ErrorCase(name: "qualifying_share 1.2 for grammar schools", scenario: """
            admissions:
              by_type:
                grammar:
                  selection: {qualifying_share: 1.2}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: G1, type: grammar, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "qualifying_share: 1.2", field: "admissions.by_type.grammar.selection.qualifying_share",
            message: ["must be between 0 and 1, got 1.2"]),
        ErrorCase(name: "faith shares adding up to more than 1", scenario: """
            region:
              synthetic:
                width_km: 10
                faiths: {christian: 0.6, muslim: 0.5}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "faiths:", field: "region.synthetic.faiths", message: ["faith shares add up to more than 1"]),
        ErrorCase(name: "a town centre outside the region", scenario: """
            region:
              synthetic:
                width_km: 10
                height_km: 8
                towns:
                  - {name: A, centre_km: [5, 5], share: 1}
                  - {name: B, centre_km: [12, 5], share: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 7, marker: "[12, 5]", columnOf: "[12, 5]", field: "region.synthetic.towns[1].centre_km",
            message: ["the town centre lies outside the region"]),
        ErrorCase(name: "a town with no share", scenario: """
            region:
              synthetic:
                towns:
                  - {name: A, centre_km: [5, 5]}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "name: A", field: "region.synthetic.towns[0].share", message: ["the field 'share' is required"]),
        ErrorCase(name: "a region with no schools", scenario: """
            name: t
            region: {synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}}
            """, line: 2, marker: "region:", field: "region", message: ["the region has no schools"]),
        ErrorCase(name: "a region with an empty schools list", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools: {list: []}
            """, line: 3, marker: "schools:", field: "schools", message: ["the region has no schools"]),
        ErrorCase(name: "a region with both synthetic and files", scenario: """
            name: t
            region: {synthetic: {pupils: 40, town_count: 1}, files: {pupils: pupils.csv}}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "region:", field: "region", message: ["give exactly one of 'synthetic'", "'files'"]),
        ErrorCase(name: "a region with neither synthetic nor files", scenario: """
            name: t
            region: {}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "region:", field: "region", message: ["give exactly one of 'synthetic'", "'files'"]),
        ErrorCase(name: "schools.generate with files", scenario: """
            region: {files: {pupils: pupils.csv}}
            schools:
              generate: {count: 3}
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, others: ["pupils.csv": "id,x_km,y_km\nP1,1,1\n"], line: 3, marker: "generate", field: "schools.generate",
            message: ["schools.generate needs a synthetic region"]),
        ErrorCase(name: "an unknown criterion", scenario: """
            admissions:
              default:
                criteria: [looked_after, distance]
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 3, marker: "distance", columnOf: "distance", field: "admissions.default.criteria[1]",
            message: ["unknown value 'distance'", "looked_after", "sibling", "catchment", "pupil_premium"]),
        ErrorCase(name: "a criterion listed twice", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - id: S1
                  location_km: [2, 2]
                  pan: 30
                  arrangements:
                    criteria: [sibling, looked_after, sibling]
            """, line: 9, marker: "criteria:", columnOf: "sibling]", field: "schools.list[0].arrangements.criteria[2]",
            message: ["the criterion 'sibling' is listed twice"]),
        ErrorCase(name: "an unknown tie_break", scenario: """
            admissions:
              default:
                tie_break: closest
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 3, marker: "tie_break: closest", field: "admissions.default.tie_break",
            message: ["unknown value 'closest'", "distance, random"]),
        ErrorCase(name: "an unknown mechanism", scenario: """
            admissions:
              mechanism: lottery_of_everything
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "mechanism: lottery_of_everything", field: "admissions.mechanism",
            message: ["unknown value 'lottery_of_everything'", "deferred_acceptance", "boston", "top_trading_cycles"]),
        ErrorCase(name: "an unknown unplaced rule", scenario: """
            admissions:
              unplaced: anywhere
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "unplaced: anywhere", field: "admissions.unplaced", message: ["unknown value 'anywhere'", "nearest_vacancy"]),
        ErrorCase(name: "an unknown lottery scope", scenario: """
            admissions:
              lottery: per-school
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 2, marker: "lottery: per-school", field: "admissions.lottery", message: ["unknown value 'per-school'", "per_school"]),
        ErrorCase(name: "an unknown preferences source", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            preferences:
              source: survey
            """, line: 7, marker: "source: survey", field: "preferences.source", message: ["unknown value 'survey'", "model, stated"]),
        ErrorCase(name: "an unknown school type in a listed school", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, type: grammer, location_km: [2, 2], pan: 30}
            """, line: 5, marker: "grammer", field: "schools.list[0].type", message: ["unknown value 'grammer'", "grammar"]),
        ErrorCase(name: "an unknown school type in by_type", scenario: """
            admissions:
              by_type:
                academy: {tie_break: random}
                grammer: {tie_break: random}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, line: 4, marker: "grammer", field: "admissions.by_type.grammer",
            message: ["unknown school type 'grammer'", "grammar"]),
        ErrorCase(name: "an unknown school type in generate.types", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              generate:
                count: 2
                types: {community: 0.5, acadamy: 0.5}
            """, line: 6, marker: "acadamy", field: "schools.generate.types.acadamy",
            message: ["unknown school type 'acadamy'", "academy"]),
        ErrorCase(name: "generate.types with no positive share", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              generate:
                count: 2
                types: {community: 0, academy: 0}
            """, line: 6, marker: "types:", field: "schools.generate.types", message: ["at least one type needs a positive share"]),
        ErrorCase(name: "generate.count 0", scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              generate: {count: 0}
            """, line: 4, marker: "count: 0", field: "schools.generate.count", message: ["must be at least 1", "got 0"]),
    ]

    @Test(arguments: cases)
    func impossibleValueIsAnErrorAtItsLine(_ c: ErrorCase) throws {
        try c.check()
    }

    /// The error for a school outside the region should point at that school's location.
    @Test func listedSchoolOutsideTheRegion() throws {
        let scenario = """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
                - {id: S2, location_km: [11, 2], pan: 30}
            """
        let error = try #require(try expectScenarioErrorAnyLine(scenario))
        #expect(error.message.contains("school 'S2' lies outside the region"), "\(error)")
        #expect(error.line == 6, "\(error)")
        #expect(error.field == "schools.list[1].location_km", "\(error)")
    }

    /// Two schools with the same id: the error should point at the second id.
    @Test func twoSchoolsWithTheSameID() throws {
        let scenario = """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
                - {id: S2, location_km: [5, 2], pan: 30}
                - {id: S1, location_km: [8, 2], pan: 30}
            """
        let error = try #require(try expectScenarioErrorAnyLine(scenario))
        #expect(error.message.contains("two schools share the id 'S1'"), "\(error)")
        // At the second school's `id` (field `schools.list[2].id`, line 7).
        #expect(error.line == 7, "\(error)")
        #expect(error.field == "schools.list[2].id", "\(error)")
    }

    /// Validation must not depend on which types the generator happens to draw: an impossible
    /// value in `by_type` for a type no school has is still an error.
    @Test func invalidByTypeArrangementsForAnAbsentTypeAreRejected() throws {
        let scenario = """
            admissions:
              by_type:
                grammar: {tie_break: closest}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """
        try expectScenarioError(scenario, line: 3, marker: "closest", field: "admissions.by_type.grammar.tie_break",
                                message: ["unknown value 'closest'"])
    }
}
