/// The pupils of one year group (the cohort applying for Year 7 places), stored as a struct of
/// arrays: pupil `i` is index `i` of every array. Hot loops read one or two attributes for every
/// pupil, so each attribute is contiguous.
public struct Pupils: Sendable, Equatable {
    /// External identifiers (from a pupils file), or "P1", "P2", … for synthetic pupils.
    public var ids: [String]
    /// Home location, km.
    public var homeX: [Double]
    public var homeY: [Double]
    /// Eligible for free school meals now.
    public var fsm: [Bool]
    /// IDACI score of the home area: share of children in income-deprived families, 0–1.
    public var idaciScore: [Double]
    /// IDACI decile of the home area, 1 = most deprived 10%, 10 = least deprived.
    public var idaciDecile: [UInt8]
    /// Prior attainment (KS2), standardised: mean 0, sd 1 nationally.
    public var attainment: [Double]
    /// Looked-after or previously looked-after child.
    public var lookedAfter: [Bool]
    /// School named in an EHC plan (index into the region's schools), or -1.
    public var ehcPlanSchool: [Int32]
    /// School attended by an older sibling (index), or -1.
    public var siblingSchool: [Int32]
    /// Index into the region's faith names; 0 is "no faith".
    public var faith: [UInt8]
    /// Small area (neighbourhood) of the home, or -1 if the region has no areas.
    public var area: [Int32]
    /// Exceptional medical or social need, with professional evidence.
    public var medicalNeed: [Bool] = []
    /// School where a parent works (index), or -1.
    public var staffChildAt: [Int32] = []
    /// Primary school attended (index into the region's feeder names), or -1.
    public var feeder: [Int32] = []
    /// Tutored for the selection test.
    public var tutored: [Bool] = []
    // Funding attributes (issue #5).
    /// Eligible for free school meals at any census in the last six years ("Ever-6", the pupil
    /// premium's basis); always true where `fsm` is.
    public var fsm6: [Bool] = []
    /// English as an additional language, first entered the English school system in the last three
    /// years (the funding formula's EAL measure).
    public var eal: [Bool] = []
    /// A girl (false: a boy), for single-sex schools.
    public var girl: [Bool] = []

    public var count: Int { homeX.count }

    /// An empty cohort with room for `capacity` pupils.
    public init(reservingCapacity capacity: Int = 0) {
        ids = []; homeX = []; homeY = []; fsm = []; idaciScore = []; idaciDecile = []
        attainment = []; lookedAfter = []; ehcPlanSchool = []; siblingSchool = []; faith = []; area = []
        ids.reserveCapacity(capacity); homeX.reserveCapacity(capacity); homeY.reserveCapacity(capacity)
        fsm.reserveCapacity(capacity); idaciScore.reserveCapacity(capacity); idaciDecile.reserveCapacity(capacity)
        attainment.reserveCapacity(capacity); lookedAfter.reserveCapacity(capacity)
        ehcPlanSchool.reserveCapacity(capacity); siblingSchool.reserveCapacity(capacity)
        faith.reserveCapacity(capacity); area.reserveCapacity(capacity)
        medicalNeed.reserveCapacity(capacity); staffChildAt.reserveCapacity(capacity)
        feeder.reserveCapacity(capacity); tutored.reserveCapacity(capacity)
        fsm6.reserveCapacity(capacity); eal.reserveCapacity(capacity); girl.reserveCapacity(capacity)
    }

    /// Appends one pupil.
    public mutating func append(
        id: String, home: Point, fsm: Bool, idaciScore: Double, idaciDecile: UInt8,
        attainment: Double, lookedAfter: Bool = false, ehcPlanSchool: Int32 = -1,
        siblingSchool: Int32 = -1, faith: UInt8 = 0, area: Int32 = -1,
        medicalNeed: Bool = false, staffChildAt: Int32 = -1, feeder: Int32 = -1, tutored: Bool = false,
        fsm6: Bool? = nil, eal: Bool = false, girl: Bool = false
    ) {
        ids.append(id)
        homeX.append(home.x); homeY.append(home.y)
        self.fsm.append(fsm)
        self.idaciScore.append(idaciScore)
        self.idaciDecile.append(idaciDecile)
        self.attainment.append(attainment)
        self.lookedAfter.append(lookedAfter)
        self.ehcPlanSchool.append(ehcPlanSchool)
        self.siblingSchool.append(siblingSchool)
        self.faith.append(faith)
        self.area.append(area)
        self.medicalNeed.append(medicalNeed)
        self.staffChildAt.append(staffChildAt)
        self.feeder.append(feeder)
        self.tutored.append(tutored)
        // Ever-6 includes FSM now; unstated, it is FSM now.
        self.fsm6.append(fsm || (fsm6 ?? false))
        self.eal.append(eal)
        self.girl.append(girl)
    }

    public func home(_ i: Int) -> Point { Point(x: homeX[i], y: homeY[i]) }
}
