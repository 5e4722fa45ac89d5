import FairPlacesCore
import Metrics
import Simulation
import Funding

/// `funding-comparison.csv`: each school's budget in a scenario against a base scenario run on the
/// same seed and replications (`funding.compare_to`), line by line, so the change and the factors
/// that drive it can be read off. Differences are paired by replication: replication r of both runs
/// draws the same random numbers, so their difference has a narrower interval than the two means'.
public enum FundingComparison {
    /// The file name the comparison is written under.
    public static let fileName = "funding-comparison.csv"

    /// One row per school (matched by id, this scenario's schools first, then any only in the base) ×
    /// budget line, then `total`, `per_pupil` and `intake`: base mean, mean, the mean paired change
    /// with its 95% confidence interval, and the line's share of the school's total change.
    public static func csv(base: SimulationResult, variant: SimulationResult) -> String {
        let b = base, v = variant
        let baseSchools = Dictionary(uniqueKeysWithValues: base.spec.region.schools.map { ($0.id, $0) })
        let variantIDs = Set(variant.spec.region.schools.map(\.id))
        let schools = variant.spec.region.schools + base.spec.region.schools.filter { !variantIDs.contains($0.id) }
        let lines = lineNames(variant) + lineNames(base).filter { !lineNames(variant).contains($0) }
        var out = ["school_id,name,base_type,type,line,base_mean,mean,change_mean,change_ci_low,change_ci_high,share_of_change"]
        for school in schools {
            let id = school.id
            let totalChange = change(b, v, MetricKey(.school, "funding_total", unit: id))?.mean
            func row(_ line: String, _ key: MetricKey, share: Bool) {
                let d = change(b, v, key)
                let shareOfChange: Double? = share ? d.flatMap { d in totalChange.flatMap { $0 != 0 ? d.mean / $0 : nil } } : nil
                out.append([NumberFormat.csv(id), NumberFormat.csv(school.name), baseSchools[id]?.type.rawValue ?? "",
                            variantIDs.contains(id) ? school.type.rawValue : "", line,
                            NumberFormat.exact(b.summary(key)?.mean), NumberFormat.exact(v.summary(key)?.mean),
                            NumberFormat.exact(d?.mean), NumberFormat.exact(d?.ciLow), NumberFormat.exact(d?.ciHigh),
                            NumberFormat.exact(shareOfChange)].joined(separator: ","))
            }
            for line in lines { row(line, MetricKey(.school, "funding", category: line, unit: id), share: true) }
            row("total", MetricKey(.school, "funding_total", unit: id), share: false)
            row("per_pupil", MetricKey(.school, "funding_per_pupil", unit: id), share: false)
            row("intake", MetricKey(.school, "intake", unit: id), share: false)
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A few lines for the terminal: the region's change and the schools whose per-pupil funding
    /// moved most, with the line that moved their budget most.
    public static func summary(base: SimulationResult, variant: SimulationResult, baseFile: String) -> String {
        let b = base, v = variant
        var out = "\nFunding against \(baseFile) (same seed, \(variant.spec.replications) paired replications)\n"
        if let d = change(b, v, MetricKey(.region, "funding_total")) {
            out += "  region total: \(money(d.mean)) [\(money(d.ciLow)), \(money(d.ciHigh))]\n"
        }
        let lines = lineNames(variant)
        let moved = variant.spec.region.schools.compactMap { school -> (School, Summary, String)? in
            guard let d = change(b, v, MetricKey(.school, "funding_per_pupil", unit: school.id)) else { return nil }
            let driver = lines.compactMap { line in change(b, v, MetricKey(.school, "funding", category: line, unit: school.id)).map { (line, $0.mean) } }
                .max { abs($0.1) < abs($1.1) }
            return (school, d, driver.map { "\($0.0) \(money($0.1))" } ?? "")
        }.sorted { abs($0.1.mean) > abs($1.1.mean) }
        for (school, d, driver) in moved.prefix(8) {
            out += "  " + String(school.name.prefix(30)).padding(toLength: 31, withPad: " ", startingAt: 0)
                + "per pupil " + money(d.mean) + "   largest line: " + driver + "\n"
        }
        return out
    }

    /// Paired change variant − base of one figure across replications (nil when never defined in both).
    static func change(_ b: SimulationResult, _ v: SimulationResult, _ key: MetricKey) -> Summary? {
        guard let kb = b.index(of: key), let kv = v.index(of: key) else { return nil }
        let n = min(b.replications.count, v.replications.count)
        return Summary((0..<n).map { r in
            guard let x = v.replications[r][kv], let y = b.replications[r][kb] else { return nil }
            return x - y
        })
    }

    static func lineNames(_ result: SimulationResult) -> [String] {
        result.spec.funding.map { FundingContext.lines(for: $0).map(\.name) } ?? []
    }

    static func money(_ x: Double) -> String {
        (x < 0 ? "−£" : "+£") + NumberFormat.fixed(abs(x), 0)
    }
}
