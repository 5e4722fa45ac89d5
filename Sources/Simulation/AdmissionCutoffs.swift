import FairPlacesCore
import Allocation

/// Where one round's places ran out at each school: what it would take for a pupil to be admitted
/// had they listed the school first, everyone else's applications unchanged (`Chances.ifFirst` and
/// the chances families expect, `ChanceExpectations`).
///
/// A school that had room takes any pupil it may admit; a full school that ranks by one order takes
/// the pupil if their priority (as a first preference) beats the lowest it admitted; a school with
/// quotas or bands evaluates each seat group the same way (`SeatPlan.wouldChoose`). Under the Boston
/// mechanism the cutoff is taken from the pupils admitted as first preferences.
struct AdmissionCutoffs {
    private var worst: [PriorityKey?]
    private var open: [Bool]
    private var plans: [SeatPlan?]
    private var fills: [[SeatPlan.Fill]?]
    /// Per school, the distance and criterion tier of the last pupil admitted through its ordinary
    /// places when they were full (nil: the school had room).
    private(set) var lastDistance: [Double?]
    private(set) var lastTier: [Int?]

    init(rules: PriorityRules, preferences: PreferenceLists, allocation: Allocation, firstPreferencesOnly: Bool) {
        let region = rules.region
        let pupils = region.pupils
        let n = pupils.count, m = region.schools.count
        var lastDistance = [Double?](repeating: nil, count: m)
        var lastTier = [Int?](repeating: nil, count: m)
        // Each school's places for the mechanism and the pupils it admitted through it.
        var ehc = [Int](repeating: 0, count: m)
        for i in 0..<n where pupils.ehcPlanSchool[i] >= 0 { ehc[Int(pupils.ehcPlanSchool[i])] += 1 }
        let capacity = (0..<m).map { max(0, region.schools[$0].pan - ehc[$0]) }
        var held = [[(pupil: Int, rank: Int)]](repeating: [], count: m)
        for i in 0..<n where allocation.route[i] == .preference && allocation.school[i] >= 0 {
            let rank = Int(allocation.preferenceRank[i])
            if firstPreferencesOnly && rank != 0 { continue }
            held[Int(allocation.school[i])].append((i, rank))
        }
        // Responsive schools: the lowest admitted key when full. Planned schools: how the groups filled.
        var worst = [PriorityKey?](repeating: nil, count: m)
        var open = [Bool](repeating: false, count: m)
        var plans = [SeatPlan?](repeating: nil, count: m)
        var fills = [[SeatPlan.Fill]?](repeating: nil, count: m)
        var applicants = [[Int]](repeating: [], count: m)
        if region.schools.contains(where: { !$0.arrangements.isResponsive }) {
            for i in 0..<n where pupils.ehcPlanSchool[i] < 0 {
                for s in preferences.list(of: i) { applicants[Int(s)].append(i) }
            }
        }
        for s in 0..<m {
            if region.schools[s].arrangements.isResponsive {
                open[s] = held[s].count < capacity[s]
                for (i, rank) in held[s] {
                    let key = rules.key(pupil: i, school: s, distance: rules.distance(pupil: i, school: s), rank: rank)
                    if worst[s].map({ $0 < key }) ?? true { worst[s] = key }
                }
                if !open[s], let w = worst[s] {
                    lastDistance[s] = rules.distance(pupil: Int(w.pupil), school: s)
                    lastTier[s] = Int(w.tier & 0xFFFF)
                }
            } else {
                let plan = SeatPlan(school: s, capacity: capacity[s], rules: rules, applicants: applicants[s])
                var store: [PriorityKey] = []
                let candidates = held[s].map { i, rank in
                    plan.candidate(pupil: i, rank: rank,
                                   key: rules.key(pupil: i, school: s, distance: rules.distance(pupil: i, school: s), rank: rank),
                                   rules: rules, store: &store)
                }
                let fill = plan.choose(candidates, store: store).fills
                plans[s] = plan
                fills[s] = fill
                let ordinary = fill[plan.groups.count]
                if ordinary.taken >= ordinary.offered, let w = ordinary.worst {
                    lastDistance[s] = rules.distance(pupil: Int(w.pupil), school: s)
                    lastTier[s] = Int(w.tier & 0xFFFF)
                }
            }
        }

        self.worst = worst
        self.open = open
        self.plans = plans
        self.fills = fills
        self.lastDistance = lastDistance
        self.lastTier = lastTier
    }

    /// Whether school `s` would have admitted pupil `i` as a first preference this round.
    func wouldAdmit(pupil i: Int, school s: Int, rules: PriorityRules) -> Bool {
        // A school with room admits anyone it may: no key needed (most candidates of most pupils).
        if plans[s] == nil && open[s] { return rules.isEligible(pupil: i, school: s) }
        let key = rules.key(pupil: i, school: s, distance: rules.distance(pupil: i, school: s), rank: 0)
        guard key.isEligible else { return false }
        if let plan = plans[s], let fill = fills[s] {
            return plan.wouldChoose(pupil: i, rank: 0, key: key, rules: rules, fills: fill)
        }
        return open[s] || (worst[s].map { key < $0 } ?? false)
    }
}
