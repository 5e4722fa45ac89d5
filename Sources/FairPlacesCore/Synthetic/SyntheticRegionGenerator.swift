#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws a synthetic region from a `SyntheticRegionSpec` and a seed.
///
/// Every draw comes from the (seed, replication 0, `.region`) stream, addressed by entity and draw
/// number, so a region is a pure function of its spec and seed.
public enum SyntheticRegionGenerator {
    /// Draw numbers used per pupil; other entities use draws from 1,000 up so they never collide.
    private enum Draw {
        static let place = 0, position = 1, fsm = 2, attainment = 3, flags = 4, schoolChoice = 5, faith = 6
        static let town = 1000, townPosition = 1001, bump = 1100, bumpPosition = 1101, areaNoise = 1200
        static let school = 1300, schoolPosition = 1301, schoolType = 1302
        static let needs = 7, tutoring = 8, primary = 1400
        /// The sibling draw, numbered apart from the rest when it was added (kept so regions do not change).
        static let sibling = 104
        /// Funding attributes (issue #5): Ever-6 FSM and EAL, one draw each per pupil.
        static let everFSM = 20, eal = 21
        /// Sex (for single-sex schools), a draw of its own so no earlier draw moves.
        static let sex = 22
    }

    /// - Parameters:
    ///   - listedSchools: schools given explicitly; generated schools are appended after them.
    ///   - arrangements: the admission arrangements a generated school of each type receives.
    public static func generate(spec: SyntheticRegionSpec, listedSchools: [School] = [],
                                arrangements: (SchoolType) -> AdmissionArrangements,
                                seed: UInt64) -> Region {
        let rng = RandomStream(seed: seed, replication: 0, purpose: .region)
        let towns = spec.towns.isEmpty ? randomTowns(spec, rng) : spec.towns
        let townShareTotal = towns.reduce(0) { $0 + $1.share }

        // Homes.
        var homesX = [Double](repeating: 0, count: spec.pupils)
        var homesY = [Double](repeating: 0, count: spec.pupils)
        for i in 0..<spec.pupils {
            let (uRural, uTown) = rng.uniformPair(entity: i, draw: Draw.place)
            if uRural < spec.ruralShare || towns.isEmpty {
                let (ux, uy) = rng.uniformPair(entity: i, draw: Draw.position)
                homesX[i] = ux * spec.widthKm
                homesY[i] = uy * spec.heightKm
            } else {
                var target = uTown * townShareTotal, t = 0
                while t < towns.count - 1 && target >= towns[t].share { target -= towns[t].share; t += 1 }
                let (zx, zy) = rng.normalPair(entity: i, draw: Draw.position)
                homesX[i] = clamp(towns[t].centre.x + towns[t].radiusKm * zx, 0, spec.widthKm)
                homesY[i] = clamp(towns[t].centre.y + towns[t].radiusKm * zy, 0, spec.heightKm)
            }
        }

        // Small areas: grid cells that hold at least one home, with latent deprivation ranked onto
        // the national IDACI curve.
        let cellsX = max(1, Int((spec.widthKm / spec.areaSizeKm).rounded(.up)))
        let cellsY = max(1, Int((spec.heightKm / spec.areaSizeKm).rounded(.up)))
        func cell(_ x: Double, _ y: Double) -> Int {
            let cx = min(cellsX - 1, max(0, Int(x / spec.areaSizeKm)))
            let cy = min(cellsY - 1, max(0, Int(y / spec.areaSizeKm)))
            return cy * cellsX + cx
        }
        var areaOfCell = [Int32](repeating: -1, count: cellsX * cellsY)
        var cellOfArea: [Int] = []
        var pupilArea = [Int32](repeating: -1, count: spec.pupils)
        for i in 0..<spec.pupils {
            let c = cell(homesX[i], homesY[i])
            if areaOfCell[c] < 0 {
                areaOfCell[c] = Int32(cellOfArea.count)
                cellOfArea.append(c)
            }
            pupilArea[i] = areaOfCell[c]
        }
        // Areas are numbered in order of first appearance; renumber by cell so that area ids do
        // not depend on which pupil happens to come first.
        let order = cellOfArea.indices.sorted { cellOfArea[$0] < cellOfArea[$1] }
        var renumber = [Int32](repeating: 0, count: order.count)
        for (newIndex, old) in order.enumerated() { renumber[old] = Int32(newIndex) }
        cellOfArea = order.map { cellOfArea[$0] }
        for i in 0..<spec.pupils { pupilArea[i] = renumber[Int(pupilArea[i])] }

        let latent = latentDeprivation(spec: spec, towns: towns, rng: rng, cells: cellOfArea, cellsX: cellsX)
        // Most deprived first: rank 0 is the highest latent value.
        let ranked = latent.indices.sorted { latent[$0] != latent[$1] ? latent[$0] > latent[$1] : $0 < $1 }
        var areas = [SmallArea](repeating: SmallArea(id: "", centroid: Point(x: 0, y: 0), idaciScore: 0, idaciDecile: 1),
                                count: cellOfArea.count)
        for (rank, a) in ranked.enumerated() {
            let q = (Double(rank) + 0.5) / Double(ranked.count)
            let c = cellOfArea[a]
            let centre = Point(x: (Double(c % cellsX) + 0.5) * spec.areaSizeKm, y: (Double(c / cellsX) + 0.5) * spec.areaSizeKm)
            areas[a] = SmallArea(id: "A\(c % cellsX)_\(c / cellsX)", centroid: centre,
                                 idaciScore: IDACICurve.score(atRankFraction: q),
                                 idaciDecile: IDACICurve.decile(atRankFraction: q))
        }
        var population = [Int](repeating: 0, count: areas.count)
        for a in pupilArea { population[Int(a)] += 1 }
        for a in areas.indices { areas[a].population = population[a] }

        // Schools.
        var schools = listedSchools
        if let generated = spec.generatedSchools {
            // Generated schools provide the places the listed ones leave: cohort × (1 + surplus) in all.
            let places = Double(spec.pupils) * (1 + generated.surplusShare) - Double(listedSchools.reduce(0) { $0 + $1.pan })
            schools += generateSchools(generated, places: max(0, places), spec: spec, towns: towns, rng: rng,
                                       arrangements: arrangements, firstIndex: listedSchools.count)
        }

        // Pupil characteristics.
        let idaci = pupilArea.map { areas[Int($0)].idaciScore }
        let idaciMean = idaci.reduce(0, +) / Double(max(1, idaci.count))
        let idaciSD = (idaci.reduce(0) { $0 + ($1 - idaciMean) * ($1 - idaciMean) } / Double(max(1, idaci.count))).squareRoot()
        let fsmIntercept = calibrateIntercept(scores: idaci, slope: spec.fsmSlope, target: spec.fsmRate)
        var pupils = Pupils(reservingCapacity: spec.pupils)
        var rawAttainment = [Double](repeating: 0, count: spec.pupils)
        var fsm = [Bool](repeating: false, count: spec.pupils)
        for i in 0..<spec.pupils {
            let p = logistic(fsmIntercept + spec.fsmSlope * idaci[i])
            fsm[i] = rng.uniform(entity: i, draw: Draw.fsm) < p
            let z = idaciSD > 0 ? (idaci[i] - idaciMean) / idaciSD : 0
            rawAttainment[i] = (fsm[i] ? -spec.attainmentFSMGap : 0) + spec.attainmentIDACIEffect * z
                + rng.normal(entity: i, draw: Draw.attainment)
        }
        let attainment = standardised(rawAttainment)
        // Funding attributes (issue #5): Ever-6 FSM and EAL, from draws of their own.
        let everFSM = FundingAttributes.everFSM(fsm: fsm, idaci: idaci, rate: spec.fsm6Rate, slope: spec.fsmSlope,
                                                rng: rng, draw: Draw.everFSM)
        let eal = FundingAttributes.eal(count: spec.pupils, rate: spec.ealRate, rng: rng, draw: Draw.eal)

        // Primary schools: placed at the homes of evenly spaced pupils; each pupil attends the nearest.
        let primaryCount = spec.pupils == 0 ? 0 : max(1, spec.pupils / max(1, spec.primaryCohortSize))
        let primaryHomes = (0..<primaryCount).map { p -> Int in
            min(spec.pupils - 1, Int(rng.uniform(entity: p, draw: Draw.primary) * Double(spec.pupils)))
        }
        let tutoringIntercept = calibrateIntercept(scores: idaci, slope: spec.tutoringSlope, target: spec.tutoringRate)
        let faithTotal = spec.faithShares.reduce(0) { $0 + $1.1 }
        for i in 0..<spec.pupils {
            let home = Point(x: homesX[i], y: homesY[i])
            let (uLAC, uEHC) = rng.uniformPair(entity: i, draw: Draw.flags)
            let (uSibling, _) = rng.uniformPair(entity: i, draw: Draw.sibling)
            let (uEHCSchool, uSiblingSchool) = rng.uniformPair(entity: i, draw: Draw.schoolChoice)
            var ehc: Int32 = -1, sibling: Int32 = -1
            if uEHC < spec.ehcPlanRate || uSibling < spec.siblingRate {
                let near = nearestSchools(home, schools, count: 3)
                if uEHC < spec.ehcPlanRate, !near.isEmpty {
                    ehc = Int32(near[min(near.count - 1, Int(uEHCSchool * Double(near.count)))])
                }
                if uSibling < spec.siblingRate, !near.isEmpty {
                    // Older siblings went where families wanted: weight the nearby schools by appeal.
                    let weights = near.map { exp(schools[$0].attractiveness) }
                    var target = uSiblingSchool * weights.reduce(0, +), k = 0
                    while k < near.count - 1 && target >= weights[k] { target -= weights[k]; k += 1 }
                    sibling = Int32(near[k])
                }
            }
            var faith: UInt8 = 0
            if faithTotal > 0 {
                var u = rng.uniform(entity: i, draw: Draw.faith)
                for (f, (_, share)) in spec.faithShares.enumerated() {
                    if u < share { faith = UInt8(f + 1); break }
                    u -= share
                }
            }
            let (uMedical, uStaff) = rng.uniformPair(entity: i, draw: Draw.needs)
            let (uTutored, uStaffSchool) = rng.uniformPair(entity: i, draw: Draw.tutoring)
            var staffSchool: Int32 = -1
            if uStaff < spec.staffChildRate {
                let near = nearestSchools(home, schools, count: 3)
                if !near.isEmpty { staffSchool = Int32(near[min(near.count - 1, Int(uStaffSchool * Double(near.count)))]) }
            }
            var feeder: Int32 = -1, feederDistance = Double.infinity
            for (p, h) in primaryHomes.enumerated() {
                let dx = homesX[h] - home.x, dy = homesY[h] - home.y
                let d = dx * dx + dy * dy
                if d < feederDistance { feeder = Int32(p); feederDistance = d }
            }
            let area = areas[Int(pupilArea[i])]
            pupils.append(id: "P\(i + 1)", home: home, fsm: fsm[i], idaciScore: area.idaciScore,
                          idaciDecile: area.idaciDecile, attainment: attainment[i],
                          lookedAfter: uLAC < spec.lookedAfterRate, ehcPlanSchool: ehc,
                          siblingSchool: sibling, faith: faith, area: pupilArea[i],
                          medicalNeed: uMedical < spec.medicalNeedRate, staffChildAt: staffSchool, feeder: feeder,
                          tutored: uTutored < logistic(tutoringIntercept + spec.tutoringSlope * idaci[i]),
                          fsm6: everFSM[i], eal: eal[i], girl: rng.uniform(entity: i, draw: Draw.sex) < 0.5)
        }
        return Region(pupils: pupils, schools: schools, areas: areas,
                      faithNames: ["none"] + spec.faithShares.map(\.0),
                      feederNames: (0..<primaryCount).map { "Primary \($0 + 1)" })
    }

    // MARK: - Parts

    private static func randomTowns(_ spec: SyntheticRegionSpec, _ rng: RandomStream) -> [SyntheticRegionSpec.Town] {
        (0..<spec.townCount).map { t in
            let (ux, uy) = rng.uniformPair(entity: t, draw: Draw.townPosition)
            let (uShare, uRadius) = rng.uniformPair(entity: t, draw: Draw.town)
            return SyntheticRegionSpec.Town(
                name: "Town \(t + 1)",
                centre: Point(x: (0.15 + 0.7 * ux) * spec.widthKm, y: (0.15 + 0.7 * uy) * spec.heightKm),
                share: 0.5 + uShare, radiusKm: 1.5 + 2.0 * uRadius)
        }
    }

    private static func latentDeprivation(spec: SyntheticRegionSpec, towns: [SyntheticRegionSpec.Town],
                                          rng: RandomStream, cells: [Int], cellsX: Int) -> [Double] {
        let d = spec.deprivation
        let angle = d.gradientAngleDegrees * .pi / 180
        let (ax, ay) = (cos(angle), sin(angle))
        let halfSpan = 0.5 * (abs(ax) * spec.widthKm + abs(ay) * spec.heightKm)
        let bumps: [(Point, Double)] = (0..<d.clusters).map { b in
            let (ux, uy) = rng.uniformPair(entity: b, draw: Draw.bumpPosition)
            let (uSign, _) = rng.uniformPair(entity: b, draw: Draw.bump)
            return (Point(x: ux * spec.widthKm, y: uy * spec.heightKm), uSign < 0.5 ? -1 : 1)
        }
        return cells.map { c in
            let x = (Double(c % cellsX) + 0.5) * spec.areaSizeKm, y = (Double(c / cellsX) + 0.5) * spec.areaSizeKm
            var z = halfSpan > 0 ? d.gradient * ((x - spec.widthKm / 2) * ax + (y - spec.heightKm / 2) * ay) / halfSpan : 0
            for town in towns {
                let r2 = (x - town.centre.x) * (x - town.centre.x) + (y - town.centre.y) * (y - town.centre.y)
                z += d.townCentre * exp(-r2 / (2 * town.radiusKm * town.radiusKm))
            }
            for (centre, sign) in bumps {
                let r2 = (x - centre.x) * (x - centre.x) + (y - centre.y) * (y - centre.y)
                z += sign * d.clustering * exp(-r2 / (2 * d.clusterRadiusKm * d.clusterRadiusKm))
            }
            return z + d.noise * rng.normal(entity: c, draw: Draw.areaNoise)
        }
    }

    private static func generateSchools(_ g: SyntheticRegionSpec.GeneratedSchools, places: Double, spec: SyntheticRegionSpec,
                                        towns: [SyntheticRegionSpec.Town], rng: RandomStream,
                                        arrangements: (SchoolType) -> AdmissionArrangements,
                                        firstIndex: Int) -> [School] {
        guard g.count > 0 else { return [] }
        // Schools per town by largest remainder on town shares.
        let total = towns.reduce(0) { $0 + $1.share }
        var perTown = [Int](repeating: 0, count: max(1, towns.count))
        if towns.isEmpty {
            perTown[0] = g.count
        } else {
            let exact = towns.map { Double(g.count) * $0.share / total }
            perTown = exact.map { Int($0.rounded(.down)) }
            let byRemainder = exact.indices.sorted { (exact[$0] - Double(perTown[$0])) > (exact[$1] - Double(perTown[$1])) }
            var k = 0
            while perTown.reduce(0, +) < g.count { perTown[byRemainder[k % byRemainder.count]] += 1; k += 1 }
        }
        let typeTotal = g.typeShares.reduce(0) { $0 + $1.1 }
        var schools: [School] = []
        for (t, n) in perTown.enumerated() where n > 0 {
            let townPlaces = towns.isEmpty ? places : places * towns[t].share / total
            let pan = max(g.panMultiple, Int((townPlaces / Double(n) / Double(g.panMultiple)).rounded()) * g.panMultiple)
            for _ in 0..<n {
                let s = schools.count
                let location: Point
                if towns.isEmpty {
                    let (ux, uy) = rng.uniformPair(entity: s, draw: Draw.schoolPosition)
                    location = Point(x: ux * spec.widthKm, y: uy * spec.heightKm)
                } else {
                    let (zx, zy) = rng.normalPair(entity: s, draw: Draw.schoolPosition)
                    let spread = 0.6 * towns[t].radiusKm
                    location = Point(x: clamp(towns[t].centre.x + spread * zx, 0, spec.widthKm),
                                     y: clamp(towns[t].centre.y + spread * zy, 0, spec.heightKm))
                }
                let (uType, _) = rng.uniformPair(entity: s, draw: Draw.schoolType)
                var target = uType * typeTotal, k = 0
                while k < g.typeShares.count - 1 && target >= g.typeShares[k].1 { target -= g.typeShares[k].1; k += 1 }
                let type = g.typeShares[k].0
                let id = "S\(firstIndex + s + 1)"
                let townName = towns.isEmpty ? "" : towns[t].name + " "
                schools.append(School(id: id, name: "\(townName)School \(firstIndex + s + 1)", location: location,
                                      type: type, pan: pan,
                                      attractiveness: g.attractivenessSD * rng.normal(entity: s, draw: Draw.school),
                                      arrangements: arrangements(type), district: towns.isEmpty ? "" : towns[t].name))
            }
        }
        return schools
    }

    /// Indices of the `count` nearest schools (ties to the lower index).
    static func nearestSchools(_ home: Point, _ schools: [School], count: Int) -> [Int] {
        let order = schools.indices.sorted {
            let a = home.distance(to: schools[$0].location), b = home.distance(to: schools[$1].location)
            return a != b ? a < b : $0 < $1
        }
        return Array(order.prefix(count))
    }

    /// The intercept α with mean over pupils of logistic(α + slope·score) = target: every pupil
    /// weighs the same.
    static func calibrateIntercept(scores: [Double], slope: Double, target: Double) -> Double {
        AreaCohort.calibrateIntercept(scores: scores, weights: [Double](repeating: 1, count: scores.count),
                                      slope: slope, target: target)
    }

    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    static func standardised(_ v: [Double]) -> [Double] {
        guard v.count > 1 else { return v.map { _ in 0 } }
        let mean = v.reduce(0, +) / Double(v.count)
        let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
        return v.map { sd > 0 ? ($0 - mean) / sd : 0 }
    }

    static func clamp(_ v: Double, _ lo: Double, _ hi: Double) -> Double { min(max(v, lo), hi) }
}
