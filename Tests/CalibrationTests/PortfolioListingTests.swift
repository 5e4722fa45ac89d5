import Foundation
import Testing
import FairPlacesCore
import Simulation
@testable import Calibration
import TestSupport

/// Portfolio listing (Chade & Smith's marginal improvement algorithm), held to brute force, to a
/// hand-worked case, to utility listing where chances are all 1, and to the fixed point's
/// determinism.
@Suite struct PortfolioListingTests {
    func choose(_ x: [Double], _ p: [Double], length: Int) -> [Int] {
        var chosen = [Int32](repeating: -1, count: length)
        let k = x.withUnsafeBufferPointer { xb in
            p.withUnsafeBufferPointer { pb in
                chosen.withUnsafeMutableBufferPointer { cb in
                    PortfolioListing.choose(values: xb.baseAddress!, chances: pb.baseAddress!, count: x.count,
                                            length: length, into: cb.baseAddress!)
                }
            }
        }
        return chosen.prefix(k).map(Int.init)
    }

    @Test func aHandWorkedCase() {
        // A: worth 5 with chance 0.1 (EU 0.5); B: worth 3, sure (EU 3); C: worth 4 with chance 0.5.
        // One slot: B (3 > 2 > 0.5). Two: {C, B} = 0.5·4 + 0.5·3 = 3.5 beats {A, B} = 0.5 + 0.9·3 = 3.2.
        // Three: {A, C, B} = 0.5 + 0.9·(2 + 0.5·3) = 3.65. A school worth less than the fallback is never listed.
        let x = [5.0, 3.0, 4.0, -1.0], p = [0.1, 1.0, 0.5, 1.0]
        #expect(choose(x, p, length: 1) == [1])
        #expect(choose(x, p, length: 2) == [2, 1])
        #expect(choose(x, p, length: 3) == [0, 2, 1])
        #expect(choose(x, p, length: 4) == [0, 2, 1])
        #expect(abs(PortfolioListing.expectedUtility(values: [5, 4, 3], chances: [0.1, 0.5, 1]) - 3.65) < 1e-12)
    }

    @Test func marginalImprovementFindsTheBestPortfolioOfEverySize() {
        var rng = SplitMix64(seed: 2006)
        for _ in 0..<400 {
            let m = rng.int(1...7), length = rng.int(1...4)
            let x = (0..<m).map { _ in rng.double(-1, 6) }
            let p = (0..<m).map { _ in rng.chance(0.2) ? 1.0 : rng.double(0.01, 1) }
            let picked = choose(x, p, length: length)
            // Ranked best first and never a school below the fallback.
            #expect(zip(picked, picked.dropFirst()).allSatisfy { x[$0] >= x[$1] })
            #expect(picked.allSatisfy { x[$0] > 0 })
            // Brute force over every subset of at most `length` schools worth listing.
            var best = 0.0
            for mask in 0..<(1 << m) where mask.nonzeroBitCount <= length {
                let set = (0..<m).filter { mask & (1 << $0) != 0 && x[$0] > 0 }.sorted { x[$0] > x[$1] }
                best = max(best, PortfolioListing.expectedUtility(values: set.map { x[$0] }, chances: set.map { p[$0] }))
            }
            let got = PortfolioListing.expectedUtility(values: picked.map { x[$0] }, chances: picked.map { p[$0] })
            #expect(abs(got - best) < 1e-9)
        }
    }

    @Test func withEveryChanceOneItListsAsUtilityDoes() {
        let region = town(pupils: 800, attractiveness: [0.8, -0.2, 0.5, 0.0, -0.6, 0.3])
        var model = PreferenceModel(listLength: 3, consideredSchools: 5, distancePerKm: -0.6)
        let base = ChoiceSets(region: region, model: model)
        let rules = PriorityRules(region: region, seed: 3, replication: 1)
        var byUtility = PreferenceLists(pupils: region.pupils.count, length: 3)
        PreferenceSampler.sample(choiceSets: base, rules: rules, model: model, seed: 3, replication: 1, into: &byUtility)
        var portfolio = ChanceAwareness(weight: 0)
        portfolio.listing = .portfolio
        portfolio.fallback = -1_000
        model.chances = portfolio
        var byPortfolio = PreferenceLists(pupils: region.pupils.count, length: 3)
        PreferenceSampler.sample(choiceSets: base.withChances([Double](repeating: 1, count: base.schools.count)), rules: rules,
                                 model: model, seed: 3, replication: 1, into: &byPortfolio)
        #expect(byPortfolio.schools == byUtility.schools)
        // A fallback above every school empties every list.
        model.chances!.fallback = 1_000
        PreferenceSampler.sample(choiceSets: base.withChances([Double](repeating: 1, count: base.schools.count)), rules: rules,
                                 model: model, seed: 3, replication: 1, into: &byPortfolio)
        #expect(byPortfolio.schools.allSatisfy { $0 < 0 })
    }

    @Test func fixedPointConvergesIsDeterministicAndListsSafeSchoolsBelowAmbitiousOnes() {
        var spec = ChanceAwareListingTests.spec()
        guard case .model(var model) = spec.preferences else { return }
        model.chances!.weight = 0
        model.chances!.listing = .portfolio
        model.chances!.fallback = -2
        spec.preferences = .model(model)
        let base = ChoiceSets(region: spec.region, model: model)
        let one = ChanceExpectations(spec: spec, base: base, threads: 1)
        let two = ChanceExpectations(spec: spec, base: base, threads: 2)
        #expect(one.converged)
        #expect(one.history == two.history)
        #expect(one.chance == two.chance)
        #expect(one.choiceSets.chance == one.chance)
        let a = Simulator(spec: spec, threads: 1).run(threads: 1)
        let b = Simulator(spec: spec, threads: 2).run(threads: 2)
        #expect(a.replications == b.replications)
        // On average the first preference is a riskier school than the last (its expected chance lower).
        let sim = Simulator(spec: spec, threads: 1)
        let rules = PriorityRules(region: spec.region, seed: spec.seed, replication: 1)
        var lists = PreferenceLists(pupils: spec.region.pupils.count, length: 3)
        PreferenceSampler.sample(choiceSets: sim.choiceSets!, rules: rules, model: model, seed: spec.seed, replication: 1, into: &lists)
        var firstChance = 0.0, lastChance = 0.0, families = 0
        for i in 0..<lists.pupilCount {
            let listed = (0..<3).map { lists.schools[i * 3 + $0] }.filter { $0 >= 0 }
            guard listed.count >= 2 else { continue }
            let range = sim.choiceSets!.range(of: i)
            func chance(_ s: Int32) -> Double { sim.choiceSets!.chance[range.first { sim.choiceSets!.schools[$0] == s }!] }
            firstChance += chance(listed.first!); lastChance += chance(listed.last!); families += 1
        }
        #expect(families > 100)
        #expect(firstChance / Double(families) < lastChance / Double(families) - 0.05)
    }
}
