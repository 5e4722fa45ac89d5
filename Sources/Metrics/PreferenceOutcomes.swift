import FairPlacesCore
import Allocation

extension AllocationMetrics {
    /// The access groups preference outcomes are reported for: all applicants, FSM and other
    /// pupils, and IDACI quintiles 1–5 (attribute, category), in the order of the first-preference figures.
    static let outcomeGroups: [(attribute: String, category: String)] = [
        ("", ""), ("fsm", "fsm"), ("fsm", "non_fsm"),
        ("idaci_quintile", "idaci_q1"), ("idaci_quintile", "idaci_q2"), ("idaci_quintile", "idaci_q3"),
        ("idaci_quintile", "idaci_q4"), ("idaci_quintile", "idaci_q5"),
    ]

    /// Records `offer_share`: for each access group, the share of applicants (EHC-plan pupils
    /// excluded, as for `first_preference_share`) offered their k-th preference (unit `preference=k`,
    /// k = 1 … list length), a school not on their list (unit `administrative`: placed by the
    /// authority, or by `no_choice` off the list) or no place (unit `unplaced`). The shares of a group sum to 1, so reports can draw the whole distribution of
    /// outcomes rather than its first and any-preference summaries only.
    static func recordPreferenceOutcomes(context: MetricsContext, pupils: Pupils, listLength: Int,
                                         allocation: Allocation, into r: inout MetricRecorder) {
        let outcomes = listLength + 2
        let administrative = listLength, unplaced = listLength + 1
        var counts = [Double](repeating: 0, count: outcomeGroups.count * outcomes)
        var applicants = [Double](repeating: 0, count: outcomeGroups.count)
        for i in 0..<pupils.count {
            let outcome: Int
            switch allocation.route[i] {
            case .ehcPlan: continue
            // No choice can place a pupil at a school off their list (rank -1): not a listed preference.
            case .preference: outcome = allocation.preferenceRank[i] >= 0 ? Int(allocation.preferenceRank[i]) : administrative
            case .administrative: outcome = administrative
            case .unplaced: outcome = unplaced
            }
            let groups = SIMD3(0, pupils.fsm[i] ? 1 : 2, 3 + Int(context.idaciQuintile[i]))
            for k in 0..<3 {
                applicants[groups[k]] += 1
                counts[groups[k] * outcomes + outcome] += 1
            }
        }
        for (g, group) in outcomeGroups.enumerated() {
            for o in 0..<outcomes {
                let unit = o < listLength ? "preference=\(o + 1)" : (o == administrative ? "administrative" : "unplaced")
                r.record(.region, "offer_share", attribute: group.attribute, category: group.category, unit: unit,
                         ratio(counts[g * outcomes + o], applicants[g]))
            }
        }
    }
}
