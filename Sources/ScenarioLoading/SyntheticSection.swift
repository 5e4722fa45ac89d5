import FairPlacesCore

/// The `region.synthetic:` section → `SyntheticRegionSpec`. Defaults live in the spec itself.
enum SyntheticSection {
    static let fields = ["width_km", "height_km", "pupils", "towns", "town_count", "rural_share", "area_size_km",
                         "deprivation", "fsm_rate", "fsm_slope", "attainment_fsm_gap", "attainment_idaci_effect",
                         "looked_after_rate", "ehc_plan_rate", "sibling_rate", "faiths", "medical_need_rate",
                         "staff_child_rate", "primary_cohort_size", "tutoring_rate", "tutoring_slope",
                         "fsm6_rate", "eal_rate"]

    static func read(_ node: ScenarioNode) throws -> SyntheticRegionSpec {
        let r = try FieldReader(node, allowed: fields)
        var s = SyntheticRegionSpec()
        s.widthKm = try r.double("width_km", default: s.widthKm, in: 0.1...2_000)
        s.heightKm = try r.double("height_km", default: s.heightKm, in: 0.1...2_000)
        s.pupils = try r.int("pupils", default: s.pupils, in: 1...5_000_000)
        s.townCount = try r.int("town_count", default: s.townCount, in: 0...10_000)
        s.ruralShare = try r.double("rural_share", default: s.ruralShare, in: 0...1)
        s.areaSizeKm = try r.double("area_size_km", default: s.areaSizeKm, in: 0.05...100)
        s.fsmRate = try r.double("fsm_rate", default: s.fsmRate, in: 0...1)
        s.primaryCohortSize = try r.int("primary_cohort_size", default: s.primaryCohortSize, in: 1...10_000)
        try readPupilRates(r, into: &s)
        if let towns = r["towns"] {
            s.towns = try towns.sequence().map { item in
                let t = try FieldReader(item, allowed: ["name", "centre_km", "share", "radius_km"])
                let centreNode = try t.require("centre_km")
                let centre = try centreNode.point()
                guard centre.x >= 0, centre.x <= s.widthKm, centre.y >= 0, centre.y <= s.heightKm else {
                    throw centreNode.error("the town centre lies outside the region (0–\(s.widthKm) × 0–\(s.heightKm) km)")
                }
                return SyntheticRegionSpec.Town(name: try t.string("name", default: "Town"), centre: centre,
                                                share: try t.require("share").double(in: 0.000001...1_000_000),
                                                radiusKm: try t.double("radius_km", default: 2, in: 0.01...1_000))
            }
        }
        if s.towns.isEmpty && s.townCount == 0 && s.ruralShare < 1 {
            throw node.error("with no towns (town_count: 0 and no towns list) every pupil is rural: set rural_share: 1")
        }
        if let d = r["deprivation"] {
            let dr = try FieldReader(d, allowed: ["gradient", "gradient_angle_degrees", "town_centre", "clustering",
                                                  "cluster_radius_km", "clusters", "noise"])
            s.deprivation.gradient = try dr.double("gradient", default: s.deprivation.gradient, in: -100...100)
            s.deprivation.gradientAngleDegrees = try dr.double("gradient_angle_degrees", default: s.deprivation.gradientAngleDegrees, in: -360...360)
            s.deprivation.townCentre = try dr.double("town_centre", default: s.deprivation.townCentre, in: -100...100)
            s.deprivation.clustering = try dr.double("clustering", default: s.deprivation.clustering, in: 0...100)
            s.deprivation.clusterRadiusKm = try dr.double("cluster_radius_km", default: s.deprivation.clusterRadiusKm, in: 0.01...1_000)
            s.deprivation.clusters = try dr.int("clusters", default: s.deprivation.clusters, in: 0...100_000)
            s.deprivation.noise = try dr.double("noise", default: s.deprivation.noise, in: 0...100)
        }
        return s
    }

    /// Fields describing pupils that synthetic and real-data (England) regions share.
    static let pupilRateFields = ["fsm_slope", "attainment_fsm_gap", "attainment_idaci_effect", "looked_after_rate",
                                  "ehc_plan_rate", "sibling_rate", "faiths", "medical_need_rate", "staff_child_rate",
                                  "tutoring_rate", "tutoring_slope", "fsm6_rate", "eal_rate"]

    static func readPupilRates(_ r: FieldReader, into s: inout SyntheticRegionSpec) throws {
        s.fsmSlope = try r.double("fsm_slope", default: s.fsmSlope, in: -100...100)
        s.attainmentFSMGap = try r.double("attainment_fsm_gap", default: s.attainmentFSMGap, in: -5...5)
        s.attainmentIDACIEffect = try r.double("attainment_idaci_effect", default: s.attainmentIDACIEffect, in: -5...5)
        s.lookedAfterRate = try r.double("looked_after_rate", default: s.lookedAfterRate, in: 0...1)
        s.ehcPlanRate = try r.double("ehc_plan_rate", default: s.ehcPlanRate, in: 0...1)
        s.siblingRate = try r.double("sibling_rate", default: s.siblingRate, in: 0...1)
        s.medicalNeedRate = try r.double("medical_need_rate", default: s.medicalNeedRate, in: 0...1)
        s.staffChildRate = try r.double("staff_child_rate", default: s.staffChildRate, in: 0...1)
        s.tutoringRate = try r.double("tutoring_rate", default: s.tutoringRate, in: 0...1)
        s.tutoringSlope = try r.double("tutoring_slope", default: s.tutoringSlope, in: -100...100)
        // Funding attributes (issue #5).
        s.fsm6Rate = try r.double("fsm6_rate", default: s.fsm6Rate, in: 0...1)
        s.ealRate = try r.double("eal_rate", default: s.ealRate, in: 0...1)
        if let f = r["faiths"] {
            s.faithShares = try f.mappingEntries().map { ($0.key, try $0.node.double(in: 0...1)) }
            // A pupil's faith is one byte, 0 being none.
            if s.faithShares.count > 254 { throw f.error("at most 254 faiths, got \(s.faithShares.count)") }
            if s.faithShares.reduce(0, { $0 + $1.1 }) > 1 + 1e-9 {
                throw f.error("faith shares add up to more than 1")
            }
        }
    }
}
