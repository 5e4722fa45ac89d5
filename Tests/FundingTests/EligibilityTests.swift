import Testing
import TestSupport
import FairPlacesCore
import Funding
import Metrics

/// IDACI bands from scores, the normal quantile, the weighted Gini, and the generator's funding attributes.
@Suite struct EligibilityTests {
    @Test func rankFractionInvertsTheCurve() {
        for k in 0...1000 {
            let q = Double(k) / 1000
            let back = IDACICurve.rankFraction(ofScore: IDACICurve.score(atRankFraction: q))
            #expect(abs(back - q) < 1e-12, "q = \(q) came back as \(back)")
        }
        #expect(IDACICurve.rankFraction(ofScore: 0.9) == 0)
        #expect(IDACICurve.rankFraction(ofScore: 0.001) == 1)
    }

    @Test func bandsAreRankBasedAndEndAt37Point5Percent() {
        let ends = [0.025, 0.075, 0.125, 0.175, 0.275, 0.375]
        func band(_ q: Double) -> Int? { FundingContext.idaciBand(score: IDACICurve.score(atRankFraction: q), ends: ends) }
        #expect(band(0.0) == 0)
        #expect(band(0.0249) == 0)
        #expect(band(0.0251) == 1)
        #expect(band(0.0749) == 1)
        #expect(band(0.0751) == 2)
        #expect(band(0.2749) == 4)
        #expect(band(0.2751) == 5)
        #expect(band(0.3749) == 5)
        #expect(band(0.3751) == nil, "band G is unfunded")
        #expect(band(0.9) == nil)
    }

    @Test func normalQuantile() {
        #expect(abs(FundingContext.normalQuantile(0.5)) < 1e-12)
        #expect(abs(FundingContext.normalQuantile(0.975) - 1.959963984540054) < 1e-9)
        #expect(abs(FundingContext.normalQuantile(0.41) + 0.2275449766) < 1e-8)
        #expect(FundingContext.normalQuantile(0) == -.infinity)
        #expect(FundingContext.normalQuantile(1) == .infinity)
    }

    @Test(arguments: [UInt64(7), 8, 9])
    func weightedGiniMatchesTheMeanDifferenceDefinition(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let m = 40
        let x = (0..<m).map { _ in Double.random(in: 4000..<9000, using: &rng) }
        let w = (0..<m).map { _ in Double(Int.random(in: 0...200, using: &rng)) }
        var num = 0.0, W = 0.0, mass = 0.0
        for i in 0..<m {
            W += w[i]; mass += w[i] * x[i]
            for j in 0..<m { num += w[i] * w[j] * abs(x[i] - x[j]) }
        }
        let direct = num / (2 * W * W * (mass / W))
        let g = try #require(FundingMetrics.weightedGini(values: x, weights: w))
        #expect(abs(g - direct) < 1e-12, "\(g) vs \(direct)")
    }

    @Test func giniOfEqualValuesIsZeroAndOfNoWeightUndefined() {
        #expect(FundingMetrics.weightedGini(values: [5, 5, 5], weights: [1, 2, 3]) == 0)
        #expect(FundingMetrics.weightedGini(values: [5, 6], weights: [0, 0]) == nil)
        // Two pupils, one school at 0 and one at 2: G = |0 − 2| · 2 / (2 · 4 · 1) = 0.5.
        #expect(FundingMetrics.weightedGini(values: [0, 2], weights: [1, 1]) == 0.5)
    }

    // MARK: Generator

    static func generated(fsm6Rate: Double = 0.25, ealRate: Double = 0.04, seed: UInt64 = 99) -> Region {
        var spec = SyntheticRegionSpec()
        spec.pupils = 20_000
        spec.widthKm = 40; spec.heightKm = 30; spec.townCount = 5
        spec.fsm6Rate = fsm6Rate
        spec.ealRate = ealRate
        spec.generatedSchools = SyntheticRegionSpec.GeneratedSchools(count: 10)
        return SyntheticRegionGenerator.generate(spec: spec, arrangements: { _ in AdmissionArrangements() }, seed: seed)
    }

    @Test func generatorRatesOn20000Pupils() {
        let pupils = Self.generated().pupils
        let n = Double(pupils.count)
        #expect(pupils.fsm6.count == pupils.count && pupils.eal.count == pupils.count)
        for i in 0..<pupils.count where pupils.fsm[i] { #expect(pupils.fsm6[i], "pupil \(i) is FSM but not Ever-6") }
        let fsm = Double(pupils.fsm.filter { $0 }.count) / n
        let fsm6 = Double(pupils.fsm6.filter { $0 }.count) / n
        let eal = Double(pupils.eal.filter { $0 }.count) / n
        // Binomial SDs on 20,000 pupils are about 0.003 (FSM6) and 0.0014 (EAL): allow 4 SDs.
        #expect(abs(fsm - 0.227) < 0.012, "FSM share \(fsm)")
        #expect(abs(fsm6 - 0.25) < 0.012, "Ever-6 share \(fsm6)")
        #expect(fsm6 >= fsm)
        #expect(abs(eal - 0.04) < 0.0056, "EAL share \(eal)")
    }

    @Test func everSixBeyondFSMComesFromMoreDeprivedAreas() {
        let pupils = Self.generated().pupils
        var extraScore = 0.0, extra = 0.0, neverScore = 0.0, never = 0.0
        for i in 0..<pupils.count where !pupils.fsm[i] {
            if pupils.fsm6[i] { extraScore += pupils.idaciScore[i]; extra += 1 } else { neverScore += pupils.idaciScore[i]; never += 1 }
        }
        #expect(extra > 0 && extraScore / extra > neverScore / never)
    }

    @Test func everSixBelowTheFSMRateIsExactlyFSM() {
        let pupils = Self.generated(fsm6Rate: 0.1, ealRate: 0).pupils
        #expect(pupils.fsm6 == pupils.fsm)
        #expect(!pupils.eal.contains(true))
    }

    @Test func fundingDrawsLeaveOtherAttributesUnchanged() {
        // The new draws have numbers of their own: FSM, attainment and homes do not depend on their rates.
        let a = Self.generated(fsm6Rate: 0.25, ealRate: 0.04).pupils
        let b = Self.generated(fsm6Rate: 0.40, ealRate: 0.20).pupils
        #expect(a.fsm == b.fsm)
        #expect(a.attainment == b.attainment)
        #expect(a.homeX == b.homeX)
        #expect(a.fsm6 != b.fsm6)
        // And the same seed gives the same attributes.
        #expect(Self.generated().pupils.fsm6 == a.fsm6)
    }
}
