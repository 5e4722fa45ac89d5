import Testing
import FairPlacesCore

func standardArrangements(_ type: SchoolType) -> AdmissionArrangements {
    type == .grammar ? AdmissionArrangements(selection: Selection()) : AdmissionArrangements()
}

func syntheticSpec(pupils: Int, schools: Int) -> SyntheticRegionSpec {
    var spec = SyntheticRegionSpec()
    spec.pupils = pupils
    spec.generatedSchools = SyntheticRegionSpec.GeneratedSchools(count: schools)
    return spec
}

/// One large region shared by the statistical tests (generated once).
let largeSpec = syntheticSpec(pupils: 20_000, schools: 20)
let largeRegion = SyntheticRegionGenerator.generate(spec: largeSpec, arrangements: standardArrangements, seed: 31)

@Suite struct SyntheticRegionTests {
    @Test func sameSpecAndSeedGiveTheSameRegion() {
        let spec = syntheticSpec(pupils: 1500, schools: 8)
        let a = SyntheticRegionGenerator.generate(spec: spec, arrangements: standardArrangements, seed: 9)
        let b = SyntheticRegionGenerator.generate(spec: spec, arrangements: standardArrangements, seed: 9)
        #expect(a.pupils == b.pupils)
        #expect(a.schools == b.schools)
        #expect(a.areas == b.areas)
    }

    @Test func differentSeedGivesADifferentRegion() {
        let spec = syntheticSpec(pupils: 1500, schools: 8)
        let a = SyntheticRegionGenerator.generate(spec: spec, arrangements: standardArrangements, seed: 9)
        let b = SyntheticRegionGenerator.generate(spec: spec, arrangements: standardArrangements, seed: 10)
        #expect(a.pupils != b.pupils)
        #expect(a.pupils.homeX != b.pupils.homeX)
        #expect(a.schools.map(\.location) != b.schools.map(\.location))
    }

    /// Shares of pupil characteristics against the spec. Tolerances are about 4–6 binomial standard
    /// errors at n = 20,000 (FSM: SE 0.30 points; LAC 0.07; EHC 0.12; siblings 0.34).
    @Test func characteristicSharesMatchTheSpec() {
        let p = largeRegion.pupils
        let n = Double(p.count)
        #expect(p.count == 20_000)
        let fsm = Double(p.fsm.filter { $0 }.count) / n
        let lac = Double(p.lookedAfter.filter { $0 }.count) / n
        let ehc = Double(p.ehcPlanSchool.filter { $0 >= 0 }.count) / n
        let sibling = Double(p.siblingSchool.filter { $0 >= 0 }.count) / n
        #expect(abs(fsm - largeSpec.fsmRate) < 0.015, "FSM share \(fsm)")
        #expect(abs(lac - 0.01) < 0.004, "looked-after share \(lac)")
        #expect(abs(ehc - 0.03) < 0.005, "EHC share \(ehc)")
        #expect(abs(sibling - 0.35) < 0.015, "sibling share \(sibling)")
    }

    @Test func fsmIsConcentratedInDeprivedAreas() {
        let p = largeRegion.pupils
        func rate(_ deciles: ClosedRange<UInt8>) -> Double {
            let idx = p.idaciDecile.indices.filter { deciles.contains(p.idaciDecile[$0]) }
            return Double(idx.filter { p.fsm[$0] }.count) / Double(idx.count)
        }
        let deprived = rate(1...3), affluent = rate(8...10)
        #expect(deprived > affluent + 0.1, "FSM rate \(deprived) in deciles 1–3 vs \(affluent) in 8–10")
    }

    /// Attainment is standardised (mean 0, sample SD 1) and lower for FSM pupils (the spec's gap is
    /// 0.5 raw SD before standardising).
    @Test func attainmentIsStandardisedAndLowerForFSM() {
        let p = largeRegion.pupils
        #expect(abs(mean(p.attainment)) < 1e-9)
        #expect(abs(variance(p.attainment).squareRoot() - 1) < 1e-9)
        let fsm = p.attainment.indices.filter { p.fsm[$0] }.map { p.attainment[$0] }
        let other = p.attainment.indices.filter { !p.fsm[$0] }.map { p.attainment[$0] }
        #expect(mean(fsm) < mean(other) - 0.3, "FSM mean \(mean(fsm)) vs others \(mean(other))")
    }

    @Test func pupilsAreConsistentWithTheirAreas() {
        let r = largeRegion
        var population = [Int](repeating: 0, count: r.areas.count)
        for i in 0..<r.pupils.count {
            let a = Int(r.pupils.area[i])
            #expect(a >= 0 && a < r.areas.count)
            guard a >= 0 && a < r.areas.count else { continue }
            population[a] += 1
            #expect(r.pupils.idaciScore[i] == r.areas[a].idaciScore)
            #expect(r.pupils.idaciDecile[i] == r.areas[a].idaciDecile)
            // The home lies inside the area's grid cell (1 km squares centred on the centroid).
            let c = r.areas[a].centroid
            #expect(abs(r.pupils.homeX[i] - c.x) <= 0.5 + 1e-9 && abs(r.pupils.homeY[i] - c.y) <= 0.5 + 1e-9)
            #expect(r.pupils.homeX[i] >= 0 && r.pupils.homeX[i] <= largeSpec.widthKm)
            #expect(r.pupils.homeY[i] >= 0 && r.pupils.homeY[i] <= largeSpec.heightKm)
        }
        #expect(population == r.areas.map { $0.population ?? -1 })
        #expect(r.areas.allSatisfy { $0.idaciScore > 0 && $0.idaciScore < 0.6 && (1...10).contains($0.idaciDecile) })
    }

    @Test func generatedPlacesCoverTheCohortWithTheSurplus() {
        let r = largeRegion
        let g = largeSpec.generatedSchools!
        #expect(r.schools.count == g.count)
        let target = Double(largeSpec.pupils) * (1 + g.surplusShare)
        let slack = Double(r.schools.count * g.panMultiple)
        #expect(abs(Double(r.totalPAN) - target) <= slack, "total PAN \(r.totalPAN) vs \(target)")
        #expect(r.schools.allSatisfy { $0.pan > 0 && $0.pan % g.panMultiple == 0 })
        #expect(Set(r.schools.map(\.id)).count == r.schools.count)
    }

    /// EHC-plan and sibling schools are among the pupil's three nearest schools.
    @Test func ehcAndSiblingSchoolsAreNearby() {
        let r = largeRegion
        for i in 0..<r.pupils.count where r.pupils.ehcPlanSchool[i] >= 0 || r.pupils.siblingSchool[i] >= 0 {
            let home = r.pupils.home(i)
            let order = r.schools.indices.sorted {
                let a = home.distance(to: r.schools[$0].location), b = home.distance(to: r.schools[$1].location)
                return a != b ? a < b : $0 < $1
            }
            let near = Set(order.prefix(3).map { Int32($0) })
            if r.pupils.ehcPlanSchool[i] >= 0 { #expect(near.contains(r.pupils.ehcPlanSchool[i])) }
            if r.pupils.siblingSchool[i] >= 0 { #expect(near.contains(r.pupils.siblingSchool[i])) }
        }
    }

    @Test func listedSchoolsComeFirstAndCountTowardsPlaces() {
        var spec = syntheticSpec(pupils: 3000, schools: 5)
        spec.generatedSchools!.surplusShare = 0.2
        let listed = [makeSchool("L1", at: Point(x: 5, y: 5), pan: 600)]
        let r = SyntheticRegionGenerator.generate(spec: spec, listedSchools: listed, arrangements: standardArrangements, seed: 4)
        #expect(r.schools.count == 6)
        #expect(r.schools[0] == listed[0])
        let generated = r.schools.dropFirst().reduce(0) { $0 + $1.pan }
        // 3000 · 1.2 − 600 = 3000 places for the five generated schools, each PAN within a form of entry.
        #expect(abs(Double(generated) - 3000) <= Double(5 * 30))
    }
}
