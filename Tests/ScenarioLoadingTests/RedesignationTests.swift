import Foundation
import Testing
@testable import ScenarioLoading
import FairPlacesCore

/// Issue #14: a grammar county made comprehensive in one line (`by_type: grammar: {becomes: …}`),
/// `selection: none`, and a base scenario's data paths read from the base's own folder.
@Suite struct RedesignationTests {
    static let selectiveCounty = scenariosFolder.appendingPathComponent("selective-county.yaml").path

    @Test func grammarSchoolsBecomeCommunitySchoolsWithTheCommunityArrangements() throws {
        let fixture = try Fixture(["variant.yaml": """
            extends: \(Self.selectiveCounty)
            admissions:
              by_type:
                grammar: {becomes: community}
            """])
        defer { fixture.remove() }
        let base = try ScenarioLoader.load(path: Self.selectiveCounty).spec.region
        let variant = try fixture.load("variant.yaml").spec.region
        let grammarIDs = base.schools.filter { $0.type == .grammar }.map(\.id)
        #expect(grammarIDs == ["G1", "G2", "G3", "G4"])
        // The county's community schools (generated, so with no arrangements of their own) show
        // what a community school's arrangements are in this scenario.
        let community = try #require(base.schools.first { $0.type == .community })
        #expect(community.arrangements.selection == nil)
        for id in grammarIDs {
            let s = try #require(variant.schools.first { $0.id == id })
            #expect(s.type == .community)
            #expect(s.arrangements == community.arrangements)
            #expect(s.arrangements.selection == nil)
        }
        #expect(!variant.schools.contains { $0.type == .grammar })
        // The pupils and the schools' places are the base's.
        #expect(variant.pupils.count == base.pupils.count)
        #expect(variant.schools.map(\.pan) == base.schools.map(\.pan))
        #expect(variant.schools.map(\.location) == base.schools.map(\.location))
    }

    @Test func selectionNoneLeavesAGrammarSchoolUnselective() throws {
        let fixture = try Fixture(["variant.yaml": """
            extends: \(Self.selectiveCounty)
            admissions:
              by_type:
                grammar: {selection: none}
            """])
        defer { fixture.remove() }
        let region = try fixture.load("variant.yaml").spec.region
        let grammars = region.schools.filter { $0.type == .grammar }
        #expect(grammars.count == 4)
        #expect(grammars.allSatisfy { $0.arrangements.selection == nil })
        // And the base, read alone, still selects.
        let base = try ScenarioLoader.load(path: Self.selectiveCounty).spec.region
        #expect(base.schools.filter { $0.type == .grammar }.allSatisfy { $0.arrangements.selection?.qualifyingShare == 0.25 })
    }

    @Test func becomesStandsAlone() throws {
        try expectScenarioError(["variant.yaml": """
            extends: \(Self.selectiveCounty)
            admissions:
              by_type:
                grammar: {becomes: community, tie_break: random}
            """], main: "variant.yaml", line: 4, marker: "tie_break", field: "admissions.by_type.grammar.tie_break",
            message: ["'becomes' re-designates grammar schools", "give no other field beside it"])
    }

    @Test func becomesNamesAKnownType() throws {
        try expectScenarioError(["variant.yaml": """
            extends: \(Self.selectiveCounty)
            admissions:
              by_type:
                grammar: {becomes: comprehensive}
            """], main: "variant.yaml", line: 4, marker: "comprehensive", field: "admissions.by_type.grammar.becomes",
            message: ["unknown value 'comprehensive'", "community"])
    }

    @Test func aBaseInAnotherFolderReadsItsDataFilesFromItsOwnFolder() throws {
        // replay-from-files.yaml names ../Data/example-pupils.csv and ../Data/example-schools.csv,
        // relative to Scenarios/; a variant in a temporary folder must still find them.
        let base = scenariosFolder.appendingPathComponent("replay-from-files.yaml").path
        let fixture = try Fixture(["variant.yaml": "extends: \(base)\nseed: 77\n"])
        defer { fixture.remove() }
        let variant = try fixture.load("variant.yaml").spec
        let original = try ScenarioLoader.load(path: base).spec
        #expect(variant.seed == 77)
        #expect(variant.region.pupils.count == 400)
        #expect(variant.region.pupils.count == original.region.pupils.count)
        #expect(variant.region.schools.map(\.id) == original.region.schools.map(\.id))
    }

    @Test func aVariantsOwnPathIsReadFromTheVariantsFolder() throws {
        // The variant restates the schools file: that path is the variant's, not the base's.
        let base = scenariosFolder.appendingPathComponent("replay-from-files.yaml").path
        let schools = try String(contentsOf: scenariosFolder.deletingLastPathComponent()
            .appendingPathComponent("Data/example-schools.csv"), encoding: .utf8)
        let fixture = try Fixture(["variant.yaml": "extends: \(base)\nschools:\n  file: my-schools.csv\n",
                                   "my-schools.csv": schools])
        defer { fixture.remove() }
        let variant = try fixture.load("variant.yaml").spec
        #expect(variant.region.schools.count == 4)
    }
}
