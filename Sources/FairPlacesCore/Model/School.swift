/// A secondary school taking a Year 7 intake.
public struct School: Sendable, Equatable {
    /// Stable identifier (e.g. URN or a scenario's own id).
    public var id: String
    public var name: String
    public var location: Point
    public var type: SchoolType
    /// Published admission number: the places the admission authority offers in Year 7.
    public var pan: Int
    /// What makes families want the school (e.g. standardised prior results or popularity);
    /// a school feature of the preference model.
    public var attractiveness: Double
    public var arrangements: AdmissionArrangements
    /// The local authority, planning area or town the school belongs to; used to decompose
    /// segregation into between- and within-district parts.
    public var district: String
    /// The faith of a school designated with a religious character (e.g. "catholic"), or "" for none.
    public var religiousCharacter: String
    /// The point admission distances are measured to, when not the school itself (e.g. a nodal
    /// point serving a village, or the gate of a split site).
    public var nodalPoint: Point?
    /// Whom the school admits: boys and girls, or one sex only.
    public var sexOfSchool: SexOfSchool = .mixed
    /// The school's own distance coefficient δ_s in families' utility (utility per km), replacing
    /// the model's δ for this school: a school people reach by bus, or one whose draw is local.
    /// nil: the model's.
    public var distancePerKm: Double? = nil
    /// A sponsor-led academy: one a sponsor took over, usually after the school was judged to be
    /// failing, so one families may still avoid (DfE's "Academy sponsor led").
    public var sponsorLed = false
    /// Whether the school teaches a sixth form (pupils aged 16–18), which families may value.
    public var sixthForm = false

    public init(id: String, name: String, location: Point, type: SchoolType, pan: Int,
                attractiveness: Double = 0, arrangements: AdmissionArrangements, district: String = "",
                religiousCharacter: String = "") {
        self.id = id
        self.name = name
        self.location = location
        self.type = type
        self.pan = pan
        self.attractiveness = attractiveness
        self.arrangements = arrangements
        self.district = district
        self.religiousCharacter = religiousCharacter
        self.nodalPoint = nil
    }

    /// Whether the school admits a pupil of this sex (single-sex schools admit one).
    @inline(__always)
    public func admits(girl: Bool) -> Bool {
        switch sexOfSchool {
        case .mixed: return true
        case .girls: return girl
        case .boys: return !girl
        }
    }

    /// True when the school admits only pupils who pass a selection test.
    public var isSelective: Bool { arrangements.selection != nil }
}
