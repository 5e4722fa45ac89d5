import FairPlacesCore
import Allocation

/// The `admissions:` section: default arrangements, arrangements by school type, the mechanism,
/// the unplaced-pupil rule and the lottery scope.
///
/// Arrangements are layered: built-in default → `default` → `by_type` → the school's own. Area
/// catchments name small areas that exist only once the region is built, so layers are read twice:
/// first without areas (to check everything else early), then with them.
/// Names in the region that arrangements may refer to; known only once the region is built.
struct RegionNames {
    var areas: [String: Int32]
    var faiths: [String: Int32]
    var feeders: [String: Int32]
    /// School ids, for criteria that name other schools (`catchment_of`).
    var schools: [String: Int32]
    /// Where the region lies, so catchment corners far outside it are reported.
    var extent: RegionExtent

    init(_ region: Region) {
        extent = RegionExtent(region)
        schools = Dictionary(region.schools.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        areas = Dictionary(uniqueKeysWithValues: region.areas.enumerated().map { ($1.id, Int32($0)) })
        faiths = Dictionary(uniqueKeysWithValues: region.faithNames.enumerated().dropFirst().map { ($1, Int32($0)) })
        feeders = Dictionary(region.feederNames.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
    }
}

struct AdmissionsSection {
    static let builtInDefault = AdmissionArrangements(criteria: [.lookedAfter, .sibling], tieBreak: .distance)
    var defaultNode: ScenarioNode?
    var byType: [SchoolType: ScenarioNode] = [:]
    /// `by_type: grammar: {becomes: community}`: schools of one type re-designated as another,
    /// e.g. a selective county gone comprehensive. Applied once (conversions do not chain), before
    /// any arrangements are layered, so a converted school takes its new type's arrangements whole.
    var conversions: [SchoolType: SchoolType] = [:]
    var mechanism: MechanismKind = .deferredAcceptance
    var mechanismNode: ScenarioNode?
    var serialOrder: SerialOrder = .lottery
    var unplacedRule: UnplacedPupilRule = .nearestVacancy
    var lotteryScope: LotteryScope = .single

    static let fields = ["default", "by_type", "mechanism", "serial_order", "unplaced", "lottery"]
    static let arrangementFields = ["criteria", "tie_break", "catchment", "former_catchment", "selection", "quotas", "banding",
                                    "first_preference_first", "distance_measure"]

    init(_ node: ScenarioNode?) throws {
        guard let node else { return }
        let r = try FieldReader(node, allowed: Self.fields)
        mechanism = try r.choice("mechanism", default: mechanism)
        mechanismNode = r["mechanism"]
        serialOrder = try r.choice("serial_order", default: serialOrder)
        unplacedRule = try r.choice("unplaced", default: unplacedRule)
        lotteryScope = try r.choice("lottery", default: lotteryScope)
        defaultNode = r["default"]
        if let types = r["by_type"] {
            for (key, child) in try types.mappingEntries() {
                guard let type = SchoolType(rawValue: key) else {
                    throw child.keyError("unknown school type '\(key)'; expected one of: \(SchoolType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if case .mapping(let entries) = child.value, let becomes = entries.first(where: { $0.key == "becomes" }) {
                    let target = try becomes.node.choice(SchoolType.self)
                    // Fields a base scenario gave this layer are what `becomes` replaces (the
                    // variant that re-designates overrides them); fields beside it in the same
                    // file would be silently ignored, so they are an error.
                    if let other = entries.first(where: { $0.key != "becomes" && $0.node.file == becomes.node.file }) {
                        throw other.node.keyError("'becomes' re-designates \(key) schools, which then take the \(target.rawValue) arrangements; give no other field beside it")
                    }
                    conversions[type] = target
                } else {
                    byType[type] = child
                }
            }
        }
        // Check every layer now, whether or not any school turns out to use it.
        for type in SchoolType.allCases { _ = try arrangements(for: type, names: nil) }
    }

    /// The type a school of published or listed type `type` has in this scenario.
    func designation(of type: SchoolType) -> SchoolType { conversions[type] ?? type }

    /// The arrangements of a school of `type` before its own: the layers above, and for grammar
    /// schools a selection test unless one is given. With `areas` nil, area catchments are checked
    /// later and left empty.
    func arrangements(for type: SchoolType, names: RegionNames?, religiousCharacter: String = "") throws -> AdmissionArrangements {
        var a = Self.builtInDefault
        if let defaultNode { a = try Self.arrangements(defaultNode, base: a, names: names) }
        // A school with a religious character ranks families of its faith next after looked-after
        // children, then the council's other criteria, unless its type's arrangements say otherwise.
        // (The caller has checked that the faith exists.)
        if !religiousCharacter.isEmpty, let faith = names?.faiths[religiousCharacter] {
            let own = OversubscriptionCriterion(.faith, members: [faith])
            let rest = a.criteria.filter { $0.kind != .lookedAfter && $0 != own }
            a.criteria = (a.criteria.contains(.lookedAfter) ? [.lookedAfter] : []) + [own] + rest
        }
        // A grammar school selects unless its own layers say `selection: none`, so the default
        // test goes in before them.
        if type == .grammar && a.selection == nil { a.selection = Selection() }
        if let node = byType[type] { a = try Self.arrangements(node, base: a, names: names) }
        return a
    }

    /// The node to blame for a school's criteria: the last layer that set them.
    func criteriaOrigin(type: SchoolType, own: ScenarioNode?) -> ScenarioNode? {
        for layer in [own, byType[type], defaultNode] {
            if let layer, case .mapping(let entries) = layer.value, let c = entries.first(where: { $0.key == "criteria" }) {
                return c.node
            }
        }
        return own ?? byType[type] ?? defaultNode
    }

    /// Reads an arrangements mapping on top of `base`; fields not given keep the base's values.
    static func arrangements(_ node: ScenarioNode, base: AdmissionArrangements, names: RegionNames?) throws -> AdmissionArrangements {
        let r = try FieldReader(node, allowed: arrangementFields)
        var a = base
        if let list = r["criteria"] {
            a.criteria = try criteriaList(list, names: names)
        }
        a.tieBreak = try r.choice("tie_break", default: a.tieBreak)
        if let c = r["catchment"] {
            a.catchment = try catchment(c, names: names)
        }
        if let c = r["former_catchment"] {
            a.formerCatchment = try catchment(c, names: names)
        }
        if let s = r["selection"], case .scalar(let word) = s.value, word == "none" {
            a.selection = nil
        } else if let s = r["selection"] {
            let sr = try FieldReader(s, allowed: ["qualifying_share", "test_noise_sd", "tutoring_boost", "rank_by_score"])
            let d = a.selection ?? Selection()
            a.selection = Selection(qualifyingShare: try sr.double("qualifying_share", default: d.qualifyingShare, in: 0...1),
                                    testNoiseSD: try sr.double("test_noise_sd", default: d.testNoiseSD, in: 0...10),
                                    tutoringBoost: try sr.double("tutoring_boost", default: d.tutoringBoost, in: -10...10),
                                    rankByScore: try sr.bool("rank_by_score", default: d.rankByScore))
        }
        if let q = r["quotas"] {
            a.quotas = try q.sequence().map { try quota($0, ordinary: a.criteria, names: names) }
            let total = a.quotas.reduce(0) { $0 + $1.share }
            if total > 1 + 1e-9 { throw q.error("quota shares add up to \(total), more than 100% of places") }
        }
        if let b = r["banding"] {
            let br = try FieldReader(b, allowed: ["bands", "reference", "test_noise_sd", "shares"])
            var banding = Banding(bands: try br.int("bands", default: 3, in: 2...10),
                                  reference: try br.choice("reference", default: BandingReference.applicants),
                                  testNoiseSD: try br.double("test_noise_sd", default: 0.5, in: 0...10))
            if let sharesNode = br["shares"] {
                let shares = try sharesNode.sequence().map { try $0.double(in: 0...1) }
                guard shares.count == banding.bands else {
                    throw sharesNode.error("\(shares.count) band shares for \(banding.bands) bands")
                }
                guard abs(shares.reduce(0, +) - 1) < 1e-6 else {
                    throw sharesNode.error("band shares must add up to 1, they add up to \(shares.reduce(0, +))")
                }
                banding.shares = shares
            }
            a.banding = banding
        }
        a.firstPreferenceFirst = try r.bool("first_preference_first", default: a.firstPreferenceFirst)
        a.distanceMeasure = try r.choice("distance_measure", default: a.distanceMeasure)
        return a
    }

    static let criterionOptions = ["in_catchment", "within_km", "faiths", "schools", "or_former_catchment"]

    /// A list of criteria: each a name (`sibling`) or a one-key mapping with options
    /// (`{sibling: {within_km: 3}}`, `{faith: [catholic]}`, `{feeder: [Primary 4]}`).
    static func criteriaList(_ list: ScenarioNode, names: RegionNames?) throws -> [OversubscriptionCriterion] {
        let items = try list.sequence()
        let criteria = try items.map { try criterion($0, names: names) }
        var seen: Set<OversubscriptionCriterion> = []
        for (k, c) in criteria.enumerated() where !seen.insert(c).inserted {
            throw items[k].error("the criterion '\(c.kind.rawValue)' is listed twice")
        }
        return criteria
    }

    static func criterion(_ node: ScenarioNode, names: RegionNames?) throws -> OversubscriptionCriterion {
        if case .scalar = node.value {
            let kind = try node.choice(CriterionKind.self)
            if kind == .faith || kind == .feeder || kind == .catchmentOf {
                throw node.error("the criterion '\(kind.rawValue)' needs its \(kind == .faith ? "faiths" : "schools"), e.g. {\(kind.rawValue): [name]}")
            }
            return OversubscriptionCriterion(kind)
        }
        let entries = try node.mappingEntries()
        guard entries.count == 1, let (name, options) = entries.first else {
            throw node.error("a criterion with options is a mapping with one key, e.g. {sibling: {within_km: 3}}")
        }
        guard let kind = CriterionKind(rawValue: name) else {
            throw options.keyError("unknown criterion '\(name)'; expected one of: \(CriterionKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var c = OversubscriptionCriterion(kind)
        var memberNodes: [ScenarioNode] = []
        if case .sequence(let items) = options.value {
            memberNodes = items
        } else if case .mapping = options.value {
            let r = try FieldReader(options, allowed: criterionOptions)
            if let inside = r["in_catchment"] { c.inCatchment = try inside.bool() }
            if let within = r["within_km"] { c.withinKm = try within.double(in: 0...10_000) }
            if let former = r["or_former_catchment"] {
                c.orFormerCatchment = try former.bool()
                guard !c.orFormerCatchment || c.inCatchment == true else {
                    throw former.keyError("'or_former_catchment' widens 'in_catchment: true'; give in_catchment: true with it")
                }
            }
            for field in ["faiths", "schools"] {
                guard let list = r[field] else { continue }
                guard (field == "faiths" && kind == .faith) || (field == "schools" && (kind == .feeder || kind == .catchmentOf)) else {
                    throw list.keyError("'\(field)' applies only to the \(field == "faiths" ? "faith" : "feeder and catchment_of") criteria")
                }
                memberNodes = try list.sequence()
            }
        } else {
            throw options.error("expected a list of names or a mapping of options (\(criterionOptions.joined(separator: ", ")))")
        }
        if kind == .faith || kind == .feeder || kind == .catchmentOf {
            guard !memberNodes.isEmpty else { throw options.error("the criterion '\(name)' needs at least one name") }
            if let names {
                let table = kind == .faith ? names.faiths : kind == .feeder ? names.feeders : names.schools
                c.members = try memberNodes.map { item in
                    let n = try item.string()
                    guard let index = table[n] else {
                        throw item.error("unknown \(kind == .faith ? "faith" : kind == .feeder ? "feeder school" : "school") '\(n)'")
                    }
                    return index
                }
            } else {
                _ = try memberNodes.map { try $0.string() }
            }
        } else if !memberNodes.isEmpty {
            throw options.error("the criterion '\(name)' takes options (in_catchment, within_km), not a list of names")
        }
        return c
    }

    static func quota(_ node: ScenarioNode, ordinary: [OversubscriptionCriterion], names: RegionNames?) throws -> SeatQuota {
        let r = try FieldReader(node, allowed: ["share", "for", "criteria", "unused"])
        let share = try r.require("share").double(in: 0...1)
        let forNode = try r.require("for")
        let eligibility: QuotaEligibility
        if case .scalar(let name) = forNode.value, name == "ability" {
            eligibility = .ability
        } else if case .scalar(let name) = forNode.value, name == "aptitude" {
            if share > 0.1 + 1e-9 { throw node.error("aptitude places are limited to 10% of the intake (Code 1.24), got \(share)") }
            eligibility = .aptitude
        } else {
            eligibility = .meets(try criterion(forNode, names: names))
        }
        let criteria = try r["criteria"].map { try criteriaList($0, names: names) } ?? ordinary
        let unused = try r.string("unused", default: "release")
        guard unused == "release" || unused == "keep_empty" else {
            throw r["unused"]!.error("unknown value '\(unused)'; expected one of: release, keep_empty")
        }
        return SeatQuota(share: share, eligibility: eligibility, criteria: criteria, releaseUnused: unused == "release")
    }

    static func catchment(_ node: ScenarioNode, names: RegionNames?) throws -> Catchment {
        if case .mapping(let entries) = node.value, entries.contains(where: { $0.key == "file" }) {
            return try CatchmentMap.read(node, names: names)
        }
        let r = try FieldReader(node, allowed: ["polygon_km", "areas", "file"])
        if let p = r["polygon_km"] {
            let corners = try p.sequence()
            let vertices = try corners.map { try $0.point() }
            guard vertices.count >= 3 else { throw p.error("a catchment polygon needs at least 3 corners") }
            if let names {
                for (corner, v) in zip(corners, vertices) {
                    if let problem = names.extent.problem(with: v) { throw corner.error(problem) }
                }
            }
            return .polygon(Polygon(vertices: vertices))
        }
        if let list = r["areas"] {
            let items = try list.sequence()
            let areaNames = try items.map { try $0.string() }
            guard let areas = names?.areas else { return .areas([]) }
            return .areas(try zip(items, areaNames).map { item, name in
                guard let index = areas[name] else { throw item.error("unknown small area '\(name)'") }
                return index
            })
        }
        throw node.error("a catchment needs polygon_km, areas or file (a GeoJSON map)")
    }
}
