import Testing
import FairPlacesCore
@testable import Reports

@Suite struct ArrangementsTextTests {
    @Test func arrangementsInPlainWords() {
        let grammar = AdmissionArrangements(selection: Selection(qualifyingShare: 0.25, rankByScore: true))
        #expect(ArrangementsText.describe(grammar)
                == "selective: admits only the top 25% of the 11-plus, ranked by score; priority: looked-after children, then siblings, then distance")
        let mixed = AdmissionArrangements(
            criteria: [.lookedAfter, OversubscriptionCriterion(.sibling, inCatchment: true), OversubscriptionCriterion(.faith, withinKm: 3)],
            tieBreak: .random, quotas: [SeatQuota(share: 0.2, eligibility: .meets(.pupilPremium)), SeatQuota(share: 0.1, eligibility: .aptitude)],
            banding: Banding(bands: 5, reference: .region), firstPreferenceFirst: true)
        #expect(ArrangementsText.describe(mixed)
                == "banding: places split across 5 ability bands in proportion to the region distribution; 20% of places for pupil premium; "
                + "10% of places for aptitude, by test; first preferences first; "
                + "priority: looked-after children, then siblings in catchment, then the school's faith within 3 km, then random ballot")
    }
}
