import Testing
@testable import ScenarioLoading
import FairPlacesCore
import Allocation
import Simulation

/// Distance measured by a supplied travel matrix between small areas and schools.
struct TravelTests {
    /// Pupils in area NEAR live 1 km from the school in a straight line but 30 minutes away by road;
    /// area FAR is 5 km away but 10 minutes. The school measures by travel, so with one place the
    /// FAR pupil is admitted.
    static let pupils = "id,x_km,y_km,area,preferences\nP1,1,0,NEAR,S\nP2,5,0,FAR,S\n"
    static let scenario = """
        region:
          files: {pupils: pupils.csv}
          travel: {file: travel.csv}
        schools:
          list:
            - {id: S, location_km: [0, 0], pan: 1, arrangements: {criteria: [], distance_measure: travel}}
        """

    @Test func travelTimesDecide() throws {
        let fixture = try Fixture(scenario: Self.scenario, ["pupils.csv": Self.pupils,
                                                             "travel.csv": "area,school,value\nNEAR,S,30\nFAR,S,10\n"])
        defer { fixture.remove() }
        let spec = try fixture.load().spec
        let rules = PriorityRules(region: spec.region, seed: 1, replication: 1)
        #expect(rules.distance(pupil: 0, school: 0) == 30)
        #expect(rules.distance(pupil: 1, school: 0) == 10)
        guard case .stated(let lists) = spec.preferences else { Issue.record("expected stated lists"); return }
        let allocation = CoordinatedAdmissions(.deferredAcceptance, unplacedRule: .none).allocate(rules: rules, preferences: lists, seed: 1, replication: 1)
        #expect(allocation.school == [-1, 0])
    }

    @Test func unknownAreaInTravelFile() throws {
        try expectScenarioError(["scenario.yaml": Self.scenario, "pupils.csv": Self.pupils,
                                 "travel.csv": "area,school,value\nNEAR,S,30\nFAR,S,10\nMOON,S,3\n"],
                                file: "travel.csv", line: 4, marker: "MOON", field: "area", message: ["unknown small area 'MOON'"])
    }

    @Test func missingTravelValueForAPopulatedArea() throws {
        let error = try expectScenarioError(["scenario.yaml": Self.scenario, "pupils.csv": Self.pupils,
                                             "travel.csv": "area,school,value\nNEAR,S,30\n"],
                                            line: 3, marker: "travel:", field: "region.travel", message: ["travel.csv has no travel value for area 'FAR'"])
        #expect(error != nil)
    }

    @Test func travelMeasureNeedsAMatrix() throws {
        try expectScenarioError(["scenario.yaml": """
            region:
              files: {pupils: pupils.csv}
            schools:
              list:
                - {id: S, location_km: [0, 0], pan: 1, arrangements: {criteria: [], distance_measure: travel}}
            """, "pupils.csv": Self.pupils], line: 1, marker: "region", field: "region",
            message: ["measures distance by travel", "region.travel"])
    }

    /// A wide travel file (one column per school, as routing tools write them) feeding the
    /// preference model: with distance_per_km 0 and travel_per_unit −1, the utilities are minus the
    /// minutes, S1 −30 and S2 −10, though S1 is nearer. The row of an area outside the region is skipped.
    @Test func wideTravelFileInThePreferenceModel() throws {
        let fixture = try Fixture(scenario: """
            region:
              files: {pupils: pupils.csv}
              travel: {file: travel.csv, area_column: id, columns: {S1: time_s1, S2: time_s2}}
            schools:
              list:
                - {id: S1, location_km: [1, 0], pan: 1}
                - {id: S2, location_km: [5, 0], pan: 1}
            preferences: {source: model, distance_per_km: 0, travel_per_unit: -1, considered_schools: 2, list_length: 2, sibling_bonus: 0}
            """, ["pupils.csv": "id,x_km,y_km,area\nP,0,0,X\n", "travel.csv": "id,time_s1,time_s2\nX,30,10\nELSEWHERE,1,1\n"])
        defer { fixture.remove() }
        let spec = try fixture.load().spec
        guard case .model(let model) = spec.preferences else { Issue.record("expected a model"); return }
        #expect(model.travelPerUnit == -1)
        let sets = ChoiceSets(region: spec.region, model: model)
        #expect(sets.schools == [0, 1] && sets.utility == [-30, -10])
    }

    @Test func travelInPreferencesNeedsEveryValue() throws {
        try expectScenarioError(["scenario.yaml": """
            region:
              files: {pupils: pupils.csv}
              travel: {file: travel.csv, area_column: id, columns: {S1: time_s1, S2: time_s2}}
            schools:
              list:
                - {id: S1, location_km: [1, 0], pan: 1}
                - {id: S2, location_km: [5, 0], pan: 1}
            preferences: {travel_per_unit: -0.1}
            """, "pupils.csv": "id,x_km,y_km,area\nP,0,0,X\n", "travel.csv": "id,time_s1,time_s2\nX,30,\n"],
            line: 8, marker: "travel_per_unit", field: "preferences.travel_per_unit", message: ["no travel value for area 'X'", "school 'S2'"])
    }
}
