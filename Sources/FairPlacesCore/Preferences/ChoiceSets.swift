#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// The schools each family considers, nearest first, with the systematic (non-random) part of
/// each school's utility.
///
/// A family considers its `consideredSchools` nearest schools, plus any others within
/// `considerWithinKm`. Computed once per simulation. The utility weights of every school, W =
/// coefficients × school featuresᵀ, are one GEMM. Candidates are then found one of two ways, with
/// identical results (the tests hold them to each other):
/// - dense, for up to `denseSchoolLimit` schools: per block of pupils, one GEMM gives squared
///   distances to every school (`DistanceMatrix`), one GEMM the feature utilities, one GEMV each
///   pupil's distance coefficient, and the nearest are kept;
/// - indexed, beyond that (a county or England): a `SpatialGrid` finds each pupil's nearest schools
///   without touching the others, so time and memory grow with pupils × candidates, not pupils ×
///   schools, and utilities are gathered from W for the candidates only.
public struct ChoiceSets: Sendable {
    /// The number of nearest schools each pupil considers (capped at the number of schools).
    public let size: Int
    /// Pupil i's candidates are `schools[offsets[i] ..< offsets[i + 1]]`, nearest first (ties to the
    /// lower index): the `size` nearest, then any further ones within the model's radius.
    public let offsets: [Int]
    public let schools: [Int32]
    /// Systematic utility of each candidate.
    public let utility: [Double]
    /// e^(−(utility − the pupil's best utility)) of each candidate, for sampling lists by exponential
    /// race (see `PreferenceSampler`). The per-pupil shift scales all of a pupil's candidates alike, so
    /// it leaves the order unchanged while keeping the weights finite for any coefficients.
    public let expNegativeUtility: [Double]
    /// The admission chance the family expects at each candidate, for portfolio listing
    /// (`ChanceAwareness.Listing.portfolio`); empty: families list by utility alone.
    public let chance: [Double]

    /// Above this many schools the indexed strategy is used: below it a dense block costs less than
    /// building and walking a grid.
    public static let denseSchoolLimit = 400

    /// Pupil i's candidate positions in the arrays above.
    @inline(__always)
    public func range(of i: Int) -> Range<Int> { offsets[i] ..< offsets[i + 1] }

    public enum Strategy: Sendable { case automatic, dense, indexed }

    public init(region: Region, model: PreferenceModel, blockSize: Int = 4096, strategy: Strategy = .automatic) {
        let pupils = region.pupils
        let n = pupils.count, m = region.schools.count
        let k = min(model.consideredSchools, m)
        size = k
        let radius = model.considerWithinKm

        // Coefficients: row 0 holds school main effects, row 1+f the interactions with pupil feature f.
        let pupilFeatures = PupilFeature.allCases
        let schoolFeatures = SchoolFeature.allCases
        var coefficients = Matrix(rows: 1 + pupilFeatures.count, columns: schoolFeatures.count)
        for (g, feature) in schoolFeatures.enumerated() {
            coefficients[0, g] = model.schoolEffects[feature] ?? 0
        }
        for term in model.interactions {
            let f = pupilFeatures.firstIndex(of: term.pupil)!, g = schoolFeatures.firstIndex(of: term.school)!
            coefficients[1 + f, g] += term.coefficient
        }
        var schoolFeatureMatrix = Matrix(rows: m, columns: schoolFeatures.count)
        for (s, school) in region.schools.enumerated() {
            for (g, feature) in schoolFeatures.enumerated() { schoolFeatureMatrix[s, g] = feature.value(school) }
        }
        // W = B · Zᵀ: the utility weight of each school for each pupil feature (including the constant).
        let weights = BLAS.product(coefficients, schoolFeatureMatrix, transB: .transposed)
        var distanceCoefficients = [model.distancePerKm]
        for feature in pupilFeatures { distanceCoefficients.append(model.distanceInteractions[feature] ?? 0) }

        // A school's own distance coefficient enters as its difference from the model's δ.
        let ownDistance = region.schools.map { ($0.distancePerKm ?? model.distancePerKm) - model.distancePerKm }
        // Each school's faith as an index into the region's faith names (-1: none or no such families).
        let schoolFaith = region.schools.map { school -> Int in
            school.religiousCharacter.isEmpty ? -1 : region.faithNames.firstIndex(of: school.religiousCharacter) ?? -1
        }

        var offsets = [Int](repeating: 0, count: n + 1)
        // Distances are not kept: priorities measure their own (to a nodal point where a school has
        // one), and a national run's 6 million candidates would hold another 50 MB.
        var schools: [Int32] = [], utility: [Double] = []
        schools.reserveCapacity(n * k); utility.reserveCapacity(n * k)
        let sites = region.schools.map(\.location)
        let indexed = strategy == .indexed || (strategy == .automatic && m > Self.denseSchoolLimit)
        var best = [Int32](repeating: 0, count: max(k, 1))
        var bestD2 = [Double](repeating: 0, count: max(k, 1))
        var extra: [(Double, Int32)] = []

        /// Appends pupil i's candidates: the k nearest in `best`, then `extra` (sorted here).
        func emit(_ i: Int, found: Int, utilityOf: (Int, Double) -> Double) {
            extra.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for c in 0..<(found + extra.count) {
                let (d2, s) = c < found ? (bestD2[c], best[c]) : extra[c - found]
                let d = d2.squareRoot()
                schools.append(s)
                var u = utilityOf(Int(s), d) + ownDistance[Int(s)] * d
                if model.travelPerUnit != 0, let t = region.travel(pupil: i, school: Int(s)) { u += model.travelPerUnit * t }
                if pupils.siblingSchool[i] == s { u += model.siblingBonus }
                if model.catchmentBonus != 0 && region.inCatchment(pupil: i, school: Int(s)) { u += model.catchmentBonus }
                if model.faithBonus != 0 && pupils.faith[i] != 0 && schoolFaith[Int(s)] == Int(pupils.faith[i]) { u += model.faithBonus }
                utility.append(u)
            }
            offsets[i + 1] = schools.count
            extra.removeAll(keepingCapacity: true)
        }

        if indexed {
            let grid = SpatialGrid(sites: sites)
            let nearby = radius > 0 ? nil : AreaCandidates(homesX: pupils.homeX, homesY: pupils.homeY, area: pupils.area,
                                                          centroids: region.areas.map(\.centroid), grid: grid, count: k)
            var x = [Double](repeating: 0, count: 1 + pupilFeatures.count)
            for i in 0..<n {
                let home = pupils.home(i)
                let found = best.withUnsafeMutableBufferPointer { b in
                    bestD2.withUnsafeMutableBufferPointer { d in
                        nearby?.nearest(to: home, area: Int(pupils.area[i]), count: k, indices: b.baseAddress!, squaredDistances: d.baseAddress!)
                            ?? grid.nearest(to: home, count: k, indices: b.baseAddress!, squaredDistances: d.baseAddress!)
                    }
                }
                if radius > 0 && found == k && k > 0 && bestD2[k - 1] < radius * radius {
                    let last = (bestD2[k - 1], best[k - 1])
                    for s in grid.within(radius, of: home) {
                        let q = sites[s]
                        let d2 = (q.x - home.x) * (q.x - home.x) + (q.y - home.y) * (q.y - home.y)
                        if d2 > last.0 || (d2 == last.0 && Int32(s) > last.1) { extra.append((d2, Int32(s))) }
                    }
                }
                x[0] = 1
                for (f, feature) in pupilFeatures.enumerated() { x[1 + f] = feature.value(pupils, i) }
                var perKm = 0.0
                for f in x.indices { perKm += x[f] * distanceCoefficients[f] }
                emit(i, found: found) { s, d in
                    var u = perKm * d
                    for f in x.indices { u += x[f] * weights.elements[f * m + s] }
                    return u
                }
            }
        } else {
            var start = 0
            while start < n {
                let end = min(n, start + blockSize)
                let rows = end - start
                let d2 = DistanceMatrix.squaredDistances(
                    homesX: Array(pupils.homeX[start..<end]), homesY: Array(pupils.homeY[start..<end]), sites: sites)
                var features = Matrix(rows: rows, columns: 1 + pupilFeatures.count)
                for r in 0..<rows {
                    features[r, 0] = 1
                    for (f, feature) in pupilFeatures.enumerated() { features[r, 1 + f] = feature.value(pupils, start + r) }
                }
                let featureUtility = BLAS.product(features, weights)
                var perKm = [Double](repeating: 0, count: rows)
                BLAS.gemv(features, distanceCoefficients, into: &perKm)

                for r in 0..<rows {
                    // Keep the k nearest by insertion; ties go to the lower school index, so the choice
                    // set does not depend on anything but the data.
                    var filled = 0
                    for s in 0..<m {
                        let d = d2.elements[r * m + s]
                        if filled == k && d >= bestD2[k - 1] { continue }
                        var pos = filled == k ? k - 1 : filled
                        while pos > 0 && bestD2[pos - 1] > d {
                            bestD2[pos] = bestD2[pos - 1]; best[pos] = best[pos - 1]
                            pos -= 1
                        }
                        bestD2[pos] = d; best[pos] = Int32(s)
                        if filled < k { filled += 1 }
                    }
                    if radius > 0 && filled == k && k > 0 {
                        let last = (bestD2[k - 1], best[k - 1])
                        for s in 0..<m {
                            let d = d2.elements[r * m + s]
                            if d <= radius * radius && (d > last.0 || (d == last.0 && Int32(s) > last.1)) {
                                extra.append((d, Int32(s)))
                            }
                        }
                    }
                    emit(start + r, found: filled) { s, d in featureUtility.elements[r * m + s] + perKm[r] * d }
                }
                start = end
            }
        }
        self.offsets = offsets
        self.schools = schools
        self.utility = utility
        self.expNegativeUtility = Self.raceWeights(utility, offsets: offsets)
        self.chance = []
    }

    private init(size: Int, offsets: [Int], schools: [Int32], utility: [Double], expNegativeUtility: [Double]? = nil,
                 chance: [Double]) {
        self.size = size
        self.offsets = offsets
        self.schools = schools
        self.utility = utility
        self.expNegativeUtility = expNegativeUtility ?? Self.raceWeights(utility, offsets: offsets)
        self.chance = chance
    }

    /// The same candidates with `adjustment[c]` added to each candidate's utility (e.g. the log of
    /// the admission chance a family expects there).
    public func adding(_ adjustment: [Double]) -> ChoiceSets {
        precondition(adjustment.count == utility.count)
        var u = utility
        for c in u.indices { u[c] += adjustment[c] }
        return ChoiceSets(size: size, offsets: offsets, schools: schools, utility: u, chance: chance)
    }

    /// The same candidates and utilities with the chance a family expects at each (in candidate
    /// positions), for portfolio listing.
    public func withChances(_ chance: [Double]) -> ChoiceSets {
        precondition(chance.count == utility.count)
        return ChoiceSets(size: size, offsets: offsets, schools: schools, utility: utility,
                          expNegativeUtility: expNegativeUtility, chance: chance)
    }

    private static func raceWeights(_ utility: [Double], offsets: [Int]) -> [Double] {
        var weights = [Double](repeating: 0, count: utility.count)
        for i in 0..<(offsets.count - 1) {
            let range = offsets[i] ..< offsets[i + 1]
            guard !range.isEmpty else { continue }
            var top = -Double.infinity
            for c in range { top = max(top, utility[c]) }
            for c in range { weights[c] = exp(top - utility[c]) }
        }
        return weights
    }
}
