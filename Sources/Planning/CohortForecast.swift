import LinearAlgebra

/// Pupils per new dwelling in each year group, added in the year the dwellings are completed
/// (DOMAIN.md §6: e.g. Derbyshire's 15 secondary pupils per 100 dwellings, spread over five year groups).
public struct HousingYield: Sendable, Equatable {
    /// Dwellings completed: one row per forecast year (in order, from the first forecast year), one
    /// column per area. Years past the last row add nothing.
    public var completions: [[Double]]
    /// Pupils per dwelling in each year group (youngest first).
    public var perDwelling: [Double]

    public init(completions: [[Double]], perDwelling: [Double]) {
        self.completions = completions
        self.perDwelling = perDwelling
    }
}

/// A cohort-survival (progression-ratio) forecast, the method councils use for SCAP returns
/// (DOMAIN.md §6): each year group next year is this year's group below times the area's
/// progression ratio, the mean of the last `window` observed ratios N(y+1, g+1) / N(y, g).
///
/// The state of a year is an areas × groups matrix X. One forecast step is a shift (a GEMM with the
/// groups × groups matrix S, S[g, g+1] = 1, moving every cohort up a group), then a scale of each
/// moved cohort by its area's ratio, a new youngest group, and the housing yield as the rank-one
/// update X += dwellings · yieldᵀ (a second GEMM).
public struct CohortForecast: Sendable {
    /// Calendar year of the last observed counts.
    public let lastObservedYear: Int
    /// Progression ratios: areas × (groups − 1); column g is the ratio from group g to g + 1.
    public let ratios: Matrix
    /// The last observed counts, areas × groups.
    public let lastObserved: Matrix
    /// Known youngest-group counts for the years after the last observed one (e.g. births already
    /// registered), one array over areas per year, in year order.
    public let futureEntries: [[Double]]
    public let housing: HousingYield?

    /// - Parameters:
    ///   - history: observed counts, one areas × groups matrix per consecutive year, oldest first
    ///     (groups youngest first). At least two years.
    ///   - lastYear: the calendar year of `history.last`.
    ///   - window: how many of the most recent year-to-year ratios are averaged.
    public init(history: [Matrix], lastYear: Int, window: Int = 3, futureEntries: [[Double]] = [],
                housing: HousingYield? = nil) {
        precondition(history.count >= 2, "a progression ratio needs two years of counts")
        let areas = history[0].rows, groups = history[0].columns
        precondition(groups >= 2 && history.allSatisfy { $0.rows == areas && $0.columns == groups })
        let pairs = Array(max(0, history.count - 1 - window)..<(history.count - 1))
        var ratios = Matrix(rows: areas, columns: groups - 1)
        for g in 0..<(groups - 1) {
            // Pooled ratio across areas, for areas with no pupils in the group to take a ratio from.
            var pooled = 0.0, pooledPairs = 0
            for y in pairs {
                var from = 0.0, to = 0.0
                for a in 0..<areas { from += history[y][a, g]; to += history[y + 1][a, g + 1] }
                if from > 0 { pooled += to / from; pooledPairs += 1 }
            }
            let fallback = pooledPairs > 0 ? pooled / Double(pooledPairs) : 1
            for a in 0..<areas {
                var sum = 0.0, n = 0
                for y in pairs where history[y][a, g] > 0 {
                    sum += history[y + 1][a, g + 1] / history[y][a, g]
                    n += 1
                }
                ratios[a, g] = n > 0 ? sum / Double(n) : fallback
            }
        }
        self.lastObservedYear = lastYear
        self.ratios = ratios
        self.lastObserved = history[history.count - 1]
        self.futureEntries = futureEntries
        self.housing = housing
    }

    public var areas: Int { lastObserved.rows }
    public var groups: Int { lastObserved.columns }

    /// How many years ahead group `group` can be forecast: every cohort now in the groups below it
    /// reaches it, and each known future entry cohort one year later.
    public func horizon(group: Int) -> Int { group + futureEntries.count }

    /// The counts in each of the `years` years after the last observed one (areas × groups each).
    /// Beyond the youngest group's known entries the youngest group enters as 0 (plus any housing
    /// yield): cohorts not yet counted are not assumed. `project(group:years:)` reports the years
    /// that depend on them as NaN. (A NaN here would spread through the GEMM to every group.)
    public func project(years: Int) -> [Matrix] {
        let g = groups
        var shift = Matrix(rows: g, columns: g)
        for k in 0..<(g - 1) { shift[k, k + 1] = 1 }
        var x = lastObserved
        var out: [Matrix] = []
        out.reserveCapacity(years)
        for t in 0..<years {
            var next = Matrix(rows: areas, columns: g)
            BLAS.gemm(x, shift, into: &next)
            for a in 0..<areas {
                for k in 0..<(g - 1) { next[a, k + 1] *= ratios[a, k] }
                next[a, 0] = t < futureEntries.count ? futureEntries[t][a] : 0
            }
            if let housing, t < housing.completions.count {
                let dwellings = Matrix(rows: areas, columns: 1, elements: housing.completions[t])
                let yield = Matrix(rows: 1, columns: g, elements: housing.perDwelling)
                BLAS.gemm(dwellings, yield, beta: 1, into: &next)
            }
            out.append(next)
            x = next
        }
        return out
    }

    /// Group `group`'s forecast per area for each of the `years` years after the last observed one;
    /// NaN for years beyond `horizon(group:)`.
    public func project(group: Int, years: Int) -> [[Double]] {
        project(years: years).enumerated().map { t, m in
            (0..<areas).map { t < horizon(group: group) ? m[$0, group] : .nan }
        }
    }
}
