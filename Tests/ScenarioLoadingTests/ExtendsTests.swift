import Foundation
import Testing
@testable import ScenarioLoading
import FairPlacesCore
import Simulation

/// `extends:`: a variant laid over a base, mappings merged key by key, lists replaced whole.
@Suite struct ExtendsTests {
    static let base = """
        name: Base town
        description: the base
        seed: 3
        replications: 7
        region:
          synthetic:
            width_km: 10
            height_km: 10
            pupils: 60
            town_count: 1
        schools:
          list:
            - {id: S1, location_km: [2, 2], pan: 30}
            - {id: S2, location_km: [8, 8], pan: 40}
            - {id: S3, location_km: [5, 5], pan: 50, type: academy}
        admissions:
          default: {criteria: [looked_after, sibling], tie_break: distance}
          lottery: per_school
        preferences:
          list_length: 4
          considered_schools: 6
          distance_per_km: -1.0
          sibling_bonus: 1.5
        """

    @Test func variantChangingSeedAndOnePANKeepsTheBasesOtherValues() throws {
        // Lists are replaced whole, so changing one school's PAN restates the list with that PAN changed.
        let fixture = try Fixture(["base.yaml": Self.base, "variant.yaml": """
            extends: base.yaml
            seed: 9
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
                - {id: S2, location_km: [8, 8], pan: 45}
                - {id: S3, location_km: [5, 5], pan: 50, type: academy}
            """])
        defer { fixture.remove() }
        let loaded = try fixture.load("variant.yaml")
        let spec = loaded.spec
        #expect(loaded.file == fixture.path("variant.yaml"))
        #expect(spec.seed == 9)
        #expect(spec.region.schools.map(\.pan) == [30, 45, 50])
        #expect(spec.region.schools.map(\.id) == ["S1", "S2", "S3"])
        #expect(spec.region.schools[2].type == .academy)
        // Everything else comes from the base.
        #expect(spec.name == "Base town")
        #expect(loaded.description == "the base")
        #expect(spec.replications == 7)
        #expect(spec.region.pupils.count == 60)
        #expect(spec.lotteryScope == .perSchool)
        guard case .model(let model) = spec.preferences else {
            Issue.record("expected model preferences, got \(spec.preferences)")
            return
        }
        #expect(model.listLength == 4)
        #expect(model.consideredSchools == 6)
        #expect(model.distancePerKm == -1.0)
        #expect(model.siblingBonus == 1.5)
    }

    @Test func nestedMappingsMergeKeyByKeyAndListsReplace() throws {
        let fixture = try Fixture(["base.yaml": Self.base, "variant.yaml": """
            extends: base.yaml
            admissions:
              default: {criteria: [sibling]}
            preferences:
              distance_per_km: -2.0
            schools:
              list:
                - {id: N1, location_km: [1, 1], pan: 20}
            """])
        defer { fixture.remove() }
        let spec = try fixture.load("variant.yaml").spec
        // Lists replace: one school, not the base's three plus one; criteria not concatenated.
        #expect(spec.region.schools.map(\.id) == ["N1"])
        #expect(spec.region.schools[0].arrangements.criteria == [.sibling])
        // Mappings merge: tie_break and lottery still from the base.
        #expect(spec.region.schools[0].arrangements.tieBreak == .distance)
        #expect(spec.lotteryScope == .perSchool)
        guard case .model(let model) = spec.preferences else {
            Issue.record("expected model preferences, got \(spec.preferences)")
            return
        }
        #expect(model.distancePerKm == -2.0)
        #expect(model.listLength == 4)
        #expect(model.consideredSchools == 6)
        #expect(model.siblingBonus == 1.5)
        // The region mapping came whole from the base.
        #expect(spec.region.pupils.count == 60)
        #expect(spec.seed == 3)
    }

    @Test func variantsCanExtendVariants() throws {
        let fixture = try Fixture(["base.yaml": Self.base,
                                   "middle.yaml": "extends: base.yaml\nseed: 10\nreplications: 2\n",
                                   "top.yaml": "extends: middle.yaml\nreplications: 5\n"])
        defer { fixture.remove() }
        let spec = try fixture.load("top.yaml").spec
        #expect(spec.seed == 10)
        #expect(spec.replications == 5)
        #expect(spec.name == "Base town")
    }

    @Test func extendsPathIsRelativeToTheVariant() throws {
        let fixture = try Fixture(["base.yaml": Self.base])
        defer { fixture.remove() }
        let sub = fixture.dir.appendingPathComponent("variants")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "extends: ../base.yaml\nseed: 4\n".write(to: sub.appendingPathComponent("v.yaml"), atomically: true, encoding: .utf8)
        let spec = try ScenarioLoader.load(path: sub.appendingPathComponent("v.yaml").path).spec
        #expect(spec.seed == 4)
        #expect(spec.replications == 7)
    }

    @Test func errorInTheBaseNamesTheBaseFile() throws {
        try expectScenarioError(["base.yaml": """
            name: Base
            replications: 0
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30}
            """, "variant.yaml": """
            extends: base.yaml
            seed: 9
            """], main: "variant.yaml", file: "base.yaml", line: 2, marker: "replications: 0",
            field: "replications", message: ["must be at least 1", "got 0"])
    }

    @Test func unknownFieldInTheBaseNamesTheBaseFile() throws {
        try expectScenarioError(["base.yaml": """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools:
              list:
                - {id: S1, location_km: [2, 2], pan: 30, capacity: 3}
            """, "variant.yaml": """
            name: variant
            extends: base.yaml
            seed: 9
            """], main: "variant.yaml", file: "base.yaml", line: 5, marker: "capacity",
            field: "schools.list[0].capacity", message: ["unknown field 'capacity'"])
    }

    @Test func errorInTheVariantNamesTheVariantFile() throws {
        try expectScenarioError(["base.yaml": Self.base, "variant.yaml": """
            extends: base.yaml
            preferences:
              list_length: 0
            """], main: "variant.yaml", line: 3, marker: "list_length: 0",
            field: "preferences.list_length", message: ["must be at least 1"])
    }

    @Test func syntaxErrorInTheBaseNamesTheBaseFile() throws {
        try expectScenarioError(["base.yaml": "name: b\nseed: 3\n  replications: 2\n", "variant.yaml": "extends: base.yaml\n"],
                                main: "variant.yaml", file: "base.yaml", line: 3, marker: "replications",
                                field: "", message: ["YAML syntax error"])
    }

    @Test func missingBaseIsAnErrorOnTheExtendsLine() throws {
        try expectScenarioError(["variant.yaml": """
            name: variant
            seed: 9
            extends: nowhere.yaml
            """], main: "variant.yaml", line: 3, marker: "extends: nowhere.yaml", columnOf: "nowhere.yaml",
            field: "extends", message: ["the base scenario", "nowhere.yaml", "does not exist"])
    }

    @Test func circularExtendsIsAnError() throws {
        let fixture = try Fixture(["a.yaml": "name: a\nextends: b.yaml\n", "b.yaml": "seed: 2\nextends: a.yaml\n"])
        defer { fixture.remove() }
        let error = loadError(fixture, "a.yaml")
        #expect(error?.field == "extends")
        #expect(error?.message.contains("circular extends") == true)
        #expect(error?.message.contains("a.yaml → ") == true && error?.message.contains("b.yaml → ") == true,
                "the message shows the loop: \(String(describing: error))")
        #expect(error?.file == fixture.path("b.yaml"), "\(String(describing: error))")
        #expect(error?.line == 2, "\(String(describing: error))")
    }

    @Test func scenarioExtendingItselfIsAnError() throws {
        let fixture = try Fixture(["a.yaml": "name: a\nextends: a.yaml\n"])
        defer { fixture.remove() }
        let error = loadError(fixture, "a.yaml")
        #expect(error?.field == "extends")
        #expect(error?.message.contains("circular extends") == true)
    }
}
