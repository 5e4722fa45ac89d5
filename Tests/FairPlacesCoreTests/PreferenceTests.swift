import Foundation
import Testing
import FairPlacesCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mid-sized synthetic region with grammar schools, shared by the list-shape tests.
let selectiveRegion: Region = {
    var spec = SyntheticRegionSpec()
    spec.pupils = 3000
    var schools = SyntheticRegionSpec.GeneratedSchools(count: 14)
    schools.typeShares = [(.community, 0.6), (.grammar, 0.4)]
    spec.generatedSchools = schools
    return SyntheticRegionGenerator.generate(spec: spec, arrangements: standardArrangements, seed: 12)
}()

private func sampleLists(_ region: Region, _ model: PreferenceModel, seed: UInt64 = 3, replication: UInt32 = 0)
    -> (ChoiceSets, PriorityRules, PreferenceLists) {
    let sets = ChoiceSets(region: region, model: model)
    let rules = PriorityRules(region: region, seed: seed, replication: replication)
    var lists = PreferenceLists(pupils: region.pupils.count, length: model.listLength)
    PreferenceSampler.sample(choiceSets: sets, rules: rules, model: model, seed: seed, replication: replication, into: &lists)
    return (sets, rules, lists)
}

@Suite struct ChoiceSetTests {
    static let model = PreferenceModel(
        listLength: 4, consideredSchools: 6, distancePerKm: -0.4, distanceInteractions: [.fsm: -0.2],
        schoolEffects: [.attractiveness: 1.0, .selective: -0.3],
        interactions: [PreferenceModel.Interaction(pupil: .fsm, school: .attractiveness, coefficient: -0.5),
                       PreferenceModel.Interaction(pupil: .attainment, school: .selective, coefficient: 0.8)],
        siblingBonus: 2.0)

    /// Candidates are the `consideredSchools` nearest, nearest first (ties to the lower index), then
    /// any others within the radius, with their distances; utility is the model's formula evaluated
    /// term by term. Both strategies (dense BLAS blocks and the spatial grid) are held to a plain
    /// sort of every school.
    @Test(arguments: [ChoiceSets.Strategy.dense, .indexed], [0.0, 9.0])
    func candidatesDistancesAndUtilities(strategy: ChoiceSets.Strategy, radius: Double) {
        let region = selectiveRegion
        var model = Self.model
        model.considerWithinKm = radius
        let sets = ChoiceSets(region: region, model: model, strategy: strategy)
        let k = 6, p = region.pupils
        #expect(sets.size == k)
        #expect(selectiveRegion.schools.contains { $0.isSelective } && selectiveRegion.schools.contains { !$0.isSelective })
        var widened = 0
        for i in stride(from: 0, to: p.count, by: 7) {
            let home = p.home(i)
            let order = region.schools.indices.sorted {
                let a = home.distance(to: region.schools[$0].location), b = home.distance(to: region.schools[$1].location)
                return a != b ? a < b : $0 < $1
            }
            let expected = order.enumerated().filter { r, s in
                r < k || home.distance(to: region.schools[s].location) <= radius
            }.map { Int32($0.element) }
            if expected.count > k { widened += 1 }
            let range = sets.range(of: i)
            #expect(Array(sets.schools[range]) == expected, "pupil \(i)")
            let best = range.map { sets.utility[$0] }.max()!
            for c in range {
                let s = Int(sets.schools[c])
                let school = region.schools[s]
                let d = home.distance(to: school.location)
                // The race weight is e^(best utility − utility), so ranking by it is ranking by utility.
                #expect(abs(sets.expNegativeUtility[c] - exp(best - sets.utility[c])) < 1e-9)
                let fsm = p.fsm[i] ? 1.0 : 0.0, selective = school.isSelective ? 1.0 : 0.0
                var u = 1.0 * school.attractiveness - 0.3 * selective
                u += -0.5 * fsm * school.attractiveness + 0.8 * p.attainment[i] * selective
                u += (-0.4 - 0.2 * fsm) * d
                if p.siblingSchool[i] == Int32(s) { u += 2.0 }
                #expect(abs(sets.utility[c] - u) < 1e-6, "pupil \(i) school \(s)")
            }
        }
        // The radius must actually widen some choice sets, or the test proves nothing about it.
        #expect(radius == 0 ? widened == 0 : widened > 10)
    }

    /// Processing pupils in blocks does not change the result.
    @Test func blockSizeDoesNotMatter() {
        let a = ChoiceSets(region: selectiveRegion, model: Self.model)
        let b = ChoiceSets(region: selectiveRegion, model: Self.model, blockSize: 37)
        #expect(a.schools == b.schools)
        #expect(zip(a.utility, b.utility).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func choiceSetIsCappedAtTheNumberOfSchools() {
        let region = makeRegion([TestPupil(home: Point(x: 0, y: 0))],
                                schools: [makeSchool("A", at: Point(x: 1, y: 0)), makeSchool("B", at: Point(x: 0, y: 3))])
        let sets = ChoiceSets(region: region, model: PreferenceModel(consideredSchools: 20))
        #expect(sets.size == 2)
        #expect(sets.schools == [0, 1])
    }
}

@Suite struct PreferenceSamplerTests {
    /// Lists hold distinct candidate schools, padded with -1 at the end only; non-qualifiers never
    /// list a selective school.
    @Test(arguments: [0.0, 1.0])
    func listsAreWellFormed(safeChoice: Double) {
        let model = PreferenceModel(listLength: 4, consideredSchools: 6, nearestAsSafeChoice: safeChoice)
        let (sets, rules, lists) = sampleLists(selectiveRegion, model)
        let n = selectiveRegion.pupils.count
        #expect(lists.pupilCount == n && lists.length == 4)
        var nonQualifiers = 0
        for i in 0..<n {
            let row = Array(lists.schools[i * 4 ..< (i + 1) * 4])
            let list = Array(lists.list(of: i))
            #expect(list.count <= 4)
            #expect(row == list + [Int32](repeating: -1, count: 4 - list.count), "padding of pupil \(i): \(row)")
            #expect(Set(list).count == list.count, "duplicate in \(list)")
            let candidates = Set(sets.schools[sets.range(of: i)])
            #expect(list.allSatisfy { candidates.contains($0) })
            for s in list { #expect(rules.isEligible(pupil: i, school: Int(s))) }
            let admissibleCandidates = candidates.filter { rules.isEligible(pupil: i, school: Int($0)) }
            // A family lists as many schools as it may (up to L).
            #expect(list.count == min(4, admissibleCandidates.count))
            if selectiveRegion.schools.contains(where: \.isSelective),
               !rules.isEligible(pupil: i, school: selectiveRegion.schools.firstIndex(where: \.isSelective)!) {
                nonQualifiers += 1
                #expect(list.allSatisfy { !selectiveRegion.schools[Int($0)].isSelective })
            }
            for (r, s) in list.enumerated() { #expect(lists.rank(of: Int(s), for: i) == r) }
            if safeChoice == 1, let nearest = sets.schools[sets.range(of: i)].first(where: { rules.isEligible(pupil: i, school: Int($0)) }) {
                #expect(list.contains(nearest), "pupil \(i) should list their nearest admissible school")
            }
        }
        #expect(nonQualifiers > n / 2)
    }

    /// A share s of families who did not list their nearest admissible school put it last (replacing
    /// the last choice when the list is full); the rest of the list is unchanged. The share is s
    /// within 5 binomial standard errors.
    @Test func nearestAsSafeChoiceShare() {
        let share = 0.4
        // Weak distance dislike, so many families leave their nearest school off.
        let base = PreferenceModel(listLength: 3, consideredSchools: 8, distancePerKm: -0.05, nearestAsSafeChoice: 0)
        var safe = base
        safe.nearestAsSafeChoice = share
        let (sets, rules, without) = sampleLists(selectiveRegion, base, seed: 21)
        let with = sampleLists(selectiveRegion, safe, seed: 21).2
        var candidates = 0, added = 0
        for i in 0..<selectiveRegion.pupils.count {
            let before = Array(without.list(of: i)), after = Array(with.list(of: i))
            guard let nearest = sets.schools[sets.range(of: i)].first(where: { rules.isEligible(pupil: i, school: Int($0)) }),
                  !before.isEmpty, !before.contains(nearest) else {
                #expect(after == before, "pupil \(i) already lists their nearest school")
                continue
            }
            candidates += 1
            if after == before { continue }
            added += 1
            #expect(after.last == nearest)
            #expect(Array(after.dropLast()) == Array(before.prefix(after.count - 1)), "pupil \(i): \(before) → \(after)")
            #expect(after.count == min(3, before.count + 1))
        }
        #expect(candidates > 500)
        let observed = Double(added) / Double(candidates)
        #expect(abs(observed - share) < 5 * (share * (1 - share) / Double(candidates)).squareRoot(), "\(added) of \(candidates)")
    }

    @Test func samplingIsDeterministicAndSeeded() {
        let model = PreferenceModel(listLength: 3, consideredSchools: 6)
        let a = sampleLists(selectiveRegion, model, seed: 5).2
        let b = sampleLists(selectiveRegion, model, seed: 5).2
        let c = sampleLists(selectiveRegion, model, seed: 5, replication: 1).2
        #expect(a == b)
        #expect(a != c)
    }

    /// `n` pupils at the origin and schools at equal distance (1 km) with the given attractiveness.
    private func equidistantRegion(pupils n: Int, attractiveness: [Double]) -> Region {
        let schools = attractiveness.enumerated().map { s, a in
            let angle = 2 * Double.pi * Double(s) / Double(attractiveness.count)
            return makeSchool("S\(s)", at: Point(x: cos(angle), y: sin(angle)), attractiveness: a)
        }
        return makeRegion([TestPupil](repeating: TestPupil(home: Point(x: 0, y: 0)), count: n), schools: schools)
    }

    /// Two schools at equal distance, utilities 0 and Δ: the share ranking the better first is the
    /// logit share e^Δ/(1 + e^Δ), within 4 binomial standard errors over 20,000 pupils.
    @Test(arguments: [0.0, 0.8, -1.5])
    func firstChoiceSharesAreLogit(delta: Double) {
        let n = 20_000
        let model = PreferenceModel(listLength: 2, consideredSchools: 2, distancePerKm: 0,
                                    schoolEffects: [.attractiveness: 1.0], siblingBonus: 0)
        let (_, _, lists) = sampleLists(equidistantRegion(pupils: n, attractiveness: [0, delta]), model, seed: 17)
        let first = (0..<n).filter { lists.schools[$0 * 2] == 1 }.count
        let p = exp(delta) / (1 + exp(delta))
        let share = Double(first) / Double(n)
        #expect(abs(share - p) < 4 * (p * (1 - p) / Double(n)).squareRoot(), "share \(share), logit \(p)")
        #expect((0..<n).allSatisfy { Set([lists.schools[$0 * 2], lists.schools[$0 * 2 + 1]]) == [0, 1] })
    }

    /// Three schools: first choices follow the softmax of utilities, and the whole ranking follows
    /// Plackett–Luce: P(0 ≻ 1 ≻ 2) = p₀ · e^{u₁}/(e^{u₁} + e^{u₂}).
    @Test func rankingsArePlackettLuce() {
        let n = 20_000
        let u = [0.0, 0.5, 1.2]
        let model = PreferenceModel(listLength: 3, consideredSchools: 3, distancePerKm: 0,
                                    schoolEffects: [.attractiveness: 1.0], siblingBonus: 0)
        let (_, _, lists) = sampleLists(equidistantRegion(pupils: n, attractiveness: u), model, seed: 23)
        let e = u.map { exp($0) }, total = e.reduce(0, +)
        for s in 0..<3 {
            let p = e[s] / total
            let share = Double((0..<n).filter { lists.schools[$0 * 3] == Int32(s) }.count) / Double(n)
            #expect(abs(share - p) < 4 * (p * (1 - p) / Double(n)).squareRoot(), "school \(s): \(share) vs \(p)")
        }
        let p012 = e[0] / total * e[1] / (e[1] + e[2])
        let share012 = Double((0..<n).filter { Array(lists.schools[$0 * 3 ..< $0 * 3 + 3]) == [0, 1, 2] }.count) / Double(n)
        #expect(abs(share012 - p012) < 4 * (p012 * (1 - p012) / Double(n)).squareRoot(), "\(share012) vs \(p012)")
    }
}
