import Testing
import LinearAlgebra
@testable import Planning

@Suite("Cohort forecast")
struct CohortForecastTests {
    /// Two areas, groups Y5, Y6, Y7 (youngest first), counted 2022–2024.
    ///
    ///              Y5   Y6   Y7
    ///   A 2022:   100  100   80
    ///   A 2023:    50  110  100
    ///   A 2024:    80   60  121
    ///   B 2022:     0   20   10
    ///   B 2023:     0   30   30
    ///   B 2024:    10    0   33
    static let history = [
        Matrix([[100, 100, 80], [0, 20, 10]]),
        Matrix([[50, 110, 100], [0, 30, 30]]),
        Matrix([[80, 60, 121], [10, 0, 33]]),
    ]

    @Test("progression ratios are the mean of the last ratios, pooled where an area has none")
    func ratios() {
        let f = CohortForecast(history: Self.history, lastYear: 2024, window: 2)
        // A, Y5→Y6: 2022→23 110/100 = 1.1; 2023→24 60/50 = 1.2; mean 1.15.
        #expect(abs(f.ratios[0, 0] - 1.15) < 1e-12)
        // A, Y6→Y7: 100/100 = 1.0; 121/110 = 1.1; mean 1.05.
        #expect(abs(f.ratios[0, 1] - 1.05) < 1e-12)
        // B, Y5→Y6: no Y5 pupils in 2022 or 2023, so the pooled ratio of both areas:
        // 2022→23 (110 + 30) / (100 + 0) = 1.4; 2023→24 (60 + 0) / (50 + 0) = 1.2; mean 1.3.
        #expect(abs(f.ratios[1, 0] - 1.3) < 1e-12)
        // B, Y6→Y7: 30/20 = 1.5; 33/30 = 1.1; mean 1.3.
        #expect(abs(f.ratios[1, 1] - 1.3) < 1e-12)
        // A window of 1 uses only 2023→24.
        let last = CohortForecast(history: Self.history, lastYear: 2024, window: 1)
        #expect(abs(last.ratios[0, 0] - 1.2) < 1e-12)
        #expect(abs(last.ratios[1, 1] - 1.1) < 1e-12)
    }

    @Test("the forecast rolls cohorts forward, adds known entries and housing yield")
    func forecast() {
        // Known Y5 entry in 2025: A 70, B 5. Housing in 2025: 100 dwellings in A, yielding
        // 0.01, 0.02, 0.03 pupils per dwelling in Y5, Y6, Y7.
        let housing = HousingYield(completions: [[100, 0]], perDwelling: [0.01, 0.02, 0.03])
        let f = CohortForecast(history: Self.history, lastYear: 2024, window: 2, futureEntries: [[70, 5]], housing: housing)
        let years = f.project(years: 3)
        // 2025, A: Y5 = 70 + 100·0.01 = 71; Y6 = 80·1.15 + 100·0.02 = 94; Y7 = 60·1.05 + 100·0.03 = 66.
        // 2025, B: Y5 = 5; Y6 = 10·1.3 = 13; Y7 = 0·1.3 = 0.
        let y2025: [[Double]] = [[71, 94, 66], [5, 13, 0]]
        // 2026 (no known entry, no housing), A: Y6 = 71·1.15 = 81.65; Y7 = 94·1.05 = 98.7.
        //                                     B: Y6 = 5·1.3 = 6.5;    Y7 = 13·1.3 = 16.9.
        // 2027, A: Y7 = 81.65·1.05 = 85.7325; B: Y7 = 6.5·1.3 = 8.45.
        for a in 0..<2 { for g in 0..<3 { #expect(abs(years[0][a, g] - y2025[a][g]) < 1e-9) } }
        #expect(abs(years[1][0, 1] - 81.65) < 1e-9 && abs(years[1][0, 2] - 98.7) < 1e-9)
        #expect(abs(years[1][1, 1] - 6.5) < 1e-9 && abs(years[1][1, 2] - 16.9) < 1e-9)
        #expect(abs(years[2][0, 2] - 85.7325) < 1e-9 && abs(years[2][1, 2] - 8.45) < 1e-9)

        // Y7 is known 3 years ahead: two cohorts below it now, one known entry.
        #expect(f.horizon(group: 2) == 3)
        let y7 = f.project(group: 2, years: 4)
        #expect(abs(y7[2][0] - 85.7325) < 1e-9)
        // The fourth year would need a Y5 cohort nobody has counted: undefined, not assumed.
        #expect(y7[3].allSatisfy { $0.isNaN })
    }

    @Test("whole pupils keep the rounded total, largest remainders first")
    func wholePupils() {
        // 10.6 + 20.3 + 5.4 = 36.3 → 36: floors 10, 20, 5 (35), one more to the largest remainder (0.6).
        #expect(YearCohort.wholePupils([10.6, 20.3, 5.4]) == [11, 20, 5])
        #expect(YearCohort.wholePupils([0.5, 0.5, 0.5, 0.5]) == [1, 1, 0, 0])
    }

    @Test("a year's cohort thins or repeats each area's pupils to its target")
    func yearCohort() {
        let areas: [Int32] = [0, 0, 0, 0, 1, 1, -1]
        let s = YearCohort.select(areaOf: areas, targets: [2, 5, 1], seed: 7, year: 2027)
        #expect(s.base.filter { areas[$0] == 0 }.count == 2)
        #expect(s.base.filter { areas[$0] == 1 }.count == 5)
        #expect(s.base.filter { areas[$0] == -1 }.count == 1)
        // Area 1 has 2 pupils for 5 places: both twice (copies 0 and 1), one a third time.
        #expect(s.copy.filter { $0 == 2 }.count == 1)
        // The same (seed, year) gives the same cohort; another year may not.
        #expect(YearCohort.select(areaOf: areas, targets: [2, 5, 1], seed: 7, year: 2027) == s)
    }
}
