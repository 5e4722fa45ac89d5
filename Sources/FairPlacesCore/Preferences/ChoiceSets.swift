#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// The schools each family considers, with home–school distances and the systematic
/// (non-random) part of each school's utility.
///
/// Computed once per simulation, in blocks of pupils so memory stays at pupils × considered schools:
/// per block, one GEMM gives squared distances to every school (`DistanceMatrix`), one GEMM gives the
/// feature part of utility (pupil features × (coefficients × school features)), and one GEMV gives
/// each pupil's distance coefficient. The nearest `size` schools are then kept.
public struct ChoiceSets: Sendable {
    /// Schools per pupil (the model's considered schools, capped at the number of schools).
    public let size: Int
    /// Pupil i's candidates are `schools[i*size ..< (i+1)*size]`, nearest first.
    public let schools: [Int32]
    /// Distance in km to each candidate.
    public let distance: [Double]
    /// Systematic utility of each candidate.
    public let utility: [Double]
    /// e^(−(utility − the pupil's best utility)) of each candidate, for sampling lists by exponential
    /// race (see `PreferenceSampler`). The per-pupil shift scales all of a pupil's candidates alike, so
    /// it leaves the order unchanged while keeping the weights finite for any coefficients.
    public let expNegativeUtility: [Double]

    public init(region: Region, model: PreferenceModel, blockSize: Int = 4096) {
        let pupils = region.pupils
        let n = pupils.count, m = region.schools.count
        let k = min(model.consideredSchools, m)
        size = k
        var schools = [Int32](repeating: -1, count: n * k)
        var distance = [Double](repeating: 0, count: n * k)
        var utility = [Double](repeating: 0, count: n * k)

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

        let sites = region.schools.map(\.location)
        var best = [Int](repeating: 0, count: k)
        var bestD2 = [Double](repeating: 0, count: k)
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
                let i = start + r
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
                    bestD2[pos] = d; best[pos] = s
                    if filled < k { filled += 1 }
                }
                for c in 0..<k {
                    let s = best[c]
                    let d = bestD2[c].squareRoot()
                    schools[i * k + c] = Int32(s)
                    distance[i * k + c] = d
                    var u = featureUtility.elements[r * m + s] + perKm[r] * d
                    if pupils.siblingSchool[i] == Int32(s) { u += model.siblingBonus }
                    utility[i * k + c] = u
                }
            }
            start = end
        }
        self.schools = schools
        self.distance = distance
        self.utility = utility
        var raceWeights = [Double](repeating: 0, count: utility.count)
        for i in 0..<n where k > 0 {
            var best = -Double.infinity
            for c in 0..<k { best = max(best, utility[i * k + c]) }
            for c in 0..<k { raceWeights[i * k + c] = exp(best - utility[i * k + c]) }
        }
        self.expNegativeUtility = raceWeights
    }
}
