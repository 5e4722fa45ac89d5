import FairPlacesCore
import Allocation
import Metrics
import Funding

/// Where families' ranked lists come from.
public enum PreferenceSource: Sendable {
    /// Drawn each replication from the random-utility model.
    case model(PreferenceModel)
    /// Given (e.g. replayed from a pupils file); the same in every replication.
    case stated(PreferenceLists)
}

/// Everything a simulation needs, already built from a scenario: the core knows nothing of files.
public struct SimulationSpec: Sendable {
    public var name: String
    public var region: Region
    public var preferences: PreferenceSource
    public var mechanism: MechanismKind
    /// The order serial dictatorship uses.
    public var serialOrder: SerialOrder
    public var unplacedRule: UnplacedPupilRule
    public var lotteryScope: LotteryScope
    public var seed: UInt64
    public var replications: Int
    public var metrics: MetricsConfig
    /// The funding formula whose budgets each replication records (issue #5); nil: no funding figures.
    public var funding: FundingSpec? = nil

    public init(name: String, region: Region, preferences: PreferenceSource,
                mechanism: MechanismKind = .deferredAcceptance, unplacedRule: UnplacedPupilRule = .nearestVacancy,
                lotteryScope: LotteryScope = .single, seed: UInt64, replications: Int,
                metrics: MetricsConfig = MetricsConfig(), serialOrder: SerialOrder = .lottery) {
        self.name = name
        self.region = region
        self.preferences = preferences
        self.mechanism = mechanism
        self.serialOrder = serialOrder
        self.unplacedRule = unplacedRule
        self.lotteryScope = lotteryScope
        self.seed = seed
        self.replications = replications
        self.metrics = metrics
    }
}

/// One replication's lists, allocation and figures.
public struct ReplicationOutcome: Sendable {
    public var replication: Int
    public var preferences: PreferenceLists
    public var allocation: Allocation
    /// Values in the order of `keys` (of this replication if it collected them, else of the first).
    public var values: [Double?]
    /// The figures' keys, when collected (the first replication of a run).
    public var keys: [MetricKey]?
    /// This round's chance counts, when asked for.
    public var chances: ChanceRound? = nil
}

/// All replications of a simulation with their summaries.
public struct SimulationResult: Sendable {
    public var spec: SimulationSpec
    /// What each figure is, in the order of every replication's values.
    public var keys: [MetricKey]
    /// Values of every replication, in replication order.
    public var replications: [[Double?]]
    /// Summary of each figure across replications (nil if never defined), in the order of `keys`.
    public var summaries: [Summary?]
    /// The first replication in full (lists and allocation), for pupil-level output.
    public var first: ReplicationOutcome
    /// Bootstrap intervals on the first replication's allocation (empty unless asked for).
    public var bootstrap: [BootstrapInterval]
    /// Where each key is in `keys`: a national run has ~150,000 keys and reports look up most of
    /// them, so a linear search per figure would make writing the outputs quadratic.
    private let position: KeyPositions

    public init(spec: SimulationSpec, keys: [MetricKey], replications: [[Double?]], summaries: [Summary?],
                first: ReplicationOutcome, bootstrap: [BootstrapInterval]) {
        self.spec = spec
        self.keys = keys
        self.replications = replications
        self.summaries = summaries
        self.first = first
        self.bootstrap = bootstrap
        position = KeyPositions(keys)
    }

    /// The position of a figure in `keys` and every replication's values.
    public func index(of key: MetricKey) -> Int? { position.index(of: key) }

    /// Chances per home area and school over every replication (`run(threads:chances: true)`).
    public var chances: Chances? = nil
    /// How the chances families expect converged (chance-aware preference models only).
    public var expectations: ChanceExpectations.Convergence? = nil

    /// The summary of one figure.
    public func summary(_ key: MetricKey) -> Summary? {
        position.index(of: key).flatMap { summaries[$0] }
    }
}

/// Runs a scenario's replications. Replication r (1-based) draws every random number from
/// (seed, r, purpose); replication 0 is reserved for drawing the region.
public struct Simulator: Sendable {
    public let spec: SimulationSpec
    /// Choice sets with systematic utilities, computed once: the region does not change between
    /// replications, only the random draws do.
    public let choiceSets: ChoiceSets?
    /// What the metrics need that does not change between replications.
    public let metricsContext: MetricsContext
    /// What funding needs that does not change between replications (nil without funding).
    public let fundingContext: FundingContext?
    private let admissions: CoordinatedAdmissions

    /// The fixed point of the chances families expect, when the model has them (nil otherwise);
    /// `choiceSets` then carry its chance term.
    public let expectations: ChanceExpectations?

    /// Builds the choice sets (and, for chance-aware families, solves their expectations on
    /// `threads` threads, from `warmStart` if given; the result does not depend on `threads`).
    public init(spec: SimulationSpec, threads: Int = 1, warmStart: ChanceExpectations? = nil, expectationIterations: Int? = nil) {
        self.spec = spec
        if case .model(let model) = spec.preferences {
            let base = ChoiceSets(region: spec.region, model: model)
            if model.chances != nil {
                let solved = ChanceExpectations(spec: spec, base: base, threads: threads, start: warmStart,
                                                iterations: expectationIterations)
                expectations = solved
                choiceSets = solved.choiceSets
            } else {
                expectations = nil
                choiceSets = base
            }
        } else {
            choiceSets = nil
            expectations = nil
        }
        // Above the dense limit a choice set starts with the pupil's nearest school found by the same
        // grid search the metrics would make, so the counterfactual needs no second one. (Dense
        // choice sets rank schools by GEMM distances, whose rounding may order near-ties otherwise.)
        let indexed = spec.region.schools.count > ChoiceSets.denseSchoolLimit
        let nearest = (indexed ? choiceSets : nil).map { sets in
            (0..<spec.region.pupils.count).map { i in sets.range(of: i).isEmpty ? -1 : sets.schools[sets.offsets[i]] }
        }
        metricsContext = MetricsContext(region: spec.region, config: spec.metrics, nearestSchool: nearest)
        fundingContext = spec.funding.map { FundingContext(region: spec.region, spec: $0) }
        admissions = CoordinatedAdmissions(spec.mechanism, serialOrder: spec.serialOrder, unplacedRule: spec.unplacedRule)
    }

    /// Replication `r`'s priority rules, lists and allocation, without figures (for calibration,
    /// which needs a few counts of many rounds).
    public func round(_ r: Int) -> (rules: PriorityRules, preferences: PreferenceLists, allocation: Allocation) {
        let rep = UInt32(r)
        let rules = PriorityRules(region: spec.region, seed: spec.seed, replication: rep, lotteryScope: spec.lotteryScope)
        let preferences: PreferenceLists
        switch spec.preferences {
        case .model(let model):
            var lists = PreferenceLists(pupils: spec.region.pupils.count, length: model.listLength)
            PreferenceSampler.sample(choiceSets: choiceSets!, rules: rules, model: model,
                                     seed: spec.seed, replication: rep, into: &lists)
            preferences = lists
        case .stated(let lists):
            preferences = lists
        }
        let allocation = admissions.allocate(rules: rules, preferences: preferences, seed: spec.seed, replication: rep)
        return (rules, preferences, allocation)
    }

    /// Runs replication `r` (1-based); `collectKeys` also returns what each value is.
    public func replication(_ r: Int, collectKeys: Bool = false, chances: Bool = false) -> ReplicationOutcome {
        let (rules, preferences, allocation) = round(r)
        var recorder = MetricRecorder(collectKeys: collectKeys)
        AllocationMetrics.compute(context: metricsContext, rules: rules, preferences: preferences,
                                  allocation: allocation, into: &recorder)
        if let fundingContext {
            FundingMetrics.compute(context: fundingContext, allocation: allocation, into: &recorder)
        }
        var outcome = ReplicationOutcome(replication: r, preferences: preferences, allocation: allocation,
                                         values: recorder.values, keys: recorder.keys)
        if chances {
            outcome.chances = ChanceRound(rules: rules, preferences: preferences, allocation: allocation,
                                          firstPreferencesOnly: spec.mechanism == .boston)
        }
        return outcome
    }

    /// Runs every replication on `threads` threads. The result does not depend on `threads`.
    /// With `chances`, each round's chance counts are also tallied (`SimulationResult.chances`);
    /// rounds then run in batches so only a batch's counts are held at once.
    public func run(threads: Int, chances: Bool = false) -> SimulationResult {
        let count = max(1, spec.replications)
        guard chances else {
            // Only the first replication is kept in full (for pupil-level output); the rest keep their values.
            let outcomes = Parallel.map(count: count, threads: threads) { [self] index -> (values: [Double?], first: ReplicationOutcome?) in
                let outcome = replication(index + 1, collectKeys: index == 0)
                return (outcome.values, index == 0 ? outcome : nil)
            }
            return result(first: outcomes[0].first!, values: outcomes.map(\.values))
        }
        var tally = Chances(region: spec.region)
        var values: [[Double?]] = []
        var first: ReplicationOutcome?
        let batch = max(8, 4 * threads)
        var start = 0
        while start < count {
            let size = min(batch, count - start)
            let outcomes = Parallel.map(count: size, threads: threads) { [self, start] k -> ReplicationOutcome in
                var outcome = replication(start + k + 1, collectKeys: start + k == 0, chances: true)
                if start + k > 0 {
                    // Lists and allocations of later rounds are not kept.
                    outcome.preferences = PreferenceLists(pupils: 0, length: outcome.preferences.length)
                    outcome.allocation = Allocation(school: [], preferenceRank: [], route: [], abovePAN: [])
                }
                return outcome
            }
            for outcome in outcomes {
                tally.add(outcome.chances!)
                values.append(outcome.values)
                if first == nil { first = outcome }
            }
            start += size
        }
        first!.chances = nil
        var result = result(first: first!, values: values)
        result.chances = tally
        return result
    }
}
