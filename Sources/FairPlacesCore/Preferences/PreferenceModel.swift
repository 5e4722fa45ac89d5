#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pupil attribute the preference model can use.
public enum PupilFeature: String, Sendable, CaseIterable, Equatable {
    case fsm
    case attainment
    case idaci

    public func value(_ pupils: Pupils, _ i: Int) -> Double {
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
    /// 1 for a school with a religious character (so `fsm × faith` says how families of each kind
    /// take to faith schools, whatever their own faith).
    case faith
    /// ln PAN. With coefficient 1 every place is an alternative of the school's appeal (the logit
    /// of places: a school of twice the places draws twice the families of one like it), so a
    /// fitted attractiveness measures appeal per place, not size, and an interaction with it (e.g.
    /// `fsm × attractiveness`) does not single out small schools.
    case logPlaces = "log_places"
    /// 1 for a sponsor-led academy (`School.sponsorLed`): nationally such schools take more FSM
    /// pupils than their neighbourhoods and intakes alone predict.
    case sponsorLed = "sponsor_led"
    /// 1 for a school with a sixth form (`School.sixthForm`).
    case sixthForm = "sixth_form"

    public func value(_ school: School) -> Double {
        switch self {
        case .attractiveness: return school.attractiveness
        case .selective: return school.isSelective ? 1 : 0
        case .faith: return school.religiousCharacter.isEmpty ? 0 : 1
        case .logPlaces: return log(Double(max(1, school.pan)))
        case .sponsorLed: return school.sponsorLed ? 1 : 0
        case .sixthForm: return school.sixthForm ? 1 : 0
        }
    }
}

/// A random-utility (conditional logit) model of how families rank schools.
///
/// The utility of school s for pupil i is
///
///     U_is = Σ_g β_g z_sg + Σ_f Σ_g γ_fg x_if z_sg + (δ_s + Σ_f δ_f x_if) d_is + τ t_is + κ·[sibling at s]
///            + κ_c·[i in s's catchment] + κ_f·[i of s's faith] + w·ln max(p_is, p_min) + ε_is
///
/// with school features z, pupil features x, distance d in km (δ_s the school's own distance
/// coefficient where it has one, else δ), travel t from the region's travel matrix (τ = 0 unless
/// asked for), p_is the admission chance the family expects (`ChanceAwareness`; w = 0 unless asked
/// for) and ε standard Gumbel, so the chance
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

    /// κ_c: utility of a school whose catchment holds the family's home. Families value the school
    /// the council tells them is "theirs" beyond its distance (it is also where siblings and
    /// friends go), which is what makes redrawn catchments move first preferences.
    public var catchmentBonus: Double = 0
    /// κ_f: utility of a school of the family's own faith (a school's religious character equal to
    /// the family's faith name), beyond any priority it gives them.
    public var faithBonus: Double = 0
    /// Shares of families stating 1, 2, … preferences (index k: k + 1 preferences), summing to 1;
    /// empty: every family states `listLength`. Not every family fills every slot (Brighton &
    /// Hove 2024: 2,227 first, 2,075 second, 1,796 third preferences).
    public var listLengthShares: [Double] = []
    /// How families weigh their chances of admission; nil: they list as if every school would admit them.
    public var chances: ChanceAwareness? = nil

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


/// Families who list with their chances in mind: each expects, for every school it considers, the
/// admission chance that children in its home area with its priority at that school (its first
/// criterion met) had in the previous round. Expectations and allocations are iterated to a damped
/// fixed point (`ChanceExpectations`), so a change of rules reaches the lists through the chances
/// it changes. The chances shape a list in one of two ways (`Listing`), or both:
/// - `weight · ln max(chance, floor)` is added to the school's utility (so a school the family
///   cannot get into is listed only when nothing better is within reach);
/// - with `listing: .portfolio` the family chooses which schools to state as a portfolio of
///   gambles and ranks them truthfully (`PortfolioListing`): an ambitious first preference, then
///   schools it can count on.
public struct ChanceAwareness: Sendable, Equatable {
    /// How a family turns its expected chances into a list.
    public enum Listing: String, Sendable, Equatable, CaseIterable {
        /// The listed schools are the top `listLength` by utility (with the `weight` term).
        case utility
        /// The listed schools are the set of at most `listLength` that maximises the family's
        /// expected utility under deferred acceptance, `fallback` being what it gets if none of
        /// them admits it; it ranks them by utility, which deferred acceptance makes safe.
        case portfolio
    }

    /// w: utility per unit of log chance (0 ≤ w; 1 ranks schools by utility of the gamble's value).
    public var weight: Double
    public var listing: Listing = .utility
    /// u₀ (portfolio listing): the utility, on the model's scale, of being offered none of the
    /// listed schools and placed wherever the council finds room. Schools worth less are not
    /// listed, so a high fallback gives short lists.
    public var fallback: Double = 0
    /// The least chance a family ever expects, so a hopeless school costs w·ln(floor), not −∞.
    public var floor: Double
    /// Rounds (replications) simulated per iteration to estimate the chances.
    public var rounds: Int
    /// Iterations at most.
    public var iterations: Int
    /// λ in p ← (1 − λ) p + λ Φ(p): the share of the new estimate taken each iteration.
    public var damping: Double
    /// Converged when expected chances move by no more than this in an iteration, on average over
    /// families (weighted by how many consider each cell). Not the largest change: where a cell is
    /// one postcode's few children, a list flipping between two near-equal schools moves its chance
    /// by a round's share however long one iterates.
    public var tolerance: Double

    public init(weight: Double, floor: Double = 0.01, rounds: Int = 8, iterations: Int = 30,
                damping: Double = 0.5, tolerance: Double = 0.002) {
        self.weight = weight
        self.floor = floor
        self.rounds = rounds
        self.iterations = iterations
        self.damping = damping
        self.tolerance = tolerance
    }
}
