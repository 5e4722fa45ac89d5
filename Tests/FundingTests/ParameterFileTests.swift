import Foundation
import Testing
import FairPlacesCore
import Funding
@testable import ScenarioLoading

/// Funding parameter files and the scenario's `funding:` section: what loads, and errors that name
/// the file, line and field.
@Suite struct ParameterFileTests {
    static let scenario = synthetic(funding: "  parameters: params.yaml")

    /// A parameter file whose line 4 is `line4` (under `per_pupil:`).
    static func params(_ line4: String) -> String {
        """
        name: test set
        per_pupil:
          basic_entitlement_ks3: 5000
        \(line4)
        """
    }

    // MARK: Errors in the parameter file name the parameter file

    @Test func unknownFactor() throws {
        try expectLoadError(["scenario.yaml": Self.scenario, "params.yaml": Self.params("  idaci_g: 10")],
                            file: "params.yaml", line: 4, marker: "idaci_g", field: "per_pupil.idaci_g",
                            message: ["unknown factor 'idaci_g'", "idaci_a"])
    }

    @Test func factorInTheWrongSection() throws {
        try expectLoadError(["scenario.yaml": Self.scenario, "params.yaml": Self.params("  lump_sum: 100000")],
                            file: "params.yaml", line: 4, marker: "lump_sum", field: "per_pupil.lump_sum",
                            message: ["unknown factor 'lump_sum'", "belongs in 'school_level'"])
    }

    @Test func negativeRate() throws {
        try expectLoadError(["scenario.yaml": Self.scenario, "params.yaml": Self.params("  fsm: -490")],
                            file: "params.yaml", line: 4, marker: "fsm: -490", field: "per_pupil.fsm",
                            message: ["must not be negative", "-490"])
    }

    @Test func negativeRateWithItsSource() throws {
        try expectLoadError(["scenario.yaml": Self.scenario,
                             "params.yaml": Self.params("  fsm: {value: -490, source: DfE, status: verified}")],
                            file: "params.yaml", line: 4, marker: "-490", field: "per_pupil.fsm.value",
                            message: ["must not be negative"])
    }

    @Test func unknownStatus() throws {
        try expectLoadError(["scenario.yaml": Self.scenario,
                             "params.yaml": Self.params("  fsm: {value: 490, status: checked}")],
                            file: "params.yaml", line: 4, marker: "checked", field: "per_pupil.fsm.status",
                            message: ["unknown status 'checked'", "unverified"])
    }

    @Test func notANumber() throws {
        try expectLoadError(["scenario.yaml": Self.scenario, "params.yaml": Self.params("  fsm: lots")],
                            file: "params.yaml", line: 4, marker: "lots", field: "per_pupil.fsm",
                            message: ["expected a number, got 'lots'"])
    }

    @Test func emptyValue() throws {
        try expectLoadError(["scenario.yaml": Self.scenario, "params.yaml": Self.params("  fsm:")],
                            file: "params.yaml", line: 4, marker: "fsm:", field: "per_pupil.fsm",
                            message: ["'fsm' has no value"])
    }

    @Test func idaciFactorNeedsTheBandEnds() throws {
        try expectLoadError(["scenario.yaml": Self.scenario, "params.yaml": Self.params("  idaci_c: 690")],
                            file: "params.yaml", line: 4, marker: "idaci_c", field: "per_pupil.idaci_c",
                            message: ["needs the IDACI band ends", "eligibility.idaci_band_a"])
    }

    @Test func bandEndsMustIncrease() throws {
        let params = """
            per_pupil:
              idaci_a: 945
            eligibility:
              idaci_band_a: 0.025
              idaci_band_b: 0.075
              idaci_band_c: 0.05
              idaci_band_d: 0.175
              idaci_band_e: 0.275
              idaci_band_f: 0.375
            """
        try expectLoadError(["scenario.yaml": Self.scenario, "params.yaml": params],
                            file: "params.yaml", line: 6, marker: "idaci_band_c", field: "eligibility.idaci_band_c",
                            message: ["must increase", "not above 0.075"])
    }

    @Test func lowPriorAttainmentNeedsItsShare() throws {
        try expectLoadError(["scenario.yaml": Self.scenario, "params.yaml": Self.params("  low_prior_attainment: 1775")],
                            file: "params.yaml", line: 4, marker: "low_prior_attainment", field: "per_pupil.low_prior_attainment",
                            message: ["low_prior_attainment_share"])
    }

    @Test func unknownSection() throws {
        let params = "name: x\nper_pupil: {fsm: 490}\nbonus: {fsm: 3}\n"
        try expectLoadError(["scenario.yaml": Self.scenario, "params.yaml": params],
                            file: "params.yaml", line: 3, marker: "bonus", field: "bonus",
                            message: ["unknown field 'bonus'"])
    }

    // MARK: Errors in the scenario name the scenario

    @Test func unknownOverride() throws {
        let scenario = synthetic(funding: "  parameters: params.yaml\n  overrides: {fsm: 500, idaci_z: 12}")
        try expectLoadError(["scenario.yaml": scenario, "params.yaml": Self.params("  fsm: 490")],
                            line: 11, marker: "idaci_z", field: "funding.overrides.idaci_z",
                            message: ["unknown factor or value 'idaci_z'"])
    }

    @Test func negativeOverride() throws {
        let scenario = synthetic(funding: "  parameters: params.yaml\n  overrides: {fsm: -1}")
        try expectLoadError(["scenario.yaml": scenario, "params.yaml": Self.params("  fsm: 490")],
                            line: 11, marker: "fsm: -1", field: "funding.overrides.fsm",
                            message: ["must not be negative"])
    }

    @Test func multiplyingAFactorTheSetLacks() throws {
        let scenario = synthetic(funding: "  parameters: params.yaml\n  overrides:\n    mobility: {times: 2}")
        try expectLoadError(["scenario.yaml": scenario, "params.yaml": Self.params("  fsm: 490")],
                            line: 12, marker: "times: 2", field: "funding.overrides.mobility.times",
                            message: ["'mobility' is not in the parameter set 'test set'", "give an amount"])
    }

    @Test func multiplyingABandEndPastOne() throws {
        let scenario = synthetic(funding: "  parameters: nff-2024-25\n  overrides: {idaci_band_f: {times: 3}}")
        try expectLoadError(["scenario.yaml": scenario], line: 11, marker: "times: 3", field: "funding.overrides.idaci_band_f.times",
                            message: ["between 0 and 1", "1.125"])
    }

    @Test func unknownShippedSet() throws {
        let scenario = synthetic(funding: "  parameters: nff-1999-00")
        try expectLoadError(["scenario.yaml": scenario], line: 10, marker: "nff-1999-00", field: "funding.parameters",
                            message: ["no funding parameter set 'nff-1999-00'"])
    }

    @Test func missingParameterFile() throws {
        let scenario = synthetic(funding: "  parameters: absent.yaml")
        try expectLoadError(["scenario.yaml": scenario], line: 10, marker: "absent.yaml", field: "funding.parameters",
                            message: ["does not exist"])
    }

    @Test func parametersAreRequired() throws {
        let scenario = synthetic(funding: "  year_groups: 5")
        // A missing field is reported at the key of the mapping that lacks it.
        try expectLoadError(["scenario.yaml": scenario], line: 9, marker: "funding:", field: "funding.parameters",
                            message: ["the field 'parameters' is required"])
    }

    @Test func topSliceShareAboveOne() throws {
        let scenario = synthetic(funding: "  parameters: nff-2024-25\n  top_slice: {share: 1.2}")
        try expectLoadError(["scenario.yaml": scenario], line: 11, marker: "share: 1.2", field: "funding.top_slice.share",
                            message: ["between 0 and 1"])
    }

    @Test func unknownFundingField() throws {
        let scenario = synthetic(funding: "  parameters: nff-2024-25\n  year_group: 5")
        try expectLoadError(["scenario.yaml": scenario], line: 11, marker: "year_group", field: "funding.year_group",
                            message: ["unknown field 'year_group'"])
    }

    @Test func compareToAMissingBase() throws {
        let scenario = synthetic(funding: "  parameters: nff-2024-25\n  compare_to: base.yaml")
        try expectLoadError(["scenario.yaml": scenario], line: 11, marker: "base.yaml", field: "funding.compare_to",
                            message: ["the base scenario", "does not exist"])
    }

    @Test func compareToItself() throws {
        let scenario = synthetic(funding: "  parameters: nff-2024-25\n  compare_to: scenario.yaml")
        try expectLoadError(["scenario.yaml": scenario], line: 11, marker: "scenario.yaml", field: "funding.compare_to",
                            message: ["with itself"])
    }

    // MARK: A formula that needs attributes the pupils do not have

    static let filesScenario = """
        name: replay
        region:
          files: {pupils: pupils.csv}
        schools:
          list:
            - {id: S1, location_km: [1, 1], pan: 10}
        funding:
          parameters: params.yaml
        """

    @Test func factorOnAColumnThePupilsFileLacks() throws {
        let pupils = "id,x_km,y_km,fsm\nA,1,1,1\nB,2,2,0\n"
        try expectLoadError(["scenario.yaml": Self.filesScenario, "pupils.csv": pupils,
                             "params.yaml": Self.params("  fsm6: {value: 1200, source: DfE, status: unverified}")],
                            file: "params.yaml", line: 4, marker: "fsm6", field: "per_pupil.fsm6.value",
                            message: ["'fsm6'", "has no 'fsm6' column", "overrides: {fsm6: 0}"])
    }

    @Test func overrideToZeroDropsTheNeed() throws {
        let pupils = "id,x_km,y_km,fsm\nA,1,1,1\nB,2,2,0\n"
        let scenario = Self.filesScenario + "\n  overrides: {fsm6: 0}\n"
        let folder = try Folder(["scenario.yaml": scenario, "pupils.csv": pupils, "params.yaml": Self.params("  fsm6: 1200")])
        defer { folder.remove() }
        let spec = try ScenarioLoader.load(path: folder.path("scenario.yaml")).spec
        #expect(spec.funding?.parameters.amounts[.fsm6] == 0)
    }

    @Test func overrideOfAPupilAttributeFactorInTheScenarioIsBlamed() throws {
        // The override sets a factor the pupils file cannot support: the error points at the override.
        let pupils = "id,x_km,y_km\nA,1,1\n"
        let scenario = Self.filesScenario + "\n  overrides: {eal: 1600}\n"
        try expectLoadError(["scenario.yaml": scenario, "pupils.csv": pupils, "params.yaml": Self.params("  fsm6: 0")],
                            line: 9, marker: "eal: 1600", field: "funding.overrides.eal", message: ["has no 'eal' column"])
    }

    // MARK: What loads

    @Test func shippedSetByNameWithOverrides() throws {
        let scenario = synthetic(funding: """
              parameters: nff-2024-25
              overrides: {idaci_a: 1890, fsm6: {times: 2}, area_cost_adjustment: 1.05}
              year_groups: 1
              top_slice: {share: 0.05, types: [academy], pupil_premium: true}
            """)
        let folder = try Folder(["scenario.yaml": scenario])
        defer { folder.remove() }
        let funding = try #require(try ScenarioLoader.load(path: folder.path("scenario.yaml")).spec.funding)
        let p = funding.parameters
        #expect(p.name == "NFF 2024-25 (secondary, Year 7)")
        #expect(p.amounts[.idaciA] == 1890)
        #expect(p.amounts[.fsm6] == 2400)
        #expect(p.amounts[.basicEntitlementKS3] == 5022)
        #expect(p.areaCostAdjustment == 1.05)
        #expect(p.minimumPerPupil == 5995)
        #expect(p.idaciBandEnds == [0.025, 0.075, 0.125, 0.175, 0.275, 0.375])
        #expect(p.lowPriorAttainmentShare == 0.41)
        #expect(abs(p.sparsity!.distanceKm - 4.828032) < 1e-12)
        #expect(funding.yearGroups == 1)
        #expect(funding.topSlice == TopSlice(share: 0.05, types: [.academy], includesPupilPremium: true))
    }

    @Test func inlineParameterSet() throws {
        let scenario = synthetic(funding: """
              parameters:
                name: inline
                per_pupil: {basic_entitlement_ks3: 6000}
                floor: {minimum_per_pupil: 6100}
            """)
        let folder = try Folder(["scenario.yaml": scenario])
        defer { folder.remove() }
        let funding = try #require(try ScenarioLoader.load(path: folder.path("scenario.yaml")).spec.funding)
        #expect(funding.parameters.name == "inline")
        #expect(funding.parameters.factors == [.basicEntitlementKS3])
        #expect(funding.parameters.minimumPerPupil == 6100)
        #expect(funding.yearGroups == 5)
        #expect(funding.topSlice.share == 0)
    }

    @Test func inlineErrorsNameTheScenario() throws {
        let scenario = synthetic(funding: "  parameters:\n    per_pupil: {eal: -3}")
        try expectLoadError(["scenario.yaml": scenario], line: 11, marker: "eal: -3", field: "funding.parameters.per_pupil.eal",
                            message: ["must not be negative"])
    }

    @Test func withoutFundingThereIsNone() throws {
        let scenario = synthetic(funding: "").replacingOccurrences(of: "funding:\n", with: "")
        let folder = try Folder(["scenario.yaml": scenario])
        defer { folder.remove() }
        #expect(try ScenarioLoader.load(path: folder.path("scenario.yaml")).spec.funding == nil)
    }

    // MARK: Pupils file columns

    @Test func pupilsFileFundingColumns() throws {
        let pupils = "id,x_km,y_km,fsm,fsm6,eal\nA,1,1,1,1,0\nB,2,2,0,1,1\nC,3,3,0,,0\nD,3,3,1,,1\n"
        let scenario = Self.filesScenario.replacingOccurrences(of: "funding:\n  parameters: params.yaml", with: "")
        let folder = try Folder(["scenario.yaml": scenario, "pupils.csv": pupils])
        defer { folder.remove() }
        let p = try ScenarioLoader.load(path: folder.path("scenario.yaml")).spec.region.pupils
        #expect(p.fsm6 == [true, true, false, true], "an empty cell is FSM now")
        #expect(p.eal == [false, true, false, true])
    }

    @Test func pupilsFileWithoutTheColumnsTakesFSMNow() throws {
        let pupils = "id,x_km,y_km,fsm\nA,1,1,1\nB,2,2,0\n"
        let scenario = Self.filesScenario.replacingOccurrences(of: "funding:\n  parameters: params.yaml", with: "")
        let folder = try Folder(["scenario.yaml": scenario, "pupils.csv": pupils])
        defer { folder.remove() }
        let p = try ScenarioLoader.load(path: folder.path("scenario.yaml")).spec.region.pupils
        #expect(p.fsm6 == [true, false])
        #expect(p.eal == [false, false])
    }

    @Test func fsmWithoutEverSixIsAnError() throws {
        let pupils = "id,x_km,y_km,fsm,fsm6\nA,1,1,0,1\nB,2,2,1,0\n"
        let scenario = Self.filesScenario.replacingOccurrences(of: "funding:\n  parameters: params.yaml", with: "")
        try expectLoadError(["scenario.yaml": scenario, "pupils.csv": pupils], file: "pupils.csv", line: 3, marker: "B,",
                            field: "fsm6", message: ["fsm6 must be 1"])
    }
}
