import FairPlacesCore
import Allocation

/// A family's chances: for each home area (small area; a postcode when the scenario puts pupils at
/// postcodes) and school, how often a child of that area is offered the school, over every
/// simulated round — the question "what are the chances for a child at postcode X?".
///
/// Two chances per area and school, each pooled over the area's pupils who take part in the
/// round (pupils placed by an EHC plan do not apply) and over all replications:
///
/// - **If listed first** (`ifFirst`): the share of (pupil, round) pairs in which the pupil would be
///   offered the school had they put it first, everyone else's applications unchanged. It is the
///   school's choice from the pupils it finally admitted through the mechanism plus this one: a
///   school that had room takes any pupil it may admit; a full school that ranks by one order takes
///   the pupil if their priority (as a first preference, which matters to first-preference-first
///   schools) beats the lowest it admitted; a school with quotas or bands evaluates each seat group
///   the same way (`SeatPlan.wouldChoose`). For choice functions that fill seats in a fixed order
///   (path independence), choosing from the admitted pupils plus one is exactly choosing from every
///   applicant plus one, so the only approximation is the one every cutoff estimate makes: the
///   pupil's own arrival does not set off a chain of rejections that sends a higher-priority
///   applicant to the school (Azevedo & Leshno 2016, large-market cutoffs). It is defined for every
///   pupil whatever they listed, so it needs no fallback when no one in the area listed the school
///   first. Under the Boston mechanism a first preference competes only with other first
///   preferences, so the cutoff is taken from the pupils admitted as first preferences.
/// - **As the family would list** (`asListed`): the share of (pupil, round) pairs in which the
///   pupil was offered the school from their own list (the modelled or stated preferences).
///
/// Intervals are Wilson score intervals (95%) with one trial per round: k = Σ over rounds of the
/// area's share, n = rounds. A share between 0 and 1 varies no more than a yes/no outcome with the
/// same mean, so the interval is conservative for the Monte Carlo error of the estimate; pupils of
/// one area in one round face the same cutoffs, so counting each pupil as a trial would overstate
/// the precision. It is the precision of the simulation, not of the model's assumptions.
///
/// **Last distance offered** per school and round: the distance (by the school's own measure,
/// straight line or travel) of the lowest-priority pupil it admitted through its ordinary places,
/// when those places were full; nil when the school had room. The familiar factsheet figure, with
/// its spread across rounds.
public struct Chances: Sendable, Equatable {
    public let schools: Int
    public let areas: Int
    public private(set) var rounds: Int = 0
    /// Participating pupils per area (the same in every round: the region is fixed).
    public let areaPupils: [Int]
    /// Σ over rounds of the area's pupils who would be offered the school listing it first (area × school).
    public private(set) var ifFirst: [Int]
    /// Σ over rounds of the area's pupils offered the school from their own list.
    public private(set) var asListed: [Int]
    /// Σ over rounds of the area's pupils who listed the school first, and of those offered it.
    public private(set) var listedFirst: [Int]
    public private(set) var listedFirstOffered: [Int]
    /// Per school, the last distance offered in each round (nil: the school had room), in round order.
    public private(set) var lastDistance: [[Double?]]
    /// Per school and round, the criterion tier of that last offer (an index into the school's
    /// criteria; their count means "other applicants"), so a lottery school's last distance can be
    /// read as what it is: where the lottery's last winner lived, in the tier where places ran out.
    public private(set) var lastTier: [[Int?]]

    public init(region: Region) {
        schools = region.schools.count
        areas = region.areas.count
        var pupils = [Int](repeating: 0, count: areas)
        for i in 0..<region.pupils.count where region.pupils.area[i] >= 0 && region.pupils.ehcPlanSchool[i] < 0 {
            pupils[Int(region.pupils.area[i])] += 1
        }
        areaPupils = pupils
        ifFirst = [Int](repeating: 0, count: areas * schools)
        asListed = ifFirst
        listedFirst = ifFirst
        listedFirstOffered = ifFirst
        lastDistance = [[Double?]](repeating: [], count: schools)
        lastTier = [[Int?]](repeating: [], count: schools)
    }

    /// Adds one round (rounds must be added in replication order for `lastDistance`; the counts
    /// are integers, so their totals do not depend on the order).
    public mutating func add(_ round: ChanceRound) {
        precondition(round.ifFirst.count == ifFirst.count, "a round of another region")
        for k in ifFirst.indices {
            ifFirst[k] += Int(round.ifFirst[k])
            asListed[k] += Int(round.asListed[k])
            listedFirst[k] += Int(round.listedFirst[k])
            listedFirstOffered[k] += Int(round.listedFirstOffered[k])
        }
        for s in 0..<schools {
            lastDistance[s].append(round.lastDistance[s])
            lastTier[s].append(round.lastTier[s])
        }
        rounds += 1
    }

    /// The chance of an offer at `school` for a child of `area` who lists it first.
    public func chanceIfFirst(area a: Int, school s: Int) -> Proportion? { proportion(ifFirst[a * schools + s], area: a) }

    /// The chance of an offer at `school` for a child of `area`, listing as families there do.
    public func chanceAsListed(area a: Int, school s: Int) -> Proportion? { proportion(asListed[a * schools + s], area: a) }

    private func proportion(_ total: Int, area a: Int) -> Proportion? {
        guard areaPupils[a] > 0, rounds > 0 else { return nil }
        return Proportion.wilson(successes: Double(total) / Double(areaPupils[a]), trials: rounds)
    }
}

/// An estimated probability with its 95% Wilson score interval.
public struct Proportion: Sendable, Equatable {
    public var estimate: Double
    public var low: Double
    public var high: Double
    public var trials: Int

    /// Wilson (1927): the interval of p whose score test at 95% does not reject k successes in n.
    /// Unlike the normal interval it stays inside [0, 1] and is not empty at 0 or 1.
    public static func wilson(successes k: Double, trials n: Int, z: Double = 1.959963984540054) -> Proportion {
        let nn = Double(n), p = k / nn, z2 = z * z
        let denominator = 1 + z2 / nn
        let centre = (p + z2 / (2 * nn)) / denominator
        let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / denominator
        // At 0 and 1 one end is exactly the estimate; rounding would otherwise leave 0.9999999999999999.
        return Proportion(estimate: p, low: p <= 0 ? 0 : max(0, centre - half), high: p >= 1 ? 1 : min(1, centre + half), trials: n)
    }
}

/// One round's counts (area × school, row-major), built from that round's allocation.
public struct ChanceRound: Sendable {
    public var ifFirst: [Int32]
    public var asListed: [Int32]
    public var listedFirst: [Int32]
    public var listedFirstOffered: [Int32]
    public var lastDistance: [Double?]
    public var lastTier: [Int?]

    /// Counts round `rules.replication`'s outcome. `firstPreferencesOnly`: the mechanism admits
    /// first preferences before any second (Boston), so a first preference's cutoff is among them.
    public init(rules: PriorityRules, preferences: PreferenceLists, allocation: Allocation, firstPreferencesOnly: Bool) {
        let region = rules.region
        let pupils = region.pupils
        let n = pupils.count, m = region.schools.count, a = region.areas.count
        let length = preferences.length
        ifFirst = [Int32](repeating: 0, count: a * m)
        asListed = ifFirst
        listedFirst = ifFirst
        listedFirstOffered = ifFirst

        let cutoffs = AdmissionCutoffs(rules: rules, preferences: preferences, allocation: allocation,
                                       firstPreferencesOnly: firstPreferencesOnly)
        lastDistance = cutoffs.lastDistance
        lastTier = cutoffs.lastTier

        for i in 0..<n where pupils.ehcPlanSchool[i] < 0 && pupils.area[i] >= 0 {
            let row = Int(pupils.area[i]) * m
            let offered = allocation.route[i] == .preference ? Int(allocation.school[i]) : -1
            if offered >= 0 { asListed[row + offered] += 1 }
            let first = length > 0 ? Int(preferences.schools[i * length]) : -1
            if first >= 0 {
                listedFirst[row + first] += 1
                if offered == first { listedFirstOffered[row + first] += 1 }
            }
            for s in 0..<m {
                // Already admitted there through the mechanism (as a first preference, under Boston).
                if offered == s && (!firstPreferencesOnly || allocation.preferenceRank[i] == 0) {
                    ifFirst[row + s] += 1
                    continue
                }
                if cutoffs.wouldAdmit(pupil: i, school: s, rules: rules) { ifFirst[row + s] += 1 }
            }
        }
    }
}
