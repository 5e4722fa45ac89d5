import FairPlacesCore
import Metrics
import Simulation
import Funding

/// `funding.csv` and the funding lines of the terminal summary (issue #5), both read from the
/// figures `FundingMetrics` recorded, so they agree with metrics.csv to the last digit.
enum FundingReport {
    /// Tidy: one row per school × budget line, then the region's lines, each with the mean and 95%
    /// confidence interval across replications of the pupils counted and the amount.
    ///
    /// `parameter` is the formula's value behind the line: £ per eligible pupil (pupil-led and pupil
    /// premium), £ per school before division by year groups (school-led), the multiplier (area cost
    /// adjustment), £ per pupil (minimum per-pupil top-up) or the share kept (top-slice). `eligible`
    /// is the pupils the line pays for (per-pupil factors only). Rows `total` (all lines, after
    /// top-slice) and `per_pupil` (total ÷ intake) close each school's block.
    static func csv(_ result: SimulationResult) -> String {
        guard let funding = result.spec.funding else { return "" }
        func summary(_ key: MetricKey) -> Summary? { result.summary(key) }
        let context = FundingContext.lines(for: funding)
        var lines = ["scope,school_id,name,type,selective,line,kind,parameter,eligible_mean,eligible_ci_low,eligible_ci_high,"
                     + "amount_mean,amount_ci_low,amount_ci_high"]
        func row(_ scope: MetricScope, _ school: School?, _ line: String, _ kind: String, _ parameter: Double?,
                 _ eligible: Summary?, _ amount: Summary?) {
            lines.append([scope.rawValue, NumberFormat.csv(school?.id ?? ""), NumberFormat.csv(school?.name ?? ""),
                          school?.type.rawValue ?? "", school.map { $0.isSelective ? "true" : "false" } ?? "",
                          line, kind, NumberFormat.exact(parameter),
                          NumberFormat.exact(eligible?.mean), NumberFormat.exact(eligible?.ciLow), NumberFormat.exact(eligible?.ciHigh),
                          NumberFormat.exact(amount?.mean), NumberFormat.exact(amount?.ciLow), NumberFormat.exact(amount?.ciHigh)]
                .joined(separator: ","))
        }
        for school in result.spec.region.schools {
            let id = school.id
            for line in context {
                let eligible: Summary?
                if case .factor(let f) = line, f.kind != .schoolLed {
                    eligible = summary(MetricKey(.school, "funding_eligible", category: f.rawValue, unit: id))
                } else {
                    eligible = nil
                }
                row(.school, school, line.name, line.kindName, parameter(line, funding), eligible,
                    summary(MetricKey(.school, "funding", category: line.name, unit: id)))
            }
            row(.school, school, "total", "total", nil, summary(MetricKey(.school, "intake", unit: id)),
                summary(MetricKey(.school, "funding_total", unit: id)))
            row(.school, school, "per_pupil", "total", nil, nil, summary(MetricKey(.school, "funding_per_pupil", unit: id)))
        }
        for line in context {
            row(.region, nil, line.name, line.kindName, parameter(line, funding), nil,
                summary(MetricKey(.region, "funding", category: line.name)))
        }
        row(.region, nil, "total", "total", nil, nil, summary(MetricKey(.region, "funding_total")))
        row(.region, nil, "per_pupil", "total", nil, nil, summary(MetricKey(.region, "funding_per_pupil")))
        return lines.joined(separator: "\n") + "\n"
    }

    static func parameter(_ line: FundingLine, _ funding: FundingSpec) -> Double? {
        switch line {
        case .factor(let f): return funding.parameters.amounts[f]
        case .areaCostAdjustment: return funding.parameters.areaCostAdjustment
        case .minimumPerPupilTopUp: return funding.parameters.minimumPerPupil
        case .topSlice: return funding.topSlice.share
        }
    }

    /// Region funding lines for the terminal summary, or "" without funding.
    static func summary(_ result: SimulationResult, pad: (String, Int, Bool) -> String) -> String {
        guard let funding = result.spec.funding else { return "" }
        let n = result.spec.replications
        var out = "\nFunding (\(funding.parameters.name); Year 7 intake, school-level amounts ÷ \(funding.yearGroups))\n"
        func line(_ label: String, _ key: MetricKey, _ scale: Double, _ decimals: Int, _ prefix: String, _ suffix: String) {
            guard let s = result.summary(key) else { return }
            var text = "  " + pad(label, 52, false) + pad(prefix + NumberFormat.fixed(s.mean * scale, decimals) + suffix, 10, true)
            if n > 1 {
                text += "   [" + NumberFormat.fixed(s.ciLow * scale, decimals) + ", " + NumberFormat.fixed(s.ciHigh * scale, decimals) + "]"
            }
            out += text + "\n"
        }
        line("total", MetricKey(.region, "funding_total"), 1e-6, 2, "£", "m")
        line("per pupil, all schools", MetricKey(.region, "funding_per_pupil"), 1, 0, "£", "")
        line("per pupil, selective schools", MetricKey(.region, "funding_per_pupil", unit: "selective=selective"), 1, 0, "£", "")
        line("per pupil, non-selective schools", MetricKey(.region, "funding_per_pupil", unit: "selective=non_selective"), 1, 0, "£", "")
        line("deprivation share of funding", MetricKey(.region, "funding_deprivation_share"), 100, 1, "", "%")
        line("deprivation funding per pupil, selective schools", MetricKey(.region, "funding_deprivation_per_pupil", unit: "selective=selective"), 1, 0, "£", "")
        line("deprivation funding per pupil, non-selective", MetricKey(.region, "funding_deprivation_per_pupil", unit: "selective=non_selective"), 1, 0, "£", "")
        line("highest ÷ lowest school per-pupil funding", MetricKey(.region, "funding_per_pupil_ratio"), 1, 3, "", "")
        line("Gini of per-pupil funding (across pupils)", MetricKey(.region, "funding_per_pupil_gini"), 1, 4, "", "")
        return out
    }
}
