/// Parameters of a synthetic region. Defaults and their sources are listed in `Scenarios/README.md`.
public struct SyntheticRegionSpec: Sendable {
    /// A town: pupils' homes are scattered normally around its centre.
    public struct Town: Sendable, Equatable {
        public var name: String
        public var centre: Point
        /// Share of the region's non-rural pupils living in the town.
        public var share: Double
        /// Standard deviation of home positions around the centre, km.
        public var radiusKm: Double
        public init(name: String, centre: Point, share: Double, radiusKm: Double) {
            self.name = name; self.centre = centre; self.share = share; self.radiusKm = radiusKm
        }
    }

    /// How deprivation is laid out in space. Area deprivation is a latent field (a linear gradient
    /// across the region, a town-centre effect and random smooth bumps, plus area-level noise) whose
    /// ranks are mapped onto the national IDACI rank → score curve.
    public struct Deprivation: Sendable, Equatable {
        /// Strength of a linear east–west (rotated by `gradientAngleDegrees`) gradient, in latent SD units.
        public var gradient: Double = 1.0
        public var gradientAngleDegrees: Double = 0
        /// Extra deprivation at town centres (inner-town), latent units.
        public var townCentre: Double = 0.5
        /// Amplitude of random smooth bumps (spatial clustering), latent units.
        public var clustering: Double = 1.0
        /// Radius of the bumps, km.
        public var clusterRadiusKm: Double = 2.0
        /// Number of bumps.
        public var clusters: Int = 12
        /// Independent area-level noise, latent units.
        public var noise: Double = 0.3
        public init() {}
    }

    /// Schools drawn by the generator rather than listed.
    public struct GeneratedSchools: Sendable {
        public var count: Int
        /// Places beyond the cohort, as a share of it, counting listed schools' places too
        /// (16% spare secondary capacity in 2015, NAO 2017).
        public var surplusShare: Double = 0.10
        /// Mix of school types; drawn at random in these proportions.
        public var typeShares: [(SchoolType, Double)] = [(.community, 1.0)]
        /// SD of school attractiveness (standardised results).
        public var attractivenessSD: Double = 1.0
        /// PANs are rounded to multiples of this (forms of entry).
        public var panMultiple: Int = 30
        public init(count: Int) { self.count = count }

    }

    public var widthKm: Double = 30
    public var heightKm: Double = 20
    public var pupils: Int = 2000
    /// Towns; when empty, `townCount` towns are placed at random.
    public var towns: [Town] = []
    public var townCount: Int = 3
    /// Share of pupils living outside towns, spread uniformly.
    public var ruralShare: Double = 0.1
    /// Side of the square small areas, km (an LSOA is roughly 1 km² in towns).
    public var areaSizeKm: Double = 1.0
    public var deprivation = Deprivation()
    /// Share of the cohort eligible for FSM: 22.7% of secondary pupils, January 2023 (DfE via DOMAIN.md §0).
    public var fsmRate: Double = 0.227
    /// Slope of logit P(FSM) in the area's IDACI score.
    public var fsmSlope: Double = 6.0
    /// Prior-attainment gap of FSM pupils, SD units (assumption: not in DOMAIN.md).
    public var attainmentFSMGap: Double = 0.5
    /// Attainment change per SD of area IDACI score, SD units (assumption: not in DOMAIN.md).
    public var attainmentIDACIEffect: Double = -0.2
    /// Looked-after or previously looked-after: ≈1% (issue #2 brief).
    public var lookedAfterRate: Double = 0.01
    /// EHC plan naming a school: ≈3% (issue #2 brief gives 2–4%).
    public var ehcPlanRate: Double = 0.03
    /// Older sibling at a school: ≈35% (issue #2 brief gives 30–40%).
    public var siblingRate: Double = 0.35
    /// Exceptional medical or social need (assumption: not in DOMAIN.md).
    public var medicalNeedRate: Double = 0.005
    /// A parent works at one of the three nearest schools (assumption: not in DOMAIN.md).
    public var staffChildRate: Double = 0.01
    /// Pupils per primary-school year group; primaries are placed among homes and each pupil attends
    /// the nearest (assumption: a two-form-entry primary has about 60, a one-form 30).
    public var primaryCohortSize: Int = 45
    /// Share of the cohort tutored for the 11-plus (assumption: not in DOMAIN.md).
    public var tutoringRate: Double = 0.15
    /// Slope of logit P(tutored) in the area's IDACI score: negative, as better-off families tutor more.
    public var tutoringSlope: Double = -8
    /// Faiths and the share of families of each; the rest have none.
    public var faithShares: [(String, Double)] = []
    public var generatedSchools: GeneratedSchools?
    // Funding attributes (issue #5).
    /// Share of the cohort eligible for FSM at any census in the last six years (Ever-6): ≈25% of
    /// pupils are "disadvantaged" at the end of secondary school, 2023 (EPI Annual Report 2024, via
    /// DOMAIN.md §0; that figure also counts looked-after children, a small share). Never below the
    /// FSM share: Ever-6 includes every pupil eligible now.
    public var fsm6Rate: Double = 0.25
    /// Share of the cohort with English as an additional language who entered the English school
    /// system in the last three years, the formula's EAL measure (assumption: not in DOMAIN.md; for
    /// scale, 14.3% of secondary pupils had a first language other than English in January 2014, DfE
    /// via the Press Association, and only recent arrivals count here).
    public var ealRate: Double = 0.04

    public init() {}

}
