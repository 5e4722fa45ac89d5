import FairPlacesCore
import Simulation

/// The `preferences:` section: the random-utility model, or the families' stated lists.
enum PreferencesSection {
    static let fields = ["source", "list_length", "considered_schools", "consider_within_km", "distance_per_km", "distance_by",
                         "school_effects", "interactions", "sibling_bonus", "nearest_as_safe_choice", "travel_per_unit",
                         "catchment_bonus", "faith_bonus", "list_lengths", "chances", "attractiveness"]
    static let chanceFields = ["weight", "listing", "fallback", "floor", "rounds", "iterations", "damping", "tolerance"]

    enum Source: String, CaseIterable { case model, stated }

    /// Reads the section; `attractiveness` (a calibrated fit) is set on `region`'s schools.
    static func read(_ node: ScenarioNode?, region: inout Region, statedLists: PreferenceLists?,
                     scenarioPath: String) throws -> PreferenceSource {
        var model = PreferenceModel()
        guard let node else {
            return statedLists.map { .stated($0) } ?? .model(model)
        }
        let r = try FieldReader(node, allowed: fields)
        let source = try r.choice("source", default: statedLists == nil ? Source.model : .stated)
        model.listLength = try r.int("list_length", default: model.listLength, in: 1...20)
        if source == .stated {
            guard let statedLists else {
                throw (r["source"] ?? node).error("stated preferences need a pupils file with a 'preferences' column")
            }
            if let lengthNode = r["list_length"], statedLists.length > model.listLength {
                throw lengthNode.error("the pupils file lists up to \(statedLists.length) schools, more than list_length \(model.listLength)")
            }
            return .stated(statedLists)
        }
        model.consideredSchools = try r.int("considered_schools", default: model.consideredSchools, in: 1...100_000)
        model.considerWithinKm = try r.double("consider_within_km", default: 0, in: 0...1_000)
        if model.consideredSchools < model.listLength {
            throw (r["considered_schools"] ?? node).error("considered_schools (\(model.consideredSchools)) must be at least list_length (\(model.listLength))")
        }
        model.distancePerKm = try r.double("distance_per_km", default: model.distancePerKm, in: -100...100)
        model.siblingBonus = try r.double("sibling_bonus", default: model.siblingBonus, in: -100...100)
        if let t = r["travel_per_unit"] {
            model.travelPerUnit = try t.double(in: -100...100)
            if model.travelPerUnit != 0 {
                guard let travel = region.travel else {
                    throw t.error("travel_per_unit needs the region's travel matrix (region.travel)")
                }
                // Every pupil's area needs a value for every school it might consider: all schools.
                let m = region.schools.count
                for i in 0..<region.pupils.count {
                    let a = Int(region.pupils.area[i])
                    guard a >= 0 else { throw t.error("pupil '\(region.pupils.ids[i])' has no small area, so its travel to schools is unknown") }
                    if let s = (0..<m).first(where: { travel[a * m + $0].isNaN }) {
                        throw t.error("no travel value for area '\(region.areas[a].id)' (where pupils live) and school '\(region.schools[s].id)'")
                    }
                }
            }
        }
        model.nearestAsSafeChoice = try r.double("nearest_as_safe_choice", default: model.nearestAsSafeChoice, in: 0...1)
        if let d = r["distance_by"] {
            model.distanceInteractions = [:]
            for (key, child) in try d.mappingEntries() {
                model.distanceInteractions[try feature(PupilFeature.self, key, child)] = try child.double(in: -100...100)
            }
        }
        if let e = r["school_effects"] {
            model.schoolEffects = [:]
            for (key, child) in try e.mappingEntries() {
                model.schoolEffects[try feature(SchoolFeature.self, key, child)] = try child.double(in: -100...100)
            }
        }
        if let list = r["interactions"] {
            model.interactions = try list.sequence().map { item in
                let ir = try FieldReader(item, allowed: ["pupil", "school", "coefficient"])
                return PreferenceModel.Interaction(pupil: try ir.require("pupil").choice(PupilFeature.self),
                                                   school: try ir.require("school").choice(SchoolFeature.self),
                                                   coefficient: try ir.require("coefficient").double(in: -100...100))
            }
        }
        model.catchmentBonus = try r.double("catchment_bonus", default: 0, in: -100...100)
        model.faithBonus = try r.double("faith_bonus", default: 0, in: -100...100)
        if let list = r["list_lengths"] {
            let items = try list.sequence()
            guard !items.isEmpty, items.count <= model.listLength else {
                throw list.error("list_lengths gives the shares of families stating 1, 2, … preferences: 1 to list_length (\(model.listLength)) shares")
            }
            model.listLengthShares = try items.map { try $0.double(in: 0...1) }
            let total = model.listLengthShares.reduce(0, +)
            guard abs(total - 1) < 1e-6 else { throw list.error("list_lengths must add up to 1, not \(total)") }
        }
        if let c = r["chances"] {
            let cr = try FieldReader(c, allowed: chanceFields)
            let d = ChanceAwareness(weight: 0)
            var listing = ChanceAwareness.Listing.utility
            if let l = cr["listing"] {
                let text = try l.string()
                guard let value = ChanceAwareness.Listing(rawValue: text) else {
                    throw l.error("unknown listing '\(text)'; expected one of: " + ChanceAwareness.Listing.allCases.map(\.rawValue).joined(separator: ", "))
                }
                listing = value
            }
            if listing == .utility, let f = cr["fallback"] {
                throw f.keyError("fallback is the value of the portfolio listing's outside option: it needs listing: portfolio")
            }
            model.chances = ChanceAwareness(
                weight: listing == .portfolio ? try cr.double("weight", default: 0, in: 0...100) : try cr.require("weight").double(in: 0...100),
                floor: try cr.double("floor", default: d.floor, in: 1e-9...1),
                rounds: try cr.int("rounds", default: d.rounds, in: 1...1_000),
                iterations: try cr.int("iterations", default: d.iterations, in: 1...1_000),
                damping: try cr.double("damping", default: d.damping, in: 0.01...1),
                tolerance: try cr.double("tolerance", default: d.tolerance, in: 0...1))
            model.chances!.listing = listing
            model.chances!.fallback = try cr.double("fallback", default: 0, in: -100...100)
        }
        if let a = r["attractiveness"] {
            region = region.withAttractiveness(try attractiveness(a, region: region, scenarioPath: scenarioPath))
        }
        return .model(model)
    }

    /// Attractiveness by school id, inline (`{URN: value}`) or from a CSV file
    /// (`{file: attractiveness.csv}`, columns `school_id` and `attractiveness`), as `fairplaces
    /// calibrate` writes it. Every id must be a school of the region; schools not named keep theirs.
    static func attractiveness(_ node: ScenarioNode, region: Region, scenarioPath: String) throws -> [Double] {
        var values = region.schools.map(\.attractiveness)
        var index: [String: Int] = [:]
        for (s, school) in region.schools.enumerated() { index[school.id] = s }
        let entries = try node.mappingEntries()
        if entries.count == 1, entries[0].key == "file" {
            let path = try ScenarioLoader.inputFile(entries[0].node, scenarioPath: scenarioPath, what: "attractiveness file")
            let table = try CSVTable(path: path, field: "preferences.attractiveness.file")
            try table.requireColumns(["school_id", "attractiveness"], optional: ["name"])
            for (line, v) in try table.records() {
                let id = v["school_id"] ?? ""
                guard let s = index[id] else { throw table.error(line, "school_id", "no school '\(id)' in the region") }
                values[s] = try table.double(v, "attractiveness", line: line, in: -100...100)
            }
        } else {
            for (id, child) in entries {
                guard let s = index[id] else { throw child.keyError("no school '\(id)' in the region") }
                values[s] = try child.double(in: -100...100)
            }
        }
        return values
    }

    private static func feature<T: RawRepresentable & CaseIterable>(_: T.Type, _ key: String, _ node: ScenarioNode) throws -> T
    where T.RawValue == String {
        guard let f = T(rawValue: key) else {
            throw node.keyError("unknown feature '\(key)'; expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return f
    }
}
