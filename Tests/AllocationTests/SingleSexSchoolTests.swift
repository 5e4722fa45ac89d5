import Testing
import FairPlacesCore
import Allocation

/// Single-sex schools admit one sex: a boy who lists a girls' school is never offered it, by
/// preference or administratively, and the girls' places go to girls further down its order.
@Suite struct SingleSexSchoolTests {
    /// Girls' school G (2 places) at 0 km, mixed school M (4 places) at 5 km. Pupils 0 and 1 are
    /// boys living nearest G, pupils 2 and 3 girls further away; all list G then M.
    static func region(sexOfG: SexOfSchool) -> Region {
        var g = School(id: "G", name: "G", location: Point(x: 0, y: 0), type: .community, pan: 2,
                       arrangements: AdmissionArrangements(criteria: [], tieBreak: .distance))
        g.sexOfSchool = sexOfG
        let m = School(id: "M", name: "M", location: Point(x: 5, y: 0), type: .community, pan: 4,
                       arrangements: AdmissionArrangements(criteria: [], tieBreak: .distance))
        var pupils = Pupils()
        for (i, (x, girl)) in [(0.1, false), (0.2, false), (1.0, true), (2.0, true)].enumerated() {
            pupils.append(id: "P\(i)", home: Point(x: x, y: 0), fsm: false, idaciScore: 0.1, idaciDecile: 5,
                          attainment: 0, girl: girl)
        }
        return Region(pupils: pupils, schools: [g, m])
    }

    @Test func boysAreNeverOfferedAGirlsSchool() {
        let lists = PreferenceLists(length: 2, schools: [0, 1, 0, 1, 0, 1, 0, 1])
        // Mixed: the two nearest (the boys) take G by distance.
        let mixed = Self.region(sexOfG: .mixed)
        let a = CoordinatedAdmissions(mechanism: DeferredAcceptance(), unplacedRule: .nearestVacancy)
            .allocate(rules: PriorityRules(region: mixed, seed: 1, replication: 1), preferences: lists, seed: 1, replication: 1)
        #expect(a.school == [0, 0, 1, 1])
        // Girls only: the girls take G; the boys go to M, their second preference.
        let girls = Self.region(sexOfG: .girls)
        let rules = PriorityRules(region: girls, seed: 1, replication: 1)
        #expect(!rules.isEligible(pupil: 0, school: 0) && rules.isEligible(pupil: 2, school: 0) && rules.isEligible(pupil: 0, school: 1))
        for mechanism in [MechanismKind.deferredAcceptance, .boston, .serialDictatorship, .topTradingCycles] {
            let b = CoordinatedAdmissions(mechanism, serialOrder: .lottery, unplacedRule: .nearestVacancy)
                .allocate(rules: rules, preferences: lists, seed: 1, replication: 1)
            #expect(b.school == [1, 1, 0, 0], "\(mechanism)")
        }
        // A boy listing only the girls' school is placed administratively at M, never at G.
        let only = PreferenceLists(length: 1, schools: [0, 0, 0, 0])
        let c = CoordinatedAdmissions(mechanism: DeferredAcceptance(), unplacedRule: .nearestVacancy)
            .allocate(rules: rules, preferences: only, seed: 1, replication: 1)
        #expect(c.school == [1, 1, 0, 0] && c.route[0] == .administrative)
    }

    /// The preference model never lists a school the pupil's sex cannot attend.
    @Test func listsLeaveOutSchoolsOfTheOtherSex() {
        let region = Self.region(sexOfG: .boys)
        let model = PreferenceModel(listLength: 2, consideredSchools: 2)
        let sets = ChoiceSets(region: region, model: model)
        let rules = PriorityRules(region: region, seed: 3, replication: 1)
        var lists = PreferenceLists(pupils: 4, length: 2)
        PreferenceSampler.sample(choiceSets: sets, rules: rules, model: model, seed: 3, replication: 1, into: &lists)
        #expect(Array(lists.list(of: 2)) == [1] && Array(lists.list(of: 3)) == [1])
        #expect(Set(lists.list(of: 0)) == [0, 1])
    }
}
