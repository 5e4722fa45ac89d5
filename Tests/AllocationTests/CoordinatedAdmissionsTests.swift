import Testing
import TestSupport
import PropertyBased
import FairPlacesCore
import Allocation

@Suite struct CoordinatedAdmissionsHandWorkedTests {
    /// Schools on a line (km):
    ///   0 Near (0, 0) PAN 2 · 1 Far (10, 0) PAN 1 · 2 Grammar (1, 0) PAN 3, top 50% qualify, no test
    ///   noise · 3 Edge (20, 0) PAN 2.
    /// Pupils:
    ///   P0 (0.5, 0) EHC plan names Far, attainment 2.0
    ///   P1 (9, 0)   EHC plan names Far, attainment 1.5
    ///   P2 (0.2, 0) lists Near, attainment −1
    ///   P3 (0.3, 0) lists Near, attainment −0.5
    ///   P4 (0.4, 0) lists Near, attainment −2
    ///   P5 (5, 0)   lists Far, attainment 1.0
    /// Qualifiers: round(0.5 · 6) = 3 top attainers = P0, P1, P5.
    ///
    /// 1. EHC: P0 and P1 take Far, which has PAN 1: one above PAN; Far has 0 places left.
    /// 2. DA: Near (2 places, distance) holds P2 (0.2 km) and P3 (0.3 km), rejects P4 (0.4 km).
    ///    P5 applies to Far, which has no places.
    /// 3. Nearest vacancy: Near and Far are full. P4 fails the grammar test, so skips Grammar
    ///    (0.6 km) and gets Edge (19.6 km). P5 qualifies: Grammar (4 km) beats Edge (15 km).
    static let region: Region = {
        let schools = [
            makeSchool("Near", at: Point(x: 0, y: 0), pan: 2),
            makeSchool("Far", at: Point(x: 10, y: 0), pan: 1),
            makeSchool("Grammar", at: Point(x: 1, y: 0), pan: 3, type: .grammar,
                       arrangements: AdmissionArrangements(selection: Selection(qualifyingShare: 0.5, testNoiseSD: 0))),
            makeSchool("Edge", at: Point(x: 20, y: 0), pan: 2),
        ]
        return makeRegion([
            TestPupil(home: Point(x: 0.5, y: 0), attainment: 2.0, ehcPlanSchool: 1),
            TestPupil(home: Point(x: 9, y: 0), attainment: 1.5, ehcPlanSchool: 1),
            TestPupil(home: Point(x: 0.2, y: 0), attainment: -1),
            TestPupil(home: Point(x: 0.3, y: 0), attainment: -0.5),
            TestPupil(home: Point(x: 0.4, y: 0), attainment: -2),
            TestPupil(home: Point(x: 5, y: 0), attainment: 1.0),
        ], schools: schools)
    }()
    // EHC pupils' own lists are ignored (they do not take part in the matching).
    static let lists = makeLists([[0], [0], [0], [0], [0], [1]], length: 2)

    @Test func nearestVacancy() {
        let rules = PriorityRules(region: Self.region, seed: 1, replication: 0)
        let a = CoordinatedAdmissions(mechanism: DeferredAcceptance(), unplacedRule: .nearestVacancy)
            .allocate(rules: rules, preferences: Self.lists, seed: 1, replication: 0)
        #expect(a.school == [1, 1, 0, 0, 3, 2])
        #expect(a.route == [.ehcPlan, .ehcPlan, .preference, .preference, .administrative, .administrative])
        #expect(a.preferenceRank == [-1, -1, 0, 0, -1, -1])
        #expect(a.abovePAN == [0, 1, 0, 0])
        #expect(a.pupilCount == 6)
        #expect(a.justifiedEnvy == 0)
    }

    @Test func noAdministrativeAllocation() {
        let rules = PriorityRules(region: Self.region, seed: 1, replication: 0)
        let a = CoordinatedAdmissions(mechanism: DeferredAcceptance(), unplacedRule: .none)
            .allocate(rules: rules, preferences: Self.lists, seed: 1, replication: 0)
        #expect(a.school == [1, 1, 0, 0, -1, -1])
        #expect(a.route == [.ehcPlan, .ehcPlan, .preference, .preference, .unplaced, .unplaced])
        #expect(a.preferenceRank == [-1, -1, 0, 0, -1, -1])
        #expect(a.abovePAN == [0, 1, 0, 0])
    }

    /// The problem the mechanism sees: EHC pupils out, places net of EHC admissions, keys from the rules.
    @Test func problemNetsOutEHCPlaces() {
        let rules = PriorityRules(region: Self.region, seed: 1, replication: 0)
        let (problem, ehc) = CoordinatedAdmissions(mechanism: DeferredAcceptance())
            .problem(rules: rules, preferences: Self.lists)
        #expect(ehc == [0, 2, 0, 0])
        #expect(problem.capacity == [2, 0, 3, 2])
        #expect(problem.participates == [false, false, true, true, true, true])
        // P2's key at Near: tier 2 (neither looked-after nor sibling), score = 0.2 km.
        let key = problem.priority[2 * 2 + 0]
        #expect(key.tier == 2 && abs(key.score - 0.2) < 1e-12 && key.pupil == 2)
    }

    /// EHC pupils take PAN places: one EHC pupil at a 2-place school leaves one place for the others.
    @Test func ehcPlacesComeOffThePAN() {
        let region = makeRegion([
            TestPupil(home: Point(x: 5, y: 0), ehcPlanSchool: 0),
            TestPupil(home: Point(x: 1, y: 0)),
            TestPupil(home: Point(x: 2, y: 0)),
        ], schools: [makeSchool("A", at: Point(x: 0, y: 0), pan: 2)])
        let rules = PriorityRules(region: region, seed: 3, replication: 0)
        let a = CoordinatedAdmissions(mechanism: DeferredAcceptance(), unplacedRule: .nearestVacancy)
            .allocate(rules: rules, preferences: makeLists([[], [0], [0]], length: 1), seed: 3, replication: 0)
        // P1 (1 km) beats P2 (2 km) for the one place left; no school has a vacancy for P2.
        #expect(a.school == [0, 0, -1])
        #expect(a.route == [.ehcPlan, .preference, .unplaced])
        #expect(a.abovePAN == [0])
    }

    /// Administrative places fill up as they are given: two unplaced pupils whose nearest vacancy is
    /// the same one-place school — one gets it, the other the next nearest with a vacancy.
    @Test func administrativePlacesCountAsTheyFill() {
        let region = makeRegion([
            TestPupil(home: Point(x: 0, y: 0)),
            TestPupil(home: Point(x: 0.1, y: 0)),
            TestPupil(home: Point(x: 0.2, y: 0)),
        ], schools: [makeSchool("Full", at: Point(x: 0, y: 0), pan: 1),
                     makeSchool("Small", at: Point(x: 3, y: 0), pan: 1),
                     makeSchool("Big", at: Point(x: 8, y: 0), pan: 5)])
        for seed: UInt64 in 0..<8 {
            let rules = PriorityRules(region: region, seed: seed, replication: 0)
            let a = CoordinatedAdmissions(mechanism: DeferredAcceptance(), unplacedRule: .nearestVacancy)
                .allocate(rules: rules, preferences: makeLists([[0], [0], [0]], length: 1), seed: seed, replication: 0)
            // Nearest to Full (0 km) wins it; the other two share Small (one place) and Big.
            #expect(a.school[0] == 0 && a.route[0] == .preference)
            #expect(Set([a.school[1], a.school[2]]) == [1, 2], "seed \(seed): \(a.school)")
            #expect(a.route[1] == .administrative && a.route[2] == .administrative)
        }
    }
}

/// A random tiny region with random admission arrangements and random lists.
private struct RandomScenario {
    var region: Region
    var lists: PreferenceLists
    var listsByPupil: [[Int]]

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let m = rng.int(1...4), n = rng.int(1...9), length = rng.int(1...3)
        var schools: [School] = []
        for s in 0..<m {
            var criteria = [OversubscriptionCriterion.lookedAfter, .sibling].filter { _ in rng.chance(0.7) }
            if rng.chance(0.5) { criteria.reverse() }
            let selective = rng.chance(0.3)
            schools.append(makeSchool("S\(s)", at: Point(x: rng.double(0, 10), y: rng.double(0, 10)), pan: rng.int(0...3),
                                      type: selective ? .grammar : .community,
                                      arrangements: AdmissionArrangements(
                                        criteria: criteria, tieBreak: rng.chance(0.5) ? .distance : .random,
                                        selection: selective ? Selection(qualifyingShare: rng.double(0.2, 0.8), testNoiseSD: 0.3) : nil)))
        }
        var pupils: [TestPupil] = []
        var listsByPupil: [[Int]] = []
        for _ in 0..<n {
            pupils.append(TestPupil(home: Point(x: rng.double(0, 10), y: rng.double(0, 10)), fsm: rng.chance(0.3),
                                    attainment: rng.double(-2, 2), lookedAfter: rng.chance(0.1),
                                    ehcPlanSchool: rng.chance(0.15) ? Int32(rng.int(0...(m - 1))) : -1,
                                    siblingSchool: rng.chance(0.3) ? Int32(rng.int(0...(m - 1))) : -1))
            var order = Array(0..<m)
            order.shuffle(using: &rng)
            listsByPupil.append(Array(order.prefix(rng.int(0...min(length, m)))))
        }
        region = makeRegion(pupils, schools: schools)
        lists = makeLists(listsByPupil, length: length)
        self.listsByPupil = listsByPupil
    }
}

@Suite struct CoordinatedAdmissionsPropertyTests {
    @Test func everyPupilIsAccountedForAndNoSchoolIsOverfilled() async {
        await propertyCheck(count: 300, input: Gen.uint64(), Gen.bool) { seed, nearestVacancy in
            let scenario = RandomScenario(seed: seed)
            let region = scenario.region, p = region.pupils
            let n = p.count, m = region.schools.count
            let rules = PriorityRules(region: region, seed: seed, replication: 2)
            let rule: UnplacedPupilRule = nearestVacancy ? .nearestVacancy : .none
            let a = CoordinatedAdmissions(mechanism: DeferredAcceptance(), unplacedRule: rule)
                .allocate(rules: rules, preferences: scenario.lists, seed: seed, replication: 2)
            #expect(a.pupilCount == n && a.route.count == n && a.preferenceRank.count == n && a.abovePAN.count == m)

            var ehc = [Int](repeating: 0, count: m), intake = [Int](repeating: 0, count: m)
            var viaPreference = [Int](repeating: 0, count: m)
            for i in 0..<n where p.ehcPlanSchool[i] >= 0 { ehc[Int(p.ehcPlanSchool[i])] += 1 }
            for i in 0..<n where a.school[i] >= 0 {
                intake[Int(a.school[i])] += 1
                if a.route[i] == .preference { viaPreference[Int(a.school[i])] += 1 }
            }
            let netCapacity = (0..<m).map { max(0, region.schools[$0].pan - ehc[$0]) }
            for s in 0..<m {
                let pan = region.schools[s].pan
                #expect(a.abovePAN[s] == max(0, ehc[s] - pan))
                // No school above PAN except by EHC plans; the others fill at most what EHC leaves.
                #expect(intake[s] <= max(pan, ehc[s]), "school \(s): intake \(intake[s]), PAN \(pan), EHC \(ehc[s])")
                #expect(intake[s] - ehc[s] <= netCapacity[s])
            }
            for i in 0..<n {
                let s = Int(a.school[i])
                let list = scenario.listsByPupil[i]
                switch a.route[i] {
                case .ehcPlan:
                    #expect(p.ehcPlanSchool[i] >= 0 && a.school[i] == p.ehcPlanSchool[i] && a.preferenceRank[i] == -1)
                case .preference:
                    #expect(p.ehcPlanSchool[i] < 0)
                    #expect(a.preferenceRank[i] >= 0 && Int(a.preferenceRank[i]) < list.count && list[Int(a.preferenceRank[i])] == s)
                    #expect(rules.isEligible(pupil: i, school: s))
                case .administrative:
                    #expect(nearestVacancy && p.ehcPlanSchool[i] < 0)
                    #expect(s >= 0 && a.preferenceRank[i] == -1 && rules.isEligible(pupil: i, school: s))
                    // Schools only fill up, so every eligible school nearer than the one given is full at the end.
                    let d = p.home(i).distance(to: region.schools[s].location)
                    for t in 0..<m where t != s && rules.isEligible(pupil: i, school: t)
                        && p.home(i).distance(to: region.schools[t].location) < d {
                        #expect(intake[t] >= region.schools[t].pan, "pupil \(i) sent to \(s) past \(t) with a vacancy")
                    }
                case .unplaced:
                    #expect(s == -1 && a.preferenceRank[i] == -1 && p.ehcPlanSchool[i] < 0)
                    if nearestVacancy {
                        for t in 0..<m where rules.isEligible(pupil: i, school: t) {
                            #expect(intake[t] >= region.schools[t].pan, "pupil \(i) unplaced while \(t) has a vacancy")
                        }
                    }
                }
                // Preference-stage stability over the places left after EHC plans: no pupil prefers a
                // listed school where they are eligible that has a mechanism place free or holds,
                // through the mechanism, a pupil it ranks below them.
                if p.ehcPlanSchool[i] < 0 {
                    let better = a.route[i] == .preference ? Int(a.preferenceRank[i]) : list.count
                    for r in 0..<better {
                        let t = list[r]
                        guard rules.isEligible(pupil: i, school: t) else { continue }
                        let di = p.home(i).distance(to: region.schools[t].location)
                        let ki = rules.key(pupil: i, school: t, distance: di)
                        #expect(viaPreference[t] >= netCapacity[t], "pupil \(i) blocks with free place at \(t)")
                        for j in 0..<n where a.route[j] == .preference && a.school[j] == Int32(t) {
                            let kj = rules.key(pupil: j, school: t, distance: p.home(j).distance(to: region.schools[t].location))
                            #expect(kj < ki, "pupil \(i) has justified envy of \(j) at \(t)")
                        }
                    }
                }
            }
            #expect(a.justifiedEnvy == 0)
        }
    }

    /// The unplaced-pupil rule only changes what happens after the matching.
    @Test func unplacedRuleDoesNotChangeTheMatching() async {
        await propertyCheck(count: 150, input: Gen.uint64()) { seed in
            let scenario = RandomScenario(seed: seed)
            let rules = PriorityRules(region: scenario.region, seed: seed, replication: 0)
            let with = CoordinatedAdmissions(mechanism: DeferredAcceptance(), unplacedRule: .nearestVacancy)
                .allocate(rules: rules, preferences: scenario.lists, seed: seed, replication: 0)
            let without = CoordinatedAdmissions(mechanism: DeferredAcceptance(), unplacedRule: .none)
                .allocate(rules: rules, preferences: scenario.lists, seed: seed, replication: 0)
            for i in 0..<scenario.region.pupils.count {
                if without.route[i] == .unplaced {
                    #expect(with.route[i] == .administrative || with.route[i] == .unplaced)
                } else {
                    #expect(with.route[i] == without.route[i] && with.school[i] == without.school[i])
                }
                #expect(with.preferenceRank[i] == without.preferenceRank[i])
            }
            #expect(!without.route.contains(.administrative))
        }
    }
}
