import FairPlacesCore
import Metrics
import Simulation

/// The readable summary `fairplaces run` prints: headline region figures with intervals, then one
/// row per school. Everything else is in metrics.csv and metrics.json.
public enum SummaryTable {
    /// (label, key, scale, decimals, unit)
    private typealias Row = (String, MetricKey, Double, Int, String)

    private static func rows() -> [Row] {
        func access(_ metric: String, _ label: String, _ scale: Double, _ decimals: Int, _ unit: String) -> [Row] {
            [(label, MetricKey(.region, metric), scale, decimals, unit),
             ("  FSM pupils", MetricKey(.region, metric, attribute: "fsm", category: "fsm"), scale, decimals, unit),
             ("  other pupils", MetricKey(.region, metric, attribute: "fsm", category: "non_fsm"), scale, decimals, unit),
             ("  most deprived fifth (IDACI q1)", MetricKey(.region, metric, attribute: "idaci_quintile", category: "idaci_q1"), scale, decimals, unit)]
        }
        func fsm(_ scope: MetricScope, _ metric: String) -> MetricKey {
            MetricKey(scope, metric, attribute: "fsm", category: "fsm")
        }
        return access("first_preference_share", "offered first preference", 100, 1, "%")
            + [("offered any preference", MetricKey(.region, "any_preference_share"), 100, 1, "%"),
               ("administrative places (no listed school)", MetricKey(.region, "administrative_count"), 1, 1, ""),
               ("unplaced", MetricKey(.region, "unplaced_count"), 1, 1, ""),
               ("admitted above PAN (EHC plans)", MetricKey(.region, "above_pan_count"), 1, 1, ""),
               ("pupils with justified envy", MetricKey(.region, "justified_envy_count"), 1, 1, "")]
            + access("mean_distance_km", "mean distance", 1, 2, " km")
            + [("90th percentile distance", MetricKey(.region, "p90_distance_km"), 1, 2, " km"),
               ("FSM share of the cohort", fsm(.region, "share"), 100, 1, "%"),
               ("FSM segregation: dissimilarity D", fsm(.region, "dissimilarity"), 1, 3, ""),
               ("  if all attended their nearest school", fsm(.nearest, "dissimilarity"), 1, 3, ""),
               ("FSM segregation: Gorard GS", fsm(.region, "gorard"), 1, 3, ""),
               ("FSM segregation: Theil H", fsm(.region, "theil_h"), 1, 3, ""),
               ("FSM isolation (FSM share of an FSM pupil's school)", fsm(.region, "isolation"), 100, 1, "%"),
               ("FSM pupils who would have to move for evenness", fsm(.region, "pupils_to_move"), 1, 1, "")]
    }

    public static func render(_ result: SimulationResult) -> String {
        let spec = result.spec
        let shown = ShownFigures(result)
        let n = spec.replications
        var out = "\(spec.name): \(spec.region.pupils.count) pupils, \(spec.region.schools.count) schools, "
            + "\(spec.mechanism.rawValue), seed \(spec.seed), \(n) replication\(n == 1 ? "" : "s")\n\n"
        if let c = result.expectations {
            let last = c.history.last
            out += "Expected chances: \(c.converged ? "converged" : "NOT converged") after \(c.history.count) iteration\(c.history.count == 1 ? "" : "s")"
                + " (mean change \(NumberFormat.fixed(last?.meanChange, 4)) against a tolerance of \(NumberFormat.fixed(c.awareness.tolerance, 4)), largest \(NumberFormat.fixed(last?.maxChange, 4)); expectations.csv)\n\n"
        }
        out += pad("Region", 54) + pad("mean", 10, right: true) + "   " + (n > 1 ? "95% CI of mean" : "") + "\n"
        for (label, key, scale, decimals, unit) in rows() {
            guard let s = shown.region(key) else { continue }
            var line = "  " + pad(label, 52) + pad(NumberFormat.fixed(s.map { $0.mean * scale }, decimals) + unit, 10, right: true)
            if n > 1, let s {
                line += "   [" + NumberFormat.fixed(s.ciLow * scale, decimals) + ", " + NumberFormat.fixed(s.ciHigh * scale, decimals) + "]"
            }
            out += line + "\n"
        }
        let schools = spec.region.schools
        if schools.count <= listedSchools {
            out += schoolTable(result, shown, schools.indices)
        } else {
            // A national run has thousands of schools: the table shows the school types and the
            // ten schools at each end of FSM share; schools.csv has every school.
            out += "\n" + typeTable(result, shown)
            let share = schools.indices.map { shown.mean($0, .fsmShare) }
            let ranked = schools.indices.filter { share[$0] != nil }.sorted { (share[$0]!, $0) > (share[$1]!, $1) }
            out += "\nThe 10 schools with the highest FSM share:" + schoolTable(result, shown, ranked.prefix(10))
            out += "\nThe 10 schools with the lowest FSM share:" + schoolTable(result, shown, ranked.suffix(10).reversed())
            out += "\nAll \(schools.count) schools are in schools.csv.\n"
        }
        out += "\nFSM %: share of the intake; local: share among pupils whose nearest school it is.\n"
        out += FundingReport.summary(result) { pad($0, $1, right: $2) }
        return out
    }

    /// Regions with more schools than this get a summary by type instead of a row per school.
    public static let listedSchools = 60

    private static func schoolTable<S: Sequence<Int>>(_ result: SimulationResult, _ shown: ShownFigures, _ rows: S) -> String {
        var out = "\n" + pad("School", 28) + pad("type", 16) + pad("PAN", 6, right: true) + pad("intake", 9, right: true)
            + pad("FSM %", 8, right: true) + pad("local", 8, right: true) + pad("attain.", 9, right: true)
            + pad("IDACI", 8, right: true) + pad("dist km", 9, right: true) + "\n"
        for s in rows {
            let school = result.spec.region.schools[s]
            func m(_ figure: ShownFigures.SchoolFigure) -> Double? { shown.mean(s, figure) }
            out += pad(String(school.name.prefix(27)), 28) + pad(school.type.rawValue, 16)
                + pad(String(school.pan), 6, right: true)
                + pad(NumberFormat.fixed(m(.intake), 1), 9, right: true)
                + pad(NumberFormat.fixed(m(.fsmShare).map { $0 * 100 }, 1), 8, right: true)
                + pad(NumberFormat.fixed(m(.localFSMShare).map { $0 * 100 }, 1), 8, right: true)
                + pad(NumberFormat.fixed(m(.attainment), 2), 9, right: true)
                + pad(NumberFormat.fixed(m(.idaci), 3), 8, right: true)
                + pad(NumberFormat.fixed(m(.distance), 2), 9, right: true) + "\n"
        }
        return out
    }

    /// Schools, places and intakes by type, with the FSM share of each type's intake.
    private static func typeTable(_ result: SimulationResult, _ shown: ShownFigures) -> String {
        var out = pad("School type", 28) + pad("schools", 9, right: true) + pad("PAN", 9, right: true)
            + pad("intake", 10, right: true) + pad("FSM %", 8, right: true) + "\n"
        let schools = result.spec.region.schools
        for type in SchoolType.allCases {
            let members = schools.indices.filter { schools[$0].type == type }
            guard !members.isEmpty else { continue }
            var intake = 0.0, fsm = 0.0
            for s in members {
                let i = shown.mean(s, .intake) ?? 0
                intake += i
                fsm += i * (shown.mean(s, .fsmShare) ?? 0)
            }
            out += "  " + pad(type.rawValue, 26) + pad(String(members.count), 9, right: true)
                + pad(String(members.reduce(0) { $0 + schools[$1].pan }), 9, right: true)
                + pad(NumberFormat.fixed(intake, 0), 10, right: true)
                + pad(NumberFormat.fixed(intake > 0 ? 100 * fsm / intake : nil, 1), 8, right: true) + "\n"
        }
        return out
    }

    private static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let count = s.count
        if count >= width { return s + (right ? "" : " ") }
        let space = String(repeating: " ", count: width - count)
        return right ? space + s : s + space
    }

    /// The figures the table shows, found in one pass over the result's keys. Looking each up by
    /// key (`SimulationResult.summary`) first builds a table of every key: a national run has over
    /// 100,000, and hashing them all for the few thousand shown was a fortieth of the run.
    private struct ShownFigures {
        /// The per-school figures the table reads.
        enum SchoolFigure: Int, CaseIterable {
            case intake, fsmShare, localFSMShare, attainment, idaci, distance

            var key: (metric: String, attribute: String, category: String) {
                switch self {
                case .intake: ("intake", "", "")
                case .fsmShare: ("share", "fsm", "fsm")
                case .localFSMShare: ("local_share", "fsm", "fsm")
                case .attainment: ("mean_attainment", "", "")
                case .idaci: ("mean_idaci", "", "")
                case .distance: ("mean_distance_km", "", "")
                }
            }
        }

        private let summaries: [Summary?]
        /// Positions of the keys not of a school (a few hundred), first position of each.
        private var others: [MetricKey: Int] = [:]
        /// `schoolPositions[figure.rawValue][school]`, -1 for none.
        private var schoolPositions: [[Int]]

        init(_ result: SimulationResult) {
            summaries = result.summaries
            let schools = result.spec.region.schools
            schoolPositions = Array(repeating: Array(repeating: -1, count: schools.count), count: SchoolFigure.allCases.count)
            let rowOf = Dictionary(schools.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            let wanted = SchoolFigure.allCases.map(\.key)
            for (k, key) in result.keys.enumerated() {
                guard key.scope == .school else {
                    if others[key] == nil { others[key] = k }
                    continue
                }
                guard let f = wanted.firstIndex(where: { $0.metric == key.metric && $0.attribute == key.attribute && $0.category == key.category }),
                      let row = rowOf[key.unit], schoolPositions[f][row] < 0 else { continue }
                schoolPositions[f][row] = k
            }
        }

        /// A figure not of a school: nil if the result has no such key, else its summary (itself
        /// nil where the figure is undefined).
        func region(_ key: MetricKey) -> Summary?? { others[key].map { summaries[$0] } }

        /// School `s`'s mean of `figure`.
        func mean(_ s: Int, _ figure: SchoolFigure) -> Double? {
            let k = schoolPositions[figure.rawValue][s]
            return k >= 0 ? summaries[k]?.mean : nil
        }
    }
}
