import FairPlacesCore
import Allocation

/// The `admissions:` section: default arrangements, arrangements by school type, the mechanism,
/// the unplaced-pupil rule and the lottery scope.
struct AdmissionsSection {
    var defaultArrangements = AdmissionArrangements(criteria: [.lookedAfter, .sibling], tieBreak: .distance)
    var byType: [SchoolType: ScenarioNode] = [:]
    var defaultNode: ScenarioNode?
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
        if let d = r["default"] {
            defaultNode = d
            defaultArrangements = try Self.arrangements(d, base: defaultArrangements, type: nil, areas: nil)
        }
        if let types = r["by_type"] {
            for (key, child) in try types.mappingEntries() {
                guard let type = SchoolType(rawValue: key) else {
                    var e = child.error("unknown school type '\(key)'; expected one of: \(SchoolType.allCases.map(\.rawValue).joined(separator: ", "))")
                    e.field = child.path
                    throw e
                }
                _ = try FieldReader(child, allowed: Self.arrangementFields)
                byType[type] = child
            }
        }
    }

    /// The arrangements of a school of `type` before any per-school override: the scenario default,
    /// then the type's settings, and for grammar schools a selection test unless one is given.
    func arrangements(for type: SchoolType, areas: [String: Int32]?) throws -> AdmissionArrangements {
        var a = defaultArrangements
        if let node = byType[type] {
            a = try Self.arrangements(node, base: a, type: type, areas: areas)
        }
        if type == .grammar && a.selection == nil { a.selection = Selection() }
        return a
    }

    /// Reads an arrangements mapping on top of `base`; fields not given keep the base's values.
    static func arrangements(_ node: ScenarioNode, base: AdmissionArrangements, type: SchoolType?,
                             areas: [String: Int32]?) throws -> AdmissionArrangements {
        let r = try FieldReader(node, allowed: arrangementFields)
        var a = base
        if let list = r["criteria"] {
            a.criteria = try list.sequence().map { try $0.choice(OversubscriptionCriterion.self) }
            var seen: Set<OversubscriptionCriterion> = []
            for (k, c) in a.criteria.enumerated() where !seen.insert(c).inserted {
                throw try list.sequence()[k].error("the criterion '\(c.rawValue)' is listed twice")
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
        if a.criteria.contains(.catchment) && a.catchment == nil && areas != nil {
            throw (r["criteria"] ?? node).error("the criterion 'catchment' needs a catchment (polygon_km or areas)")
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
            // Area names can only be checked once the region's areas exist; a nil map means "later".
            guard let areas else { return .areas([]) }
            return .areas(try list.sequence().map { item in
                let name = try item.string()
                guard let index = areas[name] else { throw item.error("unknown small area '\(name)'") }
                return index
            })
        }
        throw node.error("a catchment needs polygon_km or areas")
    }
}
