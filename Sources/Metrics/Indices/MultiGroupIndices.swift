#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A units × groups table of pupil counts (e.g. schools × IDACI quintiles), row-major.
public struct CountTable: Sendable, Equatable {
    public let units: Int
    public let groups: Int
    /// `counts[u * groups + k]`.
    public var counts: [Double]

    public init(units: Int, groups: Int, counts: [Double]) {
        precondition(counts.count == units * groups)
        self.units = units
        self.groups = groups
        self.counts = counts
    }

    public init(units: Int, groups: Int) {
        self.init(units: units, groups: groups, counts: [Double](repeating: 0, count: units * groups))
    }

    public subscript(unit: Int, group: Int) -> Double {
        get { counts[unit * groups + group] }
        set { counts[unit * groups + group] = newValue }
    }

    public var groupTotals: [Double] {
        var totals = [Double](repeating: 0, count: groups)
        for u in 0..<units { for k in 0..<groups { totals[k] += counts[u * groups + k] } }
        return totals
    }

    public var unitTotals: [Double] {
        (0..<units).map { u in (0..<groups).reduce(0) { $0 + counts[u * groups + $1] } }
    }

    /// The table with units merged by `clusterOf[unit]` (0..<clusters).
    public func aggregated(by clusterOf: [Int], clusters: Int) -> CountTable {
        var out = CountTable(units: clusters, groups: groups)
        for u in 0..<units { for k in 0..<groups { out.counts[clusterOf[u] * groups + k] += counts[u * groups + k] } }
        return out
    }

    /// The rows of the units in `members`, in that order.
    public func rows(_ members: [Int]) -> CountTable {
        var out = CountTable(units: members.count, groups: groups)
        for (r, u) in members.enumerated() { for k in 0..<groups { out.counts[r * groups + k] = counts[u * groups + k] } }
        return out
    }
}

/// Multi-group segregation: the mutual information index M and Theil's H = M/E (DOMAIN.md §5;
/// Theil & Finizza 1971; Frankel & Volij 2011; Mora & Ruiz-Castillo 2011). Natural logarithms.
public struct MultiGroupIndices: Sendable, Equatable {
    /// Entropy of the overall group shares, E = −Σₖ πₖ ln πₖ.
    public var entropy: Double
    /// M = E − Σᵢ (Tᵢ/T) Eᵢ, 0 to E (nats).
    public var mutualInformation: Double
    /// H = M / E, 0–1; nil when E = 0 (a single group present).
    public var theilH: Double?

    /// Nil when the table holds no pupils.
    public init?(_ table: CountTable) {
        let units = UnitEntropies(table)
        guard units.total > 0 else { return nil }
        self.init(entropy: units.entropy, weightedUnitEntropy: units.weightedSum / units.total)
    }

    init(entropy e: Double, weightedUnitEntropy within: Double) {
        entropy = e
        // Rounding can leave M a hair below 0 for an even table; M ≥ 0 exactly in theory.
        mutualInformation = max(0, e - within)
        theilH = e > 0 ? mutualInformation / e : nil
    }

    static func entropy(_ counts: [Double], total: Double) -> Double {
        XLogX.withReader { xlogx in
            var sum = 0.0
            for c in counts { sum += xlogx(c) }
            return total > 0 ? (xlogx(total) - sum) / total : 0
        }
    }
}

/// Each unit's pupils Tᵢ and entropy Eᵢ = ln Tᵢ − Σₖ nᵢₖ ln nᵢₖ / Tᵢ, computed once so the overall
/// index and every cluster's index reuse them.
struct UnitEntropies {
    var unitTotal: [Double]
    var unitEntropy: [Double]
    var groupTotals: [Double]
    var total: Double
    /// Σᵢ Tᵢ Eᵢ.
    var weightedSum: Double
    /// Entropy of the overall group shares.
    var entropy: Double

    init(_ table: CountTable) {
        let g = table.groups
        var unitTotal = [Double](repeating: 0, count: table.units)
        var unitEntropy = unitTotal
        var groupTotals = [Double](repeating: 0, count: g)
        var weighted = 0.0
        let counts = table.counts
        XLogX.withReader { xlogx in
            for u in 0..<table.units {
                var tu = 0.0, sum = 0.0
                for k in 0..<g {
                    let c = counts[u * g + k]
                    tu += c
                    sum += xlogx(c)
                    groupTotals[k] += c
                }
                unitTotal[u] = tu
                if tu > 0 {
                    let eu = (xlogx(tu) - sum) / tu
                    unitEntropy[u] = eu
                    weighted += tu * eu
                }
            }
        }
        self.unitTotal = unitTotal
        self.unitEntropy = unitEntropy
        self.groupTotals = groupTotals
        total = groupTotals.reduce(0, +)
        weightedSum = weighted
        entropy = MultiGroupIndices.entropy(groupTotals, total: total)
    }
}

/// The exact decomposition of M into segregation between clusters of schools (e.g. grammar vs
/// non-selective, local authorities) and within them: M = M_between + Σ_g w_g · M_g with
/// w_g = T_g / T (Frankel & Volij 2011). For H = M/E the terms divide by the overall E.
public struct SegregationDecomposition: Sendable, Equatable {
    public var total: Double
    public var between: Double
    /// Per cluster: its weight T_g/T and its own M (nil when the cluster holds no pupils).
    public var within: [(weight: Double, index: Double?)]

    /// Σ_g w_g · M_g.
    public var withinTotal: Double { within.reduce(0) { $0 + $1.weight * ($1.index ?? 0) } }

    public init?(_ table: CountTable, clusterOf: [Int], clusters: Int) {
        let units = UnitEntropies(table)
        guard units.total > 0 else { return nil }
        // Cluster compositions and Σ_{i∈g} Tᵢ Eᵢ, from the per-unit entropies.
        let g = table.groups
        var clusterCounts = [Double](repeating: 0, count: clusters * g)
        var clusterWeighted = [Double](repeating: 0, count: clusters)
        for u in 0..<table.units {
            let c = clusterOf[u]
            clusterWeighted[c] += units.unitTotal[u] * units.unitEntropy[u]
            for k in 0..<g { clusterCounts[c * g + k] += table.counts[u * g + k] }
        }
        let clusterTable = CountTable(units: clusters, groups: g, counts: clusterCounts)
        let between = UnitEntropies(clusterTable)
        total = MultiGroupIndices(entropy: units.entropy, weightedUnitEntropy: units.weightedSum / units.total).mutualInformation
        self.between = MultiGroupIndices(entropy: between.entropy, weightedUnitEntropy: between.weightedSum / between.total).mutualInformation
        within = (0..<clusters).map { c in
            let tc = between.unitTotal[c]
            guard tc > 0 else { return (0, nil) }
            // M_g = E_g − Σ_{i∈g} (Tᵢ/T_g) Eᵢ, where E_g is the cluster's own entropy.
            return (tc / units.total, max(0, between.unitEntropy[c] - clusterWeighted[c] / tc))
        }
    }

    public static func == (a: SegregationDecomposition, b: SegregationDecomposition) -> Bool {
        a.total == b.total && a.between == b.between && a.within.map(\.weight) == b.within.map(\.weight)
            && a.within.map(\.index) == b.within.map(\.index)
    }
}
