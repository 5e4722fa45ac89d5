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
            switch banding.reference {
            case .applicants, .region:
                cuts = rules.bandingCuts[k] ?? []
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
    func mayTake(_ g: Group, pupil i: Int, rules: PriorityRules, distance: Double) -> Bool {
        switch g.eligibility {
        case .meets(let c): return rules.meets(c, pupil: i, school: school, distance: distance)
        case .ability: return rules.reachesAbilityStandard(pupil: i, school: school)
        case .aptitude: return true
        case .band(let b): return rules.band(pupil: i, cuts: bandCuts) == b
        }
    }

    /// An application to this school. Its key for every seat group (ineligible where the pupil may
    /// not take the group's seats) is computed once, when the pupil applies, and kept in a key store
    /// at `groupKeys ..< groupKeys + groups.count`, so candidates are plain values that copy freely.
    public struct Candidate: Sendable {
        public var pupil: Int
        public var rank: Int
        public var key: PriorityKey
        public var groupKeys: Int
    }

    public func candidate(pupil i: Int, rank: Int, key: PriorityKey, rules: PriorityRules,
                          store: inout [PriorityKey]) -> Candidate {
        let offset = store.count
        let d = rules.distance(pupil: i, school: school)
        for g in groups {
            let eligible = key.isEligible && mayTake(g, pupil: i, rules: rules, distance: d)
            // Band groups rank by the ordinary criteria: their key is the ordinary key.
            store.append(!eligible ? .ineligible(pupil: UInt32(i))
                         : g.order == .criteria(0) ? key
                         : rules.key(pupil: i, school: school, distance: d, order: g.order, rank: rank))
        }
        return Candidate(pupil: i, rank: rank, key: key, groupKeys: offset)
    }

    /// How one choice filled each seat group (the ordinary places last): places it could offer,
    /// places taken, and the lowest-priority key taken. Enough to tell whether one more applicant
    /// would be chosen.
    public struct Fill: Sendable {
        public var offered: Int
        public var taken: Int
        public var worst: PriorityKey?
    }

    /// Buffers `choose` reuses between calls, so a deferred-acceptance run allocates them once.
    public struct Workspace {
        var taken: [Bool] = []
        var order: [(key: PriorityKey, index: Int)] = []
        public var chosen: [Int] = []
        public var fills: [Fill] = []
        public init() {}
    }

    /// The candidates the school holds (indices into `candidates`), and how each group filled.
    public func choose(_ candidates: [Candidate], store: [PriorityKey]) -> (chosen: [Int], fills: [Fill]) {
        var workspace = Workspace()
        choose(candidates, store: store, into: &workspace)
        return (workspace.chosen, workspace.fills)
    }

    /// `choose`, leaving the result in `workspace.chosen` and `workspace.fills`.
    public func choose(_ candidates: [Candidate], store: [PriorityKey], into w: inout Workspace) {
        w.taken.removeAll(keepingCapacity: true)
        w.taken.append(contentsOf: repeatElement(false, count: candidates.count))
        w.chosen.removeAll(keepingCapacity: true)
        w.fills.removeAll(keepingCapacity: true)
        var left = capacity
        for g in 0...groups.count {
            let isOrdinary = g == groups.count
            let seats = isOrdinary ? max(0, left) : min(groups[g].seats, left)
            w.order.removeAll(keepingCapacity: true)
            for k in candidates.indices where !w.taken[k] {
                let key = isOrdinary ? candidates[k].key : store[candidates[k].groupKeys + g]
                if key.isEligible { w.order.append((key, k)) }
            }
            let count = min(seats, w.order.count)
            // Only the best `count` are needed, not their order: select them in linear time.
            w.order.withUnsafeMutableBufferPointer { Self.selectBest(count, in: $0) }
            var worst: PriorityKey?
            for (key, k) in w.order.prefix(count) {
                w.taken[k] = true
                w.chosen.append(k)
                if worst.map({ $0 < key }) ?? true { worst = key }
            }
            w.fills.append(Fill(offered: seats, taken: count, worst: worst))
            if !isOrdinary { left -= groups[g].releaseUnused ? count : seats }
        }
    }

    /// Moves the `k` smallest keys to the front of `a`, in no particular order (quickselect; keys are
    /// strict, so the set is unique).
    static func selectBest(_ k: Int, in a: UnsafeMutableBufferPointer<(key: PriorityKey, index: Int)>) {
        guard k > 0, k < a.count else { return }
        var lo = 0, hi = a.count - 1
        while lo < hi {
            let pivot = a[lo + (hi - lo) / 2].key
            var i = lo, j = hi
            while i <= j {
                while a[i].key < pivot { i += 1 }
                while pivot < a[j].key { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            // Now a[lo...j] ≤ pivot ≤ a[i...hi].
            if k - 1 <= j { hi = j } else if k - 1 >= i { lo = i } else { return }
        }
    }

    /// Whether the school, holding the choice described by `fills`, would also choose pupil `i`
    /// (listing it at `rank`, with ordinary key `key`). Groups are evaluated lazily, in order, up to
    /// the first that decides.
    public func wouldChoose(pupil i: Int, rank: Int, key: PriorityKey, rules: PriorityRules, fills: [Fill]) -> Bool {
        guard key.isEligible else { return false }
        let d = rules.distance(pupil: i, school: school)
        for (g, group) in groups.enumerated() {
            guard mayTake(group, pupil: i, rules: rules, distance: d) else { continue }
            let fill = fills[g]
            if fill.taken < fill.offered { return true }
            let groupKey = group.order == .criteria(0) ? key : rules.key(pupil: i, school: school, distance: d, order: group.order, rank: rank)
            if let worst = fill.worst, groupKey < worst { return true }
        }
        let fill = fills[groups.count]
        return fill.taken < fill.offered || (fill.worst.map { key < $0 } ?? false)
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
