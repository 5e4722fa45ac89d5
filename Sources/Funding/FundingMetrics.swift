import FairPlacesCore
import Allocation
import Metrics

/// Records one allocation's funding figures into a `MetricRecorder`, so they reach metrics.csv,
/// metrics.json and schools.csv like every other figure. Keys depend only on the parameters and
/// the region (undefined values are recorded as nil), as the recorder requires.
///
/// Per school (unit = school id): `funding` by line (category = line name, £), `funding_eligible`
/// by per-pupil factor (pupils), `funding_total`, `funding_per_pupil`, `funding_deprivation`,
/// `funding_deprivation_share`, `funding_disadvantaged`.
/// Region: `funding` by line summed over schools, `funding_total`, `funding_per_pupil`,
/// `funding_deprivation`, `funding_deprivation_share`, `funding_per_pupil_ratio` (highest over
/// lowest school), `funding_per_pupil_gini` (across pupils, each counted at their school's figure);
/// and for each school type and for selective / non-selective schools (unit `type=…`,
/// `selective=…`): `funding_total`, `funding_per_pupil`, `funding_deprivation_per_pupil` and
/// `funding_deprivation_per_disadvantaged_pupil`.
public enum FundingMetrics {
    /// Computes the budgets of `allocation` and records them.
    public static func compute(context: FundingContext, allocation: Allocation, into r: inout MetricRecorder) {
        record(FundingBudgets(context: context, school: allocation.school), context: context, into: &r)
    }

    /// Convenience for one-off use: builds the context, then computes and records.
    public static func compute(region: Region, allocation: Allocation, funding: FundingSpec, into r: inout MetricRecorder) {
        compute(context: FundingContext(region: region, spec: funding), allocation: allocation, into: &r)
    }

    /// Records budgets already computed.
    public static func record(_ b: FundingBudgets, context c: FundingContext, into r: inout MetricRecorder) {
        let m = b.schoolCount
        for (s, school) in c.schools.enumerated() {
            let id = school.id
            for (l, line) in c.lines.enumerated() {
                r.record(.school, "funding", category: line.name, unit: id, b.amount(school: s, line: l))
            }
            for (k, factor) in c.perPupilFactors.enumerated() {
                r.record(.school, "funding_eligible", category: factor.rawValue, unit: id, Double(b.eligible(school: s, factor: k)))
            }
            r.record(.school, "funding_total", unit: id, b.totals[s])
            r.record(.school, "funding_per_pupil", unit: id, b.perPupil(school: s))
            r.record(.school, "funding_deprivation", unit: id, b.deprivation[s])
            r.record(.school, "funding_deprivation_share", unit: id, b.gross[s] > 0 ? b.deprivation[s] / b.gross[s] : nil)
            r.record(.school, "funding_disadvantaged", unit: id, Double(b.disadvantaged[s]))
        }

        // Region.
        for (l, line) in c.lines.enumerated() {
            var sum = 0.0
            for s in 0..<m { sum += b.amount(school: s, line: l) }
            r.record(.region, "funding", category: line.name, sum)
        }
        let all = Array(0..<m)
        let total = sum(b.totals, all), pupils = Double(sum(b.intake, all))
        let gross = sum(b.gross, all), deprivation = sum(b.deprivation, all)
        r.record(.region, "funding_total", total)
        r.record(.region, "funding_per_pupil", pupils > 0 ? total / pupils : nil)
        r.record(.region, "funding_deprivation", deprivation)
        r.record(.region, "funding_deprivation_share", gross > 0 ? deprivation / gross : nil)
        var lowest = Double.infinity, highest = -Double.infinity
        for s in 0..<m {
            guard let x = b.perPupil(school: s) else { continue }
            lowest = min(lowest, x); highest = max(highest, x)
        }
        r.record(.region, "funding_per_pupil_ratio", lowest > 0 && lowest.isFinite ? highest / lowest : nil)
        r.record(.region, "funding_per_pupil_gini",
                 weightedGini(values: (0..<m).map { b.perPupil(school: $0) ?? 0 }, weights: b.intake.map(Double.init)))

        // By school type, and selective vs non-selective.
        for grouping in groupings(c.schools) {
            for (label, members) in grouping {
                let intake = Double(sum(b.intake, members)), dis = Double(sum(b.disadvantaged, members))
                let total = sum(b.totals, members), deprivation = sum(b.deprivation, members)
                r.record(.region, "funding_total", unit: label, total)
                r.record(.region, "funding_per_pupil", unit: label, intake > 0 ? total / intake : nil)
                r.record(.region, "funding_deprivation_per_pupil", unit: label, intake > 0 ? deprivation / intake : nil)
                r.record(.region, "funding_deprivation_per_disadvantaged_pupil", unit: label, dis > 0 ? deprivation / dis : nil)
            }
        }
    }

    /// (label, member schools) for `type=…` (types present, sorted) and `selective=…`.
    static func groupings(_ schools: [School]) -> [[(String, [Int])]] {
        let types = Set(schools.map(\.type.rawValue)).sorted()
        let byType = types.map { t in ("type=\(t)", schools.indices.filter { schools[$0].type.rawValue == t }) }
        let bySelection = [("selective=non_selective", schools.indices.filter { !schools[$0].isSelective }),
                           ("selective=selective", schools.indices.filter { schools[$0].isSelective })]
        return [byType, bySelection]
    }

    static func sum(_ v: [Double], _ members: [Int]) -> Double { members.reduce(0) { $0 + v[$1] } }
    static func sum(_ v: [Int], _ members: [Int]) -> Int { members.reduce(0) { $0 + v[$1] } }

    /// Gini coefficient of `values` with non-negative `weights` (e.g. per-pupil funding weighted by
    /// intake: inequality across pupils). Equal to Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ| / (2 W² μ), computed from
    /// the sorted values' Lorenz curve: 1 − Σᵢ (wᵢ/W)(Lᵢ₋₁ + Lᵢ). Nil when the weighted mean is not
    /// positive.
    public static func weightedGini(values: [Double], weights: [Double]) -> Double? {
        let order = values.indices.filter { weights[$0] > 0 }.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
        let w = order.reduce(0) { $0 + weights[$1] }
        let mass = order.reduce(0) { $0 + weights[$1] * values[$1] }
        guard w > 0, mass > 0 else { return nil }
        var previous = 0.0, area = 0.0
        for i in order {
            let current = previous + weights[i] * values[i] / mass
            area += weights[i] / w * (previous + current)
            previous = current
        }
        return max(0, 1 - area)
    }
}
