import Foundation
import Testing
@testable import ScenarioLoading
import FairPlacesCore

/// `former_catchment` and `or_former_catchment`: a boundary change that keeps moved families' old
/// priority (Brighton & Hove 2026's sibling links), worked by hand on four homes.
@Suite struct FormerCatchmentTests {
    /// Homes on a line at y = 104 km. A's catchment holds x = 530 only; its former catchment
    /// 530 and 531; B's catchment 531 and 532.
    static let pupils = """
        id,x_km,y_km,sibling_school
        inNow,530,104,A
        movedOut,531,104,A
        never,532,104,A
        siblingAtB,531,104,B
        """

    static func scenario(criterion: String = "{sibling: {in_catchment: true, or_former_catchment: true}}",
                         former: String = "former_catchment: {polygon_km: [[529.5, 103.5], [531.5, 103.5], [531.5, 104.5], [529.5, 104.5]]}, ") -> String {
        """
        region:
          files: {pupils: pupils.csv}
        schools:
          list:
            - id: A
              location_km: [530, 104]
              pan: 1
              arrangements: {criteria: [\(criterion), catchment], \(former)catchment: {polygon_km: [[529.5, 103.5], [530.5, 103.5], [530.5, 104.5], [529.5, 104.5]]}}
            - {id: B, location_km: [532, 104], pan: 1, arrangements: {catchment: {polygon_km: [[530.5, 103.5], [532.5, 103.5], [532.5, 104.5], [530.5, 104.5]]}}}
        """
    }

    static func region(_ scenario: String) throws -> Region {
        let fixture = try Fixture(scenario: scenario, ["pupils.csv": Self.pupils])
        defer { fixture.remove() }
        return try fixture.load().spec.region
    }

    @Test func movedFamiliesKeepTheirOldPriorityOnlyWhereAsked() throws {
        let region = try Self.region(Self.scenario())
        #expect((0..<4).map { region.inCatchment(pupil: $0, school: 0) } == [true, false, false, false])
        #expect((0..<4).map { region.inFormerCatchment(pupil: $0, school: 0) } == [true, true, false, true])
        // B has no former catchment: nobody is in it.
        #expect((0..<4).map { region.inFormerCatchment(pupil: $0, school: 1) } == [false, false, false, false])
        let widened = region.schools[0].arrangements.criteria[0]
        #expect(widened.kind == .sibling && widened.inCatchment == true && widened.orFormerCatchment)
        let rules = PriorityRules(region: region, seed: 1, replication: 1)
        // Sibling at A and living in its catchment now or before: the first two homes; the third
        // never lived in it, the fourth's sibling is at B.
        #expect((0..<4).map { rules.meets(widened, pupil: $0, school: 0) } == [true, true, false, false])
        // Without the option the moved family loses the sibling level (the boundary change alone).
        let plain = OversubscriptionCriterion(.sibling, inCatchment: true)
        #expect((0..<4).map { rules.meets(plain, pupil: $0, school: 0) } == [true, false, false, false])
        // The former catchment widens nothing else: the catchment criterion is today's map.
        #expect((0..<4).map { rules.meets(.catchment, pupil: $0, school: 0) } == [true, false, false, false])
    }

    @Test func optionWithoutInCatchmentIsLocated() throws {
        try expectScenarioError(Self.scenario(criterion: "{sibling: {or_former_catchment: true}}"), ["pupils.csv": Self.pupils],
                                line: 8, marker: "or_former_catchment: true", columnOf: "or_former_catchment",
                                field: "schools.list[0].arrangements.criteria[0].sibling.or_former_catchment",
                                message: ["widens 'in_catchment: true'"])
    }

    @Test func optionWithoutAFormerCatchmentIsLocated() throws {
        try expectScenarioError(Self.scenario(former: ""), ["pupils.csv": Self.pupils],
                                line: 8, marker: "criteria:", field: "schools.list[0].arrangements.criteria",
                                message: ["needs the school's former_catchment", "school 'A' has none"])
    }

    @Test func badFormerCatchmentMapIsLocated() throws {
        try expectScenarioError(Self.scenario(former: "former_catchment: {file: old.geojson, feature: East}, "), ["pupils.csv": Self.pupils],
                                line: 8, marker: "old.geojson", field: "schools.list[0].arrangements.former_catchment.file",
                                message: ["does not exist"])
    }
}
