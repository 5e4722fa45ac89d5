#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FairPlacesCore

/// Everything about funding that does not change between replications, computed once per
/// simulation: which per-pupil factors each pupil attracts (a bit mask, so a replication only
/// counts bits per school), which schools are top-sliced, and each school's sparsity distance.
public struct FundingContext: Sendable {
    public let spec: FundingSpec
    /// The region's schools (ids, types), in index order.
    public let schools: [School]
    /// Factors paid per pupil (pupil-led and pupil premium) that the parameters include, in
    /// vocabulary order; bit k of a pupil's mask says whether they attract `perPupilFactors[k]`.
    public let perPupilFactors: [FundingFactor]
    /// Each pupil's eligibility bits; bit `perPupilFactors.count` marks disadvantaged pupils
    /// (Ever-6 FSM or looked-after, the pupil premium's reach; DOMAIN.md §4).
    public let eligibility: [UInt32]
    /// The budget lines in output order: pupil-led factors, school-led factors, area cost
    /// adjustment, minimum per-pupil top-up, pupil premium factors, top-slice.
    public let lines: [FundingLine]
    /// Per school: straight-line sparsity distance, km (nil when no pupil has it as nearest
    /// compatible school, or when it has no second compatible school).
    public let sparsityDistanceKm: [Double?]
    /// Per school: whether a trust top-slices its funding.
    public let topSliced: [Bool]
    /// Standardised attainment below which a pupil has low prior attainment.
    public let lowPriorAttainmentThreshold: Double

    // Per-line and per-factor facts the replication loop reads, flattened to arrays.
    let perPupilAmount: [Double]
    let perPupilLine: [Int]
    let perPupilKind: [FundingFactor.Kind]
    let perPupilDeprivation: [Bool]
    let lumpSumLine: Int?
    let sparsityLine: Int?
    let acaLine: Int
    let topUpLine: Int
    let topSliceLine: Int

    public init(region: Region, spec: FundingSpec) {
        self.spec = spec
        schools = region.schools
        let parameters = spec.parameters
        let pupils = region.pupils
        let factors = parameters.factors
        let perPupil = factors.filter { $0.kind != .schoolLed }
        precondition(perPupil.count < 31, "eligibility masks hold at most 31 factors")
        perPupilFactors = perPupil

        let lines = FundingContext.lines(for: spec)
        self.lines = lines
        perPupilAmount = perPupil.map { parameters.amounts[$0]! }
        perPupilLine = perPupil.map { lines.firstIndex(of: .factor($0))! }
        perPupilKind = perPupil.map(\.kind)
        perPupilDeprivation = perPupil.map(\.isDeprivation)
        lumpSumLine = lines.firstIndex(of: .factor(.lumpSum))
        sparsityLine = lines.firstIndex(of: .factor(.sparsity))
        acaLine = lines.firstIndex(of: .areaCostAdjustment)!
        topUpLine = lines.firstIndex(of: .minimumPerPupilTopUp)!
        topSliceLine = lines.firstIndex(of: .topSlice)!

        // Eligibility, one mask per pupil.
        let threshold = FundingContext.normalQuantile(parameters.lowPriorAttainmentShare)
        lowPriorAttainmentThreshold = threshold
        let bandEnds = parameters.idaciBandEnds
        let disadvantagedBit = UInt32(1) << UInt32(perPupil.count)
        var masks = [UInt32](repeating: 0, count: pupils.count)
        for i in 0..<pupils.count {
            let band = bandEnds.isEmpty ? nil : FundingContext.idaciBand(score: pupils.idaciScore[i], ends: bandEnds)
            let lookedAfter = pupils.lookedAfter[i]
            let everFSM = pupils.fsm6.isEmpty ? pupils.fsm[i] : pupils.fsm6[i]
            var mask: UInt32 = everFSM || lookedAfter ? disadvantagedBit : 0
            for (k, factor) in perPupil.enumerated() {
                let eligible: Bool
                switch factor {
                case .basicEntitlementKS3: eligible = true
                case .fsm: eligible = pupils.fsm[i]
                case .fsm6: eligible = everFSM
                case .idaciA, .idaciB, .idaciC, .idaciD, .idaciE, .idaciF:
                    eligible = band == FundingFactor.idaciBands.firstIndex(of: factor)
                case .lowPriorAttainment: eligible = pupils.attainment[i] < threshold
                case .eal: eligible = pupils.eal.isEmpty ? false : pupils.eal[i]
                case .mobility: eligible = false
                case .pupilPremiumEver6: eligible = everFSM && !lookedAfter
                case .pupilPremiumLookedAfter: eligible = lookedAfter
                case .lumpSum, .sparsity: eligible = false
                }
                if eligible { mask |= UInt32(1) << UInt32(k) }
            }
            masks[i] = mask
        }
        eligibility = masks

        topSliced = region.schools.map { spec.topSlice.share > 0 && spec.topSlice.types.contains($0.type) }
        if let rule = parameters.sparsity, parameters.amounts[.sparsity] != nil {
            sparsityDistanceKm = FundingContext.sparsityDistances(region: region, rule: rule)
        } else {
            sparsityDistanceKm = Array(repeating: nil, count: region.schools.count)
        }
    }

    /// The budget lines a funding spec produces, in output order: pupil-led factors, school-led
    /// factors, area cost adjustment, minimum per-pupil top-up, pupil premium factors, top-slice.
    public static func lines(for spec: FundingSpec) -> [FundingLine] {
        let factors = spec.parameters.factors
        return factors.filter { $0.kind == .pupilLed }.map { FundingLine.factor($0) }
            + factors.filter { $0.kind == .schoolLed }.map { FundingLine.factor($0) }
            + [.areaCostAdjustment, .minimumPerPupilTopUp]
            + factors.filter { $0.kind == .pupilPremium }.map { FundingLine.factor($0) }
            + [.topSlice]
    }

    /// IDACI band index (0 = A … 5 = F) of a home area with this score, or nil for band G (unfunded):
    /// the score's national rank fraction, through the IoD2019 curve, against the bands' ends.
    public static func idaciBand(score: Double, ends: [Double]) -> Int? {
        let q = IDACICurve.rankFraction(ofScore: score)
        return ends.firstIndex { q < $0 }
    }

    /// Average distance, for the pupils whose nearest compatible school each school is, to their
    /// second-nearest compatible school (km); selective schools are compatible with selective ones only.
    static func sparsityDistances(region: Region, rule: SparsityRule) -> [Double?] {
        let schools = region.schools, pupils = region.pupils
        var sum = [Double](repeating: 0, count: schools.count)
        var count = [Int](repeating: 0, count: schools.count)
        for selective in [false, true] {
            let members = schools.indices.filter { schools[$0].isSelective == selective }
            guard members.count >= 2 else { continue }
            for i in 0..<pupils.count {
                var best = -1, bestD = Double.infinity, secondD = Double.infinity
                for s in members {
                    let dx = pupils.homeX[i] - schools[s].location.x, dy = pupils.homeY[i] - schools[s].location.y
                    let d = (dx * dx + dy * dy).squareRoot()
                    if d < bestD { secondD = bestD; bestD = d; best = s } else if d < secondD { secondD = d }
                }
                sum[best] += secondD
                count[best] += 1
            }
        }
        return schools.indices.map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : nil }
    }

    /// The standard normal quantile of `p` (bisection on Φ = ½ erfc(−z/√2)); ±∞ at 0 and 1.
    public static func normalQuantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        var lo = -40.0, hi = 40.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
