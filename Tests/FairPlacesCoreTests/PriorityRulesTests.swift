import Testing
import TestSupport
import FairPlacesCore

@Suite struct PriorityRulesTests {
    /// School A (index 0) at the origin: looked-after, then sibling, then catchment (a 4 km square
    /// around the school), distance tie-break.
    /// School B (index 1) at (10, 0): catchment (small area 1), then looked-after; ballot tie-break.
    static let tinyRegion: Region = {
        let square = Polygon(vertices: [Point(x: -2, y: -2), Point(x: 2, y: -2), Point(x: 2, y: 2), Point(x: -2, y: 2)])
        let a = makeSchool("A", at: Point(x: 0, y: 0), arrangements: AdmissionArrangements(
            criteria: [.lookedAfter, .sibling, .catchment], tieBreak: .distance, catchment: .polygon(square)))
        let b = makeSchool("B", at: Point(x: 10, y: 0), arrangements: AdmissionArrangements(
            criteria: [.catchment, .lookedAfter], tieBreak: .random, catchment: .areas([1])))
        let areas = [SmallArea(id: "a0", centroid: Point(x: 5, y: 5), idaciScore: 0.1, idaciDecile: 5),
                     SmallArea(id: "a1", centroid: Point(x: 0, y: 0), idaciScore: 0.3, idaciDecile: 2)]
        return makeRegion([
            // P0: looked-after, far from A, area 0.
            TestPupil(home: Point(x: 5, y: 0), lookedAfter: true, area: 0),
            // P1: sibling at A, inside A's square, area 1.
            TestPupil(home: Point(x: 1, y: 1), siblingSchool: 0, area: 1),
            // P2: inside A's square only, area 1.
            TestPupil(home: Point(x: -1, y: 0.5), area: 1),
            // P3: meets nothing at A; sibling at B (B has no sibling criterion); area 0.
            TestPupil(home: Point(x: 8, y: 8), siblingSchool: 1, area: 0),
            // P4: looked-after, sibling at A and inside the square: the first criterion counts.
            TestPupil(home: Point(x: 0.5, y: 0), lookedAfter: true, siblingSchool: 0, area: 0),
        ], schools: [a, b], areas: areas)
    }()

    @Test func tierIsTheFirstCriterionMet() {
        let rules = PriorityRules(region: Self.tinyRegion, seed: 1, replication: 0)
        // At A: [lookedAfter, sibling, catchment] → tier = index of first met, 3 when none.
        #expect((0..<5).map { rules.key(pupil: $0, school: 0, distance: 1).tier } == [0, 1, 2, 3, 0])
        // At B: [catchment (area 1), lookedAfter].
        #expect((0..<5).map { rules.key(pupil: $0, school: 1, distance: 1).tier } == [1, 0, 0, 2, 1])
        #expect(rules.meets(.catchment, pupil: 1, school: 0) && rules.meets(.catchment, pupil: 2, school: 0))
        #expect(!rules.meets(.catchment, pupil: 0, school: 0) && !rules.meets(.catchment, pupil: 3, school: 0))
        #expect(rules.meets(.sibling, pupil: 3, school: 1) && !rules.meets(.sibling, pupil: 3, school: 0))
        #expect(Self.tinyRegion.inCatchment(pupil: 4, school: 0) && !Self.tinyRegion.inCatchment(pupil: 4, school: 1))
        // Nobody is selective here, so every key is eligible and carries its pupil index.
        for i in 0..<5 {
            for s in 0..<2 {
                let key = rules.key(pupil: i, school: s, distance: 2)
                #expect(key.isEligible && key.pupil == UInt32(i))
                #expect(rules.isEligible(pupil: i, school: s))
            }
        }
    }

    /// Distance tie-break: within a tier the key's score is the distance, so nearer comes first;
    /// equal distances fall back to the lottery.
    @Test func distanceTieBreakOrdersByDistance() {
        let pupils = (0..<8).map { _ in TestPupil(home: Point(x: 0, y: 0)) }
        let region = makeRegion(pupils, schools: [makeSchool("A", at: Point(x: 0, y: 0))])
        let rules = PriorityRules(region: region, seed: 4, replication: 0)
        let distances: [Double] = [3.5, 0.2, 7, 1.1, 0.2, 9.9, 2.4, 0.2]
        let keys = (0..<8).map { rules.key(pupil: $0, school: 0, distance: distances[$0]) }
        #expect(keys.map(\.score) == distances)
        #expect(Set(keys.map(\.tier)) == [2])  // default criteria [lookedAfter, sibling], neither met
        let order = keys.sorted().map { Int($0.pupil) }
        // Hand order by distance: the three at 0.2 km (1, 4, 7, in lottery order), then 3, 6, 0, 2, 5.
        #expect(Array(order.suffix(5)) == [3, 6, 0, 2, 5])
        let tied = [1, 4, 7].sorted { rules.lottery(pupil: $0, school: 0) < rules.lottery(pupil: $1, school: 0) }
        #expect(Array(order.prefix(3)) == tied)
        // A better tier beats any distance.
        #expect(PriorityKey(tier: 0, score: 50, lottery: .max, pupil: 9) < keys.min()!)
    }

    /// Ballot: the score is 0 whatever the distance, so the lottery alone orders a tier.
    @Test func randomTieBreakUsesTheLottery() {
        let pupils = (0..<20).map { TestPupil(home: Point(x: Double($0), y: 0)) }
        let region = makeRegion(pupils, schools: [makeSchool("B", at: Point(x: 0, y: 0),
                                                             arrangements: AdmissionArrangements(tieBreak: .random))])
        let rules = PriorityRules(region: region, seed: 8, replication: 2)
        let keys = (0..<20).map { rules.key(pupil: $0, school: 0, distance: Double($0)) }
        #expect(keys.allSatisfy { $0.score == 0 && $0.lottery == rules.lottery(pupil: Int($0.pupil), school: 0) })
        let byLottery = (0..<20).sorted { rules.lottery(pupil: $0, school: 0) < rules.lottery(pupil: $1, school: 0) }
        #expect(keys.sorted().map { Int($0.pupil) } == byLottery)
        // Nearest-first would be 0, 1, 2, …; a ballot of 20 gives that order with probability 1/20!.
        #expect(byLottery != Array(0..<20))
        // Another replication draws a new ballot.
        let again = PriorityRules(region: region, seed: 8, replication: 3)
        #expect((0..<20).map { again.lottery(pupil: $0, school: 0) } != (0..<20).map { rules.lottery(pupil: $0, school: 0) })
    }

    @Test func lotteryScope() {
        let pupils = (0..<30).map { TestPupil(home: Point(x: Double($0), y: 0)) }
        let schools = (0..<3).map { makeSchool("S\($0)", at: Point(x: 0, y: Double($0))) }
        let region = makeRegion(pupils, schools: schools)
        let single = PriorityRules(region: region, seed: 6, replication: 0, lotteryScope: .single)
        let perSchool = PriorityRules(region: region, seed: 6, replication: 0, lotteryScope: .perSchool)
        for i in 0..<30 {
            #expect(single.lottery(pupil: i, school: 0) == single.lottery(pupil: i, school: 1))
            #expect(single.lottery(pupil: i, school: 1) == single.lottery(pupil: i, school: 2))
            #expect(perSchool.lottery(pupil: i, school: 0) != perSchool.lottery(pupil: i, school: 1))
            #expect(perSchool.lottery(pupil: i, school: 1) != perSchool.lottery(pupil: i, school: 2))
            #expect(single.key(pupil: i, school: 2, distance: 1).lottery == single.lottery(pupil: i, school: 2))
            #expect(perSchool.key(pupil: i, school: 2, distance: 1).lottery == perSchool.lottery(pupil: i, school: 2))
        }
        // Within one school, the per-school lottery orders pupils differently from school to school.
        let order0 = (0..<30).sorted { perSchool.lottery(pupil: $0, school: 0) < perSchool.lottery(pupil: $1, school: 0) }
        let order1 = (0..<30).sorted { perSchool.lottery(pupil: $0, school: 1) < perSchool.lottery(pupil: $1, school: 1) }
        #expect(order0 != order1)
        // The lottery is a function of (seed, replication) only: rebuilding gives the same numbers.
        let rebuilt = PriorityRules(region: region, seed: 6, replication: 0, lotteryScope: .perSchool)
        #expect((0..<30).allSatisfy { rebuilt.lottery(pupil: $0, school: 2) == perSchool.lottery(pupil: $0, school: 2) })
    }

    private func selectiveRegion(n: Int, shares: [Double], noise: Double, seed: UInt64) -> Region {
        var rng = SplitMix64(seed: seed)
        let pupils = (0..<n).map { _ in TestPupil(home: Point(x: rng.double(0, 10), y: rng.double(0, 10)), attainment: rng.double(-3, 3)) }
        var schools = [makeSchool("C", at: Point(x: 5, y: 5))]
        for (k, share) in shares.enumerated() {
            schools.append(makeSchool("G\(k)", at: Point(x: Double(k), y: 0), type: .grammar, arrangements: AdmissionArrangements(
                selection: Selection(qualifyingShare: share, testNoiseSD: noise))))
        }
        return makeRegion(pupils, schools: schools)
    }

    /// Exactly round(share · n) pupils qualify; they are the top scorers of the common test; the
    /// others get the ineligible key; the non-selective school admits everyone.
    @Test(arguments: [(0.25, 200), (0.1, 200), (0.333, 150), (0.0, 50), (1.0, 40)])
    func selectionAdmitsExactlyTheQualifyingShare(share: Double, n: Int) {
        let region = selectiveRegion(n: n, shares: [share], noise: 0.5, seed: 3)
        let rules = PriorityRules(region: region, seed: 10, replication: 1)
        let eligible = (0..<n).filter { rules.isEligible(pupil: $0, school: 1) }
        let expected = Int((share * Double(n)).rounded())
        #expect(eligible.count == expected)
        #expect(rules.testScores.count == n)
        let top = Set((0..<n).sorted { rules.testScores[$0] > rules.testScores[$1] }.prefix(expected))
        #expect(Set(eligible) == top)
        for i in 0..<n {
            #expect(rules.isEligible(pupil: i, school: 0))
            let key = rules.key(pupil: i, school: 1, distance: 1)
            #expect(key.isEligible == top.contains(i))
            if !key.isEligible { #expect(key == PriorityKey.ineligible(pupil: UInt32(i))) }
        }
    }

    /// With no measurement noise the test score is the attainment, so the qualifiers are the top
    /// attainers; with noise some are not (the test is imperfect).
    @Test func noiselessTestSelectsByAttainment() {
        let n = 200
        let exact = selectiveRegion(n: n, shares: [0.25], noise: 0, seed: 5)
        let rules = PriorityRules(region: exact, seed: 1, replication: 0)
        let topAttainers = Set((0..<n).sorted { exact.pupils.attainment[$0] > exact.pupils.attainment[$1] }.prefix(50))
        #expect(Set((0..<n).filter { rules.isEligible(pupil: $0, school: 1) }) == topAttainers)
        #expect(rules.testScores == exact.pupils.attainment)

        let noisy = selectiveRegion(n: n, shares: [0.25], noise: 1.0, seed: 5)
        let noisyRules = PriorityRules(region: noisy, seed: 1, replication: 0)
        #expect(Set((0..<n).filter { noisyRules.isEligible(pupil: $0, school: 1) }) != topAttainers)
    }

    /// One common test: a school asking for the top 10% admits a subset of those a school asking
    /// for the top 30% admits.
    @Test func commonTestNestsQualifiers() {
        let n = 300
        let region = selectiveRegion(n: n, shares: [0.1, 0.3], noise: 0.5, seed: 11)
        let rules = PriorityRules(region: region, seed: 2, replication: 0)
        let narrow = Set((0..<n).filter { rules.isEligible(pupil: $0, school: 1) })
        let wide = Set((0..<n).filter { rules.isEligible(pupil: $0, school: 2) })
        #expect(narrow.count == 30 && wide.count == 90)
        #expect(narrow.isSubset(of: wide))
    }

    @Test func priorityKeyOrder() {
        let a = PriorityKey(tier: 0, score: 5, lottery: 9, pupil: 3)
        #expect(a < PriorityKey(tier: 1, score: 0, lottery: 0, pupil: 0))
        #expect(a < PriorityKey(tier: 0, score: 6, lottery: 0, pupil: 0))
        #expect(a < PriorityKey(tier: 0, score: 5, lottery: 10, pupil: 0))
        #expect(a < PriorityKey(tier: 0, score: 5, lottery: 9, pupil: 4))
        #expect(!(a < a) && a == a)
        #expect(a < PriorityKey.ineligible(pupil: 0))
        #expect(!PriorityKey.ineligible(pupil: 7).isEligible && a.isEligible)
    }
}
