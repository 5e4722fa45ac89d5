#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FairPlacesCore
import Allocation

/// The admission chances families expect, at the damped fixed point of expectations and allocation
/// (`ChanceAwareness`, issue #13).
///
/// A family's expectation for a school is pooled over a cell: its home area, the school and its
/// priority there (the first criterion it meets, as in replication 1's priority rules; pupils the
/// school may not admit in that round, such as those below a grammar school's pass mark, form a
/// cell of their own). A cell's chance is the share of (pupil, round) pairs, over rounds in which
/// the pupil may be admitted, in which the school would have admitted the pupil as a first
/// preference (`AdmissionCutoffs`): what a family learns from last year's allocation profile and
/// its neighbours, not its own lottery number.
///
/// Iteration k lists under p_k (`ChanceAwareness`), allocates `rounds` rounds and estimates
/// Φ(p_k); then p_{k+1} = (1 − λ) p_k + λ Φ(p_k), from p_0 = 1 (families who ignore their chances).
/// Every iteration uses the same rounds (common random numbers), so Φ is a deterministic map and a
/// fixed point of the lists is a fixed point of p. The rounds are numbered from
/// `firstRound` (2³¹), apart from the replications the simulation then reports, so no family's
/// expectation contains its own lottery draw of a reported round.
public struct ChanceExpectations: Sendable {
    /// How far expectations moved in one iteration.
    public struct Iteration: Sendable, Equatable {
        /// The largest change of any cell's expected chance.
        public var maxChange: Double
        /// The mean change, weighted by the cell's (pupil, round) trials.
        public var meanChange: Double
    }

    /// What a run reports of the fixed point.
    public struct Convergence: Sendable, Equatable {
        public var awareness: ChanceAwareness
        public var history: [Iteration]
        public var converged: Bool
    }

    public var convergence: Convergence { Convergence(awareness: awareness, history: history, converged: converged) }

    /// The replication number of an expectation round's first draw.
    public static let firstRound: UInt32 = 1 << 31

    public let awareness: ChanceAwareness
    /// One entry per iteration, in order.
    public let history: [Iteration]
    /// Whether the last iteration's mean change was within the tolerance.
    public let converged: Bool
    /// The expected chance of every candidate (positions of the base choice sets).
    public let chance: [Double]
    /// The expected chance of every cell, for starting another solve of the same region from here.
    public let cellChance: [Double]
    /// The base choice sets with the chance term (`ChanceAwareness`) at the fixed point.
    public let choiceSets: ChoiceSets

    /// Solves the fixed point for `spec` (whose preferences must be the model with `chances` set)
    /// starting from `base`, the choice sets without the chance term. The result does not depend
    /// on `threads`. `start`, a solution for the same region (e.g. under other parameters while
    /// calibrating), is where the iteration starts instead of p = 1.
    /// `iterations` caps this solve below the model's (a calibration alternates short solves with
    /// its fit of attractiveness).
    public init(spec: SimulationSpec, base: ChoiceSets, threads: Int, start: ChanceExpectations? = nil, iterations: Int? = nil) {
        guard case .model(let model) = spec.preferences, let awareness = model.chances else {
            preconditionFailure("ChanceExpectations needs a preference model with chances")
        }
        self.awareness = awareness
        let region = spec.region
        let pupils = region.pupils
        let n = pupils.count
        let admissions = CoordinatedAdmissions(spec.mechanism, serialOrder: spec.serialOrder, unplacedRule: spec.unplacedRule)

        // Each candidate's cell, numbered in order of first appearance (deterministic).
        let reference = PriorityRules(region: region, seed: spec.seed, replication: 1, lotteryScope: spec.lotteryScope)
        var cellOf = [Int32](repeating: -1, count: base.schools.count)
        var cellIndex: [UInt64: Int32] = [:]
        for i in 0..<n where pupils.ehcPlanSchool[i] < 0 {
            let area = UInt64(Int(pupils.area[i]) + 1)
            for c in base.range(of: i) {
                let s = Int(base.schools[c])
                let key = reference.key(pupil: i, school: s, distance: reference.distance(pupil: i, school: s), rank: 0)
                let tier = UInt64(key.isEligible ? key.tier & 0xFFFF : 0xFFFF)
                let id = area << 40 | UInt64(s) << 16 | tier
                if let k = cellIndex[id] { cellOf[c] = k } else {
                    let k = Int32(cellIndex.count)
                    cellIndex[id] = k
                    cellOf[c] = k
                }
            }
        }
        let cells = cellIndex.count
        cellIndex = [:]
        let cellOfCandidate = cellOf

        var p = [Double](repeating: 1, count: cells)
        if let start, start.cellChance.count == cells { p = start.cellChance }
        var history: [Iteration] = []
        // The first lists already weigh the chances started from (all 1 from cold).
        var sets = Self.adjusted(base, cellOf: cellOf, chances: p, awareness: awareness)
        let rounds = max(1, awareness.rounds)
        let batch = max(1, threads)
        for _ in 0..<max(1, min(iterations ?? awareness.iterations, awareness.iterations)) {
            var trials = [Int](repeating: 0, count: cells)
            var admitted = [Int](repeating: 0, count: cells)
            var start = 0
            while start < rounds {
                let size = min(batch, rounds - start)
                let current = sets
                let counts = Parallel.map(count: size, threads: threads) { [start] k -> (trials: [Int32], admitted: [Int32]) in
                    let replication = Self.firstRound + UInt32(start + k)
                    let rules = PriorityRules(region: region, seed: spec.seed, replication: replication, lotteryScope: spec.lotteryScope)
                    var lists = PreferenceLists(pupils: n, length: model.listLength)
                    PreferenceSampler.sample(choiceSets: current, rules: rules, model: model, seed: spec.seed,
                                             replication: replication, into: &lists)
                    let allocation = admissions.allocate(rules: rules, preferences: lists, seed: spec.seed, replication: replication)
                    let cutoffs = AdmissionCutoffs(rules: rules, preferences: lists, allocation: allocation,
                                                   firstPreferencesOnly: spec.mechanism == .boston)
                    var t = [Int32](repeating: 0, count: cells), a = t
                    for i in 0..<n where pupils.ehcPlanSchool[i] < 0 {
                        for c in current.range(of: i) {
                            let s = Int(current.schools[c])
                            guard rules.isEligible(pupil: i, school: s) else { continue }
                            let cell = Int(cellOfCandidate[c])
                            t[cell] += 1
                            if cutoffs.wouldAdmit(pupil: i, school: s, rules: rules) { a[cell] += 1 }
                        }
                    }
                    return (t, a)
                }
                for round in counts {
                    for k in 0..<cells {
                        trials[k] += Int(round.trials[k])
                        admitted[k] += Int(round.admitted[k])
                    }
                }
                start += size
            }
            var maxChange = 0.0, weighted = 0.0, total = 0
            for k in 0..<cells where trials[k] > 0 {
                let target = Double(admitted[k]) / Double(trials[k])
                let next = (1 - awareness.damping) * p[k] + awareness.damping * target
                let change = abs(next - p[k])
                maxChange = max(maxChange, change)
                weighted += change * Double(trials[k])
                total += trials[k]
                p[k] = next
            }
            history.append(Iteration(maxChange: maxChange, meanChange: total > 0 ? weighted / Double(total) : 0))
            sets = Self.adjusted(base, cellOf: cellOf, chances: p, awareness: awareness)
            if history.last!.meanChange <= awareness.tolerance { break }
        }
        self.history = history
        converged = (history.last?.meanChange ?? 0) <= awareness.tolerance
        chance = cellOf.map { $0 < 0 ? 1 : p[Int($0)] }
        cellChance = p
        choiceSets = sets
    }

    /// The choice sets families list from under chances `p`: the utility term w·ln max(p, floor)
    /// when w ≠ 0, and each candidate's chance for portfolio listing.
    private static func adjusted(_ base: ChoiceSets, cellOf: [Int32], chances p: [Double], awareness: ChanceAwareness) -> ChoiceSets {
        let floor = max(awareness.floor, 1e-12)
        var sets = base
        if awareness.weight != 0 {
            sets = sets.adding(cellOf.map { cell in cell < 0 ? 0 : awareness.weight * log(max(p[Int(cell)], floor)) })
        }
        if awareness.listing == .portfolio { sets = sets.withChances(cellOf.map { $0 < 0 ? 1 : p[Int($0)] }) }
        return sets
    }
}
