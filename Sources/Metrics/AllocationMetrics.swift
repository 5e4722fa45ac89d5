import FairPlacesCore
import Allocation

/// Computes every figure of one allocation into a `MetricRecorder`.
///
/// To add a metric: record it here under a new name (the recorder's key order must not depend on
/// values: record nil when undefined), and describe it in `MetricDescriptions`. Outputs, summaries
/// and the tidy CSV pick it up from the keys.
public enum AllocationMetrics {
    public static func compute(context: MetricsContext, rules: PriorityRules, preferences: PreferenceLists,
                               allocation: Allocation, into r: inout MetricRecorder) {
        let region = rules.region
        let pupils = region.pupils
        let schools = region.schools
        let m = schools.count, n = pupils.count
        let config = context.config

        // Oversubscribed: more eligible applicants (at any preference) than places left after EHC plans.
        var applicantsAt = [Int](repeating: 0, count: m)
        var ehcAt = [Int](repeating: 0, count: m)
        for i in 0..<n {
            if allocation.route[i] == .ehcPlan { ehcAt[Int(allocation.school[i])] += 1; continue }
            for s in preferences.list(of: i) where rules.isEligible(pupil: i, school: Int(s)) { applicantsAt[Int(s)] += 1 }
        }
        let oversubscribed = (0..<m).map { applicantsAt[$0] > schools[$0].pan - ehcAt[$0] }

        // One pass over pupils: school sums, and access figures by group. Access groups: 0 all,
        // 1 FSM, 2 non-FSM, 3…7 IDACI quintiles 1–5.
        let accessLabels = ["", "fsm", "non_fsm", "idaci_q1", "idaci_q2", "idaci_q3", "idaci_q4", "idaci_q5"]
        let accessAttribute = ["", "fsm", "fsm", "idaci_quintile", "idaci_quintile", "idaci_quintile", "idaci_quintile", "idaci_quintile"]
        var applicants = [Double](repeating: 0, count: 8), first = applicants, any = applicants
        var placed = applicants, atOversubscribed = applicants, atHighAttainment = applicants
        var distances = [[Double]](repeating: [], count: 8)
        var intake = [Double](repeating: 0, count: m), attainment = intake, idaci = intake, distance = intake
        var decile1 = intake, quintile1 = intake
        var administrative = 0.0, unplaced = 0.0
        for i in 0..<n {
            // The pupil's three access groups, held in a SIMD value so the loop allocates nothing.
            let groups = SIMD3(0, pupils.fsm[i] ? 1 : 2, 3 + Int(context.idaciQuintile[i]))
            let route = allocation.route[i]
            if route == .administrative { administrative += 1 }
            if route == .unplaced { unplaced += 1 }
            if route != .ehcPlan {
                for k in 0..<3 {
                    let g = groups[k]
                    applicants[g] += 1
                    if allocation.preferenceRank[i] == 0 { first[g] += 1 }
                    if allocation.preferenceRank[i] >= 0 { any[g] += 1 }
                }
            }
            guard allocation.school[i] >= 0 else { continue }
            let s = Int(allocation.school[i])
            let d = pupils.home(i).distance(to: schools[s].location)
            intake[s] += 1
            attainment[s] += pupils.attainment[i]
            idaci[s] += pupils.idaciScore[i]
            distance[s] += d
            if pupils.idaciDecile[i] == 1 { decile1[s] += 1 }
            if pupils.idaciDecile[i] <= 2 { quintile1[s] += 1 }
            for k in 0..<3 {
                let g = groups[k]
                placed[g] += 1
                distances[g].append(d)
                if oversubscribed[s] { atOversubscribed[g] += 1 }
                if context.highAttainment[s] { atHighAttainment[g] += 1 }
            }
        }

        // Region: access and fairness.
        for g in 0..<8 {
            let a = accessAttribute[g], c = accessLabels[g]
            r.record(.region, "first_preference_share", attribute: a, category: c, ratio(first[g], applicants[g]))
            r.record(.region, "any_preference_share", attribute: a, category: c, ratio(any[g], applicants[g]))
            r.record(.region, "mean_distance_km", attribute: a, category: c, mean(distances[g]))
            r.record(.region, "p90_distance_km", attribute: a, category: c, p90(&distances[g]))
            r.record(.region, "oversubscribed_school_share", attribute: a, category: c, ratio(atOversubscribed[g], placed[g]))
            r.record(.region, "high_attainment_school_share", attribute: a, category: c, ratio(atHighAttainment[g], placed[g]))
        }
        recordPreferenceOutcomes(context: context, pupils: pupils, listLength: preferences.length,
                                 allocation: allocation, into: &r)
        r.record(.region, "administrative_count", administrative)
        r.record(.region, "unplaced_count", unplaced)
        r.record(.region, "above_pan_count", Double(allocation.abovePAN.reduce(0, +)))
        r.record(.region, "justified_envy_count", Double(allocation.justifiedEnvy))
        r.record(.region, "oversubscribed_schools", Double(oversubscribed.filter { $0 }.count))

        // Segregation and balance, per attribute, under the allocation and under nearest-school.
        var intakeShares: [[Double?]] = []
        for (a, attribute) in context.attributes.enumerated() {
            let table = attribute.counts(school: allocation.school, schools: m)
            recordSegregation(attribute, table, scope: .region, context: context, into: &r)
            recordSegregation(attribute, context.localCounts[a], scope: .nearest, context: context, into: &r)
            // Intake balance: schools whose share of a category strays from the region's or the local area's.
            let totals = table.groupTotals, all = totals.reduce(0, +)
            let local = context.localCounts[a]
            for k in reportedCategories(attribute) {
                var outsideRegion = 0.0, outsideLocal = 0.0
                for s in 0..<m where intake[s] > 0 {
                    let share = table[s, k] / intake[s]
                    if all > 0 && abs(share - totals[k] / all) > config.tolerance + 1e-12 { outsideRegion += 1 }
                    let localTotal = (0..<local.groups).reduce(0) { $0 + local[s, $1] }
                    if localTotal > 0 && abs(share - local[s, k] / localTotal) > config.tolerance + 1e-12 { outsideLocal += 1 }
                }
                r.record(.region, "schools_outside_tolerance", attribute: attribute.attribute.rawValue,
                         category: attribute.labels[k], unit: "region", outsideRegion)
                r.record(.region, "schools_outside_tolerance", attribute: attribute.attribute.rawValue,
                         category: attribute.labels[k], unit: "local", outsideLocal)
                intakeShares.append((0..<m).map { s in intake[s] > 0 ? table[s, k] / intake[s] : nil })
            }
        }

        if let home = context.home { recordByHome(home, context: context, allocation: allocation, region: region, into: &r) }

        // Schools.
        for (s, school) in schools.enumerated() {
            let id = school.id
            r.record(.school, "intake", unit: id, intake[s])
            r.record(.school, "vacancies", unit: id, max(0, Double(school.pan) - intake[s]))
            r.record(.school, "oversubscribed", unit: id, oversubscribed[s] ? 1 : 0)
            r.record(.school, "mean_attainment", unit: id, ratio(attainment[s], intake[s]))
            r.record(.school, "mean_idaci", unit: id, ratio(idaci[s], intake[s]))
            r.record(.school, "most_deprived_decile_share", unit: id, ratio(decile1[s], intake[s]))
            r.record(.school, "most_deprived_quintile_share", unit: id, ratio(quintile1[s], intake[s]))
            r.record(.school, "mean_distance_km", unit: id, ratio(distance[s], intake[s]))
            var column = 0
            for (a, attribute) in context.attributes.enumerated() {
                let local = context.localCounts[a]
                let localTotal = (0..<local.groups).reduce(0) { $0 + local[s, $1] }
                for k in reportedCategories(attribute) {
                    let name = attribute.attribute.rawValue
                    r.record(.school, "share", attribute: name, category: attribute.labels[k], unit: id, intakeShares[column][s])
                    r.record(.school, "local_share", attribute: name, category: attribute.labels[k], unit: id,
                             ratio(local[s, k], localTotal))
                    column += 1
                }
            }
        }
    }

    /// The headline figures again for pupils living in the region's own authorities (unit
    /// `authorities=own`) and for those living in neighbouring authorities (`authorities=neighbours`),
    /// so a report can quote the place it is about without the neighbours who joined for its border
    /// schools: pupils of the group, first and any preference shares and mean distance for every
    /// access group, administrative and unplaced counts, and the group's FSM share and FSM
    /// dissimilarity over the schools its pupils attend (and would attend if each went to their
    /// nearest school, scope `nearest`). Recorded after the region's figures, so their keys keep their order.
    static func recordByHome(_ home: [UInt8], context: MetricsContext, allocation: Allocation, region: Region,
                             into r: inout MetricRecorder) {
        let pupils = region.pupils, m = region.schools.count
        let accessLabels = ["", "fsm", "non_fsm", "idaci_q1", "idaci_q2", "idaci_q3", "idaci_q4", "idaci_q5"]
        let accessAttribute = ["", "fsm", "fsm", "idaci_quintile", "idaci_quintile", "idaci_quintile", "idaci_quintile", "idaci_quintile"]
        // Per home group h and access group g, at h * 8 + g.
        var applicants = [Double](repeating: 0, count: 16), first = applicants, any = applicants
        var placed = applicants, distance = applicants
        var count = [Double](repeating: 0, count: 2), administrative = count, unplaced = count
        // Schools × (non-FSM, FSM) per home group, under the allocation and nearest-school.
        var table = [[Double]](repeating: [Double](repeating: 0, count: 2 * m), count: 2), nearest = table
        for i in 0..<pupils.count {
            let h = Int(home[i])
            count[h] += 1
            let groups = SIMD3(0, pupils.fsm[i] ? 1 : 2, 3 + Int(context.idaciQuintile[i]))
            let route = allocation.route[i]
            if route == .administrative { administrative[h] += 1 }
            if route == .unplaced { unplaced[h] += 1 }
            let fsm = pupils.fsm[i] ? 1 : 0
            let n = context.nearestSchool[i]
            if n >= 0 { nearest[h][Int(n) * 2 + fsm] += 1 }
            if route != .ehcPlan {
                for k in 0..<3 {
                    let g = h * 8 + groups[k]
                    applicants[g] += 1
                    if allocation.preferenceRank[i] == 0 { first[g] += 1 }
                    if allocation.preferenceRank[i] >= 0 { any[g] += 1 }
                }
            }
            guard allocation.school[i] >= 0 else { continue }
            let s = Int(allocation.school[i])
            table[h][s * 2 + fsm] += 1
            let d = pupils.home(i).distance(to: region.schools[s].location)
            for k in 0..<3 {
                placed[h * 8 + groups[k]] += 1
                distance[h * 8 + groups[k]] += d
            }
        }
        for (h, unit) in MetricsContext.homeUnits.enumerated() {
            r.record(.region, "pupils", unit: unit, count[h])
            for g in 0..<8 {
                let a = accessAttribute[g], c = accessLabels[g]
                r.record(.region, "first_preference_share", attribute: a, category: c, unit: unit, ratio(first[h * 8 + g], applicants[h * 8 + g]))
                r.record(.region, "any_preference_share", attribute: a, category: c, unit: unit, ratio(any[h * 8 + g], applicants[h * 8 + g]))
                r.record(.region, "mean_distance_km", attribute: a, category: c, unit: unit, ratio(distance[h * 8 + g], placed[h * 8 + g]))
            }
            r.record(.region, "administrative_count", unit: unit, administrative[h])
            r.record(.region, "unplaced_count", unit: unit, unplaced[h])
            for (scope, t) in [(MetricScope.region, table[h]), (.nearest, nearest[h])] {
                let indices = TwoGroupIndices(group: (0..<m).map { t[$0 * 2 + 1] }, other: (0..<m).map { t[$0 * 2] },
                                              atkinsonShapes: context.config.atkinsonShapes)
                r.record(scope, "share", attribute: "fsm", category: "fsm", unit: unit, indices?.share)
                r.record(scope, "dissimilarity", attribute: "fsm", category: "fsm", unit: unit, indices?.dissimilarity)
            }
        }
    }

    /// Two-group attributes report their group's category only; others report every category.
    static func reportedCategories(_ attribute: AttributeCategories) -> [Int] {
        attribute.groupCategory.map { [$0] } ?? Array(attribute.labels.indices)
    }

    /// Segregation indices of one attribute's schools × categories table.
    static func recordSegregation(_ attribute: AttributeCategories, _ table: CountTable, scope: MetricScope,
                                  context: MetricsContext, into r: inout MetricRecorder) {
        let name = attribute.attribute.rawValue
        if let g = attribute.groupCategory {
            let label = attribute.labels[g]
            let group = (0..<table.units).map { table[$0, g] }
            let other = (0..<table.units).map { u in (0..<table.groups).reduce(0) { $0 + ($1 == g ? 0 : table[u, $1]) } }
            let indices = TwoGroupIndices(group: group, other: other, atkinsonShapes: context.config.atkinsonShapes)
            func rec(_ metric: String, _ v: Double?) { r.record(scope, metric, attribute: name, category: label, v) }
            rec("share", indices?.share)
            rec("dissimilarity", indices?.dissimilarity)
            rec("gorard", indices?.gorard)
            rec("isolation", indices?.isolation)
            rec("exposure", indices?.exposure)
            rec("correlation_ratio", indices?.correlationRatio)
            rec("theil_h", indices?.theilH)
            rec("hutchens", indices?.hutchens)
            rec("gini", indices?.gini)
            for (k, b) in context.config.atkinsonShapes.enumerated() {
                r.record(scope, "atkinson", attribute: name, category: label, unit: "b=\(b)", indices?.atkinson[k])
            }
            // The Sutton Trust measure: pupils of the group who would have to change school for every
            // school to have the region's share (F · GS).
            rec("pupils_to_move", indices.map { $0.gorard * group.reduce(0, +) })
            let curve = ConcentrationCurve.values(group: group, other: other, at: ConcentrationCurve.grid)
            for (k, x) in ConcentrationCurve.grid.enumerated() {
                r.record(scope, "concentration_curve", attribute: name, category: label, unit: "x=\(x)", curve?[k])
            }
        }
        if attribute.groupCategory == nil {
            let exposure = ExposureMatrix.compute(table)
            for (k, from) in attribute.labels.enumerated() {
                for (l, to) in attribute.labels.enumerated() {
                    r.record(scope, "exposure_matrix", attribute: name, category: from, unit: "to=\(to)", exposure[k]?[l])
                }
            }
        }
        let multi = MultiGroupIndices(table)
        r.record(scope, "mutual_information", attribute: name, multi?.mutualInformation)
        r.record(scope, "theil_h_multigroup", attribute: name, multi?.theilH)
        for clusters in context.clusters {
            let d = SegregationDecomposition(table, clusterOf: clusters.clusterOf, clusters: clusters.labels.count)
            let grouping = clusters.grouping.rawValue
            r.record(scope, "mutual_information_between", attribute: name, unit: grouping, d?.between)
            r.record(scope, "mutual_information_within", attribute: name, unit: grouping, d?.withinTotal)
            for (c, label) in clusters.labels.enumerated() {
                r.record(scope, "mutual_information_within_cluster", attribute: name, unit: "\(grouping)=\(label)", d?.within[c].index)
                r.record(scope, "cluster_weight", attribute: name, unit: "\(grouping)=\(label)", d?.within[c].weight)
                // The group's share of the cluster's intake (e.g. FSM pupils in grammar schools), the
                // figure published comparisons quote.
                if let g = attribute.groupCategory {
                    var inGroup = 0.0, all = 0.0
                    for u in 0..<table.units where clusters.clusterOf[u] == c {
                        inGroup += table[u, g]
                        for k in 0..<table.groups { all += table[u, k] }
                    }
                    r.record(scope, "cluster_share", attribute: name, category: attribute.labels[g],
                             unit: "\(grouping)=\(label)", all > 0 ? inGroup / all : nil)
                }
            }
        }
    }

    static func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }

    static func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }

    static func p90(_ v: inout [Double]) -> Double? {
        guard !v.isEmpty else { return nil }
        return Statistics.quantile(selecting: &v, 0.9)
    }
}
