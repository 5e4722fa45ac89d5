import FairPlacesCore
import Allocation

/// The `admissions:` section: default arrangements, arrangements by school type, the mechanism,
/// the unplaced-pupil rule and the lottery scope.
///
/// Arrangements are layered: built-in default → `default` → `by_type` → the school's own. Area
/// catchments name small areas that exist only once the region is built, so layers are read twice:
/// first without areas (to check everything else early), then with them.
struct AdmissionsSection {
    static let builtInDefault = AdmissionArrangements(criteria: [.lookedAfter, .sibling], tieBreak: .distance)
    var defaultNode: ScenarioNode?
    var byType: [SchoolType: ScenarioNode] = [:]
    var mechanism: MechanismKind = .deferredAcceptance
    var unplacedRule: UnplacedPupilRule = .nearestVacancy
    var lotteryScope: LotteryScope = .single

    static let fields = ["default", "by_type", "mechanism", "unplaced", "lottery"]
    static let arrangementFields = ["criteria", "tie_break", "catchment", "selection"]

    init(_ node: ScenarioNode?) throws {
        guard let node else { return }
        let r = try FieldReader(node, allowed: Self.fields)
        mechanism = try r.choice("mechanism", default: mechanism)
        unplacedRule = try r.choice("unplaced", default: unplacedRule)
        lotteryScope = try r.choice("lottery", default: lotteryScope)
        defaultNode = r["default"]
        if let types = r["by_type"] {
            for (key, child) in try types.mappingEntries() {
                guard let type = SchoolType(rawValue: key) else {
                    throw child.keyError("unknown school type '\(key)'; expected one of: \(SchoolType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                byType[type] = child
            }
        }
        // Check every layer now, whether or not any school turns out to use it.
        for type in SchoolType.allCases { _ = try arrangements(for: type, areas: nil) }
    }

    /// The arrangements of a school of `type` before its own: the layers above, and for grammar
    /// schools a selection test unless one is given. With `areas` nil, area catchments are checked
    /// later and left empty.
    func arrangements(for type: SchoolType, areas: [String: Int32]?) throws -> AdmissionArrangements {
        var a = Self.builtInDefault
        if let defaultNode { a = try Self.arrangements(defaultNode, base: a, areas: areas) }
        if let node = byType[type] { a = try Self.arrangements(node, base: a, areas: areas) }
        if type == .grammar && a.selection == nil { a.selection = Selection() }
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
    static func arrangements(_ node: ScenarioNode, base: AdmissionArrangements, areas: [String: Int32]?) throws -> AdmissionArrangements {
        let r = try FieldReader(node, allowed: arrangementFields)
        var a = base
        if let list = r["criteria"] {
            let items = try list.sequence()
            a.criteria = try items.map { try $0.choice(OversubscriptionCriterion.self) }
            var seen: Set<OversubscriptionCriterion> = []
            for (k, c) in a.criteria.enumerated() where !seen.insert(c).inserted {
                throw items[k].error("the criterion '\(c.rawValue)' is listed twice")
            }
        }
        a.tieBreak = try r.choice("tie_break", default: a.tieBreak)
        if let c = r["catchment"] {
            a.catchment = try catchment(c, areas: areas)
        }
        if let s = r["selection"] {
            let sr = try FieldReader(s, allowed: ["qualifying_share", "test_noise_sd"])
            let d = Selection()
            a.selection = Selection(qualifyingShare: try sr.double("qualifying_share", default: d.qualifyingShare, in: 0...1),
                                    testNoiseSD: try sr.double("test_noise_sd", default: d.testNoiseSD, in: 0...10))
        }
        return a
    }

    static func catchment(_ node: ScenarioNode, areas: [String: Int32]?) throws -> Catchment {
        let r = try FieldReader(node, allowed: ["polygon_km", "areas"])
        if let p = r["polygon_km"] {
            let vertices = try p.sequence().map { try $0.point() }
            guard vertices.count >= 3 else { throw p.error("a catchment polygon needs at least 3 corners") }
            return .polygon(Polygon(vertices: vertices))
        }
        if let list = r["areas"] {
            let items = try list.sequence()
            let names = try items.map { try $0.string() }
            guard let areas else { return .areas([]) }
            return .areas(try zip(items, names).map { item, name in
                guard let index = areas[name] else { throw item.error("unknown small area '\(name)'") }
                return index
            })
        }
        throw node.error("a catchment needs polygon_km or areas")
    }
}
