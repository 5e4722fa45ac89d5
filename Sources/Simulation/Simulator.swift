import FairPlacesCore
import Allocation
import Metrics

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
    public var unplacedRule: UnplacedPupilRule
    public var lotteryScope: LotteryScope
    public var seed: UInt64
    public var replications: Int

    public init(name: String, region: Region, preferences: PreferenceSource,
                mechanism: MechanismKind = .deferredAcceptance, unplacedRule: UnplacedPupilRule = .nearestVacancy,
                lotteryScope: LotteryScope = .single, seed: UInt64, replications: Int) {
        self.name = name
        self.region = region
        self.preferences = preferences
        self.mechanism = mechanism
        self.unplacedRule = unplacedRule
        self.lotteryScope = lotteryScope
        self.seed = seed
        self.replications = replications
    }
}

/// One replication's lists, allocation and figures.
public struct ReplicationOutcome: Sendable {
    public var replication: Int
    public var preferences: PreferenceLists
    public var allocation: Allocation
    public var metrics: ReplicationMetrics
}

/// All replications of a simulation with their summaries.
public struct SimulationResult: Sendable {
    public var spec: SimulationSpec
    /// Figures of every replication, in replication order.
    public var replications: [ReplicationMetrics]
    /// The first replication in full (lists and allocation), for pupil-level output.
    public var first: ReplicationOutcome
    /// Summary per region metric, indexed like `RegionMetric.allCases` (nil if never defined).
    public var regionSummaries: [Summary?]
    /// `schoolSummaries[metric][school]`, metrics indexed like `SchoolMetric.allCases`.
    public var schoolSummaries: [[Summary?]]
}

/// Runs a scenario's replications. Replication r (1-based) draws every random number from
/// (seed, r, purpose); replication 0 is reserved for drawing the region.
public struct Simulator: Sendable {
    public let spec: SimulationSpec
    /// Choice sets with systematic utilities, computed once: the region does not change between
    /// replications, only the random draws do.
    public let choiceSets: ChoiceSets?
    private let admissions: CoordinatedAdmissions

    public init(spec: SimulationSpec) {
        self.spec = spec
        if case .model(let model) = spec.preferences {
            choiceSets = ChoiceSets(region: spec.region, model: model)
        } else {
            choiceSets = nil
        }
        admissions = CoordinatedAdmissions(mechanism: spec.mechanism.mechanism, unplacedRule: spec.unplacedRule)
    }

    /// Runs replication `r` (1-based).
    public func replication(_ r: Int) -> ReplicationOutcome {
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
        let metrics = AllocationMetrics.compute(region: spec.region, allocation: allocation)
        return ReplicationOutcome(replication: r, preferences: preferences, allocation: allocation, metrics: metrics)
    }

    /// Runs every replication on `threads` threads. The result does not depend on `threads`.
    public func run(threads: Int) -> SimulationResult {
        let count = max(1, spec.replications)
        // Only the first replication is kept in full (for pupil-level output); the rest keep their figures.
        let outcomes = Parallel.map(count: count, threads: threads) { [self] index -> (ReplicationMetrics, ReplicationOutcome?) in
            let outcome = replication(index + 1)
            return (outcome.metrics, index == 0 ? outcome : nil)
        }
        let metrics = outcomes.map { $0.0 }
        let regionSummaries = RegionMetric.allCases.indices.map { k in Summary(metrics.map { $0.region[k] }) }
        let schoolSummaries = SchoolMetric.allCases.indices.map { k in
            spec.region.schools.indices.map { s in Summary(metrics.map { $0.school[k][s] }) }
        }
        return SimulationResult(spec: spec, replications: metrics, first: outcomes[0].1!,
                                regionSummaries: regionSummaries, schoolSummaries: schoolSummaries)
    }
}
