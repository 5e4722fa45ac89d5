#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FairPlacesCore

/// How a school with quotas or bands fills its places in one replication: seat groups filled in
/// order, each from its eligible applicants by its own priority order, then the ordinary places.
///
/// This is the slot-specific-priorities choice function of Kominers & Sönmez (2016): filling slots
/// in a fixed order keeps choices substitutable, so deferred acceptance stays stable and
/// strategy-proof.
public struct SeatPlan: Sendable {
    public enum Eligibility: Sendable, Equatable {
        case meets(OversubscriptionCriterion)
        case ability
        case aptitude
        case band(Int)
    }

    public struct Group: Sendable {
        public var eligibility: Eligibility
        public var order: PriorityOrder
        public var seats: Int
        public var releaseUnused: Bool
    }

    public let school: Int
    /// Places available to the mechanism (PAN less EHC-plan admissions).
    public let capacity: Int
    public let groups: [Group]
    /// Banding cut points (ascending), when the school bands.
    public let bandCuts: [Double]

    /// The plan for school `s`, with `capacity` places; `applicantsOf` lists the pupils who applied
    /// (used when bands mirror the applicants).
    public init(school s: Int, capacity: Int, rules: PriorityRules, applicants: [Int]) {
        let school = rules.region.schools[s]
        let arrangements = school.arrangements
        self.school = s
        self.capacity = capacity
        var groups: [Group] = []
        var left = capacity
        for (q, quota) in arrangements.quotas.enumerated() {
            let seats = min(left, Int((quota.share * Double(school.pan)).rounded(.down)))
            let eligibility: Eligibility
            let order: PriorityOrder
            switch quota.eligibility {
            case .meets(let c): eligibility = .meets(c); order = .criteria(q + 1)
            case .ability: eligibility = .ability; order = .testScore
            case .aptitude: eligibility = .aptitude; order = .aptitude
            }
            groups.append(Group(eligibility: eligibility, order: order, seats: seats, releaseUnused: quota.releaseUnused))
            left -= seats
        }
        var cuts: [Double] = []
        if let banding = arrangements.banding {
            let k = banding.bands
            let scores = rules.bandingScores
            switch banding.reference {
            case .applicants, .region:
                let sorted = scores.sorted()
                cuts = (1..<k).map { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * Double($0) / Double(k)))] }
            case .national:
                // The banding score is attainment (standard normal nationally) plus test noise.
                let sd = (1 + banding.testNoiseSD * banding.testNoiseSD).squareRoot()
                cuts = (1..<k).map { sd * Self.normalQuantile(Double($0) / Double(k)) }
            }
            var shares = [Double](repeating: 0, count: k)
            let reference: [Int] = banding.reference == .applicants ? applicants : Array(0..<rules.region.pupils.count)
            if let explicit = banding.shares {
                shares = explicit
            } else if banding.reference == .region {
                shares = [Double](repeating: 1 / Double(k), count: k)
            } else if !reference.isEmpty {
                for i in reference { shares[rules.band(pupil: i, cuts: cuts)] += 1 / Double(reference.count) }
            }
            for (b, seats) in Self.apportion(left, shares: shares).enumerated() {
                groups.append(Group(eligibility: .band(b), order: .criteria(0), seats: seats, releaseUnused: true))
            }
        }
        self.groups = groups
        self.bandCuts = cuts
    }

    /// Whether pupil `i` may take a seat of group `g`.
    @inline(__always)
    func eligible(_ g: Group, pupil i: Int, rules: PriorityRules, distance: Double) -> Bool {
        switch g.eligibility {
        case .meets(let c): return rules.meets(c, pupil: i, school: school, distance: distance)
        case .ability: return rules.reachesAbilityStandard(pupil: i, school: school)
        case .aptitude: return true
        case .band(let b): return rules.band(pupil: i, cuts: bandCuts) == b
        }
    }

    /// The applicants the school holds from `candidates` (pupil, rank on their list, ordinary key).
    public func choose(_ candidates: [(pupil: Int, rank: Int, key: PriorityKey)], rules: PriorityRules) -> [Int] {
        var remaining = candidates.filter { $0.key.isEligible }
        var chosen: [Int] = []
        var left = capacity
        for g in groups {
            let seats = min(g.seats, left)
            var inGroup: [(index: Int, key: PriorityKey)] = []
            for (k, c) in remaining.enumerated() {
                let d = rules.distance(pupil: c.pupil, school: school)
                if eligible(g, pupil: c.pupil, rules: rules, distance: d) {
                    inGroup.append((k, rules.key(pupil: c.pupil, school: school, distance: d, order: g.order, rank: c.rank)))
                }
            }
            inGroup.sort { $0.key < $1.key }
            let taken = inGroup.prefix(seats).map(\.index)
            chosen += taken.map { remaining[$0].pupil }
            let takenSet = Set(taken)
            remaining = remaining.enumerated().filter { !takenSet.contains($0.offset) }.map(\.element)
            left -= g.releaseUnused ? taken.count : seats
        }
        remaining.sort { $0.key < $1.key }
        chosen += remaining.prefix(max(0, left)).map(\.pupil)
        return chosen
    }

    /// Integers summing to `total` in proportion to `shares` (largest remainder; ties to the lower index).
    static func apportion(_ total: Int, shares: [Double]) -> [Int] {
        let sum = shares.reduce(0, +)
        guard total > 0, sum > 0 else { return shares.map { _ in 0 } }
        let exact = shares.map { Double(total) * $0 / sum }
        var out = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(out[$0])) > (exact[$1] - Double(out[$1])) }
        var k = 0
        while out.reduce(0, +) < total { out[order[k % order.count]] += 1; k += 1 }
        return out
    }

    /// The standard normal quantile, by bisection on Φ(x) = ½ erfc(−x/√2).
    static func normalQuantile(_ p: Double) -> Double {
        var lo = -10.0, hi = 10.0
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
