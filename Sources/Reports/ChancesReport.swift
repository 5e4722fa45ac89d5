import Foundation
import FairPlacesCore
import Metrics
import Simulation

/// `chances.csv`, `last-offers.csv` and the plain-words statement of `fairplaces chances`, from a
/// run's `Chances` (definitions in `Simulation/Chances.swift` and `Scenarios/README.md`).
public enum ChancesReport {
    public static let fileNames = ["chances.csv", "last-offers.csv"]

    public static let chancesHeader = "area,x_km,y_km,pupils,school_id,school_name,listed_first_share,"
        + "chance_if_first,chance_if_first_low,chance_if_first_high,"
        + "chance_as_listed,chance_as_listed_low,chance_as_listed_high,"
        + "listed_first,listed_first_offered,rounds"

    /// One row per home area with pupils and school that someone there listed, was offered, or
    /// would be offered as a first preference; an absent pair has chance 0 and was never listed.
    public static func chancesCSV(_ chances: Chances, region: Region) -> String {
        var out = chancesHeader + "\n"
        let m = chances.schools
        for a in 0..<chances.areas where chances.areaPupils[a] > 0 {
            let area = region.areas[a]
            let pupils = chances.areaPupils[a]
            let pupilRounds = Double(pupils * chances.rounds)
            for s in 0..<m {
                let k = a * m + s
                guard chances.ifFirst[k] > 0 || chances.asListed[k] > 0 || chances.listedFirst[k] > 0 else { continue }
                let first = chances.chanceIfFirst(area: a, school: s)!, listed = chances.chanceAsListed(area: a, school: s)!
                let school = region.schools[s]
                let fields: [String] = [
                    NumberFormat.csv(area.id), NumberFormat.exact(area.centroid.x), NumberFormat.exact(area.centroid.y),
                    String(pupils), NumberFormat.csv(school.id), NumberFormat.csv(school.name),
                    NumberFormat.exact(Double(chances.listedFirst[k]) / pupilRounds),
                    NumberFormat.exact(first.estimate), NumberFormat.exact(first.low), NumberFormat.exact(first.high),
                    NumberFormat.exact(listed.estimate), NumberFormat.exact(listed.low), NumberFormat.exact(listed.high),
                    String(chances.listedFirst[k]), String(chances.listedFirstOffered[k]), String(chances.rounds),
                ]
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    public static let lastOffersHeader = "school_id,school_name,pan,rounds,rounds_full,last_distance_mean,"
        + "last_distance_ci_low,last_distance_ci_high,last_distance_range95_low,last_distance_range95_high,"
        + "last_criterion,last_criterion_share"

    /// One row per school: in how many rounds its ordinary places filled, and the distance of the
    /// last pupil it offered then (mean, Student-t 95% interval, central 95% of rounds).
    public static func lastOffersCSV(_ chances: Chances, region: Region) -> String {
        var out = lastOffersHeader + "\n"
        for (s, school) in region.schools.enumerated() {
            let summary = Summary(chances.lastDistance[s])
            let fields: [String] = [
                NumberFormat.csv(school.id), NumberFormat.csv(school.name), String(school.pan), String(chances.rounds),
                String(summary?.n ?? 0), NumberFormat.exact(summary?.mean), NumberFormat.exact(summary?.ciLow),
                NumberFormat.exact(summary?.ciHigh), NumberFormat.exact(summary?.rangeLow), NumberFormat.exact(summary?.rangeHigh),
            ] + {
                guard let (name, share) = lastCriterion(chances, school: s, region: region) else { return ["", ""] }
                return [NumberFormat.csv(name), NumberFormat.exact(share)]
            }()
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The criterion tier in which a school's places most often ran out, and the share of its full
    /// rounds in which they ran out there (ties to the higher-priority tier).
    public static func lastCriterion(_ chances: Chances, school s: Int, region: Region) -> (String, Double)? {
        let tiers = chances.lastTier[s].compactMap { $0 }
        guard !tiers.isEmpty else { return nil }
        var count: [Int: Int] = [:]
        for t in tiers { count[t, default: 0] += 1 }
        let best = count.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!
        let criteria = region.schools[s].arrangements.criteria
        let name = best.key < criteria.count ? ArrangementsText.criterion(criteria[best.key]) : "other applicants"
        return (name, Double(best.value) / Double(tiers.count))
    }

    /// Postcodes compared without case or spacing ("bn16aa" is "BN1 6AA").
    public static func normalised(_ postcode: String) -> String {
        postcode.uppercased().filter { $0.isLetter || $0.isNumber }
    }

    /// The home area a postcode names: the area with that id, else (the postcode is not an area of
    /// the region) nil.
    public static func area(named postcode: String, in region: Region) -> Int? {
        let key = normalised(postcode)
        return region.areas.firstIndex { normalised($0.id) == key }
    }

    /// The nearest area with pupils to area `a` (itself when it has some).
    public static func nearestWithPupils(_ a: Int, _ chances: Chances, region: Region) -> Int? {
        let c = region.areas[a].centroid
        return (0..<chances.areas).filter { chances.areaPupils[$0] > 0 }
            .min { region.areas[$0].centroid.distance(to: c) < region.areas[$1].centroid.distance(to: c) }
    }

    /// The plain-words answer for one home area: each school a child there could be offered, most
    /// likely first, then each school's last distance offered.
    public static func statement(area a: Int, chances: Chances, region: Region) -> String {
        var lines: [String] = []
        let name = region.areas[a].id
        var used = a
        if chances.areaPupils[a] == 0, let near = nearestWithPupils(a, chances, region: region) {
            let km = region.areas[near].centroid.distance(to: region.areas[a].centroid)
            lines.append("No child of the simulated cohort lives at \(name); the nearest home area with pupils is \(region.areas[near].id), \(String(format: "%.1f", km)) km away, and the figures below are for a child there.")
            used = near
        }
        let place = region.areas[used].id
        let rounds = chances.rounds
        let order = (0..<chances.schools).sorted {
            let x = chances.chanceIfFirst(area: used, school: $0)!.estimate, y = chances.chanceIfFirst(area: used, school: $1)!.estimate
            return x != y ? x > y : $0 < $1
        }
        func pct(_ v: Double) -> String { String(format: "%.0f%%", v * 100) }
        for s in order {
            let first = chances.chanceIfFirst(area: used, school: s)!, listed = chances.chanceAsListed(area: used, school: s)!
            if first.estimate == 0 && listed.estimate == 0 { continue }
            let school = region.schools[s].name
            lines.append("A child at \(place) listing \(school) first was offered it in \(pct(first.estimate)) of \(rounds) simulated rounds (95% CI \(pct(first.low))–\(pct(first.high))); listing as families there do, \(pct(listed.estimate)) were offered \(school) (95% CI \(pct(listed.low))–\(pct(listed.high))).")
        }
        if lines.count == (used == a ? 0 : 1) {
            lines.append("No school would offer a child at \(place) a place as a first preference in any of \(rounds) simulated rounds.")
        }
        lines.append("")
        for s in order where chances.chanceIfFirst(area: used, school: s)!.estimate > 0 || chances.chanceAsListed(area: used, school: s)!.estimate > 0 {
            let school = region.schools[s]
            guard let summary = Summary(chances.lastDistance[s]) else {
                lines.append("\(school.name) had room for every applicant in all \(rounds) rounds.")
                continue
            }
            let room = rounds - summary.n
            let unit = school.arrangements.distanceMeasure == .travel ? "(by travel)" : "km"
            let tier = lastCriterion(chances, school: s, region: region).map { "; places ran out among \($0.0) in \(String(format: "%.0f%%", $0.1 * 100)) of those rounds" } ?? ""
            lines.append("\(school.name) was full in \(summary.n) of \(rounds) rounds; its last offer went to a child \(String(format: "%.2f", summary.mean)) \(unit) away on average (95% CI \(String(format: "%.2f", summary.ciLow))–\(String(format: "%.2f", summary.ciHigh)); 95% of rounds \(String(format: "%.2f", summary.rangeLow))–\(String(format: "%.2f", summary.rangeHigh)))\(tier)\(room > 0 ? "; it had room in \(room)" : "").")
        }
        return lines.joined(separator: "\n")
    }
}
