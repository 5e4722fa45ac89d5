import Testing
@testable import ScenarioLoading
import FairPlacesCore

/// Catchments: polygons, small-area lists, and the `catchment` criterion that needs one.
///
/// Synthetic small areas are grid cells named `A<column>_<row>` (SyntheticRegionGenerator); a
/// 1 km × 1 km region with `area_size_km: 1` has exactly one, `A0_0`, whatever the seed.
@Suite struct CatchmentTests {
    @Test func catchmentCriterionWithoutACatchmentOnAListedSchool() throws {
        try expectScenarioError("""
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - id: S1
                  location_km: [2, 2]
                  pan: 30
                  arrangements:
                    criteria: [looked_after, catchment]
            """, line: 9, marker: "criteria: [looked_after, catchment]", field: "schools.list[0].arrangements.criteria",
            message: ["the criterion 'catchment' needs a catchment"])
    }

    @Test func catchmentCriterionWithoutACatchmentInByType() throws {
        try expectScenarioError("""
            admissions:
              by_type:
                academy: {criteria: [catchment, sibling]}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: A1, type: academy, location_km: [2, 2], pan: 30}
            """, line: 3, marker: "criteria: [catchment, sibling]", field: "admissions.by_type.academy.criteria",
            message: ["the criterion 'catchment' needs a catchment"])
    }

    @Test func catchmentCriterionWithoutACatchmentInDefault() throws {
        let error = try #require(try expectScenarioErrorAnyLine("""
            admissions:
              default: {criteria: [catchment]}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """))
        #expect(error.line == 2, "\(error)")
        #expect(error.field.hasPrefix("admissions.default"), "\(error)")
        #expect(error.message.contains("the criterion 'catchment' needs a catchment"), "\(error)")
        #expect(error.message.contains("school 'S1'"), "\(error)")
    }

    @Test func defaultCatchmentCriterionIsFineWhenEachSchoolGivesItsCatchment() throws {
        let fixture = try Fixture(scenario: """
            admissions:
              default: {criteria: [looked_after, catchment]}
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - id: S1
                  location_km: [2, 2]
                  pan: 30
                  arrangements:
                    catchment: {polygon_km: [[0, 0], [5, 0], [5, 5], [0, 5]]}
            """)
        defer { fixture.remove() }
        let school = try #require(try fixture.load().spec.region.schools.first)
        #expect(school.arrangements.criteria == [.lookedAfter, .catchment])
        #expect(school.arrangements.catchment == .polygon(Polygon(vertices: [Point(x: 0, y: 0), Point(x: 5, y: 0),
                                                                            Point(x: 5, y: 5), Point(x: 0, y: 5)])))
    }

    @Test(arguments: [["[0, 0]", "[4, 0]"], ["[0, 0]"], []])
    func polygonWithFewerThanThreeCorners(corners: [String]) throws {
        let list = "[\(corners.joined(separator: ", "))]"
        try expectScenarioError("""
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - id: S1
                  location_km: [2, 2]
                  pan: 30
                  arrangements:
                    criteria: [catchment]
                    catchment:
                      polygon_km: \(list)
            """, line: 11, marker: "polygon_km:", columnOf: list, field: "schools.list[0].arrangements.catchment.polygon_km",
            message: ["a catchment polygon needs at least 3 corners"])
    }

    @Test func catchmentWithNeitherPolygonNorAreas() throws {
        try expectScenarioError("""
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - id: S1
                  location_km: [2, 2]
                  pan: 30
                  arrangements: {criteria: [catchment], catchment: {}}
            """, line: 8, marker: "catchment: {}", columnOf: "{}", field: "schools.list[0].arrangements.catchment",
            message: ["a catchment needs polygon_km, areas or file"])
    }

    static let oneAreaRegion = "synthetic: {width_km: 1, height_km: 1, area_size_km: 1, pupils: 20, town_count: 0, rural_share: 1}"

    @Test func knownAreaNamesResolveToAreaIndices() throws {
        let fixture = try Fixture(scenario: """
            region:
              \(Self.oneAreaRegion)
            schools:
              list:
                - id: S1
                  location_km: [0.5, 0.5]
                  pan: 30
                  arrangements:
                    criteria: [catchment]
                    catchment: {areas: [A0_0]}
            """)
        defer { fixture.remove() }
        let region = try fixture.load().spec.region
        #expect(region.areas.map(\.id) == ["A0_0"])
        #expect(region.schools[0].arrangements.catchment == .areas([0]))
        let firstPupilInside = region.inCatchment(pupil: 0, school: 0)
        #expect(firstPupilInside)
    }

    @Test(arguments: ["Z99", "A3_4", "a0_0"])
    func unknownAreaInAListedSchoolsCatchment(area: String) throws {
        try expectScenarioError("""
            region:
              \(Self.oneAreaRegion)
            schools:
              list:
                - id: S1
                  location_km: [0.5, 0.5]
                  pan: 30
                  arrangements:
                    criteria: [catchment]
                    catchment:
                      areas: [A0_0, \(area)]
            """, line: 11, marker: "areas:", columnOf: "\(area)]", field: "schools.list[0].arrangements.catchment.areas[1]",
            message: ["unknown small area '\(area)'"])
    }

    @Test func unknownAreaInByTypeCatchment() throws {
        try expectScenarioError("""
            admissions:
              by_type:
                academy:
                  criteria: [catchment]
                  catchment: {areas: [Z99]}
            region:
              \(Self.oneAreaRegion)
            schools:
              list:
                - {id: A1, type: academy, location_km: [0.5, 0.5], pan: 30}
            """, line: 5, marker: "Z99", columnOf: "Z99", field: "admissions.by_type.academy.catchment.areas[0]",
            message: ["unknown small area 'Z99'"])
    }

    @Test func unknownAreaInByTypeCatchmentOfGeneratedSchools() throws {
        try expectScenarioError("""
            admissions:
              by_type:
                community:
                  criteria: [catchment]
                  catchment: {areas: [Z99]}
            region:
              \(Self.oneAreaRegion)
            schools:
              generate: {count: 1}
            """, line: 5, marker: "Z99", field: "admissions.by_type.community.catchment.areas[0]",
            message: ["unknown small area 'Z99'"])
    }

    /// An area catchment in `admissions.default` must be resolved (and checked) like any other.
    @Test func unknownAreaInDefaultCatchmentIsRejected() throws {
        let scenario = """
            admissions:
              default:
                criteria: [catchment]
                catchment: {areas: [Z99]}
            region:
              \(Self.oneAreaRegion)
            schools:
              list:
                - {id: S1, location_km: [0.5, 0.5], pan: 30}
            """
        try expectScenarioError(scenario, line: 4, marker: "Z99", field: "admissions.default.catchment.areas[0]",
                                message: ["unknown small area 'Z99'"])
    }

    @Test func knownAreaInDefaultCatchmentResolves() throws {
        let fixture = try Fixture(scenario: """
            admissions:
              default:
                criteria: [catchment]
                catchment: {areas: [A0_0]}
            region:
              \(Self.oneAreaRegion)
            schools:
              list:
                - {id: S1, location_km: [0.5, 0.5], pan: 30}
            """)
        defer { fixture.remove() }
        let region = try fixture.load().spec.region
        // Same bug as above: the catchment is the unresolved placeholder `.areas([])`, so no pupil is in it.
        let catchment = region.schools[0].arrangements.catchment
        let firstPupilInside = region.inCatchment(pupil: 0, school: 0)
        #expect(catchment == .areas([0]))
        #expect(firstPupilInside)
    }

    /// Schools read from a schools file take their type's arrangements; an area catchment there
    /// must be resolved against the pupils file's areas like any other.
    @Test func byTypeAreaCatchmentOfSchoolsFromAFileResolves() throws {
        let scenario = """
            admissions:
              by_type:
                academy:
                  criteria: [catchment]
                  catchment: {areas: [E02]}
            region:
              files: {pupils: pupils.csv}
            schools:
              file: schools.csv
            """
        let files = ["pupils.csv": "id,x_km,y_km,area\nP1,1,1,E01\nP2,2,2,E02\n",
                     "schools.csv": "id,x_km,y_km,pan,type\nS1,1,1,30,academy\n"]
        let fixture = try Fixture(scenario: scenario, files)
        defer { fixture.remove() }
        let region = try fixture.load().spec.region
        #expect(region.areas.map(\.id) == ["E01", "E02"])
        let catchment = region.schools[0].arrangements.catchment
        let secondPupilInside = region.inCatchment(pupil: 1, school: 0)
        #expect(catchment == .areas([1]))
        #expect(secondPupilInside)
    }

    @Test func unknownAreaInByTypeCatchmentOfSchoolsFromAFileIsRejected() throws {
        let scenario = """
            admissions:
              by_type:
                academy:
                  criteria: [catchment]
                  catchment: {areas: [Z99]}
            region:
              files: {pupils: pupils.csv}
            schools:
              file: schools.csv
            """
        let files = ["pupils.csv": "id,x_km,y_km,area\nP1,1,1,E01\n",
                     "schools.csv": "id,x_km,y_km,pan,type\nS1,1,1,30,academy\n"]
        try expectScenarioError(scenario, files, line: 5, marker: "Z99", field: "admissions.by_type.academy.catchment.areas[0]",
                                message: ["unknown small area 'Z99'"])
    }
}
