import Foundation
import Metrics
import Planning

/// The outputs of `fairplaces plan`: `planning.csv` (each school and planning area in each year
/// under each option), `years.csv` (each year under each option) and a readable summary.
public enum PlanningReport {
    public static let fileNames = ["planning.csv", "years.csv"]

    /// The files, built in memory, for writing through `OutputFiles`.
    public static func files(_ result: PlanningResult) -> OutputFiles {
        OutputFiles(files: [("planning.csv", planningCSV(result)), ("years.csv", yearsCSV(result))])
    }

    /// One row per option, year and school, then per planning area (schools grouped by district).
    /// Surplus % is vacancies ÷ PAN; modelled surplus % is (PAN − modelled demand) ÷ PAN.
    static func planningCSV(_ result: PlanningResult) -> String {
        var out = "option,year,level,id,name,pan,modelled_demand,modelled_surplus_pct,first_preferences,offers,vacancies,surplus_pct\n"
        let e = NumberFormat.exact
        for o in result.outcomes {
            func row(_ level: String, _ id: String, _ name: String, _ pan: Int, _ demand: Double?, _ first: Double?,
                     _ offers: Double?, _ vacancies: Double?) {
                let p = Double(pan)
                out += [NumberFormat.csv(o.option), String(o.year), level, NumberFormat.csv(id), NumberFormat.csv(name), String(pan),
                        e(demand), e(demand.flatMap { p > 0 ? (p - $0) / p * 100 : nil }),
                        e(first), e(offers), e(vacancies), e(vacancies.flatMap { p > 0 ? $0 / p * 100 : nil })]
                    .joined(separator: ",") + "\n"
            }
            for s in o.schools {
                row("school", s.id, s.name, s.pan, s.modelledDemand, s.firstPreferences?.mean, s.offers?.mean, s.vacancies?.mean)
            }
            let areas = Array(Set(o.schools.map(\.planningArea))).filter { !$0.isEmpty }.sorted()
            for area in areas {
                let members = o.schools.filter { $0.planningArea == area }
                func total(_ f: (SchoolYearOutcome) -> Double?) -> Double? {
                    let v = members.map(f)
                    return v.contains { $0 == nil } ? nil : v.reduce(0) { $0 + $1! }
                }
                row("planning_area", area, area, members.reduce(0) { $0 + $1.pan }, total(\.modelledDemand),
                    total { $0.firstPreferences?.mean }, total { $0.offers?.mean }, total { $0.vacancies?.mean })
            }
        }
        return out
    }

    /// One row per option and year: places and surplus, unplaced and displaced pupils, distances and
    /// intake balance (means over replications; CI columns for the displaced count).
    static func yearsCSV(_ result: PlanningResult) -> String {
        var out = "option,year,pupils,places,modelled_demand,vacancies,surplus_pct,unplaced,above_pan,displaced,displaced_ci_low,displaced_ci_high,"
            + "displaced_fsm,displaced_non_fsm,mean_distance_km,p90_distance_km,fsm_dissimilarity,schools_outside_fsm_tolerance\n"
        let e = NumberFormat.exact
        for o in result.outcomes {
            let places = o.schools.reduce(0) { $0 + $1.pan }
            let vacancies = total(o) { $0.vacancies?.mean }
            let demand = total(o) { $0.modelledDemand }
            out += [NumberFormat.csv(o.option), String(o.year), String(o.pupils), String(places), e(demand), e(vacancies),
                    e(vacancies.flatMap { places > 0 ? $0 / Double(places) * 100 : nil }),
                    e(o.unplaced?.mean), e(o.abovePAN?.mean), e(o.displaced?.mean), e(o.displaced?.ciLow), e(o.displaced?.ciHigh),
                    e(o.displacedFSM?.mean), e(o.displacedNonFSM?.mean), e(o.meanDistanceKm?.mean), e(o.p90DistanceKm?.mean),
                    e(o.fsmDissimilarity?.mean), e(o.schoolsOutsideTolerance?.mean)].joined(separator: ",") + "\n"
        }
        return out
    }

    private static func total(_ o: YearOutcome, _ f: (SchoolYearOutcome) -> Double?) -> Double? {
        let v = o.schools.map(f)
        return v.isEmpty || v.contains { $0 == nil } ? nil : v.reduce(0) { $0 + $1! }
    }

    /// The readable summary: for each option a surplus-places table by year; for demand-only plans,
    /// modelled demand against PAN per school by year.
    public static func summary(_ result: PlanningResult) -> String {
        let spec = result.spec
        var out = "\(spec.name): \(spec.options.count) option\(spec.options.count == 1 ? "" : "s"), "
            + "\(spec.years.first!)–\(spec.years.last!)\n"
        for note in spec.notes { out += "  \(note)\n" }
        let allocated: Bool
        if case .allocation = spec.mode { allocated = true } else { allocated = false }
        for option in spec.options {
            let rows = result.outcomes.filter { $0.option == option.name }
            out += "\n\(option.name)\n"
            if allocated {
                out += pad("year", 6) + pad("pupils", 8, true) + pad("places", 8, true) + pad("surplus", 9, true)
                    + pad("surplus %", 11, true) + pad("unplaced", 10, true) + pad("above PAN", 11, true) + pad("displaced", 11, true) + pad("of them FSM", 13, true)
                    + pad("mean km", 9, true) + pad("p90 km", 8, true) + pad("FSM D", 7, true) + "\n"
                for o in rows {
                    let places = o.schools.reduce(0) { $0 + $1.pan }
                    let vacancies = total(o) { $0.vacancies?.mean }
                    out += pad(String(o.year), 6) + pad(String(o.pupils), 8, true) + pad(String(places), 8, true)
                        + pad(NumberFormat.fixed(vacancies, 1), 9, true)
                        + pad(NumberFormat.fixed(vacancies.map { places > 0 ? $0 / Double(places) * 100 : 0 }, 1), 11, true)
                        + pad(NumberFormat.fixed(o.unplaced?.mean, 1), 10, true)
                        + pad(NumberFormat.fixed(o.abovePAN?.mean, 1), 11, true)
                        + pad(NumberFormat.fixed(o.displaced?.mean, 1), 11, true)
                        + pad(NumberFormat.fixed(o.displacedFSM?.mean, 1), 13, true)
                        + pad(NumberFormat.fixed(o.meanDistanceKm?.mean, 2), 9, true)
                        + pad(NumberFormat.fixed(o.p90DistanceKm?.mean, 2), 8, true)
                        + pad(NumberFormat.fixed(o.fsmDissimilarity?.mean, 3), 7, true) + "\n"
                }
            }
            if !allocated || spec.gravity != nil {
                // Modelled demand against PAN, school by school, one column per year.
                let ids = rows.flatMap { $0.schools.map(\.id) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                out += pad(allocated ? "modelled demand / PAN" : "school: modelled demand / PAN", 34)
                for o in rows { out += pad(String(o.year), 12, true) }
                out += "\n"
                for id in ids {
                    let name = rows.lazy.flatMap(\.schools).first { $0.id == id }!.name
                    out += pad(String(name.prefix(33)), 34)
                    for o in rows {
                        let s = o.schools.first { $0.id == id }
                        out += pad(s.map { NumberFormat.fixed($0.modelledDemand, 0) + "/" + String($0.pan) } ?? "closed", 12, true)
                    }
                    out += "\n"
                }
                out += pad("total", 34)
                for o in rows {
                    out += pad(NumberFormat.fixed(total(o) { $0.modelledDemand }, 0) + "/" + String(o.schools.reduce(0) { $0 + $1.pan }), 12, true)
                }
                out += "\n"
            }
        }
        if allocated {
            out += "\nSurplus: mean vacancies over replications; displaced: pupils at a different school than under '\(spec.options[0].name)' in the same year and replication.\n"
        }
        return out
    }

    private static func pad(_ s: String, _ width: Int, _ right: Bool = false) -> String {
        let count = s.count
        if count >= width { return (right ? " " : "") + s + (right ? "" : " ") }
        let space = String(repeating: " ", count: width - count)
        return right ? space + s : s + space
    }
}
