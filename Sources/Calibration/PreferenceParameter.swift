import FairPlacesCore

/// A global parameter of the preference model that method of moments can fit, named by its path
/// under `preferences:` in a scenario (so the calibrated scenario sets it where a user would).
public enum PreferenceParameter: Sendable, Equatable, Hashable {
    case distancePerKm
    case catchmentBonus
    case faithBonus
    case siblingBonus
    case travelPerUnit
    case nearestAsSafeChoice
    /// `chances.weight`: needs `chances:` in the scenario.
    case chanceWeight
    /// `chances.fallback`: needs `chances:` with portfolio listing.
    case chanceFallback
    /// `distance_by.<feature>`.
    case distanceBy(PupilFeature)
    /// `school_effects.<feature>`.
    case schoolEffect(SchoolFeature)
    /// `interactions.<pupil feature>.<school feature>`.
    case interaction(PupilFeature, SchoolFeature)

    public init?(path: String) {
        let parts = path.split(separator: ".").map(String.init)
        switch parts.count {
        case 1:
            switch parts[0] {
            case "distance_per_km": self = .distancePerKm
            case "catchment_bonus": self = .catchmentBonus
            case "faith_bonus": self = .faithBonus
            case "sibling_bonus": self = .siblingBonus
            case "travel_per_unit": self = .travelPerUnit
            case "nearest_as_safe_choice": self = .nearestAsSafeChoice
            default: return nil
            }
        case 2:
            switch parts[0] {
            case "chances" where parts[1] == "weight": self = .chanceWeight
            case "chances" where parts[1] == "fallback": self = .chanceFallback
            case "distance_by": guard let f = PupilFeature(rawValue: parts[1]) else { return nil }; self = .distanceBy(f)
            case "school_effects": guard let g = SchoolFeature(rawValue: parts[1]) else { return nil }; self = .schoolEffect(g)
            default: return nil
            }
        case 3 where parts[0] == "interactions":
            guard let f = PupilFeature(rawValue: parts[1]), let g = SchoolFeature(rawValue: parts[2]) else { return nil }
            self = .interaction(f, g)
        default: return nil
        }
    }

    public static let pathHelp = "distance_per_km, catchment_bonus, faith_bonus, sibling_bonus, travel_per_unit, "
        + "nearest_as_safe_choice, chances.weight, chances.fallback, distance_by.<pupil feature>, school_effects.<school feature>, "
        + "interactions.<pupil feature>.<school feature>"

    /// The path under `preferences:`.
    public var path: String {
        switch self {
        case .distancePerKm: return "distance_per_km"
        case .catchmentBonus: return "catchment_bonus"
        case .faithBonus: return "faith_bonus"
        case .siblingBonus: return "sibling_bonus"
        case .travelPerUnit: return "travel_per_unit"
        case .nearestAsSafeChoice: return "nearest_as_safe_choice"
        case .chanceWeight: return "chances.weight"
        case .chanceFallback: return "chances.fallback"
        case .distanceBy(let f): return "distance_by.\(f.rawValue)"
        case .schoolEffect(let g): return "school_effects.\(g.rawValue)"
        case .interaction(let f, let g): return "interactions.\(f.rawValue).\(g.rawValue)"
        }
    }

    public func value(in model: PreferenceModel) -> Double {
        switch self {
        case .distancePerKm: return model.distancePerKm
        case .catchmentBonus: return model.catchmentBonus
        case .faithBonus: return model.faithBonus
        case .siblingBonus: return model.siblingBonus
        case .travelPerUnit: return model.travelPerUnit
        case .nearestAsSafeChoice: return model.nearestAsSafeChoice
        case .chanceWeight: return model.chances?.weight ?? 0
        case .chanceFallback: return model.chances?.fallback ?? 0
        case .distanceBy(let f): return model.distanceInteractions[f] ?? 0
        case .schoolEffect(let g): return model.schoolEffects[g] ?? 0
        case .interaction(let f, let g):
            return model.interactions.filter { $0.pupil == f && $0.school == g }.reduce(0) { $0 + $1.coefficient }
        }
    }

    public func set(_ value: Double, in model: inout PreferenceModel) {
        switch self {
        case .distancePerKm: model.distancePerKm = value
        case .catchmentBonus: model.catchmentBonus = value
        case .faithBonus: model.faithBonus = value
        case .siblingBonus: model.siblingBonus = value
        case .travelPerUnit: model.travelPerUnit = value
        case .nearestAsSafeChoice: model.nearestAsSafeChoice = value
        case .chanceWeight: model.chances?.weight = value
        case .chanceFallback: model.chances?.fallback = value
        case .distanceBy(let f): model.distanceInteractions[f] = value
        case .schoolEffect(let g): model.schoolEffects[g] = value
        case .interaction(let f, let g):
            model.interactions.removeAll { $0.pupil == f && $0.school == g }
            model.interactions.append(PreferenceModel.Interaction(pupil: f, school: g, coefficient: value))
        }
    }
}

/// A parameter to fit: where the search starts and the range it may take.
public struct ParameterFit: Sendable, Equatable {
    public var parameter: PreferenceParameter
    public var start: Double
    public var lower: Double
    public var upper: Double

    public init(parameter: PreferenceParameter, start: Double, lower: Double, upper: Double) {
        self.parameter = parameter
        self.start = start
        self.lower = lower
        self.upper = upper
    }
}
