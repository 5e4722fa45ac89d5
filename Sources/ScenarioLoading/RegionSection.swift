import FairPlacesCore

/// The region a scenario builds, and the families' own lists when a pupils file supplies them.
struct BuiltRegion {
    var region: Region
    var statedPreferences: PreferenceLists?
}

/// The `region:` and `schools:` sections: a synthetic region, or pupils and schools from files.
enum RegionSection {
    static let fields = ["synthetic", "files"]
    static let schoolFields = ["generate", "list", "file"]
    static let listedSchoolFields = ["id", "name", "type", "location_km", "pan", "attractiveness", "district", "arrangements"]

    /// Where a school's arrangements come from, so they can be derived again once the region's small
    /// areas are known (area catchments name areas that exist only after the region is built).
    private enum Recipe {
        /// The scenario's arrangements for the school's type (generated schools).
        case byType(SchoolType)
        /// The type's arrangements with the school's own `arrangements:` on top (listed schools).
        case listed(SchoolType, ScenarioNode?)
        /// Fixed when read (schools from a file).
        case fixed
    }

    static func build(_ node: ScenarioNode, schools schoolsNode: ScenarioNode?, admissions: AdmissionsSection,
                      seed: UInt64, scenarioPath: String) throws -> BuiltRegion {
        let r = try FieldReader(node, allowed: fields)
        guard r.has("synthetic") != r.has("files") else {
            throw node.error("give exactly one of 'synthetic' (a generated region) or 'files' (pupils from a file)")
        }
        var listed: [School] = []
        var recipes: [Recipe] = []
        var generate: SyntheticRegionSpec.GeneratedSchools?
        if let schoolsNode {
            let sr = try FieldReader(schoolsNode, allowed: schoolFields)
            if let g = sr["generate"] { generate = try generatedSchools(g) }
            if let list = sr["list"] {
                for item in try list.sequence() {
                    let (school, recipe) = try listedSchool(item, admissions: admissions)
                    listed.append(school); recipes.append(recipe)
                }
            }
            if let file = sr["file"] {
                let path = ScenarioLoader.resolve(try file.string(), relativeTo: scenarioPath)
                for school in try SchoolsFile.read(path: path, admissions: admissions) {
                    listed.append(school); recipes.append(.fixed)
                }
            }
            var seen: [String: Int] = [:]
            for (k, s) in listed.enumerated() {
                if let first = seen[s.id] {
                    throw schoolsNode.error("two schools share the id '\(s.id)' (schools \(first + 1) and \(k + 1))")
                }
                seen[s.id] = k
            }
        }

        var built: BuiltRegion
        if let synthetic = r["synthetic"] {
            var spec = try SyntheticSection.read(synthetic)
            spec.generatedSchools = generate
            if listed.isEmpty && generate == nil {
                throw (schoolsNode ?? node).error("the region has no schools: add schools.list, schools.file or schools.generate")
            }
            for s in listed where s.location.x < 0 || s.location.x > spec.widthKm || s.location.y < 0 || s.location.y > spec.heightKm {
                throw (schoolsNode ?? node).error("school '\(s.id)' lies outside the region (0–\(spec.widthKm) × 0–\(spec.heightKm) km)")
            }
            var failure: ScenarioError?
            let region = SyntheticRegionGenerator.generate(spec: spec, listedSchools: listed, arrangements: { type in
                do { return try admissions.arrangements(for: type, areas: nil) } catch {
                    failure = error as? ScenarioError
                    return AdmissionArrangements()
                }
            }, seed: seed)
            if let failure { throw failure }
            let generatedCount = region.schools.count - listed.count
            recipes += region.schools.suffix(generatedCount).map { .byType($0.type) }
            built = BuiltRegion(region: region, statedPreferences: nil)
        } else {
            let files = try FieldReader(r["files"]!, allowed: ["pupils"])
            let pupilsNode = try files.require("pupils")
            if listed.isEmpty {
                throw (schoolsNode ?? node).error("a region from files needs its schools in schools.list or schools.file")
            }
            if generate != nil {
                throw schoolsNode!.error("schools.generate needs a synthetic region")
            }
            let path = ScenarioLoader.resolve(try pupilsNode.string(), relativeTo: scenarioPath)
            built = try PupilsFile.read(path: path, schools: listed)
        }

        // Second pass: now that small areas exist, resolve area catchments and check criteria.
        let areaIndex = Dictionary(uniqueKeysWithValues: built.region.areas.enumerated().map { ($1.id, Int32($0)) })
        var schools = built.region.schools
        for (s, recipe) in recipes.enumerated() {
            var origin = admissions.defaultNode ?? node
            switch recipe {
            case .byType(let type):
                schools[s].arrangements = try admissions.arrangements(for: type, areas: areaIndex)
            case .listed(let type, let override):
                var a = try admissions.arrangements(for: type, areas: areaIndex)
                if let override {
                    a = try AdmissionsSection.arrangements(override, base: a, type: type, areas: areaIndex)
                    origin = override
                }
                schools[s].arrangements = a
            case .fixed:
                break
            }
            if schools[s].arrangements.criteria.contains(.catchment) && schools[s].arrangements.catchment == nil {
                throw origin.error("school '\(schools[s].id)' ranks by catchment but has no catchment")
            }
        }
        let region = Region(pupils: built.region.pupils, schools: schools, areas: built.region.areas,
                            faithNames: built.region.faithNames)
        return BuiltRegion(region: region, statedPreferences: built.statedPreferences)
    }

    private static func listedSchool(_ node: ScenarioNode, admissions: AdmissionsSection) throws -> (School, Recipe) {
        let r = try FieldReader(node, allowed: listedSchoolFields)
        let id = try r.require("id").string()
        let type = try r.choice("type", default: SchoolType.community)
        var arrangements = try admissions.arrangements(for: type, areas: nil)
        let override = r["arrangements"]
        if let override {
            arrangements = try AdmissionsSection.arrangements(override, base: arrangements, type: type, areas: nil)
        }
        let school = School(id: id, name: try r.string("name", default: id), location: try r.require("location_km").point(),
                            type: type, pan: try r.require("pan").int(in: 0...10_000),
                            attractiveness: try r.double("attractiveness", default: 0),
                            arrangements: arrangements, district: try r.string("district", default: ""))
        return (school, .listed(type, override))
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
                    var e = child.error("unknown school type '\(key)'; expected one of: \(SchoolType.allCases.map(\.rawValue).joined(separator: ", "))")
                    e.field = child.path
                    throw e
                }
                return (type, try child.double(in: 0...1_000_000))
            }
            guard g.typeShares.contains(where: { $0.1 > 0 }) else { throw types.error("at least one type needs a positive share") }
        }
        return g
    }
}
