import FairPlacesCore
import Metrics
import Simulation

/// The readable summary `fairplaces run` prints: region figures with intervals, then one row per school.
public enum SummaryTable {
    public static func render(_ result: SimulationResult) -> String {
        let spec = result.spec
        let n = spec.replications
        var out = "\(spec.name): \(spec.region.pupils.count) pupils, \(spec.region.schools.count) schools, "
            + "\(spec.mechanism.rawValue), seed \(spec.seed), \(n) replication\(n == 1 ? "" : "s")\n\n"
        out += pad("Region", 52) + pad("mean", 10, right: true) + "   " + (n > 1 ? "95% CI of mean" : "") + "\n"
        for (k, metric) in RegionMetric.allCases.enumerated() {
            let s = result.regionSummaries[k]
            let (scale, decimals, unit) = display(metric)
            var line = "  " + pad(label(metric), 50) + pad(NumberFormat.fixed(s.map { $0.mean * scale }, decimals) + unit, 10, right: true)
            if n > 1, let s {
                line += "   [" + NumberFormat.fixed(s.ciLow * scale, decimals) + ", " + NumberFormat.fixed(s.ciHigh * scale, decimals) + "]"
            }
            out += line + "\n"
        }
        out += "\n" + pad("School", 28) + pad("type", 16) + pad("PAN", 6, right: true) + pad("intake", 9, right: true)
            + pad("FSM %", 8, right: true) + pad("attain.", 9, right: true) + pad("IDACI", 8, right: true)
            + pad("dist km", 9, right: true) + "\n"
        func mean(_ metric: SchoolMetric, _ s: Int) -> Double? {
            result.schoolSummaries[SchoolMetric.allCases.firstIndex(of: metric)!][s]?.mean
        }
        for (s, school) in spec.region.schools.enumerated() {
            out += pad(String(school.name.prefix(27)), 28) + pad(school.type.rawValue + (school.isSelective && school.type != .grammar ? "*" : ""), 16)
                + pad(String(school.pan), 6, right: true)
                + pad(NumberFormat.fixed(mean(.intake, s), 1), 9, right: true)
                + pad(NumberFormat.fixed(mean(.fsmShare, s).map { $0 * 100 }, 1), 8, right: true)
                + pad(NumberFormat.fixed(mean(.meanAttainment, s), 2), 9, right: true)
                + pad(NumberFormat.fixed(mean(.meanIDACI, s), 3), 8, right: true)
                + pad(NumberFormat.fixed(mean(.meanDistanceKm, s), 2), 9, right: true) + "\n"
        }
        return out
    }

    private static func label(_ m: RegionMetric) -> String {
        switch m {
        case .firstPreferenceShare: return "offered first preference"
        case .firstPreferenceShareFSM: return "  FSM pupils"
        case .firstPreferenceShareNonFSM: return "  other pupils"
        case .anyPreferenceShare: return "offered any preference"
        case .administrativeCount: return "administrative places (no listed school)"
        case .unplacedCount: return "unplaced"
        case .abovePANCount: return "admitted above PAN (EHC plans)"
        case .meanDistanceKm: return "mean distance"
        case .meanDistanceKmFSM: return "  FSM pupils"
        case .meanDistanceKmNonFSM: return "  other pupils"
        case .p90DistanceKm: return "90th percentile distance"
        case .p90DistanceKmFSM: return "  FSM pupils"
        case .p90DistanceKmNonFSM: return "  other pupils"
        case .fsmDissimilarity: return "FSM segregation: dissimilarity D"
        case .fsmGorard: return "FSM segregation: Gorard GS"
        }
    }

    private static func display(_ m: RegionMetric) -> (scale: Double, decimals: Int, unit: String) {
        switch m {
        case .firstPreferenceShare, .firstPreferenceShareFSM, .firstPreferenceShareNonFSM, .anyPreferenceShare:
            return (100, 1, "%")
        case .administrativeCount, .unplacedCount, .abovePANCount: return (1, 1, "")
        case .meanDistanceKm, .meanDistanceKmFSM, .meanDistanceKmNonFSM, .p90DistanceKm, .p90DistanceKmFSM, .p90DistanceKmNonFSM:
            return (1, 2, " km")
        case .fsmDissimilarity, .fsmGorard: return (1, 3, "")
        }
    }

    private static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let count = s.count
        if count >= width { return s + (right ? "" : " ") }
        let space = String(repeating: " ", count: width - count)
        return right ? space + s : s + space
    }
}
