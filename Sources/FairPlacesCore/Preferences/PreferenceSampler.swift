#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws each family's ranked list from the random-utility model: adds standard Gumbel noise to
/// every considered school's systematic utility and lists the `listLength` best.
///
/// Listing the top L of V + Gumbel is exactly sampling L schools without replacement with logit
/// (Plackett–Luce) probabilities. A standard Gumbel is −ln E with E ~ Exp(1) = −ln U, so ranking by
/// V − ln E, descending, is ranking by E·e^(−V), ascending (an exponential race): one logarithm per
/// school instead of two, with e^(−V) computed once per simulation. With `listLengthShares` each
/// family first draws how many schools it states (its own stream, so the noise is unchanged). Selective schools are left off the lists of pupils who did not
/// qualify: test results arrive before the application deadline (DOMAIN.md §2). A share
/// `nearestAsSafeChoice` of families put their nearest admissible school last if it is not listed.
/// With portfolio listing (`ChanceAwareness.Listing.portfolio`) the same noise gives each school's
/// utility V − ln E, and the family states the portfolio `PortfolioListing` chooses.
public enum PreferenceSampler {
    public static func sample(choiceSets: ChoiceSets, rules: PriorityRules, model: PreferenceModel,
                              seed: UInt64, replication: UInt32, into lists: inout PreferenceLists) {
        let listLength = model.listLength
        let safeShare = model.nearestAsSafeChoice
        precondition(lists.length == listLength)
        let noise = RandomStream(seed: seed, replication: replication, purpose: .preferenceNoise)
        let lengthDraw = RandomStream(seed: seed, replication: replication, purpose: .listLength)
        // Cumulative shares of list lengths 1, 2, …; empty: every family states `listLength`.
        var cumulative: [Double] = []
        for share in model.listLengthShares.prefix(listLength) { cumulative.append((cumulative.last ?? 0) + share) }
        let n = lists.pupilCount
        let length = listLength
        let portfolio = model.chances?.listing == .portfolio && !choiceSets.chance.isEmpty
        let fallback = model.chances?.fallback ?? 0
        let chanceFloor = max(model.chances?.floor ?? 0, 1e-12)
        var widest = 0
        if portfolio { for i in 0..<n { widest = max(widest, choiceSets.offsets[i + 1] - choiceSets.offsets[i]) } }
        choiceSets.schools.withUnsafeBufferPointer { cand in
        choiceSets.expNegativeUtility.withUnsafeBufferPointer { weight in
        choiceSets.utility.withUnsafeBufferPointer { utility in
        choiceSets.chance.withUnsafeBufferPointer { chance in
        lists.schools.withUnsafeMutableBufferPointer { out in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: max(length, 1)) { arrival in
            // Portfolio listing's per-family scratch: each admissible candidate's value over the
            // fallback, its chance, its school, and the chosen positions.
            withUnsafeTemporaryAllocation(of: Double.self, capacity: max(2 * widest, 1)) { scratch in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(widest + length, 1)) { picks in
                let values = scratch.baseAddress!, chances = values + max(widest, 0)
                let local = picks.baseAddress!, chosen = local + widest
                for i in 0..<n {
                    var own = length
                    if !cumulative.isEmpty {
                        let u = lengthDraw.uniform(entity: i, draw: 0)
                        own = 1
                        while own < cumulative.count && u >= cumulative[own - 1] { own += 1 }
                    }
                    var filled = 0
                    var nearest = -1
                    var pair = (0.0, 0.0)
                    let first = choiceSets.offsets[i], count = choiceSets.offsets[i + 1] - first
                    if portfolio {
                        var m = 0
                        for c in 0..<count {
                            if c & 1 == 0 { pair = noise.uniformPair(entity: i, draw: c >> 1) }
                            let s = Int(cand[first + c])
                            if !rules.isEligible(pupil: i, school: s) { continue }
                            if nearest < 0 { nearest = s }
                            let u = c & 1 == 0 ? pair.0 : pair.1
                            values[m] = utility[first + c] - log(-log(u)) - fallback
                            chances[m] = max(chance[first + c], chanceFloor)
                            local[m] = Int32(s)
                            m += 1
                        }
                        filled = PortfolioListing.choose(values: values, chances: chances, count: m, length: own, into: chosen)
                        for r in 0..<filled { out[i * length + r] = local[Int(chosen[r])] }
                    }
                    for c in 0..<(portfolio ? 0 : count) {
                        if c & 1 == 0 { pair = noise.uniformPair(entity: i, draw: c >> 1) }
                        let s = Int(cand[first + c])
                        if !rules.isEligible(pupil: i, school: s) { continue }
                        if nearest < 0 { nearest = s }
                        let u = c & 1 == 0 ? pair.0 : pair.1
                        if filled == own {
                            // −ln u ≥ x + x²/2 + x³/3 with x = 1 − u (−ln(1 − x)'s series has no
                            // negative terms): once that bound arrives after the list's last, so
                            // does the candidate, and its logarithm is not needed. The margin covers
                            // rounding, so only candidates the test below would drop are dropped.
                            let x = 1 - u
                            let bound = (x + x * x * (0.5 + x * (1.0 / 3))) * weight[first + c]
                            if bound > arrival[own - 1] * (1 + 1e-12) { continue }
                        }
                        // Arrival time E·e^(−V): earlier is better.
                        let value = -log(u) * weight[first + c]
                        if filled == own && value >= arrival[own - 1] { continue }
                        var pos = filled == own ? own - 1 : filled
                        while pos > 0 && arrival[pos - 1] > value {
                            arrival[pos] = arrival[pos - 1]; out[i * length + pos] = out[i * length + pos - 1]
                            pos -= 1
                        }
                        arrival[pos] = value; out[i * length + pos] = Int32(s)
                        if filled < own { filled += 1 }
                    }
                    for r in filled..<length { out[i * length + r] = -1 }
                    // Candidates are nearest first, so `nearest` is the nearest admissible school.
                    if safeShare > 0 && nearest >= 0 && filled > 0 {
                        var listed = false
                        for r in 0..<filled where out[i * length + r] == Int32(nearest) { listed = true }
                        // A draw number past every noise pair's (the k nearest alone use draws below k).
                        let safeDraw = max(choiceSets.size, (count + 1) >> 1)
                        if !listed && noise.uniform(entity: i, draw: safeDraw) < safeShare {
                            if filled < own { filled += 1 }
                            out[i * length + filled - 1] = Int32(nearest)
                        }
                    }
                }
            }
            }
            }
        }
        }
        }
        }
        }
    }
}
