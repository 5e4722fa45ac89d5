import Testing
@testable import Allocation
import FairPlacesCore

/// A pupil for hand-worked arrangement cases: everything optional but the home.
struct Applicant {
    var x: Double
    var y: Double = 0
    var fsm = false
    var attainment = 0.0
    var lookedAfter = false
    var medicalNeed = false
    var sibling: Int32 = -1
    var staffChild: Int32 = -1
    var feeder: Int32 = -1
    var faith: UInt8 = 0
    var tutored = false
}

/// Runs one replication of the coordinated round on a small region and returns each pupil's school.
func allocate(_ applicants: [Applicant], schools: [School], lists: [[Int]], seed: UInt64 = 1,
              mechanism: MechanismKind = .deferredAcceptance, unplaced: UnplacedPupilRule = .none,
              faiths: [String] = ["none", "catholic", "muslim"], feeders: [String] = ["Primary A", "Primary B"])
-> (school: [Int], allocation: Allocation, rules: PriorityRules) {
    var pupils = Pupils(reservingCapacity: applicants.count)
    for (i, a) in applicants.enumerated() {
        pupils.append(id: "P\(i)", home: Point(x: a.x, y: a.y), fsm: a.fsm, idaciScore: 0.1, idaciDecile: 5,
                      attainment: a.attainment, lookedAfter: a.lookedAfter, siblingSchool: a.sibling, faith: a.faith,
                      medicalNeed: a.medicalNeed, staffChildAt: a.staffChild, feeder: a.feeder, tutored: a.tutored)
    }
    let region = Region(pupils: pupils, schools: schools, faithNames: faiths, feederNames: feeders)
    let rules = PriorityRules(region: region, seed: seed, replication: 1)
    let length = max(1, lists.map(\.count).max() ?? 1)
    let round = CoordinatedAdmissions(mechanism, unplacedRule: unplaced)
    let allocation = round.allocate(rules: rules, preferences: makeLists(lists, length: length), seed: seed, replication: 1)
    return (allocation.school.map(Int.init), allocation, rules)
}

func school(_ pan: Int, at x: Double = 0, _ arrangements: AdmissionArrangements) -> School {
    School(id: "S\(Int(x))", name: "School", location: Point(x: x, y: 0), type: .academy, pan: pan, arrangements: arrangements)
}

/// Admitted pupils (indices) at school 0.
func admitted(_ result: [Int], at s: Int = 0) -> Set<Int> { Set(result.indices.filter { result[$0] == s }) }

struct CriterionTests {
    /// Criteria in order: looked-after, medical need, sibling, staff child; then distance.
    /// P2 (looked-after, 6 km), P4 (medical, 3 km), P1 (sibling, 4 km), P5 (staff, 2 km) fill the
    /// four places; P3 (1 km) and P0 (5 km), who meet no criterion, are refused despite P3 being nearest.
    @Test func criteriaInOrderBeforeDistance() {
        let a = [Applicant(x: 5), Applicant(x: 4, sibling: 0), Applicant(x: 6, lookedAfter: true), Applicant(x: 1),
                 Applicant(x: 3, medicalNeed: true), Applicant(x: 2, staffChild: 0)]
        let s = school(4, AdmissionArrangements(criteria: [.lookedAfter, .medicalNeed, .sibling, .staffChild]))
        let r = allocate(a, schools: [s], lists: Array(repeating: [0], count: 6))
        #expect(admitted(r.school) == [2, 4, 1, 5])
    }

    /// Siblings only within 3 km: P2 (sibling, 2 km) first; P1 (sibling, 4 km) is ranked by distance
    /// like anyone else and loses to P0 (1 km).
    @Test func siblingsWithinADistance() {
        let a = [Applicant(x: 1), Applicant(x: 4, sibling: 0), Applicant(x: 2, sibling: 0)]
        let s = school(2, AdmissionArrangements(criteria: [OversubscriptionCriterion(.sibling, withinKm: 3)]))
        #expect(admitted(allocate(a, schools: [s], lists: [[0], [0], [0]]).school) == [2, 0])
    }

    /// Catchment x < 3 km. Pupil premium counts only in catchment: P2 (FSM, 2.5 km, inside) first;
    /// then the catchment tier by distance: P3 (1 km) before P1 (2 km); P0 (FSM, outside) gains nothing.
    @Test func pupilPremiumInCatchmentOnly() {
        let catchment = Catchment.polygon(Polygon(vertices: [Point(x: -1, y: -1), Point(x: 3, y: -1), Point(x: 3, y: 1), Point(x: -1, y: 1)]))
        let a = [Applicant(x: 5, fsm: true), Applicant(x: 2), Applicant(x: 2.5, fsm: true), Applicant(x: 1)]
        let s = school(2, AdmissionArrangements(criteria: [OversubscriptionCriterion(.pupilPremium, inCatchment: true), .catchment],
                                                catchment: catchment))
        #expect(admitted(allocate(a, schools: [s], lists: [[0], [0], [0], [0]]).school) == [2, 3])
    }

    /// Feeder Primary B (index 1): P1 and P2 attend it and come first though farther.
    @Test func namedFeederSchools() {
        let a = [Applicant(x: 1, feeder: 0), Applicant(x: 5, feeder: 1), Applicant(x: 6, feeder: 1), Applicant(x: 2)]
        let s = school(2, AdmissionArrangements(criteria: [OversubscriptionCriterion(.feeder, members: [1])]))
        #expect(admitted(allocate(a, schools: [s], lists: Array(repeating: [0], count: 4)).school) == [1, 2])
    }

    /// Catholic first, then any faith, then none: P2 (catholic, 9 km), P1 (muslim, 8 km), then P0 (none, 1 km)
    /// for the third place; P3 (none, 2 km) is refused.
    @Test func faithThenOtherFaiths() {
        let a = [Applicant(x: 1), Applicant(x: 8, faith: 2), Applicant(x: 9, faith: 1), Applicant(x: 2)]
        let s = school(3, AdmissionArrangements(criteria: [OversubscriptionCriterion(.faith, members: [1]), .anyFaith]))
        #expect(admitted(allocate(a, schools: [s], lists: Array(repeating: [0], count: 4)).school) == [2, 1, 0])
    }

    /// Ballot tie-break: the same seed gives the same winners; over many seeds each of three equal
    /// applicants for one place wins about a third of the time.
    @Test func ballotIsReproducibleAndFair() {
        let a = [Applicant(x: 1), Applicant(x: 2), Applicant(x: 3)]
        let s = school(1, AdmissionArrangements(criteria: [], tieBreak: .random))
        let lists = [[0], [0], [0]]
        #expect(allocate(a, schools: [s], lists: lists, seed: 42).school == allocate(a, schools: [s], lists: lists, seed: 42).school)
        var wins = [0, 0, 0]
        for seed in 1...600 { for i in admitted(allocate(a, schools: [s], lists: lists, seed: UInt64(seed)).school) { wins[i] += 1 } }
        // 600 draws, p = 1/3: SD ≈ 11.5; allow 4 SD.
        for w in wins { #expect(abs(Double(w) - 200) < 46, "\(wins)") }
    }
}

struct QuotaTests {
    /// The 50% rule: at most half the places by reference to faith. Four places; six Catholic
    /// applicants at 1…6 km and two with no faith at 0.5 and 0.7 km. Faith places (2): the two nearest
    /// Catholics (1, 2 km). Open places (2) by distance alone: the two no-faith pupils.
    /// Without the cap, the four nearest Catholics would take every place.
    @Test func faithCapOfHalfThePlaces() {
        var a = (1...6).map { Applicant(x: Double($0), faith: 1) }
        a += [Applicant(x: 0.5), Applicant(x: 0.7)]
        let faith = OversubscriptionCriterion(.faith, members: [1])
        let lists = Array(repeating: [0], count: 8)
        let capped = school(4, AdmissionArrangements(criteria: [], quotas: [SeatQuota(share: 0.5, eligibility: .meets(faith), criteria: [faith])]))
        #expect(admitted(allocate(a, schools: [capped], lists: lists).school) == [0, 1, 6, 7])
        let uncapped = school(4, AdmissionArrangements(criteria: [faith]))
        #expect(admitted(allocate(a, schools: [uncapped], lists: lists).school) == [0, 1, 2, 3])
    }

    /// FSM priority capped at 20% of ten places: the two nearest FSM applicants (10, 11 km) and the
    /// eight nearest others (1…8 km).
    @Test func pupilPremiumPriorityCapped() {
        let a = (0..<5).map { Applicant(x: Double(10 + $0), fsm: true) } + (1...10).map { Applicant(x: Double($0)) }
        let s = school(10, AdmissionArrangements(criteria: [], quotas: [SeatQuota(share: 0.2, eligibility: .meets(.pupilPremium))]))
        #expect(admitted(allocate(a, schools: [s], lists: Array(repeating: [0], count: 15)).school) == Set([0, 1] + (5...12)))
    }

    /// A 20% quota (2 of 10) for out-of-catchment applicants, with one such applicant. Kept empty:
    /// nine admitted. Released: ten.
    @Test func reservedQuotaUnusedPlaces() {
        let catchment = Catchment.polygon(Polygon(vertices: [Point(x: -1, y: -1), Point(x: 20, y: -1), Point(x: 20, y: 1), Point(x: -1, y: 1)]))
        let a = (1...12).map { Applicant(x: Double($0)) } + [Applicant(x: 5, y: 5)]
        let outside = OversubscriptionCriterion(.anyApplicant, inCatchment: false)
        let lists = Array(repeating: [0], count: 13)
        for (release, intake) in [(false, 9), (true, 10)] {
            let s = school(10, AdmissionArrangements(criteria: [.catchment], catchment: catchment,
                                                     quotas: [SeatQuota(share: 0.2, eligibility: .meets(outside), releaseUnused: release)]))
            let result = admitted(allocate(a, schools: [s], lists: lists).school)
            #expect(result.count == intake)
            #expect(result.contains(12), "the out-of-catchment applicant has a reserved place")
        }
    }

    /// Banding with three equal bands and six places: two per band, each band's nearest two, though
    /// the six nearest applicants are all in the top band. With no low-band applicant but one, the
    /// low band's spare place goes to the nearest remaining applicant.
    @Test func fairBandingTwoPlacesPerBand() {
        // Attainment −1 (low), 0 (middle), +1 (high); the high band lives nearest.
        var a = (1...4).map { Applicant(x: Double($0), attainment: 1) }
        a += (5...8).map { Applicant(x: Double($0), attainment: 0) }
        a += (9...12).map { Applicant(x: Double($0), attainment: -1) }
        let banding = Banding(bands: 3, reference: .region, testNoiseSD: 0, shares: [1.0 / 3, 1.0 / 3, 1.0 / 3])
        let s = school(6, AdmissionArrangements(criteria: [], banding: banding))
        #expect(admitted(allocate(a, schools: [s], lists: Array(repeating: [0], count: 12)).school) == [0, 1, 4, 5, 8, 9])
        // Only one low-band applicant (index 8) lists the school.
        var lists = Array(repeating: [0], count: 12)
        for i in 9...11 { lists[i] = [] }
        #expect(admitted(allocate(a, schools: [s], lists: lists).school) == [0, 1, 4, 5, 8, 2])
    }

    /// Partial selection: one of four places (25%) by test score among those reaching the standard
    /// (top 25% of the cohort), the rest by distance. P5 (attainment 2, 9 km) wins the ability place;
    /// the three nearest take the others.
    @Test func partialSelectionByAbility() {
        var a = (1...5).map { Applicant(x: Double($0)) }
        a += [Applicant(x: 9, attainment: 2), Applicant(x: 10, attainment: 1.5), Applicant(x: 11)]
        let s = school(4, AdmissionArrangements(criteria: [], quotas: [SeatQuota(share: 0.25, eligibility: .ability)]))
        let r = allocate(a, schools: [s], lists: Array(repeating: [0], count: 8))
        #expect(admitted(r.school) == [5, 0, 1, 2])
    }

    /// Aptitude: one place in ten to the applicant with the best aptitude score; the rest by distance.
    @Test func aptitudePlace() {
        let a = (1...15).map { Applicant(x: Double($0)) }
        let s = school(10, AdmissionArrangements(criteria: [], quotas: [SeatQuota(share: 0.1, eligibility: .aptitude)]))
        let r = allocate(a, schools: [s], lists: Array(repeating: [0], count: 15))
        let best = (0..<15).max { r.rules.aptitudeScores[$0] < r.rules.aptitudeScores[$1] }!
        #expect(admitted(r.school) == Set([best] + (0..<10).filter { $0 != best }.prefix(best < 10 ? 10 : 9)))
    }
}

struct SelectionTests {
    /// Qualifying share ½ of four pupils with no test noise: scores are attainment plus 0.6 for the
    /// tutored. P2 (0.5, tutored → 1.1) and P0 (1.0) qualify; P1 (0.9) does not, though she out-attains P2.
    @Test func tutoringChangesWhoQualifies() {
        let a = [Applicant(x: 3, attainment: 1.0), Applicant(x: 1, attainment: 0.9), Applicant(x: 2, attainment: 0.5, tutored: true),
                 Applicant(x: 4, attainment: 0.0)]
        let grammar = school(4, AdmissionArrangements(criteria: [], selection: Selection(qualifyingShare: 0.5, testNoiseSD: 0, tutoringBoost: 0.6)))
        let r = allocate(a, schools: [grammar], lists: Array(repeating: [0], count: 4))
        #expect(admitted(r.school) == [0, 2], "places stay empty rather than go to non-qualifiers")
    }

    /// Rank by score vs by distance among qualifiers, one place: by score P0 (1.2, 5 km); by distance
    /// P1 (1.1, 1 km).
    @Test func rankByScoreOrByCriteria() {
        let a = [Applicant(x: 5, attainment: 1.2), Applicant(x: 1, attainment: 1.1), Applicant(x: 2, attainment: -1), Applicant(x: 3, attainment: -1)]
        let lists = Array(repeating: [0], count: 4)
        let byScore = school(1, AdmissionArrangements(criteria: [], selection: Selection(qualifyingShare: 0.5, testNoiseSD: 0, rankByScore: true)))
        let byDistance = school(1, AdmissionArrangements(criteria: [], selection: Selection(qualifyingShare: 0.5, testNoiseSD: 0)))
        #expect(admitted(allocate(a, schools: [byScore], lists: lists).school) == [0])
        #expect(admitted(allocate(a, schools: [byDistance], lists: lists).school) == [1])
    }
}

struct FirstPreferenceFirstTests {
    /// School 0 ranks first preferences first. A (0.5 km) lists school 1 then 0; B (9 km) lists 0 first.
    /// School 1 has no places, so A falls to school 0, where B, a first preference, outranks A.
    /// Under equal preference A, being nearer, would win.
    @Test func firstPreferencesComeFirst() {
        let a = [Applicant(x: 0.5), Applicant(x: 9)]
        let lists = [[1, 0], [0]]
        let fpf = [school(1, at: 0, AdmissionArrangements(criteria: [], firstPreferenceFirst: true)),
                   school(0, at: 20, AdmissionArrangements(criteria: []))]
        #expect(allocate(a, schools: fpf, lists: lists).school == [-1, 0])
        let equal = [school(1, at: 0, AdmissionArrangements(criteria: [])), school(0, at: 20, AdmissionArrangements(criteria: []))]
        #expect(allocate(a, schools: equal, lists: lists).school == [0, -1])
    }

    /// The catchment-school rule places an unplaced catchment pupil at her catchment school above PAN.
    @Test func catchmentSchoolGuarantee() {
        let catchment = Catchment.polygon(Polygon(vertices: [Point(x: -1, y: -1), Point(x: 5, y: -1), Point(x: 5, y: 1), Point(x: -1, y: 1)]))
        let a = [Applicant(x: 1), Applicant(x: 2)]
        let s = school(1, AdmissionArrangements(criteria: [], catchment: catchment))
        let r = allocate(a, schools: [s], lists: [[0], []], unplaced: .catchmentSchool)
        #expect(r.school == [0, 0])
        #expect(r.allocation.abovePAN == [1])
        #expect(r.allocation.route[1] == .administrative)
    }
}

struct DistanceMeasureTests {
    /// A school at 0 km measuring to a nodal point at 10 km: the pupil at 9 km (1 km from the nodal
    /// point) outranks the pupil at 1 km (9 km from it).
    @Test func nodalPoint() {
        var s = school(1, AdmissionArrangements(criteria: []))
        s.nodalPoint = Point(x: 10, y: 0)
        let r = allocate([Applicant(x: 1), Applicant(x: 9)], schools: [s], lists: [[0], [0]])
        #expect(r.school == [-1, 0])
        #expect(abs(r.rules.distance(pupil: 1, school: 0) - 1) < 1e-12)
    }
}
