import FairPlacesCore
import Metrics
import Simulation

/// What a sweep keeps of one run (one parameter point with one seed): its identity, the parameter
/// values that define it, its region-wide figures and one line per school.
public struct RunRecord: Sendable, Equatable {
    /// What the run is (its parameter values and seed), and so its id: stable across machines,
    /// shards, resumptions and plans that grew.
    public var identity: RunIdentity
    public var replications: Int
    public var runID: Int64 { identity.id }
    public var seed: UInt64 { identity.seed }
    /// Parameter name → the value's label, in the plan's order.
    public var parameters: [Parameter] { identity.parameters }
    /// Figures of the region (simulated allocation and nearest-school counterfactual), averaged over
    /// the run's replications.
    public var metrics: [Metric]
    /// One line per school, in the region's school order.
    public var schools: [SchoolLine]

    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    /// A region figure across the run's replications: `n` replications defined it.
    public struct Metric: Sendable, Equatable {
        public var key: MetricKey
        public var n: Int
        public var mean: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
    }

    /// The school figures a sweep is usually asked about, averaged over the run's replications;
    /// nil where undefined (e.g. no funding formula, or an empty intake).
    public struct SchoolLine: Sendable, Equatable {
        public var schoolID: String
        public var pan: Int
        public var intake: Double?
        public var vacancies: Double?
        public var fsmShare: Double?
        public var meanAttainment: Double?
        public var meanIDACI: Double?
        public var meanDistanceKm: Double?
        public var fundingTotal: Double?
    }

    public init(identity: RunIdentity, replications: Int, metrics: [Metric], schools: [SchoolLine]) {
        self.identity = identity
        self.replications = replications
        self.metrics = metrics
        self.schools = schools
    }

    /// The record of a finished simulation of the run `identity` (whose seed the simulation used).
    public init(identity: RunIdentity, result: SimulationResult) {
        precondition(identity.seed == result.spec.seed, "a run's record must come from a simulation with its seed")
        let schools = result.spec.region.schools
        var lines = schools.map { SchoolLine(schoolID: $0.id, pan: $0.pan) }
        let row = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($1.id, $0) })
        var metrics: [Metric] = []
        metrics.reserveCapacity(result.keys.count)
        for (k, key) in result.keys.enumerated() {
            let s = result.summaries[k]
            guard key.scope == .school else {
                metrics.append(Metric(key: key, n: s?.n ?? 0, mean: s?.mean, ciLow: s?.ciLow, ciHigh: s?.ciHigh))
                continue
            }
            guard let r = row[key.unit] else { continue }
            let mean = s?.mean
            switch (key.metric, key.attribute, key.category) {
            case ("intake", _, _): lines[r].intake = mean
            case ("vacancies", _, _): lines[r].vacancies = mean
            case ("share", "fsm", "fsm"): lines[r].fsmShare = mean
            case ("mean_attainment", _, _): lines[r].meanAttainment = mean
            case ("mean_idaci", _, _): lines[r].meanIDACI = mean
            case ("mean_distance_km", _, _): lines[r].meanDistanceKm = mean
            case ("funding_total", _, _): lines[r].fundingTotal = mean
            default: break
            }
        }
        self.init(identity: identity, replications: result.spec.replications, metrics: metrics, schools: lines)
    }
}
