import Testing
import TestSupport
import PropertyBased
import FairPlacesCore
import Allocation

/// A key that ranks `position`-th in a school's order (0 = highest priority).
private func at(_ position: Int, _ pupil: Int) -> PriorityKey {
    PriorityKey(tier: 0, score: 0, lottery: UInt64(position), pupil: UInt32(pupil))
}

@Suite struct DeferredAcceptanceHandWorkedTests {
    /// Four pupils A–D (0–3), three single-place schools X, Y, Z (0–2).
    ///
    ///     A: X, Y        X: D ≻ C ≻ A ≻ B
    ///     B: X, Z        Y: A ≻ B ≻ C ≻ D
    ///     C: Y, X        Z: B ≻ D
    ///     D: X, Y, Z
    ///
    /// Round 1: A, B, D apply to X, which holds D (its best) and rejects A and B; C applies to Y (held).
    /// Round 2: A applies to Y, which prefers A to C: holds A, rejects C. B applies to Z (held).
    /// Round 3: C applies to X, which prefers D: C is rejected and has no schools left.
    /// Result: A–Y (2nd choice), B–Z (2nd), C unmatched, D–X (1st).
    @Test func rejectionChain() {
        let inst = Instance(schools: 3, length: 3,
                            lists: [[0, 1], [0, 2], [1, 0], [0, 1, 2]],
                            keys: [[at(2, 0), at(0, 0)],
                                   [at(3, 1), at(0, 1)],
                                   [at(2, 2), at(1, 2)],
                                   [at(0, 3), at(3, 3), at(1, 3)]],
                            capacity: [1, 1, 1], participates: [true, true, true, true])
        let m = DeferredAcceptance().match(inst.problem)
        #expect(m.school == [1, 2, -1, 0])
        #expect(m.rank == [1, 1, -1, 0])
    }

    /// The classic example where deferred acceptance is stable but not Pareto efficient
    /// (Abdulkadiroğlu & Sönmez 2003 style). Three pupils 1–3 (0–2), single-place schools s1–s3 (0–2).
    ///
    ///     i1: s2, s1, s3      s1: i1 ≻ i3 ≻ i2
    ///     i2: s1, s2, s3      s2: i2 ≻ i1 ≻ i3
    ///     i3: s1, s2, s3      s3: i2 ≻ i1 ≻ i3
    ///
    /// Round 1: i1→s2 (held); i2, i3→s1: s1 holds i3, rejects i2.
    /// Round 2: i2→s2: s2 prefers i2 to i1: holds i2, rejects i1.
    /// Round 3: i1→s1: s1 prefers i1 to i3: holds i1, rejects i3.
    /// Round 4: i3→s2: rejected (i2 ≻ i3); i3→s3: held.
    /// Result: i1–s1 (2nd), i2–s2 (2nd), i3–s3 (3rd). (i1 and i2 would both gain by swapping,
    /// but then i3 would have justified envy of i2 at s1, since s1 ranks i3 above i2.)
    @Test func stableButNotEfficient() {
        let inst = Instance(schools: 3, length: 3,
                            lists: [[1, 0, 2], [0, 1, 2], [0, 1, 2]],
                            keys: [[at(1, 0), at(0, 0), at(1, 0)],
                                   [at(2, 1), at(0, 1), at(0, 1)],
                                   [at(1, 2), at(2, 2), at(2, 2)]],
                            capacity: [1, 1, 1], participates: [true, true, true])
        let m = DeferredAcceptance().match(inst.problem)
        #expect(m.school == [0, 1, 2])
        #expect(m.rank == [1, 1, 2])
    }

    /// Capacities above one, criterion tiers, distance scores, an ineligible applicant (failed a
    /// selection test) and a pupil who does not take part (placed by an EHC plan).
    ///
    /// Schools: 0 "Popular" (2 places, distance tie-break), 1 "Grammar" (1 place), 2 "Local" (2 places).
    /// Pupils and keys (tier, distance km):
    ///     0: Popular(t1, 0.5), Local(t1, 1.0)
    ///     1: Popular(t0 sibling, 3.0), Grammar(ineligible), Local(t1, 0.4)
    ///     2: Grammar(t0, 2.0), Popular(t1, 0.7)
    ///     3: Popular(t1, 0.3), Local(t1, 2.0)
    ///     4: Popular(t0, 0.1)  — does not take part
    ///     5: Grammar(t0, 1.0), Local(t1, 0.2)
    ///
    /// Round 1: Popular gets 0, 1, 3 (4 takes no part): keeps 1 (tier 0) and 3 (t1, 0.3 km), rejects 0
    /// (t1, 0.5 km). Grammar gets 2 (2.0 km) and 5 (1.0 km): keeps 5, rejects 2.
    /// Round 2: 0 → Local (held). 2 → Popular: (t1, 0.7) is worse than 3's (t1, 0.3): rejected; list done.
    /// Result: 0–Local (rank 1), 1–Popular (0), 2 unmatched, 3–Popular (0), 4 unmatched, 5–Grammar (0).
    @Test func tiersDistancesEligibilityAndNonParticipants() {
        func k(_ tier: UInt32, _ km: Double, _ i: Int) -> PriorityKey {
            PriorityKey(tier: tier, score: km, lottery: 0, pupil: UInt32(i))
        }
        let inst = Instance(schools: 3, length: 3,
                            lists: [[0, 2], [0, 1, 2], [1, 0], [0, 2], [0], [1, 2]],
                            keys: [[k(1, 0.5, 0), k(1, 1.0, 0)],
                                   [k(0, 3.0, 1), .ineligible(pupil: 1), k(1, 0.4, 1)],
                                   [k(0, 2.0, 2), k(1, 0.7, 2)],
                                   [k(1, 0.3, 3), k(1, 2.0, 3)],
                                   [k(0, 0.1, 4)],
                                   [k(0, 1.0, 5), k(1, 0.2, 5)]],
                            capacity: [2, 1, 2], participates: [true, true, true, true, false, true])
        let m = DeferredAcceptance().match(inst.problem)
        #expect(m.school == [2, 0, -1, 0, -1, 1])
        #expect(m.rank == [1, 0, -1, 0, -1, 0])
    }

    /// A pupil rejected late in a chain re-applies further down; capacity 0 and an empty list.
    ///
    ///     0: A, B       A (1 place): 2 ≻ 1 ≻ 0
    ///     1: A, B       B (1 place): 0 ≻ 1
    ///     2: C, A       C (0 places)
    ///     3: (empty list)
    ///
    /// 0 → A (held); 1 → A: A prefers 1, rejects 0; 0 → B (held). 2 → C: no places; 2 → A: A prefers
    /// 2, rejects 1; 1 → B: B prefers 0, rejects 1; 1's list is done.
    /// Result: 0–B (rank 1), 1 unmatched, 2–A (rank 1), 3 unmatched.
    @Test func lateRejectionAndZeroCapacity() {
        let inst = Instance(schools: 3, length: 2,
                            lists: [[0, 1], [0, 1], [2, 0], []],
                            keys: [[at(2, 0), at(0, 0)], [at(1, 1), at(1, 1)], [at(0, 2), at(0, 2)], []],
                            capacity: [1, 1, 0], participates: [true, true, true, true])
        let m = DeferredAcceptance().match(inst.problem)
        #expect(m.school == [1, -1, 0, -1])
        #expect(m.rank == [1, -1, 1, -1])
    }

    @Test func emptyProblem() {
        let problem = AllocationProblem(preferences: PreferenceLists(pupils: 0, length: 3), priority: [],
                                        capacity: [2, 1], participates: [])
        let m = DeferredAcceptance().match(problem)
        #expect(m.school.isEmpty && m.rank.isEmpty)
        #expect(CoordinatedAdmissions(.deferredAcceptance).mechanism.match(problem) == m)
    }

    /// Many applicants for one large school: the held set is exactly the best `capacity` keys
    /// (exercises the heap past its first levels).
    @Test func largeSchoolKeepsTheBestApplicants() {
        var rng = SplitMix64(seed: 99)
        let n = 200, capacity = 37
        let lotteries = (0..<n).map { _ in UInt64(rng.int(0...1_000_000)) }
        let inst = Instance(schools: 1, length: 1, lists: [[Int]](repeating: [0], count: n),
                            keys: (0..<n).map { [PriorityKey(tier: UInt32($0 % 3), score: 0, lottery: lotteries[$0], pupil: UInt32($0))] },
                            capacity: [capacity], participates: [Bool](repeating: true, count: n))
        let m = DeferredAcceptance().match(inst.problem)
        let best = Set((0..<n).sorted { inst.keys[$0][0] < inst.keys[$1][0] }.prefix(capacity))
        #expect(Set((0..<n).filter { m.school[$0] == 0 }) == best)
    }
}

@Suite struct BruteForceOracleTests {
    /// Two pupils, two single-place schools, preferences opposed to priorities:
    ///
    ///     0: A, B     A: 1 ≻ 0
    ///     1: B, A     B: 0 ≻ 1
    ///
    /// Both {0–A, 1–B} (each pupil's first choice) and {0–B, 1–A} (each school's first choice) are
    /// stable; DA gives the first.
    @Test func findsBothStableMatchings() {
        let inst = Instance(schools: 2, length: 2, lists: [[0, 1], [1, 0]],
                            keys: [[at(1, 0), at(0, 0)], [at(1, 1), at(0, 1)]],
                            capacity: [1, 1], participates: [true, true])
        #expect(Set(bruteForceStableMatchings(inst)) == [[0, 1], [1, 0]])
        #expect(DeferredAcceptance().match(inst.problem).school == [0, 1])
        // Unstable: both unmatched (free seats), or 0–A with 1 unmatched.
        #expect(blockingPairs(inst, school: [-1, -1]).count == 4)
        // With 0–A and 1 unmatched, 1 blocks with B (free) and with A (A ranks 1 above 0).
        #expect(blockingPairs(inst, school: [0, -1]).map { [$0.pupil, $0.school] } == [[1, 1], [1, 0]])
    }

    /// The random instances include many with several stable matchings (otherwise pupil-optimality
    /// would be checked only trivially).
    @Test func randomInstancesOftenHaveSeveralStableMatchings() {
        let several = (0..<300).filter { bruteForceStableMatchings(Instance.random(seed: UInt64($0))).count > 1 }.count
        #expect(several >= 15, "only \(several) of 300 instances have more than one stable matching")
    }
}

@Suite struct DeferredAcceptancePropertyTests {
    /// On random small instances the DA matching (a) respects capacity, (b) places pupils only at
    /// listed schools where they are eligible, with `rank` their position on the list, (c) has no
    /// blocking pair, (d) is weakly preferred by every pupil to every stable matching (found by brute
    /// force), and (e) leaves non-participants unmatched. The brute force must also find DA's matching.
    @Test func matchingIsFeasibleStableAndPupilOptimal() async {
        await propertyCheck(count: 800, input: Gen.uint64()) { seed in
            let inst = Instance.random(seed: seed)
            let m = DeferredAcceptance().match(inst.problem)
            let school = m.school.map { Int($0) }
            #expect(m.school.count == inst.pupils && m.rank.count == inst.pupils)

            // (a) capacity
            for s in 0..<inst.schools {
                #expect(school.filter { $0 == s }.count <= inst.capacity[s], "capacity of \(s)\n\(inst)")
            }
            for i in 0..<inst.pupils {
                if school[i] < 0 {
                    #expect(m.rank[i] == -1)
                    continue
                }
                // (b) listed, eligible, rank = position
                let r = inst.rank(i, school[i])
                #expect(r != nil && Int(m.rank[i]) == r, "pupil \(i)\n\(inst)")
                if let r { #expect(inst.keys[i][r].isEligible, "pupil \(i) placed where ineligible\n\(inst)") }
                // (e) non-participants are never placed
                #expect(inst.participates[i], "non-participant \(i) placed\n\(inst)")
            }
            // (c) stable
            let blocking = blockingPairs(inst, school: school)
            #expect(blocking.isEmpty, "blocking pairs \(blocking)\n\(inst)")
            // (d) pupil-optimal among all stable matchings
            let stable = bruteForceStableMatchings(inst)
            #expect(stable.contains(school), "DA's matching \(school) not among the stable ones \(stable)\n\(inst)")
            for other in stable {
                for i in 0..<inst.pupils where inst.participates[i] {
                    #expect(assignedRank(inst, i, school[i]) <= assignedRank(inst, i, other[i]),
                            "pupil \(i) prefers stable matching \(other) to DA's \(school)\n\(inst)")
                }
            }
            // A stable matching has no justified envy.
            #expect(JustifiedEnvy.count(inst.problem, m) == 0)
        }
    }

    /// Rural hospitals theorem: every stable matching places the same set of pupils and fills each
    /// school to the same level — a check on the brute force itself, independent of DA.
    @Test func stableMatchingsPlaceTheSamePupils() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            let inst = Instance.random(seed: seed)
            let stable = bruteForceStableMatchings(inst)
            #expect(!stable.isEmpty, "a stable matching always exists\n\(inst)")
            guard let first = stable.first else { return }
            for other in stable.dropFirst() {
                #expect(other.map { $0 >= 0 } == first.map { $0 >= 0 }, "\(first) vs \(other)\n\(inst)")
            }
        }
    }

    /// Justified envy counted by definition on arbitrary (not necessarily stable) matchings.
    @Test func justifiedEnvyMatchesDefinition() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            let inst = Instance.random(seed: seed)
            var rng = SplitMix64(seed: ~seed)
            var m = Matching(pupils: inst.pupils)
            for i in 0..<inst.pupils where inst.participates[i] {
                let options = inst.lists[i].indices.filter { inst.keys[i][$0].isEligible }
                if let r = options.randomElement(using: &rng), rng.chance(0.8) {
                    m.school[i] = Int32(inst.lists[i][r]); m.rank[i] = Int32(r)
                }
            }
            var envious = 0
            for i in 0..<inst.pupils where inst.participates[i] {
                let better = m.school[i] >= 0 ? Int(m.rank[i]) : inst.lists[i].count
                let envies = (0..<better).contains { r in
                    let s = inst.lists[i][r], ki = inst.keys[i][r]
                    return ki.isEligible && (0..<inst.pupils).contains { j in m.school[j] == Int32(s) && ki < inst.key(j, s) }
                }
                if envies { envious += 1 }
            }
            #expect(JustifiedEnvy.count(inst.problem, m) == envious, "\(m)\n\(inst)")
        }
    }

    /// More places never hurt anyone under DA: raising one school's capacity by one leaves every
    /// pupil weakly better off (a known comparative static of the pupil-optimal stable matching).
    @Test func extraCapacityWeaklyHelpsEveryone() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            let inst = Instance.random(seed: seed)
            var bigger = inst
            bigger.capacity[Int(seed % UInt64(inst.schools))] += 1
            let before = DeferredAcceptance().match(inst.problem).school.map { Int($0) }
            let after = DeferredAcceptance().match(bigger.problem).school.map { Int($0) }
            for i in 0..<inst.pupils {
                #expect(assignedRank(inst, i, after[i]) <= assignedRank(inst, i, before[i]), "pupil \(i)\n\(inst)")
            }
        }
    }
}
