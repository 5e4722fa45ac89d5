/// The k-th smallest of a set of values in linear expected time (Hoare's quickselect), for test
/// thresholds and band cut points, which need a few order statistics of the cohort, not a full sort.
enum OrderStatistics {
    /// The k-th smallest value (0-based) of `values`; reorders `values`.
    static func kthSmallest(_ values: inout [Double], _ k: Int) -> Double {
        precondition(k >= 0 && k < values.count)
        var lo = 0, hi = values.count - 1
        while lo < hi {
            let pivot = values[lo + (hi - lo) / 2]
            var i = lo, j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while pivot < values[j] { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return values[k]
    }
}
