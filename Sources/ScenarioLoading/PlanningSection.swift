import Foundation
import FairPlacesCore
import LinearAlgebra
import Planning
import Simulation

/// A scenario with a `planning:` section turned into a runnable plan.
public struct LoadedPlan: Sendable {
    public var file: String
    public var description: String
    public var spec: PlanningSpec
}

/// Reads the `planning:` section (documented in `Scenarios/README.md`): the planning years, the
/// cohort forecast, the gravity model and the options with their timelines (`years:`). With a
/// `region:` the scenario's pupils are the base cohort and every year is allocated; without one,
/// `planning.demand` names an area projection, schools and a travel matrix, and only demand is
/// modelled.
public enum PlanningLoader {
    static let fields = ["first_year", "last_year", "forecast", "demand", "gravity", "options"]

    public static func load(path: String) throws -> LoadedPlan {
        let root = try ScenarioLoader.mergedDocument(path: path, chain: [])
        let top = try FieldReader(root, allowed: ScenarioLoader.topLevelFields)
        let node = try top.require("planning")
        let p = try FieldReader(node, allowed: fields)
        let first = try p.require("first_year").int(in: 1900...2200)
        let lastNode = try p.require("last_year")
        let last = try lastNode.int(in: first...(first + 50))
        let years = Array(first...last)
        let name = try top.string("name", default: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
        let description = try top.string("description", default: "")

        var notes: [String] = []
        let spec: PlanningSpec
        if top.has("region") {
            if let d = p["demand"] { throw d.keyError("planning.demand is for scenarios without a region; this scenario's region supplies the pupils") }
            let loaded = try ScenarioLoader.load(path: path)
            guard case .model = loaded.spec.preferences else {
                throw (top["preferences"] ?? node).error("planning draws each year's preferences from the model; stated lists name the base year's schools")
            }
            let region = loaded.spec.region
            let admissions = try AdmissionsSection(top["admissions"])
            let names = RegionNames(region)
            let targets = try cohortTargets(p["forecast"], region: region, years: years, lastNode: lastNode,
                                            scenarioPath: path, notes: &notes)
            let options = try readOptions(p["options"], existing: region.schools, years: years, admissions: admissions,
                                          names: names)
            var gravity: GravitySettings?
            var travelCost = false
            if let g = p["gravity"] {
                let read = try readGravity(g, scenarioPath: path, notes: &notes) { cost, minimum, observedPath, observed in
                    // Fitting on the base year: the region's pupils per area and its schools.
                    let origins = MultiYearRun.origins(region)
                    let c = MultiYearRun.cost(region, travel: cost == "travel")
                    let obs = try observedFlows(observed, path: observedPath, areas: region.areas.map(\.id),
                                                schools: region.schools.map(\.id))
                    return (origins, c, region.schools.map(\.pan), obs)
                }
                gravity = read.settings
                travelCost = read.cost == "travel"
                if travelCost && region.travel == nil {
                    throw (try FieldReader(g, allowed: gravityFields))["cost"]!.error("cost 'travel' needs the region's travel matrix (region.travel)")
                }
            }
            spec = PlanningSpec(name: name, years: years, options: options, gravity: gravity,
                                mode: .allocation(AllocationPlan(base: loaded.spec, targets: targets, travelCost: travelCost)))
        } else {
            if let f = p["forecast"] { throw f.keyError("planning.forecast scales a region's pupils; without a region use planning.demand") }
            let demandNode = try p.require("demand")
            let demand = try DemandFiles.read(demandNode, years: years, scenarioPath: path)
            let options = try readOptions(p["options"], existing: demand.schools, years: years, admissions: nil, names: nil)
            // Every school of every option needs a travel value from every area.
            let column = Dictionary(uniqueKeysWithValues: demand.schoolIDs.enumerated().map { ($1, $0) })
            for option in options {
                for id in option.timeline.allSchoolIDs where column[id] == nil {
                    throw demandNode.error("school '\(id)' of option '\(option.name)' has no travel times in the travel file")
                }
            }
            let gNode = try p.require("gravity")
            let read = try readGravity(gNode, scenarioPath: path, notes: &notes) { _, _, observedPath, observed in
                let obs = try observedFlows(observed, path: observedPath, areas: demand.areas, schools: demand.schoolIDs)
                return (demand.origins[0], demand.cost, demand.schools.map(\.pan), obs)
            }
            spec = PlanningSpec(name: name, years: years, options: options, gravity: read.settings,
                                mode: .demand(DemandPlan(areas: demand.areas, origins: demand.origins, cost: demand.cost,
                                                         schoolIDs: demand.schoolIDs)))
        }
        var result = spec
        result.notes = notes
        return LoadedPlan(file: path, description: description, spec: result)
    }

    // MARK: - Forecast

    /// More pupils in one year's cohort than any English authority (or England, ~600,000) has.
    static let maximumCohort = 2_000_000.0

    static let forecastFields = ["counts", "groups", "intake_group", "window", "match", "housing"]
    enum Match: String, CaseIterable { case areas, wholeRegion = "whole_region" }

    /// Pupils wanted per area of the region (and one entry for pupils without an area) in each year.
    static func cohortTargets(_ node: ScenarioNode?, region: Region, years: [Int], lastNode: ScenarioNode,
                              scenarioPath: String, notes: inout [String]) throws -> [[Int]] {
        var baseCounts = [Int](repeating: 0, count: region.areas.count + 1)
        for a in region.pupils.area { baseCounts[a >= 0 ? Int(a) : region.areas.count] += 1 }
        guard let node else {
            notes.append("no forecast: every year's cohort is the base cohort")
            return years.map { _ in baseCounts }
        }
        let r = try FieldReader(node, allowed: forecastFields)
        let countsNode = try r.require("counts")
        let countsPath = try ScenarioLoader.inputFile(countsNode, scenarioPath: scenarioPath, what: "counts file")
        let groupsNode = try r.require("groups")
        let groups = try groupsNode.sequence().map { try $0.string() }
        guard groups.count >= 2, Set(groups).count == groups.count else {
            throw groupsNode.error("list at least two distinct year groups, youngest first")
        }
        var intake = groups.count - 1
        if let i = r["intake_group"] {
            guard let k = groups.firstIndex(of: try i.string()) else { throw i.error("'\(try i.string())' is not one of the groups") }
            intake = k
        }
        let window = try r.int("window", default: 3, in: 1...50)
        let match = try r.choice("match", default: Match.areas)
        let counts = try ForecastFile.counts(path: countsPath, groups: groups, field: "planning.forecast.counts")
        guard years[0] > counts.lastYear else {
            throw lastNode.error("the planning years must follow the last counted year (\(counts.lastYear) in \(countsPath))")
        }
        let ahead = years.last! - counts.lastYear
        var housing: HousingYield?
        if let h = r["housing"] {
            let hr = try FieldReader(h, allowed: ["file", "per_dwelling"])
            let hPath = try ScenarioLoader.inputFile(hr.require("file"), scenarioPath: scenarioPath, what: "housing file")
            var perDwelling = [Double](repeating: 0, count: groups.count)
            for (key, child) in try hr.require("per_dwelling").mappingEntries() {
                guard let g = groups.firstIndex(of: key) else { throw child.keyError("'\(key)' is not one of the groups") }
                perDwelling[g] = try child.double(in: 0...10)
            }
            housing = HousingYield(completions: try ForecastFile.completions(path: hPath, areas: counts.areas, firstYear: counts.lastYear + 1,
                                                                             years: ahead, field: "planning.forecast.housing.file"),
                                   perDwelling: perDwelling)
        }
        let forecast = CohortForecast(history: counts.history, lastYear: counts.lastYear, window: window,
                                      futureEntries: counts.futureEntries, housing: housing)
        let horizon = forecast.horizon(group: intake)
        guard ahead <= horizon else {
            throw lastNode.error("the year \(years.last!) is outside the forecast: the counts in \(countsPath) reach '\(groups[intake])' only up to \(counts.lastYear + horizon)")
        }
        let projected = forecast.project(group: intake, years: ahead)
        let observedTotal = (0..<counts.areas.count).reduce(0.0) { $0 + counts.history.last![$1, intake] }
        var targets: [[Int]] = []
        // Progression ratios divide by counts; a count near zero can make a cohort of 10^20 pupils.
        func wholePupils(_ expected: [Double], year: Int) throws -> [Int] {
            let total = expected.reduce(0, +)
            guard total.isFinite && total <= Self.maximumCohort else {
                throw countsNode.error("the forecast for \(year) is \(format(total)) pupils, more than \(Int(Self.maximumCohort)): "
                                       + "a count near zero in \(countsPath) makes a progression ratio explode")
            }
            return YearCohort.wholePupils(expected)
        }
        switch match {
        case .wholeRegion:
            guard observedTotal > 0 else {
                throw countsNode.error("the last counted year has no pupils in '\(groups[intake])' to scale the region's cohort from")
            }
            for year in years {
                let factor = projected[year - counts.lastYear - 1].reduce(0, +) / observedTotal
                targets.append(try wholePupils(baseCounts.map { Double($0) * factor }, year: year))
            }
            notes.append("cohort: the region's \(region.pupils.count) pupils are the \(counts.lastYear) cohort of '\(groups[intake])' (\(format(observedTotal)) counted), scaled by the forecast total")
        case .areas:
            let areaIndex = Dictionary(uniqueKeysWithValues: region.areas.enumerated().map { ($1.id, $0) })
            var column = [Int](repeating: -1, count: region.areas.count)
            for (k, id) in counts.areas.enumerated() {
                guard let a = areaIndex[id] else {
                    throw countsNode.error("\(countsPath) counts the area '\(id)', which is not a small area of the region")
                }
                column[a] = k
            }
            if let a = region.areas.indices.first(where: { column[$0] < 0 && baseCounts[$0] > 0 }) {
                throw countsNode.error("\(countsPath) has no counts for the region's small area '\(region.areas[a].id)'")
            }
            for year in years {
                let values = projected[year - counts.lastYear - 1]
                var expected = region.areas.indices.map { column[$0] >= 0 ? values[column[$0]] : 0 }
                expected.append(Double(baseCounts[region.areas.count]))
                targets.append(try wholePupils(expected, year: year))
            }
        }
        return targets
    }

    // MARK: - Options and timelines

    static let optionFields = ["name", "years"]
    static let yearFields = ["year", "pan", "open", "close", "merge", "catchment"]

    static func readOptions(_ node: ScenarioNode?, existing: [School], years: [Int], admissions: AdmissionsSection?,
                            names: RegionNames?) throws -> [PlanningOption] {
        let range = years.first!...years.last!
        guard let node else { return [PlanningOption(name: "Status quo", timeline: .statusQuo(existing: existing, years: range))] }
        var options: [PlanningOption] = []
        var seen: Set<String> = []
        for item in try node.sequence() {
            let r = try FieldReader(item, allowed: optionFields)
            let nameNode = try r.require("name")
            let name = try nameNode.string()
            guard seen.insert(name).inserted else { throw nameNode.error("two options are named '\(name)'") }
            var events: [TimelineEvent] = []
            var origins: [(year: ScenarioNode, value: ScenarioNode)] = []
            func add(_ year: Int, _ yearNode: ScenarioNode, _ change: TimelineChange, _ value: ScenarioNode) {
                events.append(TimelineEvent(year: year, change: change, origin: origins.count))
                origins.append((yearNode, value))
            }
            for entry in try r["years"]?.sequence() ?? [] {
                let e = try FieldReader(entry, allowed: yearFields)
                let yearNode = try e.require("year")
                let year = try yearNode.int()
                guard e.has("pan") || e.has("open") || e.has("close") || e.has("merge") || e.has("catchment") else {
                    throw entry.error("a year lists at least one change: pan, open, close, merge or catchment")
                }
                for (id, child) in try e["pan"]?.mappingEntries() ?? [] {
                    add(year, yearNode, .pan(school: id, pan: try child.int(in: 0...10_000)), child)
                }
                for child in try list(e["open"]) {
                    guard let admissions else { throw child.error("a new school needs a region (its location and arrangements); without one, give it PAN changes only") }
                    var (school, own) = try RegionSection.listedSchool(child, admissions: admissions)
                    // Area catchments and faith criteria resolve against the region's names, as for listed schools.
                    school.type = admissions.designation(of: school.type)
                    var a = try admissions.arrangements(for: school.type, names: names, religiousCharacter: school.religiousCharacter)
                    if let own { a = try AdmissionsSection.arrangements(own, base: a, names: names) }
                    if a.criteria.contains(.catchment) && a.catchment == nil {
                        throw child.error("the criterion 'catchment' needs a catchment (polygon_km or areas); school '\(school.id)' has none")
                    }
                    school.arrangements = a
                    add(year, yearNode, .open(school), child)
                }
                for child in try list(e["close"]) { add(year, yearNode, .close(school: try child.string()), child) }
                for child in try list(e["merge"]) {
                    let m = try FieldReader(child, allowed: ["school", "into", "pan"])
                    add(year, yearNode, .merge(school: try m.require("school").string(), into: try m.require("into").string(),
                                               pan: try m["pan"]?.int(in: 0...10_000)), child)
                }
                for (id, child) in try e["catchment"]?.mappingEntries() ?? [] {
                    guard names != nil else { throw child.error("catchments need a region") }
                    add(year, yearNode, .catchment(school: id, try AdmissionsSection.catchment(child, names: names)), child)
                }
            }
            do {
                options.append(PlanningOption(name: name, timeline: try Timeline(existing: existing, years: range, events: events)))
            } catch {
                let origin = origins[error.origin]
                if error.field == "year" { throw origin.year.error(error.message) }
                if error.field == "into", case .mapping(let entries) = origin.value.value,
                   let into = entries.first(where: { $0.key == "into" })?.node {
                    throw into.error(error.message)
                }
                throw origin.value.error(error.message)
            }
        }
        if options.isEmpty { throw node.error("list at least one option") }
        return options
    }

    /// A field given as one item or a list of items.
    private static func list(_ node: ScenarioNode?) throws -> [ScenarioNode] {
        guard let node else { return [] }
        if case .sequence(let items) = node.value { return items }
        return [node]
    }

    // MARK: - Gravity

    static let gravityFields = ["decay", "beta", "weights", "cost", "minimum_cost", "fit"]

    /// Reads `gravity:`; with `beta: fit`, `inputs(cost, minimum cost, observed file, its node)` gives
    /// the base year's origins, costs (areas × schools), PANs and observations to fit to.
    static func readGravity(_ node: ScenarioNode, scenarioPath: String, notes: inout [String],
                            inputs: (String, Double, String, ScenarioNode) throws -> ([Double], Matrix, [Int], ObservedFlows))
        throws -> (settings: GravitySettings, cost: String) {
        let r = try FieldReader(node, allowed: gravityFields)
        let decay = try r.choice("decay", default: DistanceDecay.power)
        let weights = try r.choice("weights", default: GravitySettings.Weights.equal)
        let costNode = r["cost"]
        let cost = try costNode?.string() ?? "distance"
        guard cost == "distance" || cost == "travel" else { throw costNode!.error("unknown value '\(cost)'; expected one of: distance, travel") }
        let minimum = try r.double("minimum_cost", default: 0.1, in: 1e-9...1e6)
        let betaNode = try r.require("beta")
        var settings = GravitySettings(decay: decay, beta: 0, weights: weights, minimumCost: minimum)
        if try betaNode.string() == "fit" {
            let fitNode = try r.require("fit")
            let f = try FieldReader(fitNode, allowed: ["file", "area_column", "school_column", "value_column", "range"])
            let path = try ScenarioLoader.inputFile(f.require("file"), scenarioPath: scenarioPath, what: "flows file")
            var range = 0.0...5.0
            if let rn = f["range"] {
                let items = try rn.sequence()
                guard items.count == 2 else { throw rn.error("expected [low, high]") }
                let lo = try items[0].double(in: 0...100), hi = try items[1].double(in: 0...100)
                guard lo < hi else { throw rn.error("the low end must be below the high end") }
                range = lo...hi
            }
            let (origins, rawCost, pans, observed) = try inputs(cost, minimum, path, fitNode)
            var c = rawCost
            for k in c.elements.indices { c.elements[k] = c.elements[k].isNaN ? .infinity : max(minimum, c.elements[k]) }
            let w = pans.map { weights == .equal ? 1.0 : Double($0) }
            settings.beta = GravityModel.fitBeta(decay: decay, origins: origins, weights: w, cost: c, observed: observed, range: range)
            let what: String
            if case .flows = observed { what = "area-to-school flows" } else { what = "pupils per school" }
            notes.append("gravity: \(decay.rawValue) decay, β fitted by maximum likelihood to the \(what) in \(path): β = \(String(format: "%.4f", settings.beta))")
            if case .destinations(let observedTotals) = observed {
                // How well the fitted model matches each school's share of the observations.
                let d = GravityModel(decay: decay, beta: settings.beta).demand(origins: origins, weights: w, cost: c)
                let dt = d.reduce(0, +), ot = observedTotals.reduce(0, +)
                let gaps = zip(d, observedTotals).map { abs($0 / dt - $1 / ot) * 100 }
                notes.append("gravity: fitted shares against observed, per school: mean gap \(String(format: "%.1f", gaps.reduce(0, +) / Double(gaps.count))) points, largest \(String(format: "%.1f", gaps.max() ?? 0))")
            }
        } else {
            settings.beta = try betaNode.double(in: 0...100)
            if r.has("fit") { throw r["fit"]!.keyError("fit is used only with beta: fit") }
            notes.append("gravity: \(decay.rawValue) decay, β = \(settings.beta) (given)")
        }
        return (settings, cost)
    }

    /// Observations to fit β to: with an area column, flows from each area to each school; without,
    /// pupils per school.
    static func observedFlows(_ node: ScenarioNode, path: String, areas: [String], schools: [String]) throws -> ObservedFlows {
        let f = try FieldReader(node, allowed: ["file", "area_column", "school_column", "value_column", "range"])
        let table = try CSVTable(path: path, field: "planning.gravity.fit.file")
        let schoolColumn = try f.string("school_column", default: "school")
        let valueColumn = try f.string("value_column", default: "value")
        let areaColumn = try f["area_column"]?.string() ?? (table.header.contains("area") ? "area" : nil)
        for c in [schoolColumn, valueColumn] + (areaColumn.map { [$0] } ?? []) where !table.header.contains(c) {
            throw ScenarioError(file: path, line: 1, field: c, message: "missing required column '\(c)'")
        }
        let schoolIndex = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($1, $0) })
        let areaIndex = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1, $0) })
        var flows = Matrix(rows: areas.count, columns: schools.count)
        var totals = [Double](repeating: 0, count: schools.count)
        for (line, v) in try table.records() {
            let id = v[schoolColumn] ?? ""
            guard let s = schoolIndex[id] else { throw table.error(line, schoolColumn, "unknown school '\(id)'") }
            let value = try table.double(v, valueColumn, line: line, in: 0...10_000_000)
            if let areaColumn {
                let area = v[areaColumn] ?? ""
                guard let a = areaIndex[area] else { throw table.error(line, areaColumn, "unknown area '\(area)'") }
                flows[a, s] += value
            } else {
                totals[s] += value
            }
        }
        return areaColumn == nil ? .destinations(totals) : .flows(flows)
    }

    private static func format(_ v: Double) -> String {
        guard v.isFinite && abs(v) < 1e15 else { return String(format: "%.3g", v) }
        return v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }
}
