import Metrics
import Comparison

/// What `fairplaces compare` prints: for each variant, headline differences from the base with
/// their paired 95% intervals, and how many pupils change school.
public enum ComparisonSummary {
    private static let headlines: [(String, MetricKey, Double, Int, String)] = [
        ("offered first preference", MetricKey(.region, "first_preference_share"), 100, 1, " pts"),
        ("  FSM pupils", MetricKey(.region, "first_preference_share", attribute: "fsm", category: "fsm"), 100, 1, " pts"),
        ("offered any preference", MetricKey(.region, "any_preference_share"), 100, 1, " pts"),
        ("mean distance", MetricKey(.region, "mean_distance_km"), 1, 2, " km"),
        ("FSM segregation: dissimilarity D", MetricKey(.region, "dissimilarity", attribute: "fsm", category: "fsm"), 1, 3, ""),
        ("FSM segregation: Gorard GS", MetricKey(.region, "gorard", attribute: "fsm", category: "fsm"), 1, 3, ""),
        ("unplaced", MetricKey(.region, "unplaced_count"), 1, 1, ""),
    ]

    public static func render(_ c: PolicyComparison, folders: [String]) -> String {
        let spec = c.base.spec
        var out = "Base: \(spec.name): \(spec.region.pupils.count) pupils, seed \(spec.seed), "
            + "\(spec.replications) paired replication\(spec.replications == 1 ? "" : "s")\n"
        for (k, v) in c.variants.enumerated() {
            out += "\nVariant \(v.name) (\(folders[k])/): change from the base, 95% CI of the paired difference\n"
            let byKey = Dictionary(v.differences.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            for (label, key, scale, decimals, unit) in headlines {
                guard let d = byKey[key]?.difference else { continue }
                out += "  " + label.padding(toLength: 40, withPad: " ", startingAt: 0)
                    + signed(d.mean * scale, decimals) + unit + "   [" + signed(d.ciLow * scale, decimals) + ", "
                    + signed(d.ciHigh * scale, decimals) + "]\n"
            }
            for m in v.movers where m.group == "all" || m.group == "fsm" {
                let label = m.group == "all" ? "pupils changing school" : "  FSM pupils changing school"
                out += "  " + label.padding(toLength: 40, withPad: " ", startingAt: 0)
                    + NumberFormat.fixed(m.moved?.mean, 1) + " of \(m.pupils)" + " (of them, on their base list: better "
                    + NumberFormat.fixed(m.movedBetter?.mean, 1) + ", same " + NumberFormat.fixed(m.movedSame?.mean, 1)
                    + ", worse " + NumberFormat.fixed(m.movedWorse?.mean, 1) + ")\n"
            }
        }
        return out
    }

    private static func signed(_ v: Double, _ decimals: Int) -> String {
        (v >= 0 ? "+" : "") + NumberFormat.fixed(v, decimals)
    }
}
