import FairPlacesCore
import Allocation

/// A percentile bootstrap interval for one figure of a single allocation.
public struct BootstrapInterval: Sendable, Equatable {
    public var key: MetricKey
    /// The figure on the allocation itself.
    public var estimate: Double?
    /// 2.5% and 97.5% quantiles over the resamples where the figure is defined.
    public var low: Double?
    public var high: Double?
    public var resamples: Int
}

/// Intervals for the two-group segregation indices of one allocation, by resampling pupils with
/// replacement (each resampled pupil keeps their school). Sampling variation makes evenness indices
/// of small intakes biased upwards (DOMAIN.md §5); the interval shows how far one cohort's figure
/// could move with another cohort of the same kind.
public enum Bootstrap {
    public static func twoGroupIntervals(context: MetricsContext, allocation: Allocation, schools: Int,
                                         resamples: Int, seed: UInt64, replication: UInt32) -> [BootstrapInterval] {
        guard resamples > 0 else { return [] }
        let stream = RandomStream(seed: seed, replication: replication, purpose: .bootstrap)
        let n = allocation.pupilCount
        let placed = (0..<n).filter { allocation.school[$0] >= 0 }
        let twoGroup = context.attributes.filter { $0.groupCategory != nil }
        let names = ["dissimilarity", "gorard", "isolation", "theil_h", "hutchens", "gini"]
        func indices(_ attribute: AttributeCategories, _ pick: (Int) -> Int) -> [Double?] {
            var group = [Double](repeating: 0, count: schools), other = group
            for k in 0..<placed.count {
                let i = pick(k)
                let s = Int(allocation.school[i])
                if Int(attribute.category[i]) == attribute.groupCategory! { group[s] += 1 } else { other[s] += 1 }
            }
            let x = TwoGroupIndices(group: group, other: other, atkinsonShapes: [])
            return [x?.dissimilarity, x?.gorard, x?.isolation, x?.theilH, x?.hutchens, x?.gini]
        }
        var draws = [Int](repeating: 0, count: placed.count)
        var samples = [[[Double]]](repeating: [[Double]](repeating: [], count: names.count), count: twoGroup.count)
        for b in 0..<resamples {
            for k in 0..<placed.count {
                draws[k] = placed[min(placed.count - 1, Int(stream.uniform(entity: b, draw: k) * Double(placed.count)))]
            }
            for (a, attribute) in twoGroup.enumerated() {
                for (j, v) in indices(attribute, { draws[$0] }).enumerated() { if let v { samples[a][j].append(v) } }
            }
        }
        var out: [BootstrapInterval] = []
        for (a, attribute) in twoGroup.enumerated() {
            let estimates = indices(attribute, { placed[$0] })
            for (j, name) in names.enumerated() {
                let sorted = samples[a][j].sorted()
                out.append(BootstrapInterval(
                    key: MetricKey(.region, name, attribute: attribute.attribute.rawValue,
                                   category: attribute.labels[attribute.groupCategory!]),
                    estimate: estimates[j],
                    low: sorted.isEmpty ? nil : Statistics.quantile(sorted: sorted, 0.025),
                    high: sorted.isEmpty ? nil : Statistics.quantile(sorted: sorted, 0.975),
                    resamples: resamples))
            }
        }
        return out
    }
}
