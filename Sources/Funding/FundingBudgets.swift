/// Every school's budget for one allocation, line by line: what the formula pays for the pupils
/// each school admitted. Stored flat (schools × lines, schools × factors) so a replication makes a
/// handful of arrays, never one per pupil or per school.
///
/// For school s:
///
///     pupil-led   = Σ amount(f) × eligible(s, f)           over pupil-led factors f
///     school-led  = (lump sum + sparsity(s)) / year groups
///     ACA line    = (ACA − 1) × (pupil-led + school-led)
///     formula     = pupil-led + school-led + ACA line
///     top-up      = max(0, minimum per pupil × intake − formula)     (intake > 0 and a minimum set)
///     premium     = Σ amount(f) × eligible(s, f)           over pupil premium factors f
///     top-slice   = −share × (formula + top-up [+ premium])            (top-sliced types only)
///     total       = formula + top-up + premium + top-slice  = Σ lines
///
/// Deprivation funding is the FSM, FSM6 and IDACI lines times the ACA, plus the pupil premium,
/// before any top-slice.
public struct FundingBudgets: Sendable, Equatable {
    public let schoolCount: Int
    /// Lines per school (the context's `lines`).
    public let lineCount: Int
    /// Per-pupil factors per school (the context's `perPupilFactors`).
    public let factorCount: Int
    /// Pupils admitted to each school.
    public var intake: [Int]
    /// Amount of line l at school s: `amounts[s * lineCount + l]`, £.
    public var amounts: [Double]
    /// Pupils attracting per-pupil factor k at school s: `eligible[s * factorCount + k]`.
    public var eligible: [Int]
    /// Σ of each school's lines, £.
    public var totals: [Double]
    /// Deprivation funding per school, £.
    public var deprivation: [Double]
    /// Formula funding plus top-up plus premium, before the top-slice: what deprivation shares are of, £.
    public var gross: [Double]
    /// Disadvantaged pupils (Ever-6 FSM or looked-after) per school.
    public var disadvantaged: [Int]

    public func amount(school s: Int, line l: Int) -> Double { amounts[s * lineCount + l] }
    public func eligible(school s: Int, factor k: Int) -> Int { eligible[s * factorCount + k] }

    /// Funding per pupil admitted, or nil for a school with no intake.
    public func perPupil(school s: Int) -> Double? { intake[s] > 0 ? totals[s] / Double(intake[s]) : nil }

    /// Computes every school's budget when pupil i attends `school[i]` (a school index, or -1).
    public init(context c: FundingContext, school: [Int32]) {
        let m = c.schools.count, f = c.perPupilFactors.count, lines = c.lines.count
        schoolCount = m; lineCount = lines; factorCount = f
        let stride = f + 1  // the last column counts disadvantaged pupils
        var counts = [Int](repeating: 0, count: m * stride)
        var intake = [Int](repeating: 0, count: m)
        c.eligibility.withUnsafeBufferPointer { masks in
            school.withUnsafeBufferPointer { attends in
                counts.withUnsafeMutableBufferPointer { counts in
                    for i in 0..<attends.count {
                        let s = Int(attends[i])
                        if s < 0 { continue }
                        intake[s] += 1
                        var bits = masks[i]
                        let base = s * stride
                        while bits != 0 {
                            counts[base + bits.trailingZeroBitCount] += 1
                            bits &= bits - 1
                        }
                    }
                }
            }
        }

        let p = c.spec.parameters
        let aca = p.areaCostAdjustment
        let years = Double(max(1, c.spec.yearGroups))
        var amounts = [Double](repeating: 0, count: m * lines)
        var eligible = [Int](repeating: 0, count: m * f)
        var totals = [Double](repeating: 0, count: m), deprivation = totals, gross = totals
        var disadvantaged = [Int](repeating: 0, count: m)
        for s in 0..<m {
            let row = s * lines
            var pupilLed = 0.0, premium = 0.0, formulaDeprivation = 0.0, premiumDeprivation = 0.0
            for k in 0..<f {
                let n = counts[s * stride + k]
                eligible[s * f + k] = n
                let amount = c.perPupilAmount[k] * Double(n)
                amounts[row + c.perPupilLine[k]] = amount
                if c.perPupilKind[k] == .pupilPremium {
                    premium += amount
                    if c.perPupilDeprivation[k] { premiumDeprivation += amount }
                } else {
                    pupilLed += amount
                    if c.perPupilDeprivation[k] { formulaDeprivation += amount }
                }
            }
            disadvantaged[s] = counts[s * stride + f]
            var schoolLed = 0.0
            if let line = c.lumpSumLine {
                let amount = p.amounts[.lumpSum]! / years
                amounts[row + line] = amount
                schoolLed += amount
            }
            if let line = c.sparsityLine {
                let amount = Self.sparsity(maximum: p.amounts[.sparsity]!, rule: p.sparsity,
                                           distanceKm: c.sparsityDistanceKm[s], yearGroup: intake[s]) / years
                amounts[row + line] = amount
                schoolLed += amount
            }
            let acaAmount = (aca - 1) * (pupilLed + schoolLed)
            amounts[row + c.acaLine] = acaAmount
            let formula = pupilLed + schoolLed + acaAmount
            var topUp = 0.0
            if let minimum = p.minimumPerPupil, intake[s] > 0 {
                topUp = max(0, minimum * Double(intake[s]) - formula)
            }
            amounts[row + c.topUpLine] = topUp
            var slice = 0.0
            if c.topSliced[s] {
                slice = -c.spec.topSlice.share * (formula + topUp + (c.spec.topSlice.includesPupilPremium ? premium : 0))
            }
            amounts[row + c.topSliceLine] = slice
            // The total is the sum of the lines as stored, so a reader adding them up gets it exactly.
            var total = 0.0
            for l in 0..<lines { total += amounts[row + l] }
            totals[s] = total
            gross[s] = formula + topUp + premium
            deprivation[s] = formulaDeprivation * aca + premiumDeprivation
        }
        self.intake = intake
        self.amounts = amounts
        self.eligible = eligible
        self.totals = totals
        self.deprivation = deprivation
        self.gross = gross
        self.disadvantaged = disadvantaged
    }

    /// The sparsity amount of one school: the maximum tapered by year-group size when the school is
    /// remote enough, else 0.
    public static func sparsity(maximum: Double, rule: SparsityRule?, distanceKm: Double?, yearGroup: Int) -> Double {
        guard let rule, let distanceKm, distanceKm >= rule.distanceKm, rule.yearGroupThreshold > 0 else { return 0 }
        return maximum * max(0, 1 - Double(yearGroup) / rule.yearGroupThreshold)
    }
}
