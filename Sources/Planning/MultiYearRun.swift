import FairPlacesCore
import LinearAlgebra
import Metrics
import Simulation

/// One school in one year under one option.
public struct SchoolYearOutcome: Sendable {
    public var id: String
    public var name: String
    /// The planning area (the school's district).
    public var planningArea: String
    public var pan: Int
    /// Gravity-modelled demand (pupils), when the plan models it.
    public var modelledDemand: Double?
    /// Mean over replications of first preferences for the school (allocation plans only).
    public var firstPreferences: Summary?
    /// Mean over replications of pupils offered (allocation plans only).
    public var offers: Summary?
    public var vacancies: Summary?
}

/// Everything measured in one year under one option. Summaries are over replications.
public struct YearOutcome: Sendable {
    public var year: Int
    public var option: String
    public var pupils: Int
    public var schools: [SchoolYearOutcome]
    public var unplaced: Summary?
    /// Pupils admitted above a school's PAN (EHC plans, guaranteed catchment places).
    public var abovePAN: Summary?
    public var meanDistanceKm: Summary?
    public var p90DistanceKm: Summary?
    /// FSM dissimilarity across intakes.
    public var fsmDissimilarity: Summary?
    /// Schools whose FSM share strays from the region's by more than the metrics tolerance.
    public var schoolsOutsideTolerance: Summary?
    /// Pupils at a different school than under the base option (nil for the base option itself
    /// only when there is no allocation).
    public var displaced: Summary?
    public var displacedFSM: Summary?
    public var displacedNonFSM: Summary?
}

/// The whole plan: every option in every year.
public struct PlanningResult: Sendable {
    public var spec: PlanningSpec
    /// Option by option, year by year within each.
    public var outcomes: [YearOutcome]
}

/// Runs a plan year by year. For an allocation plan, each year's region holds that year's open
/// schools (with their PANs and catchments) and a cohort of the forecast size drawn from the base
/// cohort; it is allocated with `Simulator` in every replication. The year's seed mixes the plan's
/// seed with the year, and the cohort does not depend on the option, so options meet the same
/// children and random numbers: a year's difference between options is the option's doing.
public enum MultiYearRun {
    public static func run(_ spec: PlanningSpec, threads: Int) -> PlanningResult {
        switch spec.mode {
        case .demand(let plan): return PlanningResult(spec: spec, outcomes: demandOnly(spec, plan))
        case .allocation(let plan): return PlanningResult(spec: spec, outcomes: allocate(spec, plan, threads: threads))
        }
    }

    /// The seed of a planning year: years get independent random numbers, options share them.
    public static func seed(_ seed: UInt64, year: Int) -> UInt64 {
        seed ^ (UInt64(bitPattern: Int64(year)) &* 0x9E37_79B9_7F4A_7C15)
    }

    // MARK: - Demand only

    static func demandOnly(_ spec: PlanningSpec, _ plan: DemandPlan) -> [YearOutcome] {
        let column = Dictionary(uniqueKeysWithValues: plan.schoolIDs.enumerated().map { ($1, $0) })
        var outcomes: [YearOutcome] = []
        for option in spec.options {
            for (t, year) in spec.years.enumerated() {
                let schools = option.timeline.schools(in: year).schools
                var demand: [Double]?
                if let gravity = spec.gravity {
                    var cost = Matrix(rows: plan.areas.count, columns: schools.count)
                    for a in 0..<plan.areas.count {
                        for (s, school) in schools.enumerated() { cost[a, s] = plan.cost[a, column[school.id]!] }
                    }
                    demand = modelledDemand(gravity, origins: plan.origins[t], schools: schools, cost: cost)
                }
                outcomes.append(YearOutcome(
                    year: year, option: option.name, pupils: Int(plan.origins[t].reduce(0, +).rounded()),
                    schools: schools.enumerated().map { s, school in
                        SchoolYearOutcome(id: school.id, name: school.name, planningArea: school.district, pan: school.pan,
                                          modelledDemand: demand?[s])
                    }))
            }
        }
        return outcomes
    }

    /// Gravity demand per school. An unknown (NaN) cost becomes +∞, whose decay weight is 0: that
    /// school draws nobody from that area.
    static func modelledDemand(_ g: GravitySettings, origins: [Double], schools: [School], cost: Matrix) -> [Double] {
        var c = cost
        for k in c.elements.indices {
            c.elements[k] = c.elements[k].isNaN ? .infinity : max(g.minimumCost, c.elements[k])
        }
        let weights = schools.map { g.weights == .equal ? 1.0 : Double($0.pan) }
        return GravityModel(decay: g.decay, beta: g.beta).demand(origins: origins, weights: weights, cost: c)
    }

    // MARK: - Allocation

    static func allocate(_ spec: PlanningSpec, _ plan: AllocationPlan, threads: Int) -> [YearOutcome] {
        let base = plan.base
        let baseRegion = base.region
        // Plan-wide school numbers, so pupils' schools compare across options.
        var number: [String: Int32] = [:]
        for option in spec.options {
            for id in option.timeline.allSchoolIDs where number[id] == nil { number[id] = Int32(number.count) }
        }
        var byOption = [[YearOutcome]](repeating: [], count: spec.options.count)
        for (t, year) in spec.years.enumerated() {
            let selection = YearCohort.select(areaOf: baseRegion.pupils.area, targets: plan.targets[t],
                                              seed: base.seed, year: year)
            var baseSchools: [[Int32]]?
            for (o, option) in spec.options.enumerated() {
                let schools = option.timeline.schools(in: year)
                let pupils = YearCohort.pupils(baseRegion.pupils, selection: selection, baseSchools: baseRegion.schools, year: schools)
                var region = baseRegion.with(schools: schools.schools, pupils: pupils)
                region.travel = travel(baseRegion, schools: schools.schools)
                var yearSpec = base
                yearSpec.region = region
                yearSpec.seed = seed(base.seed, year: year)
                let simulator = Simulator(spec: yearSpec)
                let m = region.schools.count
                let ids = region.schools.map { number[$0.id]! }
                let reps = max(1, base.replications)
                let pupilCount = region.pupils.count
                let runs = Parallel.map(count: reps, threads: threads) { index -> Replication in
                    let outcome = simulator.replication(index + 1, collectKeys: index == 0)
                    var first = [Double](repeating: 0, count: m)
                    for i in 0..<pupilCount {
                        if let s = outcome.preferences.list(of: i).first, s >= 0 { first[Int(s)] += 1 }
                    }
                    return Replication(values: outcome.values, keys: outcome.keys, firstPreferences: first,
                                       schools: outcome.allocation.school.map { $0 >= 0 ? ids[Int($0)] : -1 })
                }
                let keys = runs[0].keys!
                let lookup = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                func summary(_ key: MetricKey) -> Summary? {
                    guard let k = lookup[key] else { return nil }
                    return Summary(runs.map { $0.values[k] })
                }
                var demand: [Double]?
                if let gravity = spec.gravity {
                    demand = modelledDemand(gravity, origins: origins(region), schools: region.schools,
                                            cost: cost(region, travel: plan.travelCost))
                }
                var outcome = YearOutcome(
                    year: year, option: option.name, pupils: region.pupils.count,
                    schools: region.schools.enumerated().map { s, school in
                        SchoolYearOutcome(id: school.id, name: school.name, planningArea: school.district, pan: school.pan,
                                          modelledDemand: demand?[s],
                                          firstPreferences: Summary(runs.map { $0.firstPreferences[s] }),
                                          offers: summary(MetricKey(.school, "intake", unit: school.id)),
                                          vacancies: summary(MetricKey(.school, "vacancies", unit: school.id)))
                    },
                    unplaced: summary(MetricKey(.region, "unplaced_count")),
                    abovePAN: summary(MetricKey(.region, "above_pan_count")),
                    meanDistanceKm: summary(MetricKey(.region, "mean_distance_km")),
                    p90DistanceKm: summary(MetricKey(.region, "p90_distance_km")),
                    fsmDissimilarity: summary(MetricKey(.region, "dissimilarity", attribute: "fsm", category: "fsm")),
                    schoolsOutsideTolerance: summary(MetricKey(.region, "schools_outside_tolerance", attribute: "fsm",
                                                               category: "fsm", unit: "region")))
                let placed = runs.map(\.schools)
                if o == 0 { baseSchools = placed }
                let displaced = zip(baseSchools!, placed).map { DisplacedPupils(base: $0, option: $1, fsm: region.pupils.fsm) }
                outcome.displaced = Summary(displaced.map { Double($0.all) })
                outcome.displacedFSM = Summary(displaced.map { Double($0.fsm) })
                outcome.displacedNonFSM = Summary(displaced.map { Double($0.nonFSM) })
                byOption[o].append(outcome)
            }
        }
        return byOption.flatMap { $0 }
    }

    private struct Replication: Sendable {
        var values: [Double?]
        var keys: [MetricKey]?
        var firstPreferences: [Double]
        var schools: [Int32]
    }

    /// The base region's travel matrix with the year's schools as columns (NaN for new schools).
    static func travel(_ base: Region, schools: [School]) -> [Double]? {
        guard let travel = base.travel else { return nil }
        let column = Dictionary(uniqueKeysWithValues: base.schools.enumerated().map { ($1.id, $0) })
        let m0 = base.schools.count, m = schools.count
        var out = [Double](repeating: .nan, count: base.areas.count * m)
        for a in 0..<base.areas.count {
            for (s, school) in schools.enumerated() {
                if let c = column[school.id] { out[a * m + s] = travel[a * m0 + c] }
            }
        }
        return out
    }

    /// The year's pupils per area (areas of the region; pupils with no area are left out of the gravity model).
    public static func origins(_ region: Region) -> [Double] {
        var o = [Double](repeating: 0, count: region.areas.count)
        for a in region.pupils.area where a >= 0 { o[Int(a)] += 1 }
        return o
    }

    /// Cost from each area to each school: travel when asked and supplied, else straight-line km from
    /// the area's centroid (NaN: no travel value, so the school draws nobody from the area).
    public static func cost(_ region: Region, travel: Bool) -> Matrix {
        let m = region.schools.count
        var c = Matrix(rows: region.areas.count, columns: m)
        for (a, area) in region.areas.enumerated() {
            for (s, school) in region.schools.enumerated() {
                c[a, s] = travel ? (region.travel?[a * m + s] ?? .nan) : area.centroid.distance(to: school.location)
            }
        }
        return c
    }
}
