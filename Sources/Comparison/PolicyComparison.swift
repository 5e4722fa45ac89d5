import FairPlacesCore
import Allocation
import Metrics
import Simulation

/// Why two scenarios cannot be compared pupil by pupil.
public struct ComparisonError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A base policy and its variants run on common random numbers: the same pupils, seed and
/// replication numbers, so replication r of every policy draws the same preference noise, lotteries
/// and test scores, and a difference reflects the policy rather than the noise. Each figure's
/// difference is summarised over the paired replications (mean and Student-t 95% interval).
public struct PolicyComparison: Sendable {
    /// A policy to compare with the base: its name in the outputs and its specification.
    public struct Variant: Sendable {
        public var name: String
        public var spec: SimulationSpec
        public init(name: String, spec: SimulationSpec) { self.name = name; self.spec = spec }
    }

    /// One figure in the base and a variant.
    public struct Difference: Sendable {
        public var key: MetricKey
        public var base: Summary?
        public var variant: Summary?
        /// Variant minus base, replication by replication (nil if never defined in both).
        public var difference: Summary?
    }

    /// Pupils of one group whose school changed, per replication summarised, and how the movers'
    /// new schools stand on their base-run lists (`MoverGroups.standing`).
    public struct Movers: Sendable {
        /// `all`, `fsm`, `non_fsm` or `idaci_quintile_1` (most deprived) … `idaci_quintile_5`.
        public var group: String
        public var pupils: Int
        /// Pupils placed at a different school (or placed in one policy and unplaced in the other).
        public var moved: Summary?
        /// The same as a percentage of the group.
        public var movedPercent: Summary?
        /// Movers whose variant school is higher on their base list than their base school. A school
        /// not on the list (an administrative place, or one only the variant has) ranks below every
        /// listed school, and no place below any place. Better, worse and same add up to `moved`.
        public var movedBetter: Summary?
        /// Movers whose variant school is lower on their base list (or off it, or no place).
        public var movedWorse: Summary?
        /// Movers between two schools neither of which is on their base list.
        public var movedSame: Summary?
        /// Movers placed at a school not on their base list (also in `movedWorse` or `movedSame`).
        public var movedToUnlisted: Summary?
    }

    /// A variant's run and how it differs from the base.
    public struct VariantOutcome: Sendable {
        public var name: String
        public var result: SimulationResult
        /// Every figure of the base (in its order), then figures only the variant has.
        public var differences: [Difference]
        public var movers: [Movers]
    }

    public var base: SimulationResult
    public var variants: [VariantOutcome]

    /// The groups movers are counted in, in output order.
    public static let moverGroups = ["all", "fsm", "non_fsm"] + (1...5).map { "idaci_quintile_\($0)" }

    /// Runs `base` and every variant on `base`'s seed and replications, on `threads` threads.
    /// The result does not depend on `threads`. Throws when a variant's pupils are not the base's.
    public static func run(base baseSpec: SimulationSpec, variants: [Variant], threads: Int) throws -> PolicyComparison {
        var specs = variants.map(\.spec)
        for k in specs.indices {
            specs[k].seed = baseSpec.seed
            specs[k].replications = baseSpec.replications
            try checkSamePupils(base: baseSpec.region, variant: specs[k].region, name: variants[k].name)
        }
        let baseSimulator = Simulator(spec: baseSpec)
        let simulators = specs.map { Simulator(spec: $0) }
        // Variant school index → base school index, by id (a variant may add or close schools).
        let baseIndex = Dictionary(uniqueKeysWithValues: baseSpec.region.schools.enumerated().map { ($1.id, Int32($0)) })
        let schoolMaps: [[Int32]] = specs.map { spec in spec.region.schools.map { baseIndex[$0.id] ?? -2 } }
        let groups = MoverGroups(pupils: baseSpec.region.pupils, quintile: baseSimulator.metricsContext.idaciQuintile)

        struct Replication: Sendable {
            var base: [Double?]
            var variants: [[Double?]]
            var movers: [MoverCounts]
            var firsts: [ReplicationOutcome]?
        }
        let count = max(1, baseSpec.replications)
        let outcomes = Parallel.map(count: count, threads: threads) { index -> Replication in
            let r = index + 1
            let b = baseSimulator.replication(r, collectKeys: index == 0)
            var values: [[Double?]] = [], movers: [MoverCounts] = [], firsts: [ReplicationOutcome] = [b]
            for (v, simulator) in simulators.enumerated() {
                let o = simulator.replication(r, collectKeys: index == 0)
                values.append(o.values)
                movers.append(groups.count(base: b.allocation, variant: o.allocation, variantToBase: schoolMaps[v],
                                           baseLists: b.preferences))
                if index == 0 { firsts.append(o) }
            }
            return Replication(base: b.values, variants: values, movers: movers, firsts: index == 0 ? firsts : nil)
        }
        let firsts = outcomes[0].firsts!
        let baseResult = baseSimulator.result(first: firsts[0], values: outcomes.map(\.base))
        var results: [VariantOutcome] = []
        for (v, simulator) in simulators.enumerated() {
            let result = simulator.result(first: firsts[v + 1], values: outcomes.map { $0.variants[v] })
            let movers = groups.summarise(outcomes.map { $0.movers[v] })
            results.append(VariantOutcome(name: variants[v].name, result: result,
                                          differences: differences(base: baseResult, variant: result), movers: movers))
        }
        return PolicyComparison(base: baseResult, variants: results)
    }

    /// Pairs the figures of two runs by key and summarises their differences replication by replication.
    static func differences(base: SimulationResult, variant: SimulationResult) -> [Difference] {
        let variantIndex = Dictionary(uniqueKeysWithValues: variant.keys.enumerated().map { ($1, $0) })
        var out: [Difference] = []
        out.reserveCapacity(base.keys.count)
        var seen = Set<MetricKey>()
        for (k, key) in base.keys.enumerated() {
            seen.insert(key)
            guard let j = variantIndex[key] else {
                out.append(Difference(key: key, base: base.summaries[k], variant: nil, difference: nil))
                continue
            }
            let paired: [Double?] = zip(base.replications, variant.replications).map { b, v in
                guard let x = b[k], let y = v[j] else { return nil }
                return y - x
            }
            out.append(Difference(key: key, base: base.summaries[k], variant: variant.summaries[j], difference: Summary(paired)))
        }
        for (j, key) in variant.keys.enumerated() where !seen.contains(key) {
            out.append(Difference(key: key, base: nil, variant: variant.summaries[j], difference: nil))
        }
        return out
    }

    /// Common random numbers are only common if the pupils are the same ones: the region must be
    /// drawn identically (same region section and seed), which a difference in count or homes betrays.
    static func checkSamePupils(base: Region, variant: Region, name: String) throws {
        let a = base.pupils, b = variant.pupils
        guard a.count == b.count else {
            throw ComparisonError("the variant '\(name)' has \(b.count) pupils and the base \(a.count); a comparison "
                                  + "needs the same pupils, so vary admissions, preferences or schools, not the region")
        }
        for i in 0..<a.count where a.ids[i] != b.ids[i] || a.homeX[i] != b.homeX[i] || a.homeY[i] != b.homeY[i]
            || a.fsm[i] != b.fsm[i] {
            throw ComparisonError("pupil \(a.ids[i]) of the base is not the same pupil in the variant '\(name)' "
                                  + "(identity, home or FSM differ); a comparison needs the same pupils, so vary "
                                  + "admissions, preferences or schools, not the region")
        }
    }
}
