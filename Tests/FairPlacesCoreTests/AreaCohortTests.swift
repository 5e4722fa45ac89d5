import Testing
import Foundation
import FairPlacesCore

/// Pupils synthesised area by area from counts and deprivation (issue #6).
@Suite struct AreaCohortTests {
    static let areas = [
        AreaCohortSpec.Area(id: "A", centroid: Point(x: 500, y: 150), idaciScore: 0.40, idaciDecile: 1, pupils: 20_000, authority: 0),
        AreaCohortSpec.Area(id: "B", centroid: Point(x: 501, y: 150), idaciScore: 0.05, idaciDecile: 9, pupils: 10_000, authority: 0),
        AreaCohortSpec.Area(id: "C", centroid: Point(x: 530, y: 160), idaciScore: 0.20, idaciDecile: 4, pupils: 15_000, authority: 1),
    ]
    static let schools = [Point(x: 500.5, y: 150), Point(x: 529, y: 160), Point(x: 515, y: 155)].enumerated().map {
        School(id: "S\($0.offset)", name: "S\($0.offset)", location: $0.element, type: .community, pan: 20_000,
               arrangements: AdmissionArrangements(criteria: [], tieBreak: .distance))
    }

    /// The calibrated intercept makes the pupil-weighted mean probability equal the target.
    @Test(arguments: [0.05, 0.192, 0.5, 0.9])
    func interceptHitsTheTarget(target: Double) {
        let scores = [0.4, 0.05, 0.2], weights = [20_000.0, 10_000, 15_000]
        let alpha = AreaCohort.calibrateIntercept(scores: scores, weights: weights, slope: 6, target: target)
        let mean = zip(scores, weights).reduce(0) { $0 + $1.1 / (1 + exp(-(alpha + 6 * $1.0))) } / 45_000
        #expect(abs(mean - target) < 1e-9)
    }

    /// The bisection stops once its bracket stops moving; the intercept must be, bit for bit, that
    /// of all 100 steps (cohorts, and so every output, depend on it).
    @Test(arguments: [(0.05, 6.0), (0.192, 6), (0.5, -3), (0.9, 0.5), (0.999, 40), (1e-6, 2)])
    func stoppingEarlyGivesTheFullBisection(target: Double, slope: Double) {
        let scores = (0..<500).map { Double(($0 * 7_919) % 1_000) / 1_000 }
        let weights = (0..<500).map { Double(($0 * 104_729) % 37) }
        var lo = -50.0, hi = 50.0
        let total = weights.reduce(0, +)
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            var mean = 0.0
            for k in scores.indices where weights[k] > 0 { mean += weights[k] * (1 / (1 + exp(-(mid + slope * scores[k])))) }
            if mean / total < target { lo = mid } else { hi = mid }
        }
        let full = 0.5 * (lo + hi)
        #expect(AreaCohort.calibrateIntercept(scores: scores, weights: weights, slope: slope, target: target).bitPattern == full.bitPattern)
    }

    @Test func countsSharesAndHomes() {
        var spec = AreaCohortSpec(areas: Self.areas, authorityFSMShare: [0.30, 0.10])
        // Area B has two postcode points; A and C have none.
        spec.homePoints = [Point(x: 501.1, y: 150.2), Point(x: 500.9, y: 149.9)]
        spec.homePointOffsets = [0, 0, 2, 2]
        let region = AreaCohort.build(spec, schools: Self.schools, seed: 5)
        let p = region.pupils
        #expect(p.count == 45_000 && region.areas.map(\.id) == ["A", "B", "C"])
        #expect(p.ids[0] == "A-1" && p.ids[20_000] == "B-1" && p.ids[44_999] == "C-15000")
        var fsm = [0, 0], n = [0, 0]
        for i in 0..<p.count {
            let a = Int(p.area[i])
            #expect(a == (i < 20_000 ? 0 : i < 30_000 ? 1 : 2))
            let authority = Self.areas[a].authority
            n[authority] += 1; fsm[authority] += p.fsm[i] ? 1 : 0
            #expect(p.idaciScore[i] == Self.areas[a].idaciScore && p.idaciDecile[i] == Self.areas[a].idaciDecile)
            if a == 1 { #expect(spec.homePoints.contains(p.home(i))) }
            #expect(!p.fsm[i] || p.fsm6[i], "Ever-6 includes FSM now")
        }
        // Within four binomial standard errors of each authority's target.
        for (a, target) in [0.30, 0.10].enumerated() {
            let share = Double(fsm[a]) / Double(n[a])
            #expect(abs(share - target) < 4 * (target * (1 - target) / Double(n[a])).squareRoot(), "authority \(a): \(share)")
        }
        // Deprived areas have more FSM pupils: A (0.40) against B (0.05), same authority.
        let fsmA = (0..<20_000).filter { p.fsm[$0] }.count, fsmB = (20_000..<30_000).filter { p.fsm[$0] }.count
        #expect(Double(fsmA) / 20_000 > 2 * Double(fsmB) / 10_000)
        // Homes without points scatter around the centroid by half the gap to the nearest other
        // centroid: A's nearest is B, 1 km away, so a 0.5 km standard deviation.
        let dx = (0..<20_000).map { p.homeX[$0] - 500 }
        let sd = (dx.reduce(0) { $0 + $1 * $1 } / 20_000).squareRoot()
        #expect(abs(sd - 0.5) < 0.02)
        // Attainment is standardised over the cohort.
        let mean = p.attainment.reduce(0, +) / Double(p.count)
        #expect(abs(mean) < 1e-9)
    }

    @Test func sameSeedSameRegion() {
        let spec = AreaCohortSpec(areas: Self.areas, authorityFSMShare: [0.3, 0.1])
        let a = AreaCohort.build(spec, schools: Self.schools, seed: 9), b = AreaCohort.build(spec, schools: Self.schools, seed: 9)
        #expect(a.pupils == b.pupils)
        #expect(AreaCohort.build(spec, schools: Self.schools, seed: 10).pupils != a.pupils)
    }
}
