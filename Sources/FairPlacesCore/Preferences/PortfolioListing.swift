/// Which schools a family states, and in what order, when it treats its list as a portfolio of
/// gambles on its admission chances (`ChanceAwareness.Listing.portfolio`).
///
/// Under deferred acceptance a family is offered the first school on its list that would admit it,
/// and ranking a school higher never lowers its chance there, so it ranks the schools it states by
/// utility. A list L so ranked, with x = u − u₀ the value of each school over the fallback and p
/// the chance each would admit the family (taken as independent), is worth
///
///     EU(L) = Σ_k p_k x_k Π_{j<k} (1 − p_j).
///
/// Choosing L is simultaneous search: Chade & Smith (2006, Econometrica 74:1293) show that the
/// marginal improvement algorithm, which adds at each step the school that raises EU the most,
/// finds the best portfolio of every size. So a family names an ambitious first preference and then
/// schools it can count on, and never names a school worth less than the fallback (x ≤ 0).
/// Calsamiglia, Fu & Güell (2020, JPE 128:642) estimate a model of families who weigh admission
/// chances in what they list.
public enum PortfolioListing {
    /// Chooses at most `length` of the candidates (`values[c]` = x, `chances[c]` = p) and writes
    /// their indices to `chosen`, best value first; returns how many. Of equal gains the more valued
    /// school is taken, so once a sure school is listed the rest of the list is filled by value
    /// (listing them costs nothing under deferred acceptance).
    @inline(__always)
    public static func choose(values: UnsafePointer<Double>, chances: UnsafePointer<Double>, count: Int,
                              length: Int, into chosen: UnsafeMutablePointer<Int32>) -> Int {
        var filled = 0
        var current = 0.0
        while filled < length {
            var best = -1
            var bestGain = -Double.infinity
            for c in 0..<count where values[c] > 0 {
                var listed = false
                for k in 0..<filled where chosen[k] == Int32(c) { listed = true }
                if listed { continue }
                // EU with c in its place by value (ties after the listed school of lower index).
                let x = values[c], p = chances[c]
                var eu = 0.0, survive = 1.0, placed = false
                for k in 0..<filled {
                    let j = Int(chosen[k])
                    if !placed && (x > values[j] || (x == values[j] && c < j)) {
                        eu += survive * p * x; survive *= 1 - p; placed = true
                    }
                    eu += survive * chances[j] * values[j]; survive *= 1 - chances[j]
                }
                if !placed { eu += survive * p * x }
                let gain = eu - current
                if gain > bestGain || (gain == bestGain && x > values[best]) { best = c; bestGain = gain }
            }
            guard best >= 0 else { break }
            var pos = filled
            while pos > 0 && (values[Int(chosen[pos - 1])] < values[best]
                              || (values[Int(chosen[pos - 1])] == values[best] && Int(chosen[pos - 1]) > best)) {
                chosen[pos] = chosen[pos - 1]
                pos -= 1
            }
            chosen[pos] = Int32(best)
            current += bestGain
            filled += 1
        }
        return filled
    }

    /// EU of a list already ranked best first (for checking a choice).
    public static func expectedUtility(values: [Double], chances: [Double]) -> Double {
        var eu = 0.0, survive = 1.0
        for (x, p) in zip(values, chances) { eu += survive * p * x; survive *= 1 - p }
        return eu
    }
}
