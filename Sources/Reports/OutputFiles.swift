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
    public static let knownNames = ["schools.csv", "metrics.json", "pupils.csv"]

    public init(result: SimulationResult, scenarioFile: String, description: String, includePupils: Bool) {
        files = [("schools.csv", Self.schoolsCSV(result)),
                 ("metrics.json", Self.metricsJSON(result, scenarioFile: scenarioFile, description: description))]
        if includePupils { files.append(("pupils.csv", Self.pupilsCSV(result))) }
    }

    /// Writes the files into `directory`, each first to a temporary name and then renamed, and removes
    /// output files of an earlier run that this run does not produce.
    public func write(to directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let staging = (directory as NSString).appendingPathComponent(".partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(atPath: staging)
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: staging) }
        for (name, contents) in files {
            try contents.write(toFile: (staging as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        for name in Self.knownNames {
            let target = (directory as NSString).appendingPathComponent(name)
            if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
        }
        for (name, _) in files {
            try fm.moveItem(atPath: (staging as NSString).appendingPathComponent(name),
                            toPath: (directory as NSString).appendingPathComponent(name))
        }
    }

    // MARK: - schools.csv

    static func schoolsCSV(_ result: SimulationResult) -> String {
        var header = ["school_id", "name", "type", "pan", "selective"]
        for metric in SchoolMetric.allCases {
            header += ["\(metric.rawValue)_mean", "\(metric.rawValue)_ci_low", "\(metric.rawValue)_ci_high"]
        }
        var lines = [header.joined(separator: ",")]
        for (s, school) in result.spec.region.schools.enumerated() {
            var row = [NumberFormat.csv(school.id), NumberFormat.csv(school.name), school.type.rawValue,
                       String(school.pan), school.isSelective ? "true" : "false"]
            for k in SchoolMetric.allCases.indices {
                let summary = result.schoolSummaries[k][s]
                row += [NumberFormat.exact(summary?.mean), NumberFormat.exact(summary?.ciLow), NumberFormat.exact(summary?.ciHigh)]
            }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - pupils.csv

    static func pupilsCSV(_ result: SimulationResult) -> String {
        let region = result.spec.region
        let pupils = region.pupils
        let outcome = result.first
        let allocation = outcome.allocation
        var lines = ["pupil_id,x_km,y_km,fsm,idaci_score,idaci_decile,attainment,looked_after,ehc_school,sibling_school,"
                     + "preferences,school_id,preference_rank,route,distance_km"]
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
                          NumberFormat.csv(list), schoolID(s), rank, route, distance].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
