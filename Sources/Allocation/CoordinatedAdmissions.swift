import FairPlacesCore

/// The local authority's coordinated main round for one replication:
/// 1. pupils whose EHC plan names a school are admitted there first, taking PAN places (above PAN if need be);
/// 2. the mechanism matches everyone else against the remaining places by each school's priorities;
/// 3. pupils left without a place are allocated by the unplaced-pupil rule, in lottery order.
public struct CoordinatedAdmissions: Sendable {
    public let mechanism: any AllocationMechanism
    public let unplacedRule: UnplacedPupilRule

    public init(mechanism: any AllocationMechanism, unplacedRule: UnplacedPupilRule = .nearestVacancy) {
        self.mechanism = mechanism
        self.unplacedRule = unplacedRule
    }

    /// The round for a named mechanism.
    public init(_ kind: MechanismKind, serialOrder: SerialOrder = .lottery, unplacedRule: UnplacedPupilRule = .nearestVacancy) {
        let mechanism: any AllocationMechanism
        switch kind {
        case .deferredAcceptance: mechanism = DeferredAcceptance()
        case .boston: mechanism = Boston()
        case .topTradingCycles: mechanism = TopTradingCycles()
        case .serialDictatorship: mechanism = SerialDictatorship(order: serialOrder)
        case .noChoice: mechanism = NoChoice()
        }
        self.init(mechanism: mechanism, unplacedRule: unplacedRule)
    }

    /// The problem the mechanism sees: lists, priority keys for every listed school, and places
    /// net of EHC-plan admissions.
    public func problem(rules: PriorityRules, preferences: PreferenceLists) -> (AllocationProblem, ehcAdmitted: [Int]) {
        let region = rules.region
        let pupils = region.pupils
        let n = pupils.count, length = preferences.length
        var ehcAdmitted = [Int](repeating: 0, count: region.schools.count)
        var participates = [Bool](repeating: true, count: n)
        for i in 0..<n where pupils.ehcPlanSchool[i] >= 0 {
            ehcAdmitted[Int(pupils.ehcPlanSchool[i])] += 1
            participates[i] = false
        }
        let capacity = region.schools.indices.map { max(0, region.schools[$0].pan - ehcAdmitted[$0]) }
        var keys = [PriorityKey](repeating: .ineligible(pupil: 0), count: n * length)
        preferences.schools.withUnsafeBufferPointer { prefs in
            keys.withUnsafeMutableBufferPointer { out in
                for i in 0..<n where participates[i] {
                    for r in 0..<length {
                        let s = Int(prefs[i * length + r])
                        if s < 0 { break }
                        out[i * length + r] = rules.key(pupil: i, school: s, distance: rules.distance(pupil: i, school: s), rank: r)
                    }
                }
            }
        }
        // Seat plans for schools with quotas or bands; their applicants are the pupils who listed them.
        var plans = [SeatPlan?](repeating: nil, count: region.schools.count)
        let planned = region.schools.indices.filter { !region.schools[$0].arrangements.isResponsive }
        if !planned.isEmpty {
            var applicants = [[Int]](repeating: [], count: region.schools.count)
            for i in 0..<n where participates[i] {
                for s in preferences.list(of: i) { applicants[Int(s)].append(i) }
            }
            for s in planned {
                plans[s] = SeatPlan(school: s, capacity: capacity[s], rules: rules, applicants: applicants[s])
            }
        }
        return (AllocationProblem(preferences: preferences, priority: keys, capacity: capacity,
                                  participates: participates, rules: rules, seatPlans: plans), ehcAdmitted)
    }

    public func allocate(rules: PriorityRules, preferences: PreferenceLists, seed: UInt64, replication: UInt32) -> Allocation {
        let region = rules.region
        let pupils = region.pupils
        let n = pupils.count, m = region.schools.count
        let (problem, ehcAdmitted) = problem(rules: rules, preferences: preferences)
        let matching = mechanism.match(problem)

        var allocation = Allocation(
            school: matching.school, preferenceRank: matching.rank,
            route: [PlacementRoute](repeating: .preference, count: n),
            abovePAN: (0..<m).map { max(0, ehcAdmitted[$0] - region.schools[$0].pan) },
            // Deferred acceptance is stable, so it leaves no justified envy (the tests check this on
            // every example with quotas and bands); counting costs a tenth of a replication.
            justifiedEnvy: mechanism is DeferredAcceptance ? 0 : JustifiedEnvy.count(problem, matching))
        var admitted = ehcAdmitted
        var unmatched: [Int] = []
        for i in 0..<n {
            if !problem.participates[i] {
                allocation.school[i] = pupils.ehcPlanSchool[i]
                allocation.preferenceRank[i] = -1
                allocation.route[i] = .ehcPlan
            } else if matching.school[i] >= 0 {
                admitted[Int(matching.school[i])] += 1
            } else {
                unmatched.append(i)
            }
        }
        guard !unmatched.isEmpty else { return allocation }

        // Administrative allocation, in lottery order so no pupil is favoured by their index.
        let order = RandomStream(seed: seed, replication: replication, purpose: .unplacedOrder)
        // The schools that had a place left when the grid was built (grid site → school, in
        // increasing index, so ties still go to the lower school index). Full schools stay full, so
        // leaving them out changes no answer, while a search from a home among full schools no longer
        // walks their cells; the grid is rebuilt once a quarter of its schools have filled.
        var grid: SpatialGrid?
        var open: [Int] = []
        var filledSinceGrid = 0
        // Each pupil's draw once, not twice per comparison (a national run sorts 26,000 pupils). The
        // comparisons, and so the sort's permutation, are exactly those of sorting by the draw.
        var drawn = unmatched.map { (order.word(entity: $0, draw: 0), $0) }
        drawn.sort { $0.0 < $1.0 }
        for (_, i) in drawn {
            allocation.route[i] = .unplaced
            if unplacedRule == .none { continue }
            if unplacedRule == .catchmentSchool {
                let lo = Int(region.catchmentOffsets[i]), hi = Int(region.catchmentOffsets[i + 1])
                if let s = (lo..<hi).map({ Int(region.catchmentSchools[$0]) }).filter({ rules.isEligible(pupil: i, school: $0) })
                    .min(by: { rules.distance(pupil: i, school: $0) < rules.distance(pupil: i, school: $1) }) {
                    allocation.school[i] = Int32(s)
                    allocation.route[i] = .administrative
                    if admitted[s] >= region.schools[s].pan { allocation.abovePAN[s] += 1 }
                    admitted[s] += 1
                    continue
                }
            }
            if grid == nil || filledSinceGrid * 4 > open.count {
                open = region.schools.indices.filter { admitted[$0] < region.schools[$0].pan }
                grid = SpatialGrid(sites: open.map { region.schools[$0].location })
                filledSinceGrid = 0
            }
            let best = nearestVacancy(for: i, grid: grid!, schools: open, admitted: admitted, rules: rules)
            if best >= 0 {
                allocation.school[i] = Int32(best)
                allocation.route[i] = .administrative
                admitted[best] += 1
                if admitted[best] == region.schools[best].pan { filledSinceGrid += 1 }
            }
        }
        return allocation
    }

    /// The nearest school with a place left that admits pupil i (lowest index among equally near),
    /// or -1, found by the grid (whose site k is school `schools[k]`) from the pupil's home outwards:
    /// scanning all 3,300 schools for each of a national run's 26,000 unplaced pupils was a third of
    /// its allocation.
    private func nearestVacancy(for i: Int, grid: SpatialGrid, schools: [Int], admitted: [Int], rules: PriorityRules) -> Int {
        let all = rules.region.schools
        let k = grid.nearest(to: rules.region.pupils.home(i)) { k in
            let s = schools[k]
            return admitted[s] < all[s].pan && rules.isEligible(pupil: i, school: s)
        }
        return k >= 0 ? schools[k] : -1
    }
}
