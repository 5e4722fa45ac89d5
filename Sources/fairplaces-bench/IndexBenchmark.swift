import Foundation
import Metrics
import Simulation
import FairPlacesCore

/// The metric benchmark of issue #4: every index on many schools × groups tables (one per
/// replication), in parallel. Per table: M and H over all groups, their decomposition between and
/// within 3 clusters of schools, and the two-group indices (D, GS, isolation, exposure, η², H,
/// Hutchens, Gini, Atkinson 0.5) of each group against the rest. Tables are generated before timing.
enum IndexBenchmark {
    static func run(schools: Int, groups: Int, tables: Int, threads: Int) {
        let clusterOf = (0..<schools).map { $0 % 3 }
        let data = Parallel.map(count: tables, threads: threads) { t -> CountTable in
            // School intakes around 180 pupils, split unevenly across groups.
            let stream = RandomStream(seed: 2026, replication: UInt32(t + 1), purpose: .region)
            var table = CountTable(units: schools, groups: groups)
            for s in 0..<schools {
                for k in 0..<groups {
                    table[s, k] = (stream.uniform(entity: s, draw: k) * 36 * Double(1 + (s + k) % 3)).rounded(.down)
                }
            }
            return table
        }
        func time(_ label: String, _ body: @escaping @Sendable (CountTable) -> Double) {
            let start = DispatchTime.now().uptimeNanoseconds
            let sums = Parallel.map(count: tables, threads: threads) { body(data[$0]) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print("  \(label): \(String(format: "%.3f", seconds)) s  (\(String(format: "%.3f", seconds / Double(tables) * 1000)) ms per table; checksum \(sums.reduce(0, +)))")
        }
        print("FairPlaces index benchmark: \(tables) tables of \(schools) schools × \(groups) groups on \(threads) threads")
        time("multi-group M, H and decomposition") { table in
            (MultiGroupIndices(table)?.mutualInformation ?? 0)
                + (SegregationDecomposition(table, clusterOf: clusterOf, clusters: 3)?.between ?? 0)
        }
        time("two-group indices, each group vs the rest") { table in twoGroup(table) }
        // The work PySAL's segregation package does per table in the comparison (its 8 two-group
        // indices on one split, and multi-group H), for a like-for-like ratio.
        time("PySAL-equivalent set (two-group indices on one split + multi-group H)") { table in
            var group = [Double](repeating: 0, count: table.units), other = group
            for s in 0..<table.units {
                group[s] = table[s, 0]
                other[s] = (1..<table.groups).reduce(0) { $0 + table[s, $1] }
            }
            let x = TwoGroupIndices(group: group, other: other, atkinsonShapes: [0.5])
            return (x?.dissimilarity ?? 0) + (x?.gini ?? 0) + (MultiGroupIndices(table)?.theilH ?? 0)
        }
        time("all indices") { table in
            (MultiGroupIndices(table)?.mutualInformation ?? 0)
                + (SegregationDecomposition(table, clusterOf: clusterOf, clusters: 3)?.between ?? 0) + twoGroup(table)
        }
    }

    static func twoGroup(_ table: CountTable) -> Double {
        var sum = 0.0
        var group = [Double](repeating: 0, count: table.units), other = group
        let totals = table.unitTotals
        for k in 0..<table.groups {
            for s in 0..<table.units {
                group[s] = table[s, k]
                other[s] = totals[s] - group[s]
            }
            if let x = TwoGroupIndices(group: group, other: other, atkinsonShapes: [0.5]) {
                sum += x.dissimilarity + x.gorard + x.isolation + x.exposure + x.correlationRatio + x.theilH
                    + x.hutchens + x.gini + x.atkinson[0]
            }
        }
        return sum
    }
}
