import Foundation
import FairPlacesCore
import Allocation
import Metrics
import Simulation

/// The files a run writes, built in memory first: a run that fails writes nothing.
public struct OutputFiles: Sendable {
    /// File name → contents, in the order they are written.
    public var files: [(name: String, contents: String)]

    /// Every file name FairPlaces may write into an output folder (stale ones are removed).
    public static let knownNames = ["schools.csv", "metrics.csv", "metrics.json", "pupils.csv", "funding.csv",
                                    "funding-comparison.csv", "map.csv", OutlinesFile.fileName, "report.html"] + PlanningReport.fileNames
                                    + ChancesReport.fileNames + ["expectations.csv"] + CalibrationReport.fileNames

    public init(result: SimulationResult, scenarioFile: String, description: String, includePupils: Bool) {
        files = [("schools.csv", Self.schoolsCSV(result)),
                 ("metrics.csv", Self.metricsCSV(result)),
                 ("metrics.json", Self.metricsJSON(result, scenarioFile: scenarioFile, description: description))]
        if includePupils { files.append(("pupils.csv", Self.pupilsCSV(result))) }
        if result.spec.funding != nil { files.append(("funding.csv", FundingReport.csv(result))) }
        if let convergence = result.expectations { files.append(("expectations.csv", Self.expectationsCSV(convergence))) }
        if let chances = result.chances {
            files.append(("chances.csv", ChancesReport.chancesCSV(chances, region: result.spec.region)))
            files.append(("last-offers.csv", ChancesReport.lastOffersCSV(chances, region: result.spec.region)))
        }
    }

    /// Files built elsewhere (e.g. a plan's), written the same way.
    public init(files: [(name: String, contents: String)]) {
        self.files = files
    }

    /// Writes the files into `directory`, each first to a temporary name and then renamed, and removes
    /// output files of an earlier run that this run does not produce.
    public func write(to directory: String) throws {
        let staging = try StagingFolder(in: directory)
        defer { staging.remove() }
        for (name, contents) in files { try staging.write(contents, as: name) }
        try staging.commit(files.map(\.name), removing: Self.knownNames)
    }

    // MARK: - schools.csv

    /// One row per school; where the region sets its own authorities apart (`Region.ownAuthorities`),
    /// `own_authority` says whether the school's `district` is one of them; then a column triple (mean, CI low, CI high) per school-level figure, named
    /// `metric` or `metric_category` (e.g. `share_fsm`, `local_share_idaci_q1`).
    static func schoolsCSV(_ result: SimulationResult) -> String {
        let schools = result.spec.region.schools
        var columns: [String] = []
        var columnOf: [String: Int] = [:]
        var cells: [[Summary?]] = Array(repeating: [], count: schools.count)
        let rowOf = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($1.id, $0) })
        for (k, key) in result.keys.enumerated() where key.scope == .school {
            let name = key.category.isEmpty ? key.metric : "\(key.metric)_\(key.category)"
            let c: Int
            if let existing = columnOf[name] { c = existing } else {
                c = columns.count; columnOf[name] = c; columns.append(name)
                for r in cells.indices { cells[r].append(nil) }
            }
            if let row = rowOf[key.unit] { cells[row][c] = result.summaries[k] }
        }
        var header = ["school_id", "name", "type", "district", "pan", "selective"]
        let own = Set(result.spec.region.ownAuthorities)
        if !own.isEmpty { header.append("own_authority") }
        for name in columns { header += ["\(name)_mean", "\(name)_ci_low", "\(name)_ci_high"] }
        var lines = [header.joined(separator: ",")]
        for (s, school) in schools.enumerated() {
            var row = [NumberFormat.csv(school.id), NumberFormat.csv(school.name), school.type.rawValue,
                       NumberFormat.csv(school.district), String(school.pan), school.isSelective ? "true" : "false"]
            if !own.isEmpty { row.append(own.contains(school.district) ? "true" : "false") }
            for summary in cells[s] {
                row += [NumberFormat.exact(summary?.mean), NumberFormat.exact(summary?.ciLow), NumberFormat.exact(summary?.ciHigh)]
            }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - metrics.csv

    /// Tidy: one row per figure. `interval` says what the bounds are: `replications` (ci95 of the mean
    /// across replications, range95 of the replications) or `bootstrap` (percentile interval of
    /// pupil resamples of the first replication's allocation; mean is that allocation's value).
    static func metricsCSV(_ result: SimulationResult) -> String {
        // One string appended field by field: a national run has 150,000 rows.
        var text = "scope,metric,attribute,category,unit,interval,n,mean,sd,ci95_low,ci95_high,range95_low,range95_high\n"
        text.reserveCapacity(110 * (result.keys.count + result.bootstrap.count))
        func row(_ key: MetricKey, _ fields: [String]) {
            text += key.scope.rawValue
            for f in [key.metric, key.attribute, key.category, key.unit] { text += ","; text += NumberFormat.csv(f) }
            for f in fields { text += ","; text += f }
            text += "\n"
        }
        for (k, key) in result.keys.enumerated() {
            let s = result.summaries[k]
            row(key, ["replications", String(s?.n ?? 0), NumberFormat.exact(s?.mean), NumberFormat.exact(s?.sd),
                      NumberFormat.exact(s?.ciLow), NumberFormat.exact(s?.ciHigh),
                      NumberFormat.exact(s?.rangeLow), NumberFormat.exact(s?.rangeHigh)])
        }
        for b in result.bootstrap {
            row(b.key, ["bootstrap", String(b.resamples), NumberFormat.exact(b.estimate), "",
                        NumberFormat.exact(b.low), NumberFormat.exact(b.high), "", ""])
        }
        return text
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
