import Foundation
import FairPlacesCore

/// `region.england:` — a real place built from England's published data: one or more local
/// authorities (or all of England), their schools and those of neighbouring authorities within
/// reach, and a year group synthesised neighbourhood by neighbourhood (`AreaCohort`).
///
/// Every row that cannot be used is counted in a notice (schools without coordinates or without a
/// Year 7 intake, areas without a centroid), never dropped silently.
enum EnglandSection {
    static let fields = ["authorities", "neighbours_within_km", "cohort_age", "cohort_share", "home_spread", "pan_multiple",
                         "files", "columns", "fsm_share", "overrides", "pupils"]
    static let fileFields = ["schools", "deprivation", "centroids", "population", "postcodes"]
    static let overrideFields = ["pan", "attractiveness", "type", "arrangements", "distance_per_km"]
    /// Other authorities' areas whose centroid lies within this many km of a region area's are kept
    /// as `Region.outlineSites`, so the region's authority outlines meet their neighbours'.
    static let outlineReach = 8.0

    /// The region, and where each school came from (its line in the schools file, and the
    /// scenario's override node when it has one) for the loader's second pass.
    struct Built {
        var region: Region
        var schoolsFile: String
        var schoolLines: [Int]
        var overrides: [Int: ScenarioNode]
        var notices: [String]
    }

    /// An education authority: its name and codes as the schools file gives them.
    struct Authority {
        var name: String
        var code: String
        var gss: String
        var fsmPupils = 0.0, pupilsOnRoll = 0.0
    }

    static func build(_ node: ScenarioNode, admissions: AdmissionsSection, seed: UInt64, scenarioPath: String) throws -> Built {
        let r = try FieldReader(node, allowed: fields)
        let filesNode = try r.require("files")
        let files = try FieldReader(filesNode, allowed: fileFields)
        func path(_ key: String, required: Bool = true) throws -> String? {
            guard let n = required ? try files.require(key) : files[key] else { return nil }
            return try ScenarioLoader.inputFile(n, scenarioPath: scenarioPath,
                                                hint: " (England's published data: see Data/README.md for where to get it)")
        }
        var mappings: [String: [String: String]] = [:]
        if let columns = r["columns"] {
            for (file, map) in try FieldReader(columns, allowed: fileFields).node.mappingEntries() {
                mappings[file] = Dictionary(uniqueKeysWithValues: try map.mappingEntries().map { ($0.key, try $0.node.string()) })
            }
        }
        let age = try r.int("cohort_age", default: 10, in: 0...19)
        let reach = try r.double("neighbours_within_km", default: 5, in: 0...1_000)
        var rates = SyntheticRegionSpec()
        if let pupilsNode = r["pupils"] {
            try SyntheticSection.readPupilRates(try FieldReader(pupilsNode, allowed: SyntheticSection.pupilRateFields), into: &rates)
        }
        var notices: [String] = []

        // Files.
        let schoolsPath = try path("schools")!
        let (published, skipped) = try PublishedSchoolsFile.read(path: schoolsPath, mapping: mappings["schools"] ?? [:])
        let deprivation = try DeprivationFile.read(path: try path("deprivation")!, mapping: mappings["deprivation"] ?? [:])
        let centroids = try SmallAreaFiles.centroids(path: try path("centroids")!, mapping: mappings["centroids"] ?? [:])
        let population = try SmallAreaFiles.population(path: try path("population")!, age: age,
                                                       mapping: mappings["population"] ?? [:])
        let postcodes = try path("postcodes", required: false).map { try SmallAreaFiles.postcodes(path: $0, mapping: mappings["postcodes"] ?? [:]) }
        if skipped.notSecondary + skipped.closed > 0 {
            notices.append("\(skipped.notSecondary) schools that are not secondary and \(skipped.closed) closed ones in \(schoolsPath) are not part of the region")
        }

        // Schools that can take part: a known type, coordinates and a Year 7 intake.
        var usable: [PublishedSchool] = []
        var noPlace: [String] = [], noIntake: [String] = [], unknownType: [String: Int] = [:]
        for s in published {
            if PublishedSchoolsFile.schoolType(s) == nil { unknownType[s.typeText, default: 0] += 1; continue }
            guard s.easting != nil, s.northing != nil else { noPlace.append(s.id); continue }
            guard let pan = s.yearSevenPlaces, pan > 0 else { noIntake.append(s.id); continue }
            usable.append(s)
        }
        if !noPlace.isEmpty {
            notices.append("\(noPlace.count) schools have no coordinates and are left out (URN \(sample(noPlace)))")
        }
        if !noIntake.isEmpty {
            notices.append("\(noIntake.count) schools take no Year 7 intake (e.g. studio schools, UTCs, 14–19 schools) and are left out (URN \(sample(noIntake)))")
        }
        for (type, count) in unknownType.sorted(by: { $0.key < $1.key }) {
            notices.append("\(count) schools of type '\(type)' are not a state-funded type FairPlaces models and are left out")
        }

        // Authorities, and each area's authority: an LSOA's 2019 district belongs to the authority
        // most schools in that district's LSOAs name (districts nest in education authorities).
        var authorities: [Authority] = []
        var authorityIndex: [String: Int] = [:]
        for s in published where authorityIndex[s.authority] == nil {
            authorityIndex[s.authority] = authorities.count
            authorities.append(Authority(name: s.authority, code: s.authorityCode, gss: s.authorityGSS))
        }
        for s in published {
            guard let fsm = s.fsmPupils, let roll = s.pupilsOnRoll, roll > 0 else { continue }
            authorities[authorityIndex[s.authority]!].fsmPupils += fsm
            authorities[authorityIndex[s.authority]!].pupilsOnRoll += roll
        }
        let areaIDs = population.keys.filter { deprivation[$0] != nil }.sorted()
        // Each area's figures by its position in areaIDs, looked up by code once: the steps below
        // visit every area several times, and 33,000 codes hashed at each visit added up.
        let areaDeprivation = areaIDs.map { deprivation[$0]! }
        let areaCentroid = areaIDs.map { centroids[$0] }
        let areaPopulation = areaIDs.map { population[$0]! }
        // Only areas with a centroid can be placed; a wanted area without one is an error below.
        let located = areaIDs.indices.filter { areaCentroid[$0] != nil }
        let areaGrid = SpatialGrid(sites: located.map { areaCentroid[$0]! })
        var votes: [String: [Int: Int]] = [:]
        for s in published {
            // The school's own LSOA when the file gives it, else the LSOA whose centroid is nearest.
            var area = s.area
            if deprivation[area] == nil, let e = s.easting, let n = s.northing {
                let a = areaGrid.nearest(to: Point(x: e / 1000, y: n / 1000))
                area = a >= 0 ? areaIDs[located[a]] : ""
            }
            guard let district = deprivation[area]?.district else { continue }
            votes[district, default: [:]][authorityIndex[s.authority]!, default: 0] += 1
        }
        let districtAuthority = votes.mapValues { v in v.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key }

        // The authorities asked for.
        let authoritiesNode = try r.require("authorities")
        var chosen: Set<Int> = []
        if case .scalar = authoritiesNode.value, try authoritiesNode.string().lowercased() == "all" {
            chosen = Set(authorities.indices)
        } else {
            for item in try authoritiesNode.sequence() {
                let wanted = try item.string()
                guard let a = authorities.firstIndex(where: {
                    $0.name.caseInsensitiveCompare(wanted) == .orderedSame || $0.code == wanted || $0.gss == wanted
                }) else {
                    let suggestions = authorities.map(\.name).sorted { editDistance($0.lowercased(), wanted.lowercased()) < editDistance($1.lowercased(), wanted.lowercased()) }
                    throw item.error("unknown authority '\(wanted)' in \(schoolsPath); did you mean \(suggestions.prefix(3).map { "'\($0)'" }.joined(separator: ", "))? (give a name, a 3-digit LA code or a GSS code, or 'all')")
                }
                chosen.insert(a)
            }
        }

        // Areas: every LSOA of the chosen authorities, and the neighbours' LSOAs whose nearest school
        // is a neighbouring school in the region, so that border schools have their local applicants.
        var missingCentroid: [String] = [], noAuthority: [String: Int] = [:]
        var areaAuthority = [Int?](repeating: nil, count: areaIDs.count)
        for (k, d) in areaDeprivation.enumerated() {
            guard let a = districtAuthority[d.district] else { noAuthority[d.districtName.isEmpty ? d.district : d.districtName, default: 0] += 1; continue }
            areaAuthority[k] = a
        }
        let chosenAreas = areaIDs.indices.filter { areaAuthority[$0].map(chosen.contains) ?? false }
        for k in chosenAreas where areaCentroid[k] == nil { missingCentroid.append(areaIDs[k]) }
        if !missingCentroid.isEmpty {
            throw try files.require("centroids").error(
                "\(missingCentroid.count) areas of the chosen authorities have no centroid in this file (e.g. \(sample(missingCentroid)))")
        }
        for (district, count) in noAuthority.sorted(by: { $0.key < $1.key }) where chosen.count == authorities.count {
            notices.append("no school in the schools file lies in \(district), so its \(count) areas cannot be given an education authority and are left out")
        }
        let homeGrid = SpatialGrid(sites: chosenAreas.map { areaCentroid[$0]! })
        var inRegion = usable.map { chosen.contains(authorityIndex[$0.authority]!) }
        if reach > 0 && chosen.count < authorities.count {
            for (k, s) in usable.enumerated() where !inRegion[k] {
                let p = Point(x: s.easting! / 1000, y: s.northing! / 1000)
                let a = homeGrid.nearest(to: p)
                if a >= 0 && areaCentroid[chosenAreas[a]]!.distance(to: p) <= reach { inRegion[k] = true }
            }
        }
        let allGrid = SpatialGrid(sites: usable.map { Point(x: $0.easting! / 1000, y: $0.northing! / 1000) })
        // Positions in areaIDs, so in order of area code once sorted.
        var areaList = chosenAreas
        if inRegion.contains(true) && chosen.count < authorities.count {
            // A neighbour's area joins when its three nearest schools are all in the region: its
            // families then have local choices here, and border schools their local applicants.
            var near = [Int32](repeating: -1, count: 3), d2 = [Double](repeating: 0, count: 3)
            for k in areaIDs.indices where areaAuthority[k].map({ !chosen.contains($0) }) ?? false {
                guard let c = areaCentroid[k] else { continue }
                let found = near.withUnsafeMutableBufferPointer { b in
                    d2.withUnsafeMutableBufferPointer { allGrid.nearest(to: c, count: 3, indices: b.baseAddress!, squaredDistances: $0.baseAddress!) }
                }
                if found > 0 && near.prefix(found).allSatisfy({ inRegion[Int($0)] }) { areaList.append(k) }
            }
            areaList.sort()
        }
        let regionSchools = usable.indices.filter { inRegion[$0] }
        guard !chosenAreas.isEmpty else {
            throw authoritiesNode.error("no neighbourhood (LSOA) of the chosen authorities could be placed: the deprivation file's districts match no school's")
        }
        guard !regionSchools.isEmpty else { throw authoritiesNode.error("the chosen authorities have no secondary schools in \(schoolsPath)") }

        // Each authority's FSM share: the school census figure, or the scenario's own.
        var fsmShare: [Double?] = authorities.map { $0.pupilsOnRoll > 0 ? $0.fsmPupils / $0.pupilsOnRoll : nil }
        if let shares = r["fsm_share"] {
            for (name, child) in try shares.mappingEntries() {
                guard let a = authorities.firstIndex(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame || $0.code == name || $0.gss == name }) else {
                    throw child.keyError("unknown authority '\(name)'")
                }
                fsmShare[a] = try child.double(in: 0...1)
            }
        }
        let usedAuthorities = Set(areaList.map { areaAuthority[$0]! })
        for a in usedAuthorities.sorted() where fsmShare[a] == nil {
            throw (r["fsm_share"] ?? node).error("the schools file gives no FSM figures for \(authorities[a].name); set region.england.fsm_share.\(authorities[a].name)")
        }

        // Cohort size: children of the age × the share in state-funded schools (by default, England's
        // Year 7 pupils in the schools file over its children of that age; `by_authority`, each
        // authority's, since the share in independent schools runs from a few per cent in the north
        // to half in inner London).
        let share: Double
        var authorityShare: [Int: Double] = [:]
        let shareText = try r["cohort_share"].map { try $0.string() } ?? "auto"
        if shareText != "auto" && shareText != "by_authority" {
            let node = r["cohort_share"]!
            guard Double(shareText) != nil else { throw node.error("expected auto, by_authority or a share from 0 to 2, not '\(shareText)'") }
            share = try node.double(in: 0...2)
        } else {
            // Every Year 7 pupil in the file counts, at schools left out for want of coordinates too.
            let yearSeven = published.reduce(0) { $0 + ($1.yearSevenPlaces ?? 0) }
            let children = population.filter { $0.key.hasPrefix("E") }.reduce(0) { $0 + $1.value }
            guard children > 0 else { throw filesNode.error("the population file has no English LSOAs (codes E01…)") }
            share = min(1, Double(yearSeven) / Double(children))
            if shareText == "by_authority" {
                var pupilsOf: [Int: Int] = [:], childrenOf: [Int: Int] = [:]
                for school in published { pupilsOf[authorityIndex[school.authority]!, default: 0] += school.yearSevenPlaces ?? 0 }
                for (k, a) in areaAuthority.enumerated() { if let a { childrenOf[a, default: 0] += areaPopulation[k] } }
                for a in usedAuthorities {
                    // An authority whose schools fill from its neighbours can exceed 1; 2 bounds a file error.
                    if let c = childrenOf[a], c > 0 { authorityShare[a] = min(2, Double(pupilsOf[a] ?? 0) / Double(c)) }
                }
                let ordered = authorityShare.sorted { $0.key < $1.key }
                if let low = ordered.min(by: { $0.value < $1.value }), let high = ordered.max(by: { $0.value < $1.value }) {
                    notices.append("cohort: by authority, from \(String(format: "%.1f", low.value * 100))% (\(authorities[low.key].name)) to "
                                   + "\(String(format: "%.1f", high.value * 100))% (\(authorities[high.key].name)) of children aged \(age) "
                                   + "(each authority's Year 7 pupils in the schools file over its children of that age)")
                }
            } else {
                notices.append("cohort: \(String(format: "%.1f", share * 100))% of children aged \(age) (England's Year 7 pupils in the schools file over its children of that age)")
            }
        }

        // Schools as the core sees them.
        var faiths: Set<String> = Set(rates.faithShares.map(\.0))
        var overrides: [Int: ScenarioNode] = [:]
        let overrideNodes = try r["overrides"]?.mappingEntries() ?? []
        var schools: [School] = []
        var schoolLines: [Int] = []
        // The files give Year 7 pupils, not PANs: a PAN is estimated as the Year 7 number rounded up
        // to whole forms of entry, since admission numbers are set in forms (30 a form by default).
        let panMultiple = try r.int("pan_multiple", default: 30, in: 1...1_000)
        for k in regionSchools {
            let s = usable[k]
            let type = PublishedSchoolsFile.schoolType(s)!
            let faith = PublishedSchoolsFile.faith(s.religiousCharacter)
            if !faith.isEmpty { faiths.insert(faith) }
            schools.append(School(id: s.id, name: s.name, location: Point(x: s.easting! / 1000, y: s.northing! / 1000),
                                  type: type, pan: (s.yearSevenPlaces! + panMultiple - 1) / panMultiple * panMultiple,
                                  arrangements: try admissions.arrangements(for: type, names: nil),
                                  district: s.authority, religiousCharacter: faith))
            schools[schools.count - 1].sexOfSchool = s.sex == "Girls" ? .girls : s.sex == "Boys" ? .boys : .mixed
            schools[schools.count - 1].sponsorLed = PublishedSchoolsFile.sponsorLed(s)
            schools[schools.count - 1].sixthForm = s.sixthForm
            schoolLines.append(s.line)
        }
        for (id, child) in overrideNodes {
            guard let s = schools.firstIndex(where: { $0.id == id }) else {
                throw child.keyError("no school with URN \(id) is in the region")
            }
            let o = try FieldReader(child, allowed: overrideFields)
            schools[s].pan = try o.int("pan", default: schools[s].pan, in: 0...10_000)
            schools[s].attractiveness = try o.double("attractiveness", default: schools[s].attractiveness)
            schools[s].type = try o.choice("type", default: schools[s].type)
            if let d = o["distance_per_km"] { schools[s].distancePerKm = try d.double(in: -100...100) }
            overrides[s] = child
        }

        // Pupils, area by area.
        let faithNames = ["none"] + faiths.sorted()
        // A pupil's faith is one byte, 0 being none.
        if faithNames.count > 255 { throw filesNode.error("the schools have \(faithNames.count - 1) religious characters; at most 254 are supported") }
        var points: [Point] = [], offsets: [Int] = [0]
        var areas: [AreaCohortSpec.Area] = []
        var noPostcode = 0
        let used = usedAuthorities.sorted()
        let slot = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0) })
        for k in areaList {
            let d = areaDeprivation[k]
            let q = (Double(d.idaciRank) - 0.5) / Double(DeprivationFile.lsoaCount)
            areas.append(AreaCohortSpec.Area(id: areaIDs[k], centroid: areaCentroid[k]!,
                                             idaciScore: d.idaciScore ?? IDACICurve.score(atRankFraction: q),
                                             idaciDecile: UInt8(d.idaciDecile),
                                             pupils: Int((Double(areaPopulation[k]) * (authorityShare[areaAuthority[k]!] ?? share)).rounded()),
                                             authority: slot[areaAuthority[k]!]!))
            if let postcodes {
                let p = postcodes[areaIDs[k]] ?? []
                if p.isEmpty { noPostcode += 1 }
                points += p
                offsets.append(points.count)
            }
        }
        if postcodes != nil && noPostcode > 0 {
            notices.append("\(noPostcode) areas have no postcode points; their homes scatter around the centroid")
        }
        var spec = AreaCohortSpec(areas: areas, authorityFSMShare: used.map { fsmShare[$0]! }, rates: rates)
        spec.authorityNames = used.map { authorities[$0].name }
        if postcodes != nil { spec.homePoints = points; spec.homePointOffsets = offsets }
        spec.homeSpreadShare = try r.double("home_spread", default: spec.homeSpreadShare, in: 0...10)
        var region = AreaCohort.build(spec, schools: schools, faithNames: faithNames, seed: seed)
        if chosen.count < authorities.count {
            region.ownAuthorities = chosen.sorted().map { authorities[$0].name }
            // Other authorities' areas near the region, only to draw where its authorities end.
            var inRegionAreas = [Bool](repeating: false, count: areaIDs.count)
            for k in areaList { inRegionAreas[k] = true }
            let regionGrid = SpatialGrid(sites: areaList.map { areaCentroid[$0]! })
            for k in areaIDs.indices where !inRegionAreas[k] {
                guard let a = areaAuthority[k], let c = areaCentroid[k] else { continue }
                let near = regionGrid.nearest(to: c)
                if near >= 0 && areaCentroid[areaList[near]]!.distance(to: c) <= outlineReach {
                    let d = areaDeprivation[k]
                    region.outlineSites.append(SmallArea(id: areaIDs[k], centroid: c, idaciScore: d.idaciScore ?? 0,
                                                         idaciDecile: UInt8(d.idaciDecile), authority: authorities[a].name))
                }
            }
        }
        let names = chosen.count == authorities.count ? "all of England" : chosen.sorted().map { authorities[$0].name }.joined(separator: ", ")
        notices.append("England region: \(names); \(schools.count) schools (\(schools.filter { !chosen.contains(authorityIndex[$0.district]!) }.count) in neighbouring authorities within \(reach) km), \(areas.count) areas, \(region.pupils.count) pupils")
        return Built(region: region, schoolsFile: schoolsPath, schoolLines: schoolLines, overrides: overrides, notices: notices)
    }

    private static func sample(_ ids: [String]) -> String {
        ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
    }

    /// Levenshtein distance, for suggesting the authority a misspelt name meant.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
