#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FairPlacesCore
import Simulation

/// Fits school attractiveness to observed first preferences by the contraction mapping of Berry,
/// Levinsohn & Pakes (1995): a_s ← a_s + (ln T_s − ln P_s(a)) / b_s, with P_s(a) the model's
/// expected first preferences and b_s the mean utility per unit of attractiveness among the
/// school's candidates (1 with the default `school_effects: {attractiveness: 1}`). For logit
/// shares the map is a contraction, so it converges to the unique fit from any start.
///
/// Attractiveness is identified only up to a constant when every school has a target (adding one
/// to every school changes no one's choice), so the targets are then scaled to the modelled total
/// (`scale`) and the mean attractiveness is held where it started. Schools without a target keep
/// theirs, and then the targets are taken as counts.
public enum AttractivenessContraction {
    public struct Outcome: Sendable, Equatable {
        /// Per school, the change of attractiveness.
        public var shift: [Double]
        public var iterations: Int
        /// The largest change of any school's attractiveness in the last iteration.
        public var lastStep: Double
        /// The factor the targets were scaled by (1 when some schools have no target).
        public var scale: Double
    }

    /// Utility per unit of attractiveness of every candidate: β + Σ_f γ_f x_if.
    public static func slopes(choiceSets: ChoiceSets, region: Region, model: PreferenceModel) -> [Double] {
        let base = model.schoolEffects[.attractiveness] ?? 0
        let terms = model.interactions.filter { $0.school == .attractiveness }
        var slope = [Double](repeating: base, count: choiceSets.schools.count)
        guard !terms.isEmpty else { return slope }
        for i in 0..<region.pupils.count {
            var b = base
            for t in terms { b += t.coefficient * t.pupil.value(region.pupils, i) }
            for c in choiceSets.range(of: i) { slope[c] = b }
        }
        return slope
    }

    /// Solves for the shift of attractiveness that makes expected first preferences (averaged over
    /// the rounds' `rules`, whose eligibility decides who may list a selective school) equal
    /// `targets` (per school; nil: not fitted) to within `tolerance` in attractiveness.
    public static func solve(choiceSets: ChoiceSets, rules: [PriorityRules], model: PreferenceModel,
                             targets: [Double?], tolerance: Double = 1e-7, maxIterations: Int = 1_000) -> Outcome {
        let region = rules[0].region
        let m = region.schools.count
        let slope = slopes(choiceSets: choiceSets, region: region, model: model)
        var slopeSum = [Double](repeating: 0, count: m), slopeCount = slopeSum
        for c in choiceSets.schools.indices {
            slopeSum[Int(choiceSets.schools[c])] += slope[c]
            slopeCount[Int(choiceSets.schools[c])] += 1
        }
        let meanSlope = (0..<m).map { slopeCount[$0] > 0 ? slopeSum[$0] / slopeCount[$0] : 0 }
        // Eligibility of each candidate in each round, once.
        var masks: [[Bool]] = []
        for r in rules {
            var mask = [Bool](repeating: false, count: choiceSets.schools.count)
            for i in 0..<region.pupils.count {
                for c in choiceSets.range(of: i) { mask[c] = r.isEligible(pupil: i, school: Int(choiceSets.schools[c])) }
            }
            masks.append(mask)
        }
        func expected(_ shift: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: m)
            for (k, r) in rules.enumerated() {
                FirstPreferenceDemand.accumulate(choiceSets: choiceSets, rules: r, shift: shift, slope: slope,
                                                 eligible: masks[k], into: &out)
            }
            return out.map { $0 / Double(rules.count) }
        }
        let fitted = (0..<m).filter { targets[$0] != nil && meanSlope[$0] != 0 }
        let reachable = (0..<m).filter { slopeCount[$0] > 0 }
        let everySchool = Set(fitted).isSuperset(of: reachable)
        var shift = [Double](repeating: 0, count: m)
        var p = expected(shift)
        var scale = 1.0
        if everySchool {
            let observed = fitted.reduce(0) { $0 + targets[$1]! }
            let modelled = fitted.reduce(0) { $0 + p[$1] }
            if observed > 0 { scale = modelled / observed }
        }
        var iterations = 0, lastStep = 0.0
        while iterations < maxIterations {
            iterations += 1
            lastStep = 0
            var steps = [Double](repeating: 0, count: m)
            for s in fitted {
                // A school no one may list, or a target of zero, would need −∞: stop at a tenth of a pupil.
                let target = max(targets[s]! * scale, 0.1), modelled = max(p[s], 1e-300)
                steps[s] = max(-5, min(5, (log(target) - log(modelled)) / meanSlope[s]))
            }
            if everySchool {
                let mean = fitted.reduce(0) { $0 + steps[$1] } / Double(max(1, fitted.count))
                for s in fitted { steps[s] -= mean }
            }
            for s in fitted {
                shift[s] += steps[s]
                lastStep = max(lastStep, abs(steps[s]))
            }
            p = expected(shift)
            if lastStep < tolerance { break }
        }
        return Outcome(shift: shift, iterations: iterations, lastStep: lastStep, scale: scale)
    }
}
