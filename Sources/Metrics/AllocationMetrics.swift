import FairPlacesCore
import Allocation

/// Region-wide figures of one allocation.
///
/// To add a metric: add a case (its raw value is its name in outputs), give it a description, and
/// compute it in `AllocationMetrics.compute`. Outputs and summaries pick it up from `allCases`.
public enum RegionMetric: String, CaseIterable, Sendable {
    case firstPreferenceShare = "first_preference_share"
    case firstPreferenceShareFSM = "first_preference_share_fsm"
    case firstPreferenceShareNonFSM = "first_preference_share_non_fsm"
    case anyPreferenceShare = "any_preference_share"
    case administrativeCount = "administrative_count"
    case unplacedCount = "unplaced_count"
    case abovePANCount = "above_pan_count"
    case meanDistanceKm = "mean_distance_km"
    case meanDistanceKmFSM = "mean_distance_km_fsm"
    case meanDistanceKmNonFSM = "mean_distance_km_non_fsm"
    case p90DistanceKm = "p90_distance_km"
    case p90DistanceKmFSM = "p90_distance_km_fsm"
    case p90DistanceKmNonFSM = "p90_distance_km_non_fsm"
    case fsmDissimilarity = "fsm_dissimilarity"
    case fsmGorard = "fsm_gorard"

    public var description: String {
        switch self {
        case .firstPreferenceShare: return "share of applicants offered their first preference"
        case .firstPreferenceShareFSM: return "share of FSM applicants offered their first preference"
        case .firstPreferenceShareNonFSM: return "share of non-FSM applicants offered their first preference"
        case .anyPreferenceShare: return "share of applicants offered any preference"
        case .administrativeCount: return "pupils given an administrative place (no listed school could offer)"
        case .unplacedCount: return "pupils with no place at all"
        case .abovePANCount: return "pupils admitted above PAN (EHC plans naming a full school)"
        case .meanDistanceKm: return "mean home–school distance of placed pupils, km"
        case .meanDistanceKmFSM: return "mean home–school distance of placed FSM pupils, km"
        case .meanDistanceKmNonFSM: return "mean home–school distance of placed non-FSM pupils, km"
        case .p90DistanceKm: return "90th percentile home–school distance, km"
        case .p90DistanceKmFSM: return "90th percentile home–school distance of FSM pupils, km"
        case .p90DistanceKmNonFSM: return "90th percentile home–school distance of non-FSM pupils, km"
        case .fsmDissimilarity: return "FSM dissimilarity index D across school intakes (0–1)"
        case .fsmGorard: return "Gorard segregation index GS of FSM pupils across intakes (0 to 1−P)"
        }
    }
}

/// Per-school figures of one allocation.
public enum SchoolMetric: String, CaseIterable, Sendable {
    case intake
    case vacancies
    case fsmShare = "fsm_share"
    case meanAttainment = "mean_attainment"
    case meanIDACI = "mean_idaci"
    case meanDistanceKm = "mean_distance_km"

    public var description: String {
        switch self {
        case .intake: return "pupils admitted"
        case .vacancies: return "PAN less intake, at least 0"
        case .fsmShare: return "share of the intake eligible for FSM"
        case .meanAttainment: return "mean prior attainment of the intake, SD units"
        case .meanIDACI: return "mean IDACI score of the intake's home areas"
        case .meanDistanceKm: return "mean home–school distance of the intake, km"
        }
    }
}

/// The figures of one replication. A value is nil when it is undefined (e.g. a mean over an empty
/// group, or segregation when no pupil is FSM); outputs show such values as empty, never as NaN.
public struct ReplicationMetrics: Sendable, Equatable {
    /// Indexed like `RegionMetric.allCases`.
    public var region: [Double?]
    /// `school[metric][school]`, metrics indexed like `SchoolMetric.allCases`.
    public var school: [[Double?]]

    public subscript(_ metric: RegionMetric) -> Double? {
        region[RegionMetric.allCases.firstIndex(of: metric)!]
    }

    public subscript(_ metric: SchoolMetric, school s: Int) -> Double? {
        school[SchoolMetric.allCases.firstIndex(of: metric)!][s]
    }
}

public enum AllocationMetrics {
    public static func compute(region: Region, allocation: Allocation) -> ReplicationMetrics {
        let pupils = region.pupils
        let m = region.schools.count
        var intake = [Double](repeating: 0, count: m)
        var fsm = [Double](repeating: 0, count: m)
        var attainment = [Double](repeating: 0, count: m)
        var idaci = [Double](repeating: 0, count: m)
        var distance = [Double](repeating: 0, count: m)
        var distances: [Double] = [], distancesFSM: [Double] = [], distancesNonFSM: [Double] = []
        distances.reserveCapacity(pupils.count)
        var applicants = [0.0, 0.0], firstPreference = [0.0, 0.0], anyPreference = 0.0
        var administrative = 0.0, unplaced = 0.0

        for i in 0..<pupils.count {
            let g = pupils.fsm[i] ? 1 : 0
            if allocation.route[i] != .ehcPlan {
                applicants[g] += 1
                if allocation.preferenceRank[i] == 0 { firstPreference[g] += 1 }
                if allocation.preferenceRank[i] >= 0 { anyPreference += 1 }
            }
            if allocation.route[i] == .administrative { administrative += 1 }
            if allocation.route[i] == .unplaced { unplaced += 1; continue }
            let s = Int(allocation.school[i])
            let d = pupils.home(i).distance(to: region.schools[s].location)
            intake[s] += 1
            fsm[s] += Double(g)
            attainment[s] += pupils.attainment[i]
            idaci[s] += pupils.idaciScore[i]
            distance[s] += d
            distances.append(d)
            if g == 1 { distancesFSM.append(d) } else { distancesNonFSM.append(d) }
        }

        let nonFSM = (0..<m).map { intake[$0] - fsm[$0] }
        let allApplicants = applicants[0] + applicants[1]
        var r = [Double?](repeating: nil, count: RegionMetric.allCases.count)
        func set(_ metric: RegionMetric, _ value: Double?) { r[RegionMetric.allCases.firstIndex(of: metric)!] = value }
        set(.firstPreferenceShare, ratio(firstPreference[0] + firstPreference[1], allApplicants))
        set(.firstPreferenceShareFSM, ratio(firstPreference[1], applicants[1]))
        set(.firstPreferenceShareNonFSM, ratio(firstPreference[0], applicants[0]))
        set(.anyPreferenceShare, ratio(anyPreference, allApplicants))
        set(.administrativeCount, administrative)
        set(.unplacedCount, unplaced)
        set(.abovePANCount, Double(allocation.abovePAN.reduce(0, +)))
        set(.meanDistanceKm, mean(distances))
        set(.meanDistanceKmFSM, mean(distancesFSM))
        set(.meanDistanceKmNonFSM, mean(distancesNonFSM))
        set(.p90DistanceKm, p90(&distances))
        set(.p90DistanceKmFSM, p90(&distancesFSM))
        set(.p90DistanceKmNonFSM, p90(&distancesNonFSM))
        set(.fsmDissimilarity, Segregation.dissimilarity(group: fsm, other: nonFSM))
        set(.fsmGorard, Segregation.gorard(group: fsm, other: nonFSM))

        var perSchool = [[Double?]](repeating: [], count: SchoolMetric.allCases.count)
        for (k, metric) in SchoolMetric.allCases.enumerated() {
            perSchool[k] = (0..<m).map { s -> Double? in
                switch metric {
                case .intake: return intake[s]
                case .vacancies: return max(0, Double(region.schools[s].pan) - intake[s])
                case .fsmShare: return ratio(fsm[s], intake[s])
                case .meanAttainment: return ratio(attainment[s], intake[s])
                case .meanIDACI: return ratio(idaci[s], intake[s])
                case .meanDistanceKm: return ratio(distance[s], intake[s])
                }
            }
        }
        return ReplicationMetrics(region: r, school: perSchool)
    }

    private static func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }

    private static func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }

    private static func p90(_ v: inout [Double]) -> Double? {
        guard !v.isEmpty else { return nil }
        v.sort()
        return Statistics.quantile(sorted: v, 0.9)
    }
}
