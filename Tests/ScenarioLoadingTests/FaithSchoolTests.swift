import Testing
@testable import ScenarioLoading
import FairPlacesCore

/// Schools with a religious character rank families of their faith after looked-after children by
/// default; their type's or their own arrangements can say otherwise.
struct FaithSchoolTests {
    static let region = """
        region:
          synthetic: {width_km: 10, height_km: 10, pupils: 200, town_count: 1, faiths: {catholic: 0.2, muslim: 0.1}}
        """

    @Test func faithCriterionFollowsLookedAfter() throws {
        let fixture = try Fixture(scenario: Self.region + """

            admissions:
              default: {criteria: [looked_after, sibling, catchment], catchment: {polygon_km: [[0, 0], [10, 0], [10, 10]]}}
            schools:
              list:
                - {id: VA, type: voluntary_aided, faith: catholic, location_km: [2, 2], pan: 60}
                - {id: C, location_km: [8, 8], pan: 60}
            """)
        defer { fixture.remove() }
        let schools = try fixture.load().spec.region.schools
        // Faith names: index 0 none, 1 catholic, 2 muslim.
        #expect(schools[0].arrangements.criteria == [.lookedAfter, OversubscriptionCriterion(.faith, members: [1]), .sibling, .catchment])
        #expect(schools[1].arrangements.criteria == [.lookedAfter, .sibling, .catchment])
        #expect(schools[0].religiousCharacter == "catholic")
    }

    @Test func typeArrangementsOverrideTheFaithDefault() throws {
        let fixture = try Fixture(scenario: Self.region + """

            admissions:
              by_type:
                voluntary_aided: {criteria: [looked_after, sibling]}
            schools:
              list:
                - {id: VA, type: voluntary_aided, faith: catholic, location_km: [2, 2], pan: 60}
            """)
        defer { fixture.remove() }
        #expect(try fixture.load().spec.region.schools[0].arrangements.criteria == [.lookedAfter, .sibling])
    }

    @Test func unknownReligiousCharacterIsAnError() throws {
        try expectScenarioError([Fixture.main: Self.region + """

            schools:
              list:
                - {id: VA, type: voluntary_aided, faith: sikh, location_km: [2, 2], pan: 60}
            """], line: 5, marker: "sikh", field: "schools.list[0].faith", message: ["religious character 'sikh'"])
    }

    @Test func schoolsFileReligiousCharacter() throws {
        let fixture = try Fixture(scenario: Self.region + """

            schools:
              file: schools.csv
            """, ["schools.csv": "id,x_km,y_km,pan,type,religious_character\nVA,2,2,60,voluntary_aided,muslim\nX,3,3,60,community,\n"])
        defer { fixture.remove() }
        let schools = try fixture.load().spec.region.schools
        #expect(schools[0].arrangements.criteria == [.lookedAfter, OversubscriptionCriterion(.faith, members: [2]), .sibling])
        #expect(schools[1].arrangements.criteria == [.lookedAfter, .sibling])
    }
}
