import FairPlacesCore

/// The region a scenario builds, and the families' own lists when a pupils file supplies them.
struct BuiltRegion {
    var region: Region
    var statedPreferences: PreferenceLists?
    /// What the loader did that the user should know (rows left out, counts), one line each.
    var notices: [String] = []
}

/// The `region:` and `schools:` sections: a synthetic region, or pupils and schools from files.
enum RegionSection {
    static let fields = ["synthetic", "files", "england", "postcodes", "travel"]
    static let schoolFields = ["generate", "list", "file"]
    static let listedSchoolFields = ["id", "name", "type", "location_km", "pan", "attractiveness", "district", "faith",
                                     "nodal_point_km", "arrangements", "sex", "distance_per_km", "sponsor_led", "sixth_form"]

    /// Where a school came from: for deriving its arrangements again once the region's small areas
    /// are known (area catchments name areas that exist only after the region is built), and for
    /// pointing errors at the right place.
    private enum Origin {
        /// Generated: its type's arrangements.
        case generated
        /// Listed in the scenario: its type's arrangements with its own `arrangements:` on top.
        case listed(ScenarioNode, own: ScenarioNode?)
        /// From a schools file: its type's arrangements with the file's columns on top.
        case file(path: String, line: Int, own: FileArrangements)

        func error(field: String, _ message: String) -> ScenarioError {
            switch self {
            case .generated:
                return ScenarioError(file: "", line: nil, field: field, message: message)
            case .listed(let node, _):
                if case .mapping(let entries) = node.value, let child = entries.first(where: { $0.key == field })?.node {
                    return child.error(message)
                }
                return node.error(message)
            case .file(let path, let line, _):
                return ScenarioError(file: path, line: line, field: field, message: message)
            }
        }
    }

    static func build(_ node: ScenarioNode, schools schoolsNode: ScenarioNode?, admissions: AdmissionsSection,
                      seed: UInt64, scenarioPath: String) throws -> BuiltRegion {
        let r = try FieldReader(node, allowed: fields)
        guard [r.has("synthetic"), r.has("files"), r.has("england"), r.has("postcodes")].filter({ $0 }).count == 1 else {
            throw node.error("give exactly one of 'synthetic' (a generated region), 'files' (pupils from a file), 'england' (a real place from England's published data) or 'postcodes' (a year group drawn from a postcode population file)")
        }
        var listed: [School] = []
        var origins: [Origin] = []
        var generate: SyntheticRegionSpec.GeneratedSchools?
        var generateNode: ScenarioNode?
        if let schoolsNode {
            let sr = try FieldReader(schoolsNode, allowed: schoolFields)
            generateNode = sr["generate"]
            if let g = generateNode { generate = try generatedSchools(g) }
            if let list = sr["list"] {
                for item in try list.sequence() {
                    let (school, own) = try listedSchool(item, admissions: admissions)
                    listed.append(school); origins.append(.listed(item, own: own))
                }
            }
            if let file = sr["file"] {
                let path = try ScenarioLoader.inputFile(file, scenarioPath: scenarioPath, what: "schools file")
                for entry in try SchoolsFile.read(path: path, admissions: admissions) {
                    listed.append(entry.school); origins.append(.file(path: path, line: entry.line, own: entry.own))
                }
            }
            var seen: Set<String> = []
            for (k, s) in listed.enumerated() where !seen.insert(s.id).inserted {
                throw origins[k].error(field: "id", "two schools share the id '\(s.id)'")
            }
        }

        var built: BuiltRegion
        if let england = r["england"] {
            if let schoolsNode {
                let sr = try FieldReader(schoolsNode, allowed: schoolFields)
                if let other = sr["generate"] ?? sr["file"] {
                    throw other.keyError("an England region takes its schools from region.england.files.schools; add new schools with schools.list")
                }
            }
            let e = try EnglandSection.build(england, admissions: admissions, seed: seed, scenarioPath: scenarioPath)
            for (k, s) in listed.enumerated() where e.region.schools.contains(where: { $0.id == s.id }) {
                throw origins[k].error(field: "id", "the id '\(s.id)' is already a school's URN in the region")
            }
            var region = e.region
            if !listed.isEmpty {
                // Listed schools (e.g. a proposed new school) join the published ones.
                region = region.with(schools: region.schools + listed)
            }
            let englandOrigins = e.schoolLines.indices.map { s -> Origin in
                if let o = e.overrides[s] {
                    return .listed(o, own: (try? FieldReader(o, allowed: EnglandSection.overrideFields))?["arrangements"])
                }
                return .file(path: e.schoolsFile, line: e.schoolLines[s], own: FileArrangements())
            }
            origins = englandOrigins + origins
            built = BuiltRegion(region: region, statedPreferences: nil, notices: e.notices)
        } else if let postcodes = r["postcodes"] {
            if listed.isEmpty {
                throw (schoolsNode ?? node).error("a postcode region needs its schools in schools.list or schools.file")
            }
            if let generateNode { throw generateNode.keyError("schools.generate needs a synthetic region") }
            built = try PostcodeSection.build(postcodes, schools: listed, seed: seed, scenarioPath: scenarioPath)
        } else if let synthetic = r["synthetic"] {
            var spec = try SyntheticSection.read(synthetic)
            spec.generatedSchools = generate
            if listed.isEmpty && generate == nil {
                throw (schoolsNode ?? node).error("the region has no schools: add schools.list, schools.file or schools.generate")
            }
            for (k, s) in listed.enumerated()
            where s.location.x < 0 || s.location.x > spec.widthKm || s.location.y < 0 || s.location.y > spec.heightKm {
                throw origins[k].error(field: "location_km", "school '\(s.id)' lies outside the region (0–\(spec.widthKm) × 0–\(spec.heightKm) km)")
            }
            // Every layer was checked when the admissions section was read, so this cannot fail.
            let region = SyntheticRegionGenerator.generate(spec: spec, listedSchools: listed, arrangements: { type in
                (try? admissions.arrangements(for: type, names: nil)) ?? AdmissionsSection.builtInDefault
            }, seed: seed)
            origins += Array(repeating: Origin.generated, count: region.schools.count - listed.count)
            built = BuiltRegion(region: region, statedPreferences: nil)
        } else {
            let files = try FieldReader(r["files"]!, allowed: ["pupils"])
            let pupilsNode = try files.require("pupils")
            if listed.isEmpty {
                throw (schoolsNode ?? node).error("a region from files needs its schools in schools.list or schools.file")
            }
            if let generateNode {
                throw generateNode.keyError("schools.generate needs a synthetic region")
            }
            let path = try ScenarioLoader.inputFile(pupilsNode, scenarioPath: scenarioPath, what: "pupils file")
            built = try PupilsFile.read(path: path, schools: listed)
        }

        // Second pass: now that small areas exist, resolve area catchments and check criteria.
        let names = RegionNames(built.region)
        var schools = built.region.schools
        for (s, origin) in origins.enumerated() {
            let type = admissions.designation(of: schools[s].type)
            schools[s].type = type
            var faithOrigin: ScenarioNode?
            if case .listed(let node, _) = origin, case .mapping(let entries) = node.value {
                faithOrigin = entries.first { $0.key == "faith" }?.node
            }
            let character = schools[s].religiousCharacter
            if !character.isEmpty && names.faiths[character] == nil {
                let message = "the religious character '\(character)' is not a faith of the region's families; add it to region.synthetic.faiths or the pupils file"
                if case .file = origin { throw origin.error(field: "religious_character", message) }
                throw (faithOrigin ?? node).error(message)
            }
            var a = try admissions.arrangements(for: type, names: names, religiousCharacter: character)
            var own: ScenarioNode?
            switch origin {
            case .generated: break
            case .listed(_, let node):
                own = node
                if let node { a = try AdmissionsSection.arrangements(node, base: a, names: names) }
            case .file(_, _, let fileOwn):
                a = fileOwn.applied(to: a)
            }
            if a.criteria.contains(.catchment) && a.catchment == nil {
                let message = "the criterion 'catchment' needs a catchment (polygon_km or areas); school '\(schools[s].id)' has none"
                if case .file = origin { throw origin.error(field: "criteria", message) }
                throw (admissions.criteriaOrigin(type: type, own: own) ?? node).error(message)
            }
            let widened = a.criteria.contains { $0.orFormerCatchment }
                || a.quotas.contains { q in
                    if case .meets(let c) = q.eligibility, c.orFormerCatchment { return true }
                    return q.criteria.contains { $0.orFormerCatchment }
                }
            if widened && a.formerCatchment == nil {
                let message = "'or_former_catchment' needs the school's former_catchment; school '\(schools[s].id)' has none"
                if case .file = origin { throw origin.error(field: "criteria", message) }
                throw (admissions.criteriaOrigin(type: type, own: own) ?? node).error(message)
            }
            schools[s].arrangements = a
        }
        var region = built.region.with(schools: schools)
        if let travelNode = r["travel"] {
            region.travel = try TravelFile.read(travelNode, region: region, scenarioPath: scenarioPath)
        }
        if region.travel == nil, let s = schools.first(where: { $0.arrangements.distanceMeasure == .travel }) {
            throw node.error("school '\(s.id)' measures distance by travel, but the region has no travel matrix (region.travel)")
        }
        return BuiltRegion(region: region, statedPreferences: built.statedPreferences, notices: built.notices)
    }

    static func listedSchool(_ node: ScenarioNode, admissions: AdmissionsSection) throws -> (School, own: ScenarioNode?) {
        let r = try FieldReader(node, allowed: listedSchoolFields)
        let id = try r.require("id").string()
        let type = try r.choice("type", default: SchoolType.community)
        var arrangements = try admissions.arrangements(for: type, names: nil)
        let override = r["arrangements"]
        if let override {
            arrangements = try AdmissionsSection.arrangements(override, base: arrangements, names: nil)
        }
        var school = School(id: id, name: try r.string("name", default: id), location: try r.require("location_km").point(),
                            type: type, pan: try r.require("pan").int(in: 0...10_000),
                            attractiveness: try r.double("attractiveness", default: 0),
                            arrangements: arrangements, district: try r.string("district", default: ""),
                            religiousCharacter: try r.string("faith", default: ""))
        school.nodalPoint = try r["nodal_point_km"]?.point()
        school.sexOfSchool = try r.choice("sex", default: SexOfSchool.mixed)
        school.distancePerKm = try r["distance_per_km"]?.double(in: -100...100)
        school.sponsorLed = try r.bool("sponsor_led", default: false)
        school.sixthForm = try r.bool("sixth_form", default: false)
        return (school, override)
    }

    private static func generatedSchools(_ node: ScenarioNode) throws -> SyntheticRegionSpec.GeneratedSchools {
        let r = try FieldReader(node, allowed: ["count", "surplus", "types", "attractiveness_sd", "pan_multiple"])
        var g = SyntheticRegionSpec.GeneratedSchools(count: try r.require("count").int(in: 1...100_000))
        g.surplusShare = try r.double("surplus", default: g.surplusShare, in: -0.5...5)
        g.attractivenessSD = try r.double("attractiveness_sd", default: g.attractivenessSD, in: 0...10)
        g.panMultiple = try r.int("pan_multiple", default: g.panMultiple, in: 1...1_000)
        if let types = r["types"] {
            g.typeShares = try types.mappingEntries().map { key, child in
                guard let type = SchoolType(rawValue: key) else {
                    throw child.keyError("unknown school type '\(key)'; expected one of: \(SchoolType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return (type, try child.double(in: 0...1_000_000))
            }
            guard g.typeShares.contains(where: { $0.1 > 0 }) else { throw types.error("at least one type needs a positive share") }
        }
        return g
    }
}
