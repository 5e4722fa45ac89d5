import Foundation
import Testing
@testable import ScenarioLoading
import FairPlacesCore
import Allocation
import Simulation

/// The examples in `Scenarios/` load, and omitted fields take their documented defaults.
@Suite struct ValidScenarioTests {
    static func exampleScenarios() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenariosFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func theExamplesFolderIsFound() {
        let names = Self.exampleScenarios()
        #expect(names.count >= 4, "found \(names) in \(scenariosFolder.path)")
        #expect(names.contains("comprehensive-town.yaml"))
    }

    @Test(arguments: exampleScenarios())
    func exampleLoads(name: String) throws {
        let path = scenariosFolder.appendingPathComponent(name).path
        let loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader.load(path: path)
        } catch let error as ScenarioError {
            Issue.record("\(error)")
            return
        }
        let spec = loaded.spec
        #expect(loaded.file == path)
        #expect(!spec.name.isEmpty)
        #expect(!loaded.description.isEmpty)
        #expect(spec.region.pupils.count > 0)
        #expect(!spec.region.schools.isEmpty)
        #expect(spec.replications >= 1)
        #expect(Set(spec.region.schools.map(\.id)).count == spec.region.schools.count, "school ids are unique")
        for school in spec.region.schools where school.arrangements.criteria.contains(.catchment) {
            #expect(school.arrangements.catchment != nil, "\(school.id) ranks by catchment")
        }
    }

    @Test func replayExampleUsesStatedLists() throws {
        let path = scenariosFolder.appendingPathComponent("replay-from-files.yaml").path
        try #require(FileManager.default.fileExists(atPath: path))
        let spec = try ScenarioLoader.load(path: path).spec
        guard case .stated(let lists) = spec.preferences else {
            Issue.record("expected stated preferences, got \(spec.preferences)")
            return
        }
        #expect(lists.pupilCount == spec.region.pupils.count)
    }

    static let minimal = """
        region:
          synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
        schools:
          list:
            - {id: S1, location_km: [2, 2], pan: 30}
            - {id: S2, location_km: [8, 8], pan: 30}
        """

    @Test func defaultsApplyWhenFieldsAreOmitted() throws {
        let fixture = try Fixture(["my-town.yaml": Self.minimal])
        defer { fixture.remove() }
        let loaded = try fixture.load("my-town.yaml")
        let spec = loaded.spec
        #expect(spec.name == "my-town")
        #expect(loaded.description == "")
        #expect(spec.seed == 1)
        #expect(spec.replications == 1)
        #expect(spec.mechanism == .deferredAcceptance)
        #expect(spec.unplacedRule == .nearestVacancy)
        #expect(spec.lotteryScope == .single)
        #expect(loaded.outputs.pupils == false)
        #expect(spec.region.pupils.count == 40)
        let s = spec.region.schools[0]
        #expect(s.name == "S1")
        #expect(s.type == .community)
        #expect(s.attractiveness == 0)
        #expect(s.arrangements.criteria == [.lookedAfter, .sibling])
        #expect(s.arrangements.tieBreak == .distance)
        #expect(s.arrangements.catchment == nil)
        #expect(s.arrangements.selection == nil)
        guard case .model(let model) = spec.preferences else {
            Issue.record("expected model preferences, got \(spec.preferences)")
            return
        }
        #expect(model.listLength == 3)
        #expect(model.consideredSchools == 20)
        #expect(model.distancePerKm == -0.5)
        #expect(model.siblingBonus == 2.0)
        #expect(model.nearestAsSafeChoice == 0)
        #expect(model.schoolEffects == [.attractiveness: 1.0])
    }

    @Test func defaultsApplyInsideAPartialPreferencesSection() throws {
        let fixture = try Fixture(scenario: Self.minimal + "\npreferences: {distance_per_km: -0.8}\nadmissions: {lottery: per_school}\n")
        defer { fixture.remove() }
        let spec = try fixture.load().spec
        #expect(spec.lotteryScope == .perSchool)
        #expect(spec.mechanism == .deferredAcceptance)
        guard case .model(let model) = spec.preferences else {
            Issue.record("expected model preferences")
            return
        }
        #expect(model.distancePerKm == -0.8)
        #expect(model.listLength == 3)
        #expect(model.consideredSchools == 20)
    }

    @Test func explicitValuesAreRead() throws {
        let fixture = try Fixture(scenario: """
            name: Explicit
            description: all set
            seed: 18446744073709551615
            replications: 12
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, name: First, type: voluntary_aided, location_km: [2, 2], pan: 30, attractiveness: 0.7}
                - id: G1
                  type: grammar
                  location_km: [8, 8]
                  pan: 30
                  arrangements: {criteria: [sibling], tie_break: random}
            admissions:
              unplaced: none
            preferences:
              list_length: 5
              considered_schools: 7
              school_effects: {attractiveness: 0.4, selective: 0.5}
              distance_by: {fsm: -0.15}
              interactions:
                - {pupil: attainment, school: selective, coefficient: 1.0}
            outputs: {pupils: yes}
            """)
        defer { fixture.remove() }
        let loaded = try fixture.load()
        let spec = loaded.spec
        #expect(spec.name == "Explicit")
        #expect(loaded.description == "all set")
        #expect(spec.seed == UInt64.max)
        #expect(spec.replications == 12)
        #expect(spec.unplacedRule == UnplacedPupilRule.none)
        #expect(loaded.outputs.pupils)
        let schools = spec.region.schools
        #expect(schools[0].name == "First")
        #expect(schools[0].type == .voluntaryAided)
        #expect(schools[0].attractiveness == 0.7)
        #expect(schools[1].type == .grammar)
        #expect(schools[1].arrangements.criteria == [.sibling])
        #expect(schools[1].arrangements.tieBreak == .random)
        // A grammar school selects by the default test even though its arrangements do not say so.
        #expect(schools[1].arrangements.selection == Selection())
        guard case .model(let model) = spec.preferences else {
            Issue.record("expected model preferences")
            return
        }
        #expect(model.listLength == 5)
        #expect(model.consideredSchools == 7)
        #expect(model.schoolEffects == [.attractiveness: 0.4, .selective: 0.5])
        #expect(model.distanceInteractions == [.fsm: -0.15])
        #expect(model.interactions == [PreferenceModel.Interaction(pupil: .attainment, school: .selective, coefficient: 1.0)])
    }

    @Test func generatedSchoolsGetTheirTypesArrangements() throws {
        let fixture = try Fixture(scenario: """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 200, town_count: 2}
            schools:
              generate: {count: 4, types: {academy: 1}}
            admissions:
              by_type:
                academy: {tie_break: random}
            """)
        defer { fixture.remove() }
        let schools = try fixture.load().spec.region.schools
        #expect(schools.count == 4)
        #expect(schools.allSatisfy { $0.type == .academy && $0.arrangements.tieBreak == .random })
        #expect(schools.allSatisfy { $0.arrangements.criteria == [.lookedAfter, .sibling] })
    }

    @Test func loadingIsDeterministic() throws {
        let fixture = try Fixture(scenario: Self.minimal + "\nseed: 42\n")
        defer { fixture.remove() }
        let a = try fixture.load().spec.region, b = try fixture.load().spec.region
        #expect(a.pupils == b.pupils)
        #expect(a.schools == b.schools)
    }
}
