import Testing
import TestSupport
import FairPlacesCore
import Funding

/// Budgets worked by hand, the sum identity, and the minimum per-pupil level and top-slice at their edges.
@Suite struct BudgetTests {
    // Four pupils at school 0, one at school 1, one unplaced. Ranks: 0.01 is band A, 0.10 band C,
    // 0.30 band F, 0.50 band G (unfunded). Attainment −1 is below the 41% quantile (−0.228), +1 is not.
    static let pupils: [FundedPupil] = [
        FundedPupil(fsm: true, fsm6: true, rank: 0.01, attainment: -1, eal: true),        // FSM, FSM6, A, LPA, EAL
        FundedPupil(fsm: false, fsm6: true, rank: 0.10, attainment: 1),                   // FSM6, C
        FundedPupil(fsm: false, fsm6: false, rank: 0.50, attainment: 1, lookedAfter: true), // looked after, G
        FundedPupil(rank: 0.30, attainment: 1),                                           // F
        FundedPupil(fsm: true, fsm6: true, rank: 0.01, attainment: -1, lookedAfter: true), // at school 1
        FundedPupil(fsm: true, fsm6: true, rank: 0.01, attainment: -1),                   // unplaced
    ]
    static let attends: [Int32] = [0, 0, 0, 0, 1, -1]

    @Test func handWorkedBudgetPerFactor() {
        let r = region(Self.pupils, schools: [school("S1"), school("S2", type: .academy)])
        let (c, b) = budgets(r, FundingSpec(parameters: roundParameters(), yearGroups: 5), Self.attends)
        // School S1, by hand: 4 pupils.
        let expected: [(FundingLine, Double)] = [
            (.factor(.basicEntitlementKS3), 4 * 5000),
            (.factor(.fsm), 1 * 500),
            (.factor(.fsm6), 2 * 1000),
            (.factor(.idaciA), 1 * 900),
            (.factor(.idaciB), 0),
            (.factor(.idaciC), 1 * 700),
            (.factor(.idaciD), 0),
            (.factor(.idaciE), 0),
            (.factor(.idaciF), 1 * 400),
            (.factor(.lowPriorAttainment), 1 * 1700),
            (.factor(.eal), 1 * 1500),
            (.factor(.mobility), 0),                       // a normal-round intake has no mobile pupils
            (.factor(.lumpSum), 100_000 / 5),             // a fifth: one of five year groups
            (.areaCostAdjustment, 0),
            (.minimumPerPupilTopUp, 0),
            (.factor(.pupilPremiumEver6), 2 * 1000),       // pupils 1 and 2 (pupil 3 is looked after, not Ever-6)
            (.factor(.pupilPremiumLookedAfter), 1 * 2500),
            (.topSlice, 0),
        ]
        #expect(c.lines == expected.map(\.0))
        for (line, value) in expected {
            #expect(amount(c, b, 0, line) == value, "\(line.name)")
        }
        // 20000 + 500 + 2000 + 900 + 700 + 400 + 1700 + 1500 + 20000 + 2000 + 2500
        #expect(b.totals[0] == 52_200)
        #expect(b.intake == [4, 1])
        #expect(b.perPupil(school: 0) == 13_050)
        // Deprivation: FSM 500 + FSM6 2000 + IDACI 900 + 700 + 400, plus premium 2000 + 2500.
        #expect(b.deprivation[0] == 9_000)
        #expect(b.disadvantaged[0] == 3)
        // School S2: one looked-after FSM pupil in band A with low attainment; the premium is the
        // looked-after rate only.
        let s2 = 5000.0 + 500 + 1000 + 900 + 1700 + 20_000 + 2500
        #expect(b.totals[1] == s2)
        #expect(amount(c, b, 1, .factor(.pupilPremiumEver6)) == 0)
    }

    @Test func eligibleCountsFollowTheAttributes() {
        let r = region(Self.pupils, schools: [school("S1"), school("S2")])
        let (c, b) = budgets(r, FundingSpec(parameters: roundParameters()), Self.attends)
        let counts = Dictionary(uniqueKeysWithValues: c.perPupilFactors.enumerated().map { ($1, b.eligible(school: 0, factor: $0)) })
        #expect(counts[.basicEntitlementKS3] == 4)
        #expect(counts[.fsm] == 1)
        #expect(counts[.fsm6] == 2)
        let bands: [Int?] = FundingFactor.idaciBands.map { counts[$0] }
        #expect(bands == [1, 0, 1, 0, 0, 1])
        #expect(counts[.lowPriorAttainment] == 1)
        #expect(counts[.eal] == 1)
        #expect(counts[.mobility] == 0)
        #expect(counts[.pupilPremiumEver6] == 2)
        #expect(counts[.pupilPremiumLookedAfter] == 1)
    }

    /// total = Σ amount(f) × eligible(f) + school-level amounts, on random cohorts and allocations.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func totalIsFactorsTimesEligiblePlusSchoolLevel(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 500, m = 7
        let list = (0..<n).map { _ -> FundedPupil in
            let fsm = Double.random(in: 0..<1, using: &rng) < 0.23
            return FundedPupil(fsm: fsm, fsm6: fsm || Double.random(in: 0..<1, using: &rng) < 0.05,
                               rank: Double.random(in: 0..<1, using: &rng), attainment: Double.random(in: -3..<3, using: &rng),
                               eal: Double.random(in: 0..<1, using: &rng) < 0.04,
                               lookedAfter: Double.random(in: 0..<1, using: &rng) < 0.02)
        }
        let r = region(list, schools: (0..<m).map { school("S\($0)") })
        let attends = (0..<n).map { _ in Int32(Int.random(in: -1..<m, using: &rng)) }
        let years = Int.random(in: 1...7, using: &rng)
        let p = roundParameters()
        let (c, b) = budgets(r, FundingSpec(parameters: p, yearGroups: years), attends)
        for s in 0..<m {
            var expected = p.amounts[.lumpSum]! / Double(years)
            let here = (0..<n).filter { attends[$0] == Int32(s) }
            for (k, factor) in c.perPupilFactors.enumerated() {
                // Count eligible pupils directly from the definitions.
                let eligible = here.filter { i in
                    let x = list[i]
                    let band = FundingContext.idaciBand(score: IDACICurve.score(atRankFraction: x.rank), ends: p.idaciBandEnds)
                    switch factor {
                    case .basicEntitlementKS3: return true
                    case .fsm: return x.fsm
                    case .fsm6: return x.fsm6
                    case .lowPriorAttainment: return x.attainment < FundingContext.normalQuantile(0.41)
                    case .eal: return x.eal
                    case .mobility: return false
                    case .pupilPremiumEver6: return x.fsm6 && !x.lookedAfter
                    case .pupilPremiumLookedAfter: return x.lookedAfter
                    default: return band == FundingFactor.idaciBands.firstIndex(of: factor)
                    }
                }.count
                #expect(b.eligible(school: s, factor: k) == eligible, "\(factor.rawValue) at S\(s)")
                expected += p.amounts[factor]! * Double(eligible)
            }
            #expect(abs(b.totals[s] - expected) < 1e-6, "S\(s): \(b.totals[s]) vs \(expected)")
            #expect(b.intake[s] == here.count)
        }
    }

    @Test func areaCostAdjustmentScalesFormulaFundingButNotThePremium() {
        let r = region(Self.pupils, schools: [school("S1"), school("S2")])
        let (c, b) = budgets(r, FundingSpec(parameters: roundParameters(aca: 1.1), yearGroups: 5), Self.attends)
        // Formula funding of S1 before the ACA: 52,200 − premium 4,500 = 47,700; ACA adds 10%.
        #expect(abs(amount(c, b, 0, .areaCostAdjustment)! - 4_770) < 1e-9)
        #expect(abs(b.totals[0] - (52_200 + 4_770)) < 1e-9)
        // Deprivation: formula part 4,500 × 1.1 plus premium 4,500.
        #expect(abs(b.deprivation[0] - (4_500 * 1.1 + 4_500)) < 1e-9)
    }

    // MARK: Minimum per-pupil level

    /// Ten pupils with nothing but the basic entitlement of 6,000: formula funding is 6,000 a pupil.
    static func minimumCase(_ minimum: Double?, intake: Int = 10, aca: Double = 1) -> (FundingContext, FundingBudgets) {
        let p = FundingParameters(name: "min", amounts: [.basicEntitlementKS3: 6000, .pupilPremiumEver6: 1000],
                                  minimumPerPupil: minimum, areaCostAdjustment: aca)
        let list = (0..<intake).map { i in FundedPupil(fsm: i == 0, fsm6: i == 0) }
        let r = region(list, schools: [school("S1")])
        return budgets(r, FundingSpec(parameters: p), [Int32](repeating: 0, count: intake))
    }

    @Test func schoolExactlyAtTheMinimumGetsNoTopUp() {
        let (c, b) = Self.minimumCase(6000)
        #expect(amount(c, b, 0, .minimumPerPupilTopUp) == 0)
        #expect(b.totals[0] == 60_000 + 1000)
    }

    @Test func schoolJustBelowTheMinimumIsToppedUpToIt() {
        let (c, b) = Self.minimumCase(6000.01)
        let topUp = try! #require(amount(c, b, 0, .minimumPerPupilTopUp))
        #expect(abs(topUp - 0.1) < 1e-9)
        // Formula funding plus top-up is exactly the minimum times the intake; the premium comes on top.
        #expect(abs((b.totals[0] - 1000) - 60_000.1) < 1e-9)
    }

    @Test func schoolAboveTheMinimumGetsNoTopUp() {
        let (c, b) = Self.minimumCase(5999.99)
        #expect(amount(c, b, 0, .minimumPerPupilTopUp) == 0)
        #expect(b.totals[0] == 61_000)
    }

    @Test func theMinimumIsComparedAfterTheAreaCostAdjustment() {
        // 6,000 × 1.1 = 6,600 a pupil: above a 6,500 minimum, below a 6,700 one.
        let (c1, b1) = Self.minimumCase(6500, aca: 1.1)
        #expect(amount(c1, b1, 0, .minimumPerPupilTopUp) == 0)
        let (c2, b2) = Self.minimumCase(6700, aca: 1.1)
        #expect(abs(amount(c2, b2, 0, .minimumPerPupilTopUp)! - 1_000) < 1e-6)
    }

    @Test func noMinimumOrNoIntakeMeansNoTopUp() {
        let (c1, b1) = Self.minimumCase(nil)
        #expect(amount(c1, b1, 0, .minimumPerPupilTopUp) == 0)
        let (c2, b2) = Self.minimumCase(9000, intake: 0)
        #expect(amount(c2, b2, 0, .minimumPerPupilTopUp) == 0)
        #expect(b2.totals[0] == 0)
        #expect(b2.perPupil(school: 0) == nil)
    }

    // MARK: Top-slice

    /// S1 community, S2 academy, each with four pupils: basic 5,000, Ever-6 premium 1,000 for one.
    static func sliceCase(_ slice: TopSlice) -> (FundingContext, FundingBudgets) {
        let p = FundingParameters(name: "slice", amounts: [.basicEntitlementKS3: 5000, .pupilPremiumEver6: 1000, .lumpSum: 50_000])
        let list = (0..<8).map { i in FundedPupil(fsm: i % 4 == 0, fsm6: i % 4 == 0) }
        let r = region(list, schools: [school("S1"), school("S2", type: .academy)])
        return budgets(r, FundingSpec(parameters: p, yearGroups: 5, topSlice: slice), [0, 0, 0, 0, 1, 1, 1, 1])
    }

    @Test func zeroTopSliceChangesNothing() {
        let (c, b) = Self.sliceCase(TopSlice(share: 0))
        #expect(amount(c, b, 1, .topSlice) == 0)
        let each: Double = 20_000 + 10_000 + 1_000  // four pupils, a fifth of the lump sum, one premium
        #expect(b.totals == [each, each])
    }

    @Test func fullTopSliceLeavesAnAcademyOnlyItsPremium() {
        let (c, b) = Self.sliceCase(TopSlice(share: 1))
        #expect(amount(c, b, 1, .topSlice) == -30_000)
        #expect(b.totals[1] == 1_000)
        // The community school is not in a trust.
        #expect(amount(c, b, 0, .topSlice) == 0)
        #expect(b.totals[0] == 31_000)
        // Deprivation funding is counted before the top-slice.
        #expect(b.deprivation[1] == 1_000)
    }

    @Test func fullTopSliceWithThePremiumLeavesNothing() {
        let (_, b) = Self.sliceCase(TopSlice(share: 1, includesPupilPremium: true))
        #expect(b.totals[1] == 0)
    }

    @Test func partialTopSliceOfChosenTypes() {
        let (c, b) = Self.sliceCase(TopSlice(share: 0.05, types: [.academy, .community]))
        #expect(abs(amount(c, b, 0, .topSlice)! + 1_500) < 1e-9)
        #expect(abs(amount(c, b, 1, .topSlice)! + 1_500) < 1e-9)
        #expect(abs(b.totals[1] - 29_500) < 1e-9)
    }

    // MARK: Sparsity

    @Test func remoteSmallSchoolGetsTaperedSparsity() {
        // Two schools 20 km apart; every pupil lives beside S1, so S1's sparsity distance is about
        // 20 km (over the 3-mile threshold) and S2 has no pupils for whom it is nearest.
        var p = FundingParameters(name: "sparse", amounts: [.sparsity: 80_000])
        p.sparsity = SparsityRule(distanceKm: 3 * 1.609344, yearGroupThreshold: 120)
        let list = (0..<30).map { _ in FundedPupil(home: Point(x: 0.1, y: 0)) }
        let r = region(list, schools: [school("S1", at: Point(x: 0, y: 0)), school("S2", at: Point(x: 20, y: 0))])
        let (c, b) = budgets(r, FundingSpec(parameters: p, yearGroups: 5), [Int32](repeating: 0, count: 30))
        #expect(abs(c.sparsityDistanceKm[0]! - 19.9) < 1e-9)
        #expect(c.sparsityDistanceKm[1] == nil)
        // 80,000 × (1 − 30/120) ÷ 5 year groups.
        #expect(abs(amount(c, b, 0, .factor(.sparsity))! - 12_000) < 1e-9)
        #expect(amount(c, b, 1, .factor(.sparsity)) == 0)
        #expect(FundingBudgets.sparsity(maximum: 80_000, rule: p.sparsity, distanceKm: 19.9, yearGroup: 120) == 0)
        #expect(FundingBudgets.sparsity(maximum: 80_000, rule: p.sparsity, distanceKm: 4.8, yearGroup: 10) == 0)
    }

    @Test func selectiveSchoolsAreCompatibleOnlyWithSelectiveOnes() {
        // A grammar school beside the pupils, a comprehensive beside them too, and a second grammar far
        // away: for the grammar school the second compatible school is the far grammar.
        var p = FundingParameters(name: "sparse", amounts: [.sparsity: 80_000])
        p.sparsity = SparsityRule(distanceKm: 4.828032, yearGroupThreshold: 120)
        let list = (0..<10).map { _ in FundedPupil(home: Point(x: 0, y: 0)) }
        let schools = [school("G1", type: .grammar, at: Point(x: 1, y: 0), selective: true),
                       school("C1", at: Point(x: 2, y: 0)),
                       school("G2", type: .grammar, at: Point(x: 30, y: 0), selective: true)]
        let c = FundingContext(region: region(list, schools: schools), spec: FundingSpec(parameters: p))
        #expect(abs(c.sparsityDistanceKm[0]! - 30) < 1e-9)
        // C1 is the only non-selective school: no second compatible school, no sparsity distance.
        #expect(c.sparsityDistanceKm[1] == nil)
    }
}
