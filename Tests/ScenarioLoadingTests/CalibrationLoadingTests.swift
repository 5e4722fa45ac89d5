import Foundation
import Testing
@testable import ScenarioLoading
@testable import Calibration
import FairPlacesCore
import Simulation

/// The preference fields of issue #13 and the calibration targets file: values read, and every
/// bad value reported at its file, line and field.
@Suite struct CalibrationLoadingTests {
    static let town = ValidScenarioTests.minimal

    @Test func responsivePreferenceFieldsAreRead() throws {
        let fixture = try Fixture(scenario: Self.town + """

            preferences:
              catchment_bonus: 0.8
              faith_bonus: 1.5
              list_lengths: [0.1, 0.2, 0.7]
              chances: {weight: 0.9, rounds: 4}
              attractiveness: {S2: 0.75}
            """)
        defer { fixture.remove() }
        let spec = try fixture.load().spec
        guard case .model(let model) = spec.preferences else { Issue.record("not a model"); return }
        #expect(model.catchmentBonus == 0.8)
        #expect(model.faithBonus == 1.5)
        #expect(model.listLengthShares == [0.1, 0.2, 0.7])
        #expect(model.chances == ChanceAwareness(weight: 0.9, rounds: 4))
        #expect(spec.region.schools.map(\.attractiveness) == [0, 0.75])
    }

    @Test func portfolioListingAndLogPlacesAreRead() throws {
        let fixture = try Fixture(scenario: Self.town + """

            preferences:
              school_effects: {attractiveness: 1, log_places: 1}
              chances: {listing: portfolio, fallback: -2.5}
            """)
        defer { fixture.remove() }
        guard case .model(let model) = try fixture.load().spec.preferences else { Issue.record("not a model"); return }
        var expected = ChanceAwareness(weight: 0)
        expected.listing = .portfolio
        expected.fallback = -2.5
        #expect(model.chances == expected)
        #expect(model.schoolEffects[.logPlaces] == 1)
        #expect(PreferenceParameter(path: "chances.fallback")?.value(in: model) == -2.5)
    }

    @Test func sponsorLedAndSixthFormAreRead() throws {
        let inline = try Fixture(scenario: ValidScenarioTests.minimal.replacingOccurrences(
            of: "{id: S2, location_km: [8, 8], pan: 30}", with: "{id: S2, location_km: [8, 8], pan: 30, sponsor_led: true, sixth_form: true}"))
        defer { inline.remove() }
        let listed = try inline.load().spec.region.schools
        #expect(listed.map(\.sponsorLed) == [false, true] && listed.map(\.sixthForm) == [false, true])
        let fromFile = """
            region:
              synthetic: {width_km: 10, height_km: 10, pupils: 40, town_count: 1}
            schools: {file: schools.csv}
            """
        let file = try Fixture(scenario: fromFile, ["schools.csv": "id,x_km,y_km,pan,sponsor_led,sixth_form\nA,2,2,30,1,0\nB,8,8,30,,true\n"])
        defer { file.remove() }
        let read = try file.load().spec.region.schools
        #expect(read.map(\.sponsorLed) == [true, false] && read.map(\.sixthForm) == [false, true])
        try expectScenarioError([Fixture.main: fromFile, "schools.csv": "id,x_km,y_km,pan,sixth_form\nA,2,2,30,maybe\n"],
                                file: "schools.csv", line: 2, marker: "maybe", field: "sixth_form", message: ["maybe"])
    }

    @Test func attractivenessComesFromAFileAsCalibrateWritesIt() throws {
        let fixture = try Fixture(scenario: Self.town + "\npreferences: {attractiveness: {file: a.csv}}\n",
                                  ["a.csv": "school_id,name,attractiveness\nS1,School one,-0.25\n"])
        defer { fixture.remove() }
        #expect(try fixture.load().spec.region.schools.map(\.attractiveness) == [-0.25, 0])
    }

    @Test func badPreferenceValuesAreLocated() throws {
        try expectScenarioError(Self.town + "\npreferences:\n  list_lengths: [0.5, 0.4]\n", line: 8, marker: "list_lengths",
                                field: "preferences.list_lengths", message: ["must add up to 1"])
        try expectScenarioError(Self.town + "\npreferences:\n  list_lengths: [0.2, 0.2, 0.2, 0.4]\n", line: 8, marker: "list_lengths",
                                field: "preferences.list_lengths", message: ["1 to list_length (3)"])
        try expectScenarioError(Self.town + "\npreferences:\n  chances: {weight: 1, speed: 2}\n", line: 8, marker: "speed",
                                field: "preferences.chances.speed", message: ["speed"])
        try expectScenarioError(Self.town + "\npreferences:\n  chances: {rounds: 2}\n", line: 8, marker: "chances",
                                field: "preferences.chances.weight", message: ["weight"])
        try expectScenarioError(Self.town + "\npreferences:\n  chances: {listing: gamble, weight: 1}\n", line: 8, marker: "gamble",
                                field: "preferences.chances.listing", message: ["unknown listing 'gamble'", "portfolio"])
        try expectScenarioError(Self.town + "\npreferences:\n  chances: {weight: 1, fallback: -2}\n", line: 8, marker: "fallback",
                                field: "preferences.chances.fallback", message: ["needs listing: portfolio"])
        try expectScenarioError(Self.town + "\npreferences:\n  attractiveness: {S9: 1}\n", line: 8, marker: "S9",
                                field: "preferences.attractiveness.S9", message: ["no school 'S9'"])
        try expectScenarioError(Self.town + "\npreferences: {attractiveness: {file: a.csv}}\n",
                                ["a.csv": "school_id,attractiveness\nS1,high\n"], file: "a.csv", line: 2,
                                field: "attractiveness", message: ["expected a number"])
    }

    static let published = "URN,first,offers,fsm\nS1,20,25,12.5\nS2,30,x,30\nS7,5,5,5\n"

    func targets(_ text: String, model: PreferenceModel = PreferenceModel()) throws -> (CalibrationTargetsFile.Loaded?, ScenarioError?) {
        let fixture = try Fixture(["t.yaml": text, "p.csv": Self.published, Fixture.main: Self.town])
        defer { fixture.remove() }
        let region = try fixture.load().spec.region
        do {
            return (try CalibrationTargetsFile.load(path: fixture.path("t.yaml"), region: region, model: model), nil)
        } catch let error as ScenarioError {
            return (nil, error)
        }
    }

    @Test func targetsFileReadsPublishedFiguresInPlace() throws {
        let (loaded, error) = try targets("""
            rounds: 5
            folds: 3
            fold_evaluations: 7
            attractiveness: {fit: first_preferences, file: p.csv, columns: {school: URN, value: first}}
            parameters:
              catchment_bonus: {start: 1, range: [0, 4]}
            targets:
              - {statistic: offers, file: p.csv, columns: {school: URN, value: offers}}
              - {statistic: first_preference_offer_rate, value: 0.8, weight: 2}
            validation:
              - {statistic: mean_fsm_share, schools: all, file: p.csv, columns: {school: URN, value: fsm}, scale: 0.01}
            """)
        #expect(error == nil)
        guard let loaded else { return }
        #expect(loaded.spec.rounds == 5)
        #expect(loaded.spec.folds == 3 && loaded.spec.foldEvaluations == 7 && loaded.spec.evaluations == 40)
        #expect(loaded.spec.attractiveness?.targets == [20, 30])
        #expect(loaded.spec.parameters == [ParameterFit(parameter: .catchmentBonus, start: 1, lower: 0, upper: 4)])
        // S2's offers are withheld ('x') and S7 is not in the region: both left out, and said so.
        #expect(loaded.spec.targets.map(\.observed) == [25, 0.8])
        #expect(loaded.spec.targets[1].weight == 2)
        #expect(abs(loaded.spec.validation[0].observed - 0.2125) < 1e-12)
        #expect(loaded.notices.contains { $0.contains("1 row(s)") && $0.contains("outside the region") })
        #expect(loaded.notices.contains { $0.contains("without a published offers") })
    }

    @Test func badTargetsAreLocated() throws {
        let cases: [(String, Int, String, String)] = [
            ("targets:\n  - {statistic: popularity, value: 1}\n", 2, "targets[0].statistic", "unknown statistic 'popularity'"),
            ("parameters:\n  charm: {range: [0, 1]}\ntargets:\n  - {statistic: offers, file: p.csv, columns: {school: URN, value: offers}}\n",
             2, "parameters.charm", "unknown parameter 'charm'"),
            ("parameters:\n  catchment_bonus: {range: [2, 1]}\ntargets:\n  - {statistic: offers, file: p.csv, columns: {school: URN, value: offers}}\n",
             2, "parameters.catchment_bonus.range[1]", "must exceed"),
            ("parameters:\n  catchment_bonus: {range: [0, 1]}\n", 1, "parameters", "at least one under 'targets'"),
            ("targets:\n  - {statistic: offers, file: p.csv, columns: {school: URN, value: places}}\n", 2, "targets[0].columns.value", "no column 'places'"),
            ("targets:\n  - {statistic: offers, value: 3}\n", 2, "targets[0].value", "a figure per school"),
            ("targets:\n  - {statistic: first_preference_offer_rate, value: 1.5}\n", 2, "targets[0].value", "between"),
            ("targets:\n  - {statistic: mean_fsm_share, schools: grammar, file: p.csv, columns: {school: URN, value: fsm}}\n",
             2, "targets[0].schools", "unknown group 'grammar'"),
            ("parameters:\n  chances.weight: {range: [0, 1]}\ntargets:\n  - {statistic: offers, file: p.csv, columns: {school: URN, value: offers}}\n",
             2, "parameters.chances.weight", "needs preferences.chances"),
            ("parameters:\n  chances.fallback: {range: [-5, 0]}\ntargets:\n  - {statistic: offers, file: p.csv, columns: {school: URN, value: offers}}\n",
             2, "parameters.chances.fallback", "needs preferences.chances with listing: portfolio"),
            ("attractiveness: {fit: intake, file: p.csv, columns: {school: URN, value: first}}\n", 1, "attractiveness.fit", "unknown fit"),
        ]
        for (text, line, field, message) in cases {
            let (_, error) = try targets(text)
            #expect(error?.line == line, "\(field): \(String(describing: error))")
            #expect(error?.field == field, "\(field): \(String(describing: error))")
            #expect(error?.message.contains(message) == true, "\(field): \(String(describing: error?.message))")
            #expect(error?.file.hasSuffix("t.yaml") == true)
        }
    }

    @Test func offerRatesByAuthorityAreReadFromAnLAFile() throws {
        // The minimal town's areas are given an authority here ("town", matched in any case).
        let la = "time_period,geographic_level,la_name,first_pct\n202021,National,England,82.6\n202021,Local authority,Town,71.5\n"
            + "202021,Local authority,Elsewhere,90.1\n201920,Local authority,Town,60\n"
        let fixture = try Fixture(["t.yaml": "validation:\n  - {statistic: first_preference_offer_rate, file: la.csv, "
                                   + "columns: {authority: la_name, value: first_pct}, where: {time_period: \"202021\", geographic_level: Local authority}, scale: 0.01}\n",
                                   "la.csv": la, Fixture.main: Self.town])
        defer { fixture.remove() }
        let base = try fixture.load().spec.region
        let region = Region(pupils: base.pupils, schools: base.schools,
                            areas: base.areas.map { var a = $0; a.authority = "town"; return a }, faithNames: base.faithNames)
        let loaded = try CalibrationTargetsFile.load(path: fixture.path("t.yaml"), region: region, model: PreferenceModel())
        #expect(loaded.spec.validation.count == 1)
        let t = loaded.spec.validation[0]
        #expect(t.authority == "town" && abs(t.observed - 0.715) < 1e-12 && t.label == "town")
        #expect(loaded.notices.contains { $0.contains("1 row(s)") && $0.contains("authorities outside the region") })
        // A percentage left unscaled is refused at its row and column.
        let bad = try Fixture(["t.yaml": "validation:\n  - {statistic: first_preference_offer_rate, file: la.csv, columns: {authority: la_name, value: first_pct}}\n",
                               "la.csv": la, Fixture.main: Self.town])
        defer { bad.remove() }
        do {
            _ = try CalibrationTargetsFile.load(path: bad.path("t.yaml"), region: region, model: PreferenceModel())
            Issue.record("an unscaled percentage was accepted")
        } catch let e as ScenarioError {
            #expect(e.file.hasSuffix("la.csv") && e.line == 3 && e.field == "first_pct" && e.message.contains("scale: 0.01"), "\(e)")
        }
    }

    @Test func aTargetsPathThatIsNoFileIsRefused() throws {
        let fixture = try Fixture([Fixture.main: Self.town])
        defer { fixture.remove() }
        let region = try fixture.load().spec.region
        for (path, message) in [(fixture.dir.path, "a folder"), ("/dev/zero", "not a regular file"), (fixture.path("none.yaml"), "no such")] {
            #expect(throws: ScenarioError.self) { _ = try CalibrationTargetsFile.load(path: path, region: region, model: PreferenceModel()) }
            do { _ = try CalibrationTargetsFile.load(path: path, region: region, model: PreferenceModel()) } catch let e as ScenarioError {
                #expect(e.message.contains(message) && e.field == "--targets", "\(e)")
            }
        }
    }

    @Test func theCalibratedScenarioRunsTheFittedModel() throws {
        var model = PreferenceModel()
        model.catchmentBonus = 0.42
        model.distancePerKm = -1.25
        model.interactions = [PreferenceModel.Interaction(pupil: .fsm, school: .faith, coefficient: -0.5)]
        let result = CalibrationResult(
            model: model, attractiveness: [0.3, -0.3],
            parameters: [(ParameterFit(parameter: .catchmentBonus, start: 0, lower: 0, upper: 1), 0.42),
                         (ParameterFit(parameter: .distancePerKm, start: -1, lower: -2, upper: 0), -1.25),
                         (ParameterFit(parameter: .interaction(.fsm, .faith), start: 0, lower: -1, upper: 1), -0.5)],
            objective: 0, history: [], contraction: nil, expectations: nil, fitted: [], validation: [], outOfFold: [], folds: [])
        let fixture = try Fixture([Fixture.main: Self.town])
        defer { fixture.remove() }
        let out = fixture.dir.appendingPathComponent("fit")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let yaml = CalibratedScenario.yaml(scenario: fixture.path(), folder: out.path, targets: "t.yaml", result: result)
        #expect(yaml.contains("extends: \"../scenario.yaml\""))
        try yaml.write(to: out.appendingPathComponent("calibrated.yaml"), atomically: true, encoding: .utf8)
        try "school_id,name,attractiveness\nS1,a,0.3\nS2,b,-0.3\n".write(to: out.appendingPathComponent("attractiveness.csv"), atomically: true, encoding: .utf8)
        let spec = try ScenarioLoader.load(path: out.appendingPathComponent("calibrated.yaml").path).spec
        guard case .model(let loaded) = spec.preferences else { Issue.record("not a model"); return }
        #expect(loaded.catchmentBonus == 0.42)
        #expect(loaded.distancePerKm == -1.25)
        #expect(loaded.interactions == model.interactions)
        #expect(spec.region.schools.map(\.attractiveness) == [0.3, -0.3])
    }
}
