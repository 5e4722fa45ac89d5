/// What each metric name means, with its unit: written beside every figure in `metrics.json`.
public enum MetricDescriptions {
    public static func describe(_ metric: String) -> String {
        table[metric] ?? metric
    }

    static let table: [String: String] = [
        // Access and fairness
        "first_preference_share": "share of applicants (EHC-plan pupils excluded) offered their first preference, 0–1",
        "any_preference_share": "share of applicants offered one of their listed schools, 0–1",
        "mean_distance_km": "mean straight-line home–school distance of placed pupils, km",
        "p90_distance_km": "90th percentile of home–school distance of placed pupils, km",
        "oversubscribed_school_share": "share of placed pupils at schools with more eligible applicants than places, 0–1",
        "high_attainment_school_share": "share of placed pupils at high-attainment schools (top share by attractiveness), 0–1",
        "offer_share": "share of applicants (EHC-plan pupils excluded) offered their k-th preference (unit preference=k), an administrative place (unit administrative) or no place (unit unplaced), 0–1",
        "pupils": "pupils living in the region's own authorities (unit authorities=own) or in neighbouring ones (unit authorities=neighbours); figures with these units are for those pupils only",
        "administrative_count": "pupils given an administrative place because no listed school could offer",
        "unplaced_count": "pupils with no place at all",
        "above_pan_count": "pupils admitted above PAN (EHC plans naming a full school)",
        "justified_envy_count": "pupils who ranked a school above their own that admitted someone it ranks below them",
        "oversubscribed_schools": "schools with more eligible applicants than places",
        // Two-group segregation (DOMAIN.md §5)
        "share": "share of the group: P in the region, or of the school's intake, 0–1",
        "local_share": "share of the group among pupils whose nearest school this is (the school's local area), 0–1",
        "dissimilarity": "dissimilarity index D = ½ Σ |Fᵢ/F − Nᵢ/N|, 0–1",
        "gorard": "Gorard segregation index GS = ½ Σ |Fᵢ/F − Tᵢ/T| = (1−P)·D, 0 to 1−P",
        "isolation": "isolation index xPx = Σ (Fᵢ/F)·pᵢ, the group's share in the average member's school",
        "exposure": "exposure index xPy = 1 − xPx",
        "correlation_ratio": "correlation (variance) ratio η² = (xPx − P)/(1 − P), 0–1",
        "theil_h": "Theil's entropy index H for two groups, 0–1",
        "hutchens": "Hutchens' square-root index S = 1 − Σ √((Fᵢ/F)(Nᵢ/N)), 0–1",
        "gini": "Gini segregation index, 0–1",
        "atkinson": "Atkinson segregation index A(b), 0–1 (unit gives the shape b)",
        "pupils_to_move": "pupils of the group who would have to change school for every school to have the region's share (F·GS; Sutton Trust measure)",
        "concentration_curve": "cumulative share of the group in schools ordered by their share of it, at cumulative share x of all pupils",
        "schools_outside_tolerance": "schools whose share of the category differs from the region's (unit region) or their local area's (unit local) by more than the tolerance",
        // Multi-group segregation
        "exposure_matrix": "share of the category in `unit` (to=…) in the school of the average pupil of `category`; the diagonal is isolation, 0–1",
        "mutual_information": "mutual information index M across all categories, nats",
        "theil_h_multigroup": "Theil's H = M/E across all categories, 0–1",
        "mutual_information_between": "M between clusters of schools (unit names the grouping), nats; between + within = M",
        "mutual_information_within": "Σ over clusters of (cluster pupils / all pupils) · M within the cluster, nats",
        "mutual_information_within_cluster": "M within one cluster of schools, nats",
        "cluster_weight": "the cluster's share of all placed pupils, 0–1",
        "cluster_share": "the group's share of the cluster's intake (e.g. FSM pupils in grammar schools), 0–1",
        // Schools
        "intake": "pupils admitted",
        "vacancies": "PAN less intake, at least 0",
        "oversubscribed": "1 if more eligible applicants than places, else 0",
        "mean_attainment": "mean prior attainment of the intake, SD units",
        "mean_idaci": "mean IDACI score of the intake's home areas, 0–1",
        "most_deprived_decile_share": "share of the intake from the most deprived IDACI decile, 0–1",
        "most_deprived_quintile_share": "share of the intake from the most deprived IDACI quintile, 0–1",
        // Funding (issue #5): budgets of the simulated Year 7 intake, £ a year
        "funding": "£ a year from one budget line (category: a formula factor, area_cost_adjustment, minimum_per_pupil_top_up or top_slice) for the Year 7 intake; school-level factors divided by the year groups",
        "funding_eligible": "pupils of the intake the per-pupil factor (category) pays for",
        "funding_total": "£ a year: the sum of the budget lines, after any top-slice, pupil premium included (unit type=… or selective=…: those schools together)",
        "funding_per_pupil": "funding_total ÷ pupils admitted, £ (unit type=… or selective=…: those schools together)",
        "funding_deprivation": "£ a year of deprivation funding: FSM, FSM6 and IDACI factors (with the area cost adjustment) plus the pupil premium, before any top-slice",
        "funding_deprivation_share": "deprivation funding ÷ funding before any top-slice, 0–1",
        "funding_disadvantaged": "disadvantaged pupils admitted (Ever-6 FSM or looked-after)",
        "funding_deprivation_per_pupil": "deprivation funding ÷ pupils admitted at the schools in unit (type=… or selective=…), £",
        "funding_deprivation_per_disadvantaged_pupil": "deprivation funding ÷ disadvantaged pupils (Ever-6 FSM or looked-after) at the schools in unit, £",
        "funding_per_pupil_ratio": "highest ÷ lowest funding per pupil among schools with an intake",
        "funding_per_pupil_gini": "Gini coefficient of funding per pupil across pupils (each school's figure weighted by its intake), 0–1",
    ]
}
