import FairPlacesCore
import ScenarioLoading
import Simulation

extension Run {
    /// Runs the base scenario a funding comparison names, on `variant`'s seed and replications so
    /// the two runs are paired replication by replication. A base without a funding section is
    /// funded by the variant's formula; a base's own `compare_to` is not followed.
    func runFundingBase(_ path: String, like variant: SimulationSpec) throws -> SimulationResult {
        var base: LoadedScenario
        do {
            base = try ScenarioLoader.load(path: path)
        } catch let error as ScenarioError {
            throw fail("in the base scenario of funding.compare_to: \(error.description)")
        }
        base.spec.seed = variant.seed
        base.spec.replications = variant.replications
        if base.spec.funding == nil { base.spec.funding = variant.funding }
        base.spec.funding?.compareTo = nil
        return Simulator(spec: base.spec, threads: threads).run(threads: threads)
    }
}
