import Metrics

extension Simulator {
    /// The result of replications run outside `run(threads:)` (e.g. paired, replication by
    /// replication, with another simulator's), summarised exactly as `run(threads:)` does.
    /// `values` are every replication's values in replication order; `first` is replication 1 in full.
    public func result(first: ReplicationOutcome, values: [[Double?]]) -> SimulationResult {
        let keys = first.keys!
        let summaries = keys.indices.map { k in Summary(values.map { $0[k] }) }
        let bootstrap = Bootstrap.twoGroupIntervals(context: metricsContext, allocation: first.allocation,
                                                    schools: spec.region.schools.count, resamples: spec.metrics.bootstrap,
                                                    seed: spec.seed, replication: 1)
        var result = SimulationResult(spec: spec, keys: keys, replications: values, summaries: summaries,
                                      first: first, bootstrap: bootstrap)
        result.expectations = expectations?.convergence
        return result
    }
}
