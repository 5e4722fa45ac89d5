/// A pupil attribute the preference model can use.
public enum PupilFeature: String, Sendable, CaseIterable, Equatable {
    case fsm
    case attainment
    case idaci

    func value(_ pupils: Pupils, _ i: Int) -> Double {
        switch self {
        case .fsm: return pupils.fsm[i] ? 1 : 0
        case .attainment: return pupils.attainment[i]
        case .idaci: return pupils.idaciScore[i]
        }
    }
}

/// A school attribute the preference model can use.
public enum SchoolFeature: String, Sendable, CaseIterable, Equatable {
    case attractiveness
    case selective

    func value(_ school: School) -> Double {
        switch self {
        case .attractiveness: return school.attractiveness
        case .selective: return school.isSelective ? 1 : 0
        }
    }
}

/// A random-utility (conditional logit) model of how families rank schools.
///
/// The utility of school s for pupil i is
///
///     U_is = Σ_g β_g z_sg + Σ_f Σ_g γ_fg x_if z_sg + (δ + Σ_f δ_f x_if) d_is + τ t_is + κ·[sibling at s] + ε_is
///
/// with school features z, pupil features x, distance d in km, travel t from the region's travel
/// matrix (τ = 0 unless asked for) and ε standard Gumbel, so the chance
/// of ranking one school first is the logit share (McFadden). Burgess, Greaves, Vignoles & Wilson
/// (2015) estimate this shape for English families: attainment and composition valued, distance
/// disliked (DOMAIN.md §7). Families list the top `listLength` schools among the
/// `consideredSchools` nearest (the choice set).
public struct PreferenceModel: Sendable, Equatable {
    /// A pupil × school feature interaction term γ_fg.
    public struct Interaction: Sendable, Equatable {
        public var pupil: PupilFeature
        public var school: SchoolFeature
        public var coefficient: Double
        public init(pupil: PupilFeature, school: SchoolFeature, coefficient: Double) {
            self.pupil = pupil
            self.school = school
            self.coefficient = coefficient
        }
    }

    /// Number of schools a family ranks (England: 3 to 6).
    public var listLength: Int
    /// Size of the choice set: the nearest schools a family considers.
    public var consideredSchools: Int
    /// Schools within this distance (km) are considered too, beyond the nearest `consideredSchools`;
    /// 0 for none. Where schools are dense (a city), the nearest few lie within a short walk, and
    /// families also weigh schools a bus ride away.
    public var considerWithinKm: Double = 0
    /// δ: utility per km of distance (negative: families dislike distance).
    public var distancePerKm: Double
    /// τ: utility per unit of the region's travel matrix (e.g. per minute by bus and on foot), added
    /// to the distance term for families for whom the straight line misleads (a hill, a bus route).
    /// 0: travel is not part of the choice. Needs the region's travel matrix for every pupil's
    /// area and considered school.
    public var travelPerUnit: Double = 0
    /// δ_f: how distance sensitivity changes with pupil features (e.g. FSM families travel less).
    public var distanceInteractions: [PupilFeature: Double]
    /// β_g: main effects of school features.
    public var schoolEffects: [SchoolFeature: Double]
    /// γ_fg: pupil × school feature interactions.
    public var interactions: [Interaction]
    /// κ: utility of the school an older sibling attends.
    public var siblingBonus: Double
    /// Share of families who follow councils' advice to list their nearest school as a safe choice:
    /// if it is not already on their list, it takes the last place (DOMAIN.md §1.3: about 90% of
    /// Leeds families left without any preference in 2019 had not listed their nearest or catchment
    /// school).
    public var nearestAsSafeChoice: Double

    public init(listLength: Int = 3, consideredSchools: Int = 20, distancePerKm: Double = -0.5,
                distanceInteractions: [PupilFeature: Double] = [:],
                schoolEffects: [SchoolFeature: Double] = [.attractiveness: 1.0],
                interactions: [Interaction] = [], siblingBonus: Double = 2.0, nearestAsSafeChoice: Double = 0) {
        self.listLength = listLength
        self.consideredSchools = consideredSchools
        self.distancePerKm = distancePerKm
        self.distanceInteractions = distanceInteractions
        self.schoolEffects = schoolEffects
        self.interactions = interactions
        self.siblingBonus = siblingBonus
        self.nearestAsSafeChoice = nearestAsSafeChoice
    }
}
