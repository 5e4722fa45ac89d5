import Foundation
import Testing
import FairPlacesCore
import Simulation
@testable import Calibration
import TestSupport

/// First- and any-preference offer rates by the authority applicants live in (DfE's LA
/// applications and offers), held to a count of the same rounds made here.
@Suite struct AuthorityRatesTests {
    /// The town with its west (quadrants 0 and 2) in authority "West" and its east in "East".
    static func spec() -> SimulationSpec {
        let base = town(pupils: 1_000, attractiveness: [1.0, -0.5, 0.8, 0.0, -0.6, 0.4], pan: 140)
        let areas = base.areas.enumerated().map { k, area -> SmallArea in
            var a = area
            a.authority = k % 2 == 0 ? "West" : "East"
            return a
        }
        let region = Region(pupils: base.pupils, schools: base.schools, areas: areas, faithNames: base.faithNames)
        return townSpec(region, model: PreferenceModel(listLength: 2, consideredSchools: 4, distancePerKm: -0.4))
    }

    @Test func ratesByAuthorityMatchAHandCount() {
        let spec = Self.spec()
        let simulator = Simulator(spec: spec)
        let figures = SimulatedFigures(simulator: simulator, rounds: 3, threads: 2)
        var applicants = ["West": 0, "East": 0], first = applicants, any = applicants
        for r in 1...3 {
            let (_, lists, allocation) = simulator.round(r)
            for i in 0..<spec.region.pupils.count where spec.region.pupils.ehcPlanSchool[i] < 0 && lists.schools[i * lists.length] >= 0 {
                let name = spec.region.areas[Int(spec.region.pupils.area[i])].authority
                applicants[name]! += 1
                if allocation.route[i] == .preference && allocation.school[i] >= 0 {
                    any[name]! += 1
                    if allocation.preferenceRank[i] == 0 { first[name]! += 1 }
                }
            }
        }
        for name in ["West", "East"] {
            let f = CalibrationTarget(statistic: .firstPreferenceOfferRate, schools: [], label: name, observed: 0.5, authority: name)
            let a = CalibrationTarget(statistic: .anyPreferenceOfferRate, schools: [], label: name, observed: 0.5, authority: name)
            #expect(applicants[name]! > 100)
            #expect(abs(figures.value(of: f)! - Double(first[name]!) / Double(applicants[name]!)) < 1e-12)
            #expect(abs(figures.value(of: a)! - Double(any[name]!) / Double(applicants[name]!)) < 1e-12)
        }
        // The region's rate is the applicant-weighted mean of its authorities'.
        let region = figures.value(of: CalibrationTarget(statistic: .firstPreferenceOfferRate, schools: [], label: "region", observed: 0.5))!
        #expect(abs(region - Double(first["West"]! + first["East"]!) / Double(applicants["West"]! + applicants["East"]!)) < 1e-12)
        // An authority the region does not have has no rate.
        #expect(figures.value(of: CalibrationTarget(statistic: .firstPreferenceOfferRate, schools: [], label: "North", observed: 0.5, authority: "North")) == nil)
    }

    @Test func foldsKeepOnlyTheirAuthorities() {
        let t = CalibrationTarget(statistic: .firstPreferenceOfferRate, schools: [], label: "West", observed: 0.8, authority: "West")
        #expect(t.restricted(to: { _ in true }, authorities: { $0 == "West" }) == t)
        #expect(t.restricted(to: { _ in true }, authorities: { $0 != "West" }) == nil)
        // A region-wide rate is kept whole.
        let region = CalibrationTarget(statistic: .firstPreferenceOfferRate, schools: [], label: "region", observed: 0.8)
        #expect(region.restricted(to: { _ in false }, authorities: { _ in false }) == region)
    }
}
