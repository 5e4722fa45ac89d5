#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FairPlacesCore
import Allocation
import Simulation

/// The figures calibration compares with published ones, averaged over simulated rounds.
///
/// Counted straight from each round's lists and allocation, not through the metrics (a national
/// run records 150,000 figures a round; calibration needs a few per school). The expected first
/// preferences are the logit shares of each family's eligible candidates, averaged over the
/// rounds' eligibility (a grammar school is a candidate only for pupils who passed that round's
/// test): smooth in the parameters, so the contraction and the objective do not see the noise.
public struct SimulatedFigures: Sendable {
    public var rounds: Int
    /// Per school, mean over rounds.
    public var offers: [Double]
    public var fsmOffers: [Double]
    public var preferredOffers: [Double]
    public var firstPreferenceOffers: [Double]
    public var expectedFirstPreferences: [Double]
    /// listed[k][s]: families listing school s at rank k + 1.
    public var listed: [[Double]]
    /// Applicants (pupils not placed by an EHC plan), and those offered their first or any preference.
    public var applicants: Double
    public var firstPreferenceOffered: Double
    public var anyPreferenceOffered: Double
    /// The same three by the authority applicants live in (the names the region's areas give).
    public var authorityNames: [String]
    public var authorityApplicants: [Double]
    public var authorityFirstPreferenceOffered: [Double]
    public var authorityAnyPreferenceOffered: [Double]

    /// Rounds `1 ... rounds` of `simulator` on `threads` threads (the result does not depend on them).
    public init(simulator: Simulator, rounds: Int, threads: Int) {
        let region = simulator.spec.region
        let m = region.schools.count
        let names = Set(region.areas.map(\.authority)).subtracting([""]).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        let authorityOfArea = region.areas.map { index[$0.authority] ?? -1 }
        let tallies = Parallel.map(count: rounds, threads: threads) { k -> RoundTally in
            let (rules, lists, allocation) = simulator.round(k + 1)
            return RoundTally(rules: rules, lists: lists, allocation: allocation, choiceSets: simulator.choiceSets,
                              authorityOfArea: authorityOfArea, authorities: names.count)
        }
        self.rounds = rounds
        let length = tallies.first?.listed.count ?? 0
        var total = RoundTally(schools: m, length: length, authorities: names.count)
        for t in tallies { total.add(t) }
        let r = Double(max(1, rounds))
        offers = total.offers.map { Double($0) / r }
        fsmOffers = total.fsmOffers.map { Double($0) / r }
        preferredOffers = total.preferredOffers.map { Double($0) / r }
        firstPreferenceOffers = total.firstPreferenceOffers.map { Double($0) / r }
        expectedFirstPreferences = total.expectedFirst.map { $0 / r }
        listed = total.listed.map { $0.map { Double($0) / r } }
        applicants = Double(total.applicants) / r
        firstPreferenceOffered = Double(total.firstPreferenceOffered) / r
        anyPreferenceOffered = Double(total.anyPreferenceOffered) / r
        authorityNames = names
        authorityApplicants = total.authorityApplicants.map { Double($0) / r }
        authorityFirstPreferenceOffered = total.authorityFirstOffered.map { Double($0) / r }
        authorityAnyPreferenceOffered = total.authorityAnyOffered.map { Double($0) / r }
    }

    /// The simulated value of `target`, nil where undefined (e.g. the FSM share of a school with no offers).
    public func value(of target: CalibrationTarget) -> Double? {
        let s = target.schools.first ?? -1
        switch target.statistic {
        case .firstPreferences: return expectedFirstPreferences[s]
        case .preferences(let rank): return rank <= listed.count ? listed[rank - 1][s] : 0
        case .offers: return offers[s]
        case .preferredOffers: return preferredOffers[s]
        case .firstPreferenceOffers: return firstPreferenceOffers[s]
        case .fsmShare: return offers[s] > 0 ? fsmOffers[s] / offers[s] : nil
        case .firstPreferenceOfferRate, .anyPreferenceOfferRate:
            let first = target.statistic == .firstPreferenceOfferRate
            guard let name = target.authority else {
                return applicants > 0 ? (first ? firstPreferenceOffered : anyPreferenceOffered) / applicants : nil
            }
            guard let a = authorityNames.firstIndex(of: name), authorityApplicants[a] > 0 else { return nil }
            return (first ? authorityFirstPreferenceOffered[a] : authorityAnyPreferenceOffered[a]) / authorityApplicants[a]
        case .meanFSMShare:
            let shares = target.schools.compactMap { s in offers[s] > 0 ? fsmOffers[s] / offers[s] : nil }
            return shares.isEmpty ? nil : shares.reduce(0, +) / Double(shares.count)
        }
    }
}

/// One round's counts (integers, so totals do not depend on the order rounds are added).
struct RoundTally: Sendable {
    var offers: [Int]
    var fsmOffers: [Int]
    var preferredOffers: [Int]
    var firstPreferenceOffers: [Int]
    var expectedFirst: [Double]
    var listed: [[Int]]
    var applicants = 0
    var firstPreferenceOffered = 0
    var anyPreferenceOffered = 0
    /// By home authority.
    var authorityApplicants: [Int]
    var authorityFirstOffered: [Int]
    var authorityAnyOffered: [Int]

    init(schools m: Int, length: Int, authorities: Int) {
        authorityApplicants = [Int](repeating: 0, count: authorities)
        authorityFirstOffered = authorityApplicants
        authorityAnyOffered = authorityApplicants
        offers = [Int](repeating: 0, count: m)
        fsmOffers = offers
        preferredOffers = offers
        firstPreferenceOffers = offers
        expectedFirst = [Double](repeating: 0, count: m)
        listed = [[Int]](repeating: offers, count: length)
    }

    init(rules: PriorityRules, lists: PreferenceLists, allocation: Allocation, choiceSets: ChoiceSets?,
         authorityOfArea: [Int32], authorities: Int) {
        let pupils = rules.region.pupils
        self.init(schools: rules.region.schools.count, length: lists.length, authorities: authorities)
        for i in 0..<pupils.count {
            let s = Int(allocation.school[i])
            if s >= 0 {
                offers[s] += 1
                if pupils.fsm[i] { fsmOffers[s] += 1 }
            }
            guard pupils.ehcPlanSchool[i] < 0 else { continue }
            for (k, school) in lists.list(of: i).enumerated() { listed[k][Int(school)] += 1 }
            guard lists.schools[i * lists.length] >= 0 else { continue }
            applicants += 1
            let area = Int(pupils.area[i])
            let a = area >= 0 && area < authorityOfArea.count ? Int(authorityOfArea[area]) : -1
            if a >= 0 { authorityApplicants[a] += 1 }
            if allocation.route[i] == .preference && s >= 0 {
                anyPreferenceOffered += 1
                preferredOffers[s] += 1
                if a >= 0 { authorityAnyOffered[a] += 1 }
                if allocation.preferenceRank[i] == 0 {
                    firstPreferenceOffered += 1; firstPreferenceOffers[s] += 1
                    if a >= 0 { authorityFirstOffered[a] += 1 }
                }
            }
        }
        if let choiceSets {
            FirstPreferenceDemand.accumulate(choiceSets: choiceSets, rules: rules, shift: nil, slope: nil, into: &expectedFirst)
        }
    }

    mutating func add(_ t: RoundTally) {
        for s in offers.indices {
            offers[s] += t.offers[s]
            fsmOffers[s] += t.fsmOffers[s]
            preferredOffers[s] += t.preferredOffers[s]
            firstPreferenceOffers[s] += t.firstPreferenceOffers[s]
            expectedFirst[s] += t.expectedFirst[s]
        }
        for k in listed.indices { for s in listed[k].indices { listed[k][s] += t.listed[k][s] } }
        applicants += t.applicants
        firstPreferenceOffered += t.firstPreferenceOffered
        anyPreferenceOffered += t.anyPreferenceOffered
        for a in authorityApplicants.indices {
            authorityApplicants[a] += t.authorityApplicants[a]
            authorityFirstOffered[a] += t.authorityFirstOffered[a]
            authorityAnyOffered[a] += t.authorityAnyOffered[a]
        }
    }
}

/// Expected first preferences per school under the logit model: each applicant's first choice is
/// school s with probability e^(V_s) / Σ e^(V_k) over its eligible candidates.
enum FirstPreferenceDemand {
    /// Adds one round's expected first preferences per school to `out`. With `shift` and `slope`,
    /// candidate c's utility is V_c + slope[c] · shift[school of c] (attractiveness moved by the shift).
    static func accumulate(choiceSets: ChoiceSets, rules: PriorityRules, shift: [Double]?, slope: [Double]?,
                           eligible: [Bool]? = nil, into out: inout [Double]) {
        let pupils = rules.region.pupils
        var weights: [Double] = []
        for i in 0..<pupils.count where pupils.ehcPlanSchool[i] < 0 {
            let range = choiceSets.range(of: i)
            weights.removeAll(keepingCapacity: true)
            var top = -Double.infinity
            for c in range {
                let s = Int(choiceSets.schools[c])
                let ok = eligible.map { $0[c] } ?? rules.isEligible(pupil: i, school: s)
                guard ok else { weights.append(-.infinity); continue }
                var u = choiceSets.utility[c]
                if let shift, let slope { u += slope[c] * shift[s] }
                weights.append(u)
                top = max(top, u)
            }
            guard top > -.infinity else { continue }
            var total = 0.0
            for k in weights.indices { weights[k] = weights[k] == -.infinity ? 0 : exp(weights[k] - top); total += weights[k] }
            for (k, c) in range.enumerated() where weights[k] > 0 {
                out[Int(choiceSets.schools[c])] += weights[k] / total
            }
        }
    }
}
