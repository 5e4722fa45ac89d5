#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real place's year group, synthesised neighbourhood by neighbourhood from published counts:
/// how many children of the right age live in each small area (e.g. a 2011 LSOA), how deprived the
/// area is (IDACI), and which authority it belongs to.
///
/// Each pupil's FSM eligibility is drawn with a probability rising with the area's IDACI score,
/// logit P = α_a + slope · score, where α_a is solved for each authority a so that the expected FSM
/// share of its pupils equals the authority's published figure (the school census). Prior
/// attainment, siblings, needs, faith and tutoring follow the synthetic generator's models and
/// rates (`SyntheticRegionSpec`), so a real place and a made-up town differ only in their geography
/// and counts. Homes are drawn at the area's postcode points when it has any, else scattered
/// around its population-weighted centroid.
public struct AreaCohortSpec: Sendable {
    /// One small area.
    public struct Area: Sendable, Equatable {
        public var id: String
        public var centroid: Point
        public var idaciScore: Double
        public var idaciDecile: UInt8
        /// Pupils of the cohort living here.
        public var pupils: Int
        /// Index into `authorityFSMShare`.
        public var authority: Int
        public init(id: String, centroid: Point, idaciScore: Double, idaciDecile: UInt8, pupils: Int, authority: Int) {
            self.id = id; self.centroid = centroid; self.idaciScore = idaciScore; self.idaciDecile = idaciDecile
            self.pupils = pupils; self.authority = authority
        }
    }

    public var areas: [Area]
    /// Residential points (e.g. postcode centroids) of area a: `homePoints[homePointOffsets[a] ..<
    /// homePointOffsets[a + 1]]`; empty offsets mean no points for any area.
    public var homePoints: [Point] = []
    public var homePointOffsets: [Int] = []
    /// The FSM share each authority's pupils are calibrated to.
    public var authorityFSMShare: [Double]
    /// Each authority's name (by the index areas give), recorded on the region's areas; empty: none.
    public var authorityNames: [String] = []
    /// Homes without postcode points scatter normally around the centroid with a standard deviation
    /// of this share of the distance to the nearest other area's centroid (small in a city, where
    /// areas are small; large in the country).
    public var homeSpreadShare: Double = 0.5
    /// Rates and model slopes shared with synthetic regions (FSM slope, attainment gaps, siblings, …).
    public var rates: SyntheticRegionSpec

    public init(areas: [Area], authorityFSMShare: [Double], rates: SyntheticRegionSpec = SyntheticRegionSpec()) {
        self.areas = areas
        self.authorityFSMShare = authorityFSMShare
        self.rates = rates
    }

    public var pupilCount: Int { areas.reduce(0) { $0 + $1.pupils } }
}

public enum AreaCohort {
    /// Draw numbers per pupil on the region stream.
    private enum Draw {
        static let position = 0, fsm = 2, attainment = 3, flags = 4, schoolChoice = 5, faith = 6
        static let needs = 7, tutoring = 8, sibling = 104, everFSM = 20, eal = 21, sex = 22
    }

    /// The region: pupils area by area (area order, then pupil number), the given schools, and the
    /// areas as the region's small areas. Every draw comes from (seed, replication 0, `.region`).
    public static func build(_ spec: AreaCohortSpec, schools: [School], faithNames: [String] = ["none"],
                             seed: UInt64) -> Region {
        let rng = RandomStream(seed: seed, replication: 0, purpose: .region)
        let rates = spec.rates
        let areas = spec.areas
        let n = spec.pupilCount

        // FSM intercepts per authority, from area-level expectations (weights: the area's pupils).
        let scores = areas.map(\.idaciScore), weights = areas.map { Double($0.pupils) }
        // Each authority's areas in order, in one pass (filtering all areas per authority was
        // authorities × areas: five million tests nationally).
        var areasOf = [[Int]](repeating: [], count: spec.authorityFSMShare.count)
        for (k, area) in areas.enumerated() where areasOf.indices.contains(area.authority) { areasOf[area.authority].append(k) }
        let fsmIntercept = spec.authorityFSMShare.indices.map { a -> Double in
            let inA = areasOf[a]
            return calibrateIntercept(scores: inA.map { scores[$0] }, weights: inA.map { weights[$0] },
                                      slope: rates.fsmSlope, target: spec.authorityFSMShare[a])
        }
        let tutoringIntercept = calibrateIntercept(scores: scores, weights: weights, slope: rates.tutoringSlope,
                                                   target: rates.tutoringRate)
        let spread = homeSpread(areas, share: spec.homeSpreadShare)
        let idaciMean = zip(scores, weights).reduce(0) { $0 + $1.0 * $1.1 } / Double(max(1, n))
        let idaciSD = (zip(scores, weights).reduce(0) { $0 + $1.1 * ($1.0 - idaciMean) * ($1.0 - idaciMean) } / Double(max(1, n))).squareRoot()
        let faithTotal = rates.faithShares.reduce(0) { $0 + $1.1 }
        let faithIndex = rates.faithShares.map { share in UInt8(faithNames.firstIndex(of: share.0) ?? 0) }
        let hasPoints = spec.homePointOffsets.count == areas.count + 1

        // Homes first, so that the schools near each area's homes are gathered once per area rather
        // than searched for per pupil (two in five pupils need their three nearest).
        var homeX = [Double](repeating: 0, count: n), homeY = [Double](repeating: 0, count: n)
        var homeArea = [Int32](repeating: 0, count: n)
        var i = 0
        for (a, area) in areas.enumerated() {
            let points = hasPoints ? spec.homePointOffsets[a] ..< spec.homePointOffsets[a + 1] : 0..<0
            for _ in 0..<area.pupils {
                if !points.isEmpty {
                    let u = rng.uniform(entity: i, draw: Draw.position)
                    let home = spec.homePoints[points.lowerBound + min(points.count - 1, Int(u * Double(points.count)))]
                    homeX[i] = home.x; homeY[i] = home.y
                } else {
                    let (zx, zy) = rng.normalPair(entity: i, draw: Draw.position)
                    homeX[i] = area.centroid.x + spread[a] * zx; homeY[i] = area.centroid.y + spread[a] * zy
                }
                homeArea[i] = Int32(a)
                i += 1
            }
        }
        let nearby = AreaCandidates(homesX: homeX, homesY: homeY, area: homeArea, centroids: areas.map(\.centroid),
                                    grid: SpatialGrid(sites: schools.map(\.location)), count: 3)

        // e^attractiveness of each school, for siblings' schools (once, not up to six times a sibling).
        let appeal = schools.map { exp($0.attractiveness) }
        // The pupils' columns, filled by position: appending each pupil to a dozen arrays checked
        // every array's uniqueness and capacity for every pupil.
        var ids: [String] = []
        ids.reserveCapacity(n)
        var fsmOf = [Bool](repeating: false, count: n), girlOf = fsmOf, lookedAfterOf = fsmOf, medicalNeedOf = fsmOf
        var tutoredOf = fsmOf
        var ehcOf = [Int32](repeating: -1, count: n), siblingOf = ehcOf, staffOf = ehcOf
        var faithOf = [UInt8](repeating: 0, count: n)
        var rawAttainment = [Double](repeating: 0, count: n)
        var near = [Int32](repeating: -1, count: 3), nearD2 = [Double](repeating: 0, count: 3)
        i = 0
        for (a, area) in areas.enumerated() {
            let pFSM = logistic(fsmIntercept[area.authority] + rates.fsmSlope * area.idaciScore)
            let pTutored = logistic(tutoringIntercept + rates.tutoringSlope * area.idaciScore)
            let z = idaciSD > 0 ? (area.idaciScore - idaciMean) / idaciSD : 0
            let idPrefix = area.id + "-"
            for k in 0..<area.pupils {
                let home = Point(x: homeX[i], y: homeY[i])
                let fsm = rng.uniform(entity: i, draw: Draw.fsm) < pFSM
                let girl = rng.uniform(entity: i, draw: Draw.sex) < 0.5
                rawAttainment[i] = (fsm ? -rates.attainmentFSMGap : 0) + rates.attainmentIDACIEffect * z
                    + rng.normal(entity: i, draw: Draw.attainment)
                let (uLAC, uEHC) = rng.uniformPair(entity: i, draw: Draw.flags)
                let (uSibling, _) = rng.uniformPair(entity: i, draw: Draw.sibling)
                let (uEHCSchool, uSiblingSchool) = rng.uniformPair(entity: i, draw: Draw.schoolChoice)
                let (uMedical, uStaff) = rng.uniformPair(entity: i, draw: Draw.needs)
                let (uTutored, uStaffSchool) = rng.uniformPair(entity: i, draw: Draw.tutoring)
                var ehc: Int32 = -1, sibling: Int32 = -1, staff: Int32 = -1
                if uEHC < rates.ehcPlanRate || uSibling < rates.siblingRate || uStaff < rates.staffChildRate {
                    var found = near.withUnsafeMutableBufferPointer { b in
                        nearD2.withUnsafeMutableBufferPointer { d in
                            nearby.nearest(to: home, area: a, count: 3, indices: b.baseAddress!, squaredDistances: d.baseAddress!)!
                        }
                    }
                    // Only schools that admit the pupil's sex can be named in a plan or attended by them.
                    var kept = 0
                    for c in 0..<found where schools[Int(near[c])].admits(girl: girl) { near[kept] = near[c]; kept += 1 }
                    found = kept
                    if found > 0 {
                        if uEHC < rates.ehcPlanRate { ehc = near[min(found - 1, Int(uEHCSchool * Double(found)))] }
                        if uStaff < rates.staffChildRate { staff = near[min(found - 1, Int(uStaffSchool * Double(found)))] }
                        if uSibling < rates.siblingRate {
                            // Older siblings went where families wanted: weight the nearby schools by appeal.
                            var total = 0.0
                            for c in 0..<found { total += appeal[Int(near[c])] }
                            var target = uSiblingSchool * total, c = 0
                            while c < found - 1 && target >= appeal[Int(near[c])] {
                                target -= appeal[Int(near[c])]; c += 1
                            }
                            sibling = near[c]
                        }
                    }
                }
                var faith: UInt8 = 0
                if faithTotal > 0 {
                    var u = rng.uniform(entity: i, draw: Draw.faith)
                    for (f, (_, share)) in rates.faithShares.enumerated() {
                        if u < share { faith = faithIndex[f]; break }
                        u -= share
                    }
                }
                ids.append(idPrefix + String(k + 1))
                fsmOf[i] = fsm; girlOf[i] = girl
                lookedAfterOf[i] = uLAC < rates.lookedAfterRate; medicalNeedOf[i] = uMedical < rates.medicalNeedRate
                tutoredOf[i] = uTutored < pTutored
                ehcOf[i] = ehc; siblingOf[i] = sibling; staffOf[i] = staff
                faithOf[i] = faith
                i += 1
            }
        }
        var pupils = Pupils()
        pupils.ids = ids
        pupils.homeX = homeX; pupils.homeY = homeY
        pupils.fsm = fsmOf
        pupils.idaciScore = homeArea.map { areas[Int($0)].idaciScore }
        pupils.idaciDecile = homeArea.map { areas[Int($0)].idaciDecile }
        pupils.attainment = SyntheticRegionGenerator.standardised(rawAttainment)
        pupils.lookedAfter = lookedAfterOf
        pupils.ehcPlanSchool = ehcOf; pupils.siblingSchool = siblingOf
        pupils.faith = faithOf
        pupils.area = homeArea
        pupils.medicalNeed = medicalNeedOf
        pupils.staffChildAt = staffOf
        pupils.feeder = [Int32](repeating: -1, count: n)
        pupils.tutored = tutoredOf
        // Ever-6 includes FSM now; the rest are drawn below.
        pupils.fsm6 = fsmOf
        pupils.eal = [Bool](repeating: false, count: n)
        pupils.girl = girlOf
        everFSM(&pupils, areaScores: scores, rate: rates.fsm6Rate, slope: rates.fsmSlope, rng: rng)
        if rates.ealRate > 0 {
            for p in 0..<n { pupils.eal[p] = rng.uniform(entity: p, draw: Draw.eal) < rates.ealRate }
        }
        let smallAreas = areas.map {
            SmallArea(id: $0.id, centroid: $0.centroid, population: $0.pupils, idaciScore: $0.idaciScore, idaciDecile: $0.idaciDecile,
                      authority: $0.authority < spec.authorityNames.count ? spec.authorityNames[$0.authority] : "")
        }
        return Region(pupils: pupils, schools: schools, areas: smallAreas, faithNames: faithNames)
    }

    /// Ever-6 FSM: every pupil eligible now, plus non-FSM pupils with a probability rising with the
    /// area's IDACI score, calibrated (over areas, weighted by their non-FSM pupils) so the cohort's
    /// Ever-6 share is `rate`; as `FundingAttributes.everFSM`, without a pass over every pupil per
    /// bisection step.
    private static func everFSM(_ pupils: inout Pupils, areaScores: [Double], rate: Double, slope: Double, rng: RandomStream) {
        let n = pupils.count
        let fsmCount = pupils.fsm.reduce(0) { $0 + ($1 ? 1 : 0) }
        let others = n - fsmCount
        guard others > 0 else { return }
        let target = (rate * Double(n) - Double(fsmCount)) / Double(others)
        guard target > 0 else { return }
        var nonFSM = [Double](repeating: 0, count: areaScores.count)
        for p in 0..<n where !pupils.fsm[p] { nonFSM[Int(pupils.area[p])] += 1 }
        let intercept = calibrateIntercept(scores: areaScores, weights: nonFSM, slope: slope, target: min(target, 1))
        for p in 0..<n where !pupils.fsm[p] {
            let q = logistic(intercept + slope * areaScores[Int(pupils.area[p])])
            pupils.fsm6[p] = rng.uniform(entity: p, draw: Draw.everFSM) < q
        }
    }

    /// Each area's home scatter: `share` × the distance to the nearest other centroid.
    private static func homeSpread(_ areas: [AreaCohortSpec.Area], share: Double) -> [Double] {
        let grid = SpatialGrid(sites: areas.map(\.centroid))
        var idx = [Int32](repeating: -1, count: 2), d2 = [Double](repeating: 0, count: 2)
        return areas.map { area in
            let found = idx.withUnsafeMutableBufferPointer { b in
                d2.withUnsafeMutableBufferPointer { d in
                    grid.nearest(to: area.centroid, count: 2, indices: b.baseAddress!, squaredDistances: d.baseAddress!)
                }
            }
            // A lone area (or one sharing its centroid) gets a 0.5 km scatter.
            let gap = found == 2 ? d2[1].squareRoot() : 0
            return share * (gap > 0 ? gap : 1)
        }
    }

    /// The intercept α with Σ w·logistic(α + slope·score) / Σ w = target, by bisection.
    public static func calibrateIntercept(scores: [Double], weights: [Double], slope: Double, target: Double) -> Double {
        let total = weights.reduce(0, +)
        guard total > 0, target > 0, target < 1 else { return target <= 0 ? -50 : 50 }
        var lo = -50.0, hi = 50.0
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            var mean = 0.0
            for k in scores.indices where weights[k] > 0 { mean += weights[k] * logistic(mid + slope * scores[k]) }
            let before = (lo.bitPattern, hi.bitPattern)
            if mean / total < target { lo = mid } else { hi = mid }
            // A step depends only on the bracket, so once one leaves it as it was every later one
            // would too: the answer is already that of all 100 steps. The bracket stops moving
            // after about 60 (a national cohort calibrates 150 intercepts over 32,000 areas).
            if (lo.bitPattern, hi.bitPattern) == before { break }
        }
        return 0.5 * (lo + hi)
    }

    private static func logistic(_ x: Double) -> Double { SyntheticRegionGenerator.logistic(x) }
}
