import Foundation
import Testing
import FairPlacesCore
import Allocation
import Simulation
@testable import Calibration
import TestSupport

/// Logit first-choice shares computed here from scratch (utilities rebuilt by hand from the model's
/// formula, not read from `ChoiceSets`): the second implementation the contraction is held to.
func handFirstPreferences(_ region: Region, model: PreferenceModel, considered: Int) -> [Double] {
    let pupils = region.pupils, m = region.schools.count
    var out = [Double](repeating: 0, count: m)
    for i in 0..<pupils.count where pupils.ehcPlanSchool[i] < 0 {
        let home = pupils.home(i)
        let order = (0..<m).map { s -> (Double, Int) in
            let p = region.schools[s].location
            return (((p.x - home.x) * (p.x - home.x) + (p.y - home.y) * (p.y - home.y)).squareRoot(), s)
        }.sorted { $0 < $1 }.prefix(considered)
        var u: [(Int, Double)] = []
        for (d, s) in order {
            let school = region.schools[s]
            var v = (model.schoolEffects[.attractiveness] ?? 0) * school.attractiveness + model.distancePerKm * d
            if pupils.siblingSchool[i] == Int32(s) { v += model.siblingBonus }
            if model.catchmentBonus != 0 && region.inCatchment(pupil: i, school: s) { v += model.catchmentBonus }
            if pupils.faith[i] == 1 && school.religiousCharacter == "catholic" { v += model.faithBonus }
            u.append((s, v))
        }
        let top = u.map(\.1).max()!
        let total = u.reduce(0) { $0 + exp($1.1 - top) }
        for (s, v) in u { out[s] += exp(v - top) / total }
    }
    return out
}

@Suite struct ContractionTests {
    static let truth: [Double] = [0.6, -0.4, 1.1, 0.0, -0.9, 0.3, -0.2, 0.8]

    @Test func expectedFirstPreferencesMatchAHandComputation() {
        var model = PreferenceModel(listLength: 3, consideredSchools: 5, distancePerKm: -0.6)
        model.catchmentBonus = 0.8
        model.faithBonus = 1.5
        let region = town(attractiveness: Self.truth)
        let sets = ChoiceSets(region: region, model: model)
        let rules = PriorityRules(region: region, seed: 1, replication: 1)
        var modelled = [Double](repeating: 0, count: region.schools.count)
        FirstPreferenceDemand.accumulate(choiceSets: sets, rules: rules, shift: nil, slope: nil, into: &modelled)
        let hand = handFirstPreferences(region, model: model, considered: 5)
        for s in hand.indices { #expect(abs(modelled[s] - hand[s]) < 1e-9, "school \(s)") }
        #expect(abs(modelled.reduce(0, +) - Double(region.pupils.count)) < 1e-6)
    }

    @Test func sampledFirstPreferencesAgreeWithTheLogitShares() {
        // The sampler (exponential race) and the closed-form shares are two implementations of one law.
        let model = PreferenceModel(listLength: 3, consideredSchools: 5, distancePerKm: -0.6)
        let region = town(pupils: 600, attractiveness: Self.truth)
        let expected = handFirstPreferences(region, model: model, considered: 5)
        let sets = ChoiceSets(region: region, model: model)
        var counts = [Double](repeating: 0, count: region.schools.count)
        let rounds = 400
        for r in 1...rounds {
            let rules = PriorityRules(region: region, seed: 5, replication: UInt32(r))
            var lists = PreferenceLists(pupils: region.pupils.count, length: 3)
            PreferenceSampler.sample(choiceSets: sets, rules: rules, model: model, seed: 5, replication: UInt32(r), into: &lists)
            for i in 0..<region.pupils.count { counts[Int(lists.schools[i * 3])] += 1 }
        }
        for s in counts.indices {
            let mean = counts[s] / Double(rounds)
            // Binomial standard error of a mean over rounds of a sum of independent Bernoullis: ≤ √(E/rounds).
            let se = (expected[s] / Double(rounds)).squareRoot()
            #expect(abs(mean - expected[s]) < 4 * se + 1e-9, "school \(s): \(mean) against \(expected[s])")
        }
    }

    @Test func contractionRecoversKnownAttractiveness() {
        var model = PreferenceModel(listLength: 3, consideredSchools: 5, distancePerKm: -0.6)
        model.catchmentBonus = 0.8
        let truthRegion = town(attractiveness: Self.truth)
        let targets = handFirstPreferences(truthRegion, model: model, considered: 5)
        // Start from zero everywhere; fit through the calibrator's own loop.
        let start = town(attractiveness: [Double](repeating: 0, count: Self.truth.count))
        let fit = CalibrationSpec.AttractivenessFit(source: .firstPreferences, targets: targets.map { Optional($0) })
        let calibration = CalibrationSpec(attractiveness: fit, parameters: [], targets: [], validation: [], rounds: 2, evaluations: 1)
        let result = Calibrator.run(spec: townSpec(start, model: model), calibration: calibration, threads: 1)
        // Identified up to a constant: compare deviations from the mean.
        let truthMean = mean(Self.truth), fitMean = mean(result.attractiveness)
        for s in Self.truth.indices {
            #expect(abs((result.attractiveness[s] - fitMean) - (Self.truth[s] - truthMean)) < 1e-3, "school \(s)")
        }
        #expect(result.contraction!.lastStep < 1e-6)
    }

    @Test func schoolsWithoutATargetKeepTheirAttractivenessAndTargetsStayCounts() {
        let model = PreferenceModel(listLength: 3, consideredSchools: 5, distancePerKm: -0.6)
        let truthRegion = town(attractiveness: Self.truth)
        var targets = handFirstPreferences(truthRegion, model: model, considered: 5).map { Optional($0) }
        targets[3] = nil
        var startValues = [Double](repeating: 0, count: Self.truth.count)
        startValues[3] = Self.truth[3]
        let start = town(attractiveness: startValues)
        let sets = ChoiceSets(region: start, model: model)
        let outcome = AttractivenessContraction.solve(choiceSets: sets, rules: [PriorityRules(region: start, seed: 1, replication: 1)],
                                                      model: model, targets: targets)
        #expect(outcome.scale == 1)
        #expect(outcome.shift[3] == 0)
        // With one school pinned, the others are identified exactly, not up to a constant.
        for s in Self.truth.indices where s != 3 { #expect(abs(outcome.shift[s] - Self.truth[s]) < 1e-3, "school \(s)") }
    }
}

@Suite struct MethodOfMomentsTests {
    @Test func recoversKnownDistanceAndCatchmentParameters() {
        // Figures simulated at known parameters are the targets; the search starts elsewhere.
        let truth = (distance: -0.9, catchment: 1.2)
        var model = PreferenceModel(listLength: 3, consideredSchools: 6, distancePerKm: truth.distance)
        model.catchmentBonus = truth.catchment
        let attractiveness = [0.5, -0.3, 0.9, 0.1, -0.6, 0.2, -0.1, 0.4]
        let region = town(pupils: 800, attractiveness: attractiveness, pan: 115)
        let spec = townSpec(region, model: model)
        let observed = SimulatedFigures(simulator: Simulator(spec: spec), rounds: 8, threads: 1)
        let m = region.schools.count
        var targets: [CalibrationTarget] = []
        for s in 0..<m {
            targets.append(CalibrationTarget(statistic: .preferences(rank: 2), schools: [s], label: "S\(s)", observed: observed.listed[1][s]))
            targets.append(CalibrationTarget(statistic: .preferences(rank: 3), schools: [s], label: "S\(s)", observed: observed.listed[2][s]))
        }
        var start = model
        start.distancePerKm = -0.4
        start.catchmentBonus = 0.3
        let fit = CalibrationSpec.AttractivenessFit(source: .firstPreferences, targets: observed.expectedFirstPreferences.map { Optional($0) })
        let calibration = CalibrationSpec(
            attractiveness: fit,
            parameters: [ParameterFit(parameter: .distancePerKm, start: -0.4, lower: -2, upper: 0),
                         ParameterFit(parameter: .catchmentBonus, start: 0.3, lower: 0, upper: 3)],
            targets: targets, validation: [], rounds: 8, evaluations: 36)
        var startSpec = spec
        startSpec.preferences = .model(start)
        startSpec.region = town(pupils: 800, attractiveness: [Double](repeating: 0, count: m), pan: 115)
        let result = Calibrator.run(spec: startSpec, calibration: calibration, threads: 1)
        let fitted = Dictionary(uniqueKeysWithValues: result.parameters.map { ($0.fit.parameter, $0.value) })
        // Stated tolerance: 0.1 utility per km, 0.2 utility of catchment (8 rounds of 800 pupils).
        #expect(abs(fitted[.distancePerKm]! - truth.distance) < 0.1, "distance: \(fitted[.distancePerKm]!)")
        #expect(abs(fitted[.catchmentBonus]! - truth.catchment) < 0.2, "catchment: \(fitted[.catchmentBonus]!)")
        #expect(result.objective < 0.05)
    }

    @Test func nelderMeadFindsAQuadraticsMinimumInTheBox() {
        let outcome = NelderMead.minimise(start: [0.9, 0.1], maxEvaluations: 200, tolerance: 1e-9) { x in
            (x[0] - 0.3) * (x[0] - 0.3) + 2 * (x[1] - 0.7) * (x[1] - 0.7)
        }
        #expect(abs(outcome.best[0] - 0.3) < 1e-3 && abs(outcome.best[1] - 0.7) < 1e-3)
        // A minimum outside the box ends on its edge.
        let edge = NelderMead.minimise(start: [0.5], maxEvaluations: 100, tolerance: 1e-9) { x in (x[0] - 1.5) * (x[0] - 1.5) }
        #expect(abs(edge.best[0] - 1) < 1e-6)
    }

    @Test func objectiveWeighsSharesInPointsAndCountsByTenPercent() {
        let share = CalibrationTarget(statistic: .firstPreferenceOfferRate, schools: [], label: "region", observed: 0.8)
        #expect(share.scale == 0.01)
        let count = CalibrationTarget(statistic: .offers, schools: [0], label: "S0", observed: 250)
        #expect(count.scale == 25)
        let small = CalibrationTarget(statistic: .offers, schools: [0], label: "S0", observed: 4)
        #expect(small.scale == 1)
    }

    @Test func foldsKeepOnlyTheirSchoolsAndRecomputeAGroupMean() {
        let group = CalibrationTarget(statistic: .meanFSMShare, schools: [0, 1, 2], label: "selective schools",
                                      observed: 0.2, parts: [0.1, 0.2, 0.3])
        let kept = group.restricted { $0 != 2 }!
        #expect(kept.schools == [0, 1])
        #expect(abs(kept.observed - 0.15) < 1e-12)
        #expect(group.restricted { _ in false } == nil)
        let region = CalibrationTarget(statistic: .firstPreferenceOfferRate, schools: [], label: "region", observed: 0.8)
        #expect(region.restricted { _ in false } == region)
    }
}

@Suite struct ChanceAwareListingTests {
    static func spec() -> SimulationSpec {
        var model = PreferenceModel(listLength: 3, consideredSchools: 5, distancePerKm: -0.6)
        model.catchmentBonus = 0.5
        model.chances = ChanceAwareness(weight: 1.0, rounds: 6, iterations: 40, damping: 0.5, tolerance: 0.002)
        // Too few places at the popular schools, so chances matter.
        return townSpec(town(pupils: 1_200, attractiveness: [1.2, -0.5, 1.0, 0.0, -0.8, 0.6, -0.3, 0.2], pan: 160), model: model)
    }

    @Test func fixedPointConvergesAndIsTheSameOnOneAndTwoThreads() throws {
        let spec = Self.spec()
        guard case .model(let model) = spec.preferences else { return }
        let base = ChoiceSets(region: spec.region, model: model)
        let one = ChanceExpectations(spec: spec, base: base, threads: 1)
        let two = ChanceExpectations(spec: spec, base: base, threads: 2)
        #expect(one.converged)
        #expect(one.history.count < 40)
        #expect(one.history == two.history)
        #expect(one.chance == two.chance)
        #expect(one.choiceSets.utility == two.choiceSets.utility)
        // Changes shrink: the last is below the first by far.
        #expect(one.history.last!.meanChange < one.history.first!.meanChange / 5)
        // Chances are probabilities, and some school is out of reach for someone.
        #expect(one.chance.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(one.chance.contains { $0 < 0.5 })
        // Whole runs agree byte for byte in their figures.
        let a = Simulator(spec: spec, threads: 1).run(threads: 1)
        let b = Simulator(spec: spec, threads: 2).run(threads: 2)
        #expect(a.replications == b.replications)
        #expect(a.expectations == b.expectations)
    }

    @Test func familiesWhoWeighChancesGetTheirFirstPreferenceMoreOften() {
        var aware = Self.spec()
        var naive = aware
        guard case .model(var model) = aware.preferences else { return }
        model.chances = nil
        naive.preferences = .model(model)
        aware.replications = 8
        naive.replications = 8
        func firstRate(_ spec: SimulationSpec) -> Double {
            SimulatedFigures(simulator: Simulator(spec: spec), rounds: 8, threads: 1).firstPreferenceOffered
        }
        #expect(firstRate(aware) > firstRate(naive) + 20)
    }

    @Test func expectationRoundsAreApartFromReportedReplications() {
        #expect(ChanceExpectations.firstRound > UInt32(Int32.max))
    }
}

@Suite struct PreferenceTermTests {
    @Test func listLengthsFollowTheirShares() {
        var model = PreferenceModel(listLength: 3, consideredSchools: 5, distancePerKm: -0.6)
        model.listLengthShares = [0.2, 0.3, 0.5]
        let region = town(pupils: 4_000, attractiveness: [Double](repeating: 0, count: 8))
        let sets = ChoiceSets(region: region, model: model)
        var counts = [0, 0, 0]
        let rounds = 5
        for r in 1...rounds {
            let rules = PriorityRules(region: region, seed: 3, replication: UInt32(r))
            var lists = PreferenceLists(pupils: region.pupils.count, length: 3)
            PreferenceSampler.sample(choiceSets: sets, rules: rules, model: model, seed: 3, replication: UInt32(r), into: &lists)
            for i in 0..<region.pupils.count { counts[lists.list(of: i).count - 1] += 1 }
        }
        let n = Double(region.pupils.count * rounds)
        for (k, share) in [0.2, 0.3, 0.5].enumerated() {
            let se = (share * (1 - share) / n).squareRoot()
            #expect(abs(Double(counts[k]) / n - share) < 4 * se, "length \(k + 1)")
        }
    }

    @Test func catchmentFaithAndOwnDistanceTermsEnterTheUtility() {
        var model = PreferenceModel(listLength: 3, consideredSchools: 8, distancePerKm: -0.5, siblingBonus: 0)
        model.catchmentBonus = 0.7
        model.faithBonus = 1.9
        var region = town(pupils: 300, attractiveness: [Double](repeating: 0, count: 8))
        let plainModel = PreferenceModel(listLength: 3, consideredSchools: 8, distancePerKm: -0.5, siblingBonus: 0)
        let plain = ChoiceSets(region: region, model: plainModel)
        let with = ChoiceSets(region: region, model: model)
        for i in 0..<region.pupils.count {
            for c in plain.range(of: i) {
                let s = Int(plain.schools[c])
                var extra = region.inCatchment(pupil: i, school: s) ? 0.7 : 0
                if s == 0 && region.pupils.faith[i] == 1 { extra += 1.9 }
                #expect(abs(with.utility[c] - plain.utility[c] - extra) < 1e-12)
            }
        }
        // School 2's own distance coefficient replaces the model's for that school only.
        var schools = region.schools
        schools[2].distancePerKm = -1.5
        region = Region(pupils: region.pupils, schools: schools, areas: region.areas, faithNames: region.faithNames)
        let own = ChoiceSets(region: region, model: plainModel)
        for i in 0..<region.pupils.count {
            let home = region.pupils.home(i)
            for c in plain.range(of: i) {
                let s = Int(plain.schools[c])
                let p = region.schools[s].location
                let d = ((p.x - home.x) * (p.x - home.x) + (p.y - home.y) * (p.y - home.y)).squareRoot()
                let expected = plain.utility[c] + (s == 2 ? -1.0 * d : 0)
                #expect(abs(own.utility[c] - expected) < 1e-9)
            }
        }
        // log_places adds β ln PAN, and an FSM interaction with it only for FSM pupils.
        schools = region.schools
        for s in schools.indices { schools[s].pan = 30 * (s + 1) }
        region = Region(pupils: region.pupils, schools: schools, areas: region.areas, faithNames: region.faithNames)
        // Each term's utility over the plain model's, for pupil i and school s.
        func expectShift(_ region: Region, _ model: PreferenceModel, _ expected: (Int, Int) -> Double) {
            let plain = ChoiceSets(region: region, model: plainModel), with = ChoiceSets(region: region, model: model)
            for i in 0..<region.pupils.count {
                for c in plain.range(of: i) {
                    #expect(abs(with.utility[c] - plain.utility[c] - expected(i, Int(plain.schools[c]))) < 1e-9)
                }
            }
        }
        var sized = plainModel
        sized.schoolEffects[.logPlaces] = 0.8
        sized.interactions = [.init(pupil: .fsm, school: .logPlaces, coefficient: 0.5)]
        expectShift(region, sized) { i, s in (0.8 + (region.pupils.fsm[i] ? 0.5 : 0)) * log(Double(30 * (s + 1))) }
        // sponsor_led and sixth_form are 0/1 features: school 1 is a sponsor-led academy, school 2 has a sixth form.
        schools[1].sponsorLed = true
        schools[2].sixthForm = true
        region = Region(pupils: region.pupils, schools: schools, areas: region.areas, faithNames: region.faithNames)
        var typed = plainModel
        typed.schoolEffects[.sixthForm] = 0.3
        typed.interactions = [.init(pupil: .fsm, school: .sponsorLed, coefficient: 0.7)]
        expectShift(region, typed) { i, s in (s == 2 ? 0.3 : 0) + (s == 1 && region.pupils.fsm[i] ? 0.7 : 0) }
    }
}

@Suite struct CalibrationDeterminismTests {
    @Test func aCalibrationIsTheSameOnOneAndTwoThreads() {
        var model = PreferenceModel(listLength: 3, consideredSchools: 5, distancePerKm: -0.6)
        model.chances = ChanceAwareness(weight: 0.5, rounds: 2, iterations: 3)
        let region = town(pupils: 300, attractiveness: [Double](repeating: 0, count: 8), pan: 42)
        let targets = (0..<8).map { s in
            CalibrationTarget(statistic: .offers, schools: [s], label: "S\(s)", observed: Double(30 + 3 * s))
        }
        let calibration = CalibrationSpec(
            attractiveness: CalibrationSpec.AttractivenessFit(source: .firstPreferences, targets: (0..<8).map { Double(25 + 6 * $0) }),
            parameters: [ParameterFit(parameter: .chanceWeight, start: 0.5, lower: 0, upper: 2)],
            targets: targets, validation: targets, rounds: 2, evaluations: 3, folds: 2)
        let one = Calibrator.run(spec: townSpec(region, model: model), calibration: calibration, threads: 1)
        let two = Calibrator.run(spec: townSpec(region, model: model), calibration: calibration, threads: 2)
        #expect(one.attractiveness == two.attractiveness)
        #expect(one.parameters.map(\.value) == two.parameters.map(\.value))
        #expect(one.history.map(\.objective) == two.history.map(\.objective))
        #expect(one.outOfFold.map(\.fitted) == two.outOfFold.map(\.fitted))
        #expect(one.folds == [["D0", "D2"], ["D1"]])
        #expect(one.outOfFold.count == 8)
    }
}
