import Foundation
import FairPlacesCore

/// A school's admission arrangements in plain words, written beside each school in metrics.json so
/// that a report drawn from the outputs can say how each school admits.
public enum ArrangementsText {
    public static func describe(_ a: AdmissionArrangements) -> String {
        var parts: [String] = []
        if let s = a.selection {
            parts.append("selective: admits only the top \(percent(s.qualifyingShare)) of the 11-plus"
                         + (s.rankByScore ? ", ranked by score" : ""))
        }
        if let b = a.banding {
            parts.append("banding: places split across \(b.bands) ability bands in proportion to the \(b.reference == .applicants ? "applicants'" : b.reference.rawValue) distribution")
        }
        for q in a.quotas {
            let who: String
            switch q.eligibility {
            case .meets(let c): who = criterion(c)
            case .ability: who = "pupils who pass the selection test"
            case .aptitude: who = "aptitude, by test"
            }
            parts.append("\(percent(q.share)) of places for \(who)")
        }
        if a.firstPreferenceFirst { parts.append("first preferences first") }
        var order = a.criteria.map(criterion)
        order.append(a.tieBreak == .distance ? (a.distanceMeasure == .travel ? "travel distance" : "distance") : "random ballot")
        parts.append("priority: " + order.joined(separator: ", then "))
        if a.catchment != nil { parts.append("has a catchment area") }
        return parts.joined(separator: "; ")
    }

    static func criterion(_ c: OversubscriptionCriterion) -> String {
        var text: String
        switch c.kind {
        case .lookedAfter: text = "looked-after children"
        case .medicalNeed: text = "medical or social need"
        case .sibling: text = "siblings"
        case .staffChild: text = "children of staff"
        case .feeder: text = "feeder schools"
        case .catchment: text = "catchment"
        case .faith: text = "the school's faith"
        case .anyFaith: text = "any faith"
        case .pupilPremium: text = "pupil premium"
        case .anyApplicant: text = "any applicant"
        case .catchmentOf: text = "living in other named schools' catchments"
        }
        if let inside = c.inCatchment { text += inside ? (c.orFormerCatchment ? " in catchment or former catchment" : " in catchment") : " outside catchment" }
        if let km = c.withinKm { text += " within \(NumberFormat.exact(km)) km" }
        return text
    }

    static func percent(_ share: Double) -> String { NumberFormat.exact((share * 1000).rounded() / 10) + "%" }
}
