import Foundation
import FairPlacesCore
import Allocation
import Metrics
import Simulation

/// The files a run writes. Each is written first into a staging folder and the folder's files are
/// moved into place only once all are written, so a run that fails leaves the previous outputs or none.
public struct OutputFiles: Sendable {
    /// A file's contents: text, or the bytes a generator appends (`ByteText`), written into the
    /// file a chunk at a time as they are made, never held whole or turned into a `String` (46 MB
    /// for a national metrics.json).
    enum Contents: Sendable {
        case text(String)
        case generated(@Sendable (inout ByteText) -> Void)

        var text: String {
            switch self {
            case .text(let s): return s
            case .generated(let generate):
                var bytes = ByteText()
                generate(&bytes)
                return String(decoding: bytes.bytes, as: UTF8.self)
            }
        }
    }

    private var entries: [(name: String, contents: Contents)]

    /// File name → contents, in the order they are written.
    public var files: [(name: String, contents: String)] { entries.map { ($0.name, $0.contents.text) } }

    /// The file names, in the order they are written.
    public var names: [String] { entries.map(\.name) }

    /// Every file name FairPlaces may write into an output folder (stale ones are removed).
    public static let knownNames = ["schools.csv", "metrics.csv", "metrics.json", "pupils.csv", "funding.csv",
                                    "funding-comparison.csv", "map.csv", OutlinesFile.fileName, "report.html"] + PlanningReport.fileNames
                                    + ChancesReport.fileNames + ["expectations.csv"] + CalibrationReport.fileNames

    public init(result: SimulationResult, scenarioFile: String, description: String, includePupils: Bool) {
        entries = [("schools.csv", .generated { Self.schoolsCSV(result, into: &$0) }),
                   ("metrics.csv", .generated { Self.metricsCSV(result, into: &$0) }),
                   ("metrics.json", .generated { Self.metricsJSON(result, scenarioFile: scenarioFile, description: description, into: &$0) })]
        if includePupils { append("pupils.csv", Self.pupilsCSV(result)) }
        if result.spec.funding != nil { append("funding.csv", FundingReport.csv(result)) }
        if let convergence = result.expectations { append("expectations.csv", Self.expectationsCSV(convergence)) }
        if let chances = result.chances {
            append("chances.csv", ChancesReport.chancesCSV(chances, region: result.spec.region))
            append("last-offers.csv", ChancesReport.lastOffersCSV(chances, region: result.spec.region))
        }
    }

    /// Files built elsewhere (e.g. a plan's), written the same way.
    public init(files: [(name: String, contents: String)]) {
        entries = files.map { ($0.name, .text($0.contents)) }
    }

    /// Adds a file, written after those already there.
    public mutating func append(_ name: String, _ contents: String) {
        entries.append((name, .text(contents)))
    }

    /// Writes the files into `directory`, each first to a temporary name and then renamed, and removes
    /// output files of an earlier run that this run does not produce.
    public func write(to directory: String) throws {
        let staging = try StagingFolder(in: directory)
        defer { staging.remove() }
        for (name, contents) in entries {
            switch contents {
            case .text(let text): try staging.write(text, as: name)
            case .generated(let generate): try staging.write(as: name, generate)
            }
        }
        try staging.commit(names, removing: Self.knownNames)
    }

    // MARK: - schools.csv

    /// One row per school; where the region sets its own authorities apart (`Region.ownAuthorities`),
    /// `own_authority` says whether the school's `district` is one of them; then a column triple (mean, CI low, CI high) per school-level figure, named
    /// `metric` or `metric_category` (e.g. `share_fsm`, `local_share_idaci_q1`).
    static func schoolsCSV(_ result: SimulationResult, into text: inout ByteText) {
        let schools = result.spec.region.schools
        var columns: [String] = []
        var columnOf: [String: Int] = [:]
        // The figure (index into keys) in each column of each school, -1 for none: column-major, so a
        // new column is one array, not an element appended to 3,000 rows.
        var cells: [[Int32]] = []
        let rowOf = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($1.id, $0) })
        // A metric's figures for every school come together, so its column is found once per run of them.
        var lastMetric: String? = nil, lastCategory = "", lastColumn = 0
        for (k, key) in result.keys.enumerated() where key.scope == .school {
            let c: Int
            if key.metric == lastMetric && key.category == lastCategory {
                c = lastColumn
            } else {
                let name = key.category.isEmpty ? key.metric : "\(key.metric)_\(key.category)"
                if let existing = columnOf[name] { c = existing } else {
                    c = columns.count; columnOf[name] = c; columns.append(name)
                    cells.append([Int32](repeating: -1, count: schools.count))
                }
                lastMetric = key.metric; lastCategory = key.category; lastColumn = c
            }
            if let row = rowOf[key.unit] { cells[c][row] = Int32(k) }
        }
        var header = ["school_id", "name", "type", "district", "pan", "selective"]
        let own = Set(result.spec.region.ownAuthorities)
        if !own.isEmpty { header.append("own_authority") }
        for name in columns { header += ["\(name)_mean", "\(name)_ci_low", "\(name)_ci_high"] }
        text.append(header.joined(separator: ","))
        text.append(byte: UInt8(ascii: "\n"))
        for (s, school) in schools.enumerated() {
            text.append(csv: school.id); text.append(byte: UInt8(ascii: ","))
            text.append(csv: school.name); text.append(byte: UInt8(ascii: ","))
            text.append(school.type.rawValue); text.append(byte: UInt8(ascii: ","))
            text.append(csv: school.district); text.append(byte: UInt8(ascii: ","))
            text.append(int: school.pan); text.append(byte: UInt8(ascii: ","))
            text.append(school.isSelective ? "true" : "false")
            if !own.isEmpty { text.append(byte: UInt8(ascii: ",")); text.append(own.contains(school.district) ? "true" : "false") }
            for column in cells {
                let k = Int(column[s])
                let summary = k >= 0 ? result.summaries[k] : nil
                text.append(byte: UInt8(ascii: ",")); text.append(exact: summary?.mean)
                text.append(byte: UInt8(ascii: ",")); text.append(exact: summary?.ciLow)
                text.append(byte: UInt8(ascii: ",")); text.append(exact: summary?.ciHigh)
            }
            text.append(byte: UInt8(ascii: "\n"))
            text.flushIfFull()
        }
    }

    // MARK: - metrics.csv

    /// Tidy: one row per figure. `interval` says what the bounds are: `replications` (ci95 of the mean
    /// across replications, range95 of the replications) or `bootstrap` (percentile interval of
    /// pupil resamples of the first replication's allocation; mean is that allocation's value).
    static func metricsCSV(_ result: SimulationResult, into text: inout ByteText) {
        text.append("scope,metric,attribute,category,unit,interval,n,mean,sd,ci95_low,ci95_high,range95_low,range95_high\n" as StaticString)
        func key(_ key: MetricKey) {
            text.append(key.scope.rawValue)
            text.append(byte: UInt8(ascii: ",")); text.append(csv: key.metric)
            text.append(byte: UInt8(ascii: ",")); text.append(csv: key.attribute)
            text.append(byte: UInt8(ascii: ",")); text.append(csv: key.category)
            text.append(byte: UInt8(ascii: ",")); text.append(csv: key.unit)
        }
        func field(_ v: Double?) { text.append(byte: UInt8(ascii: ",")); text.append(exact: v) }
        for (k, metricKey) in result.keys.enumerated() {
            let s = result.summaries[k]
            key(metricKey)
            text.append(",replications," as StaticString)
            text.append(int: s?.n ?? 0)
            field(s?.mean); field(s?.sd); field(s?.ciLow); field(s?.ciHigh); field(s?.rangeLow); field(s?.rangeHigh)
            text.append(byte: UInt8(ascii: "\n"))
            text.flushIfFull()
        }
        for b in result.bootstrap {
            key(b.key)
            text.append(",bootstrap," as StaticString)
            text.append(int: b.resamples)
            field(b.estimate); text.append(byte: UInt8(ascii: ","))
            field(b.low); field(b.high)
            text.append(",,\n" as StaticString)
            text.flushIfFull()
        }
    }

    // MARK: - pupils.csv

    /// One row per pupil: the first replication's preferences and offer. Where the region sets its
    /// own authorities apart, `home_authority` (last) is the authority of the pupil's home area.
    static func pupilsCSV(_ result: SimulationResult) -> String {
        let region = result.spec.region
        let pupils = region.pupils
        let outcome = result.first
        let allocation = outcome.allocation
        let byAuthority = !region.ownAuthorities.isEmpty
        var lines = ["pupil_id,x_km,y_km,fsm,idaci_score,idaci_decile,attainment,looked_after,ehc_school,sibling_school,"
                     + "preferences,school_id,preference_rank,route,distance_km" + (byAuthority ? ",home_authority" : "")]
        lines.reserveCapacity(pupils.count + 1)
        func schoolID(_ s: Int32) -> String { s >= 0 ? NumberFormat.csv(region.schools[Int(s)].id) : "" }
        for i in 0..<pupils.count {
            let list = outcome.preferences.list(of: i).map { region.schools[Int($0)].id }.joined(separator: ";")
            let s = allocation.school[i]
            let distance = s >= 0 ? NumberFormat.exact(pupils.home(i).distance(to: region.schools[Int(s)].location)) : ""
            let rank = allocation.preferenceRank[i] >= 0 ? String(allocation.preferenceRank[i] + 1) : ""
            let route: String
            switch allocation.route[i] {
            case .preference: route = "preference"
            case .ehcPlan: route = "ehc_plan"
            case .administrative: route = "administrative"
            case .unplaced: route = "unplaced"
            }
            lines.append([NumberFormat.csv(pupils.ids[i]), NumberFormat.exact(pupils.homeX[i]), NumberFormat.exact(pupils.homeY[i]),
                          pupils.fsm[i] ? "1" : "0", NumberFormat.exact(pupils.idaciScore[i]), String(pupils.idaciDecile[i]),
                          NumberFormat.exact(pupils.attainment[i]), pupils.lookedAfter[i] ? "1" : "0",
                          schoolID(pupils.ehcPlanSchool[i]), schoolID(pupils.siblingSchool[i]),
                          NumberFormat.csv(list), schoolID(s), rank, route, distance].joined(separator: ",")
                          + (byAuthority ? "," + NumberFormat.csv(pupils.area[i] >= 0 ? region.areas[Int(pupils.area[i])].authority : "") : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// How the chances families expect converged, iteration by iteration: the largest and the
    /// trial-weighted mean change of any expected chance.
    static func expectationsCSV(_ c: ChanceExpectations.Convergence) -> String {
        var out = "iteration,max_change,mean_change,converged\n"
        for (k, step) in c.history.enumerated() {
            let last = k == c.history.count - 1
            out += "\(k + 1),\(NumberFormat.fixed(step.maxChange, 6)),\(NumberFormat.fixed(step.meanChange, 6)),\(last ? (c.converged ? "yes" : "no") : "")\n"
        }
        return out
    }
}
