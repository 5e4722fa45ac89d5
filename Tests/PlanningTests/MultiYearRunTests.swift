import Testing
import FairPlacesCore
@testable import Planning
@testable import ScenarioLoading
@testable import Reports

@Suite("Multi-year runs")
struct MultiYearRunTests {
    @Test("a school opening in the third year receives pupils only from the third year")
    func newSchoolOpensInYearThree() throws {
        let f = try PlanFixture(["plan.yaml": councilScenario(options: """
                - name: Status quo
                - name: New school
                  years:
                    - year: 2028
                      open: [{id: N, name: New Academy, type: academy, location_km: [10, 5], pan: 90}]
            """)])
        defer { f.remove() }
        let plan = try f.load()
        let result = MultiYearRun.run(plan.spec, threads: 2)
        let rows = result.outcomes.filter { $0.option == "New school" }
        #expect(rows.map(\.year) == [2026, 2027, 2028, 2029, 2030])
        for o in rows {
            let n = o.schools.first { $0.id == "N" }
            if o.year < 2028 {
                #expect(n == nil, "the school is not in \(o.year)'s region")
            } else {
                let offers = try #require(n?.offers)
                // Some pupils in every replication: it sits between the towns with the other schools near full.
                #expect(offers.rangeLow > 0, "offers in \(o.year)")
                #expect(abs(o.schools.reduce(0.0) { $0 + ($1.offers?.mean ?? 0) } - (Double(o.pupils) - (o.unplaced?.mean ?? 0))) < 1e-9)
            }
        }
        // Before it opens the option is the status quo: the same children, the same schools and draws.
        for year in [2026, 2027] {
            let base = result.outcomes.first { $0.option == "Status quo" && $0.year == year }!
            let option = rows.first { $0.year == year }!
            #expect(option.displaced?.mean == 0)
            #expect(option.schools.map { $0.offers?.mean } == base.schools.map { $0.offers?.mean })
        }
        // Once it opens, pupils move to it: some are displaced from their status-quo school.
        #expect((rows.first { $0.year == 2028 }!.displaced?.mean ?? 0) > 0)
    }

    @Test("the status quo compared with itself displaces nobody")
    func statusQuoAgainstItself() throws {
        let f = try PlanFixture(["plan.yaml": councilScenario(options: """
                - name: Status quo
                - name: Status quo again
            """)])
        defer { f.remove() }
        let result = MultiYearRun.run(try f.load().spec, threads: 2)
        #expect(result.outcomes.count == 10)
        for o in result.outcomes {
            #expect(o.displaced?.mean == 0 && o.displaced?.rangeHigh == 0)
            #expect(o.displacedFSM?.mean == 0)
        }
    }

    @Test("displacement counts pupils at a different school, split by FSM")
    func displacedCount() {
        let d = DisplacedPupils(base: [0, 1, 1, -1, 2], option: [0, 2, 1, 1, -1], fsm: [true, true, false, false, true])
        // Pupils 1 (FSM), 3 (not) and 4 (FSM) differ.
        #expect(d.all == 3 && d.fsm == 2 && d.nonFSM == 1)
    }

    /// The council scenario forecast from `counts` (Y6 and Y7, matched to the whole region), to `lastYear`.
    static func forecastFixture(_ counts: String, lastYear: Int = 2030) throws -> PlanFixture {
        try PlanFixture(["counts.csv": counts, "plan.yaml": councilScenario(options: "    - name: Status quo", extra: """
              forecast:
                counts: counts.csv
                groups: [Y6, Y7]
                match: whole_region
            """).replacingOccurrences(of: "last_year: 2030", with: "last_year: \(lastYear)")])
    }

    @Test("a forecast scales each year's cohort, and outputs do not depend on threads")
    func forecastAndDeterminism() throws {
        // One area T with Y6 and Y7: the Y6 → Y7 ratio 2024→25 is 110/100 = 1.1, so Y7 2026 = 120 · 1.1
        // = 132 against 110 Y7 counted in 2025 (the cohort the region's 400 pupils stand for): factor
        // 1.2, 480 pupils. Y6 2026 is known (entry 90): Y7 2027 = 90 · 1.1 = 99, factor 0.9, 360 pupils.
        let counts = "area,year,group,count\nT,2024,Y6,100\nT,2024,Y7,95\nT,2025,Y6,120\nT,2025,Y7,110\nT,2026,Y6,90\n"
        let f = try Self.forecastFixture(counts, lastYear: 2027)
        defer { f.remove() }
        let spec = try f.load().spec
        let one = MultiYearRun.run(spec, threads: 1), two = MultiYearRun.run(spec, threads: 2)
        #expect(one.outcomes.map(\.pupils) == [480, 360])
        #expect(PlanningReport.planningCSV(one) == PlanningReport.planningCSV(two))
        #expect(PlanningReport.yearsCSV(one) == PlanningReport.yearsCSV(two))
    }

    /// Found by fuzzing `plan`: a deleted row was reported with the file but no line.
    @Test("a missing count is located at its area's first row, an empty counts file at its header")
    func missingCountsAreLocated() throws {
        func error(_ counts: String) throws -> ScenarioError? {
            let f = try Self.forecastFixture(counts)
            defer { f.remove() }
            return f.loadError()
        }
        // Area U's Y7 count for 2024 (its rows start on line 4) is missing.
        let missing = try error("area,year,group,count\nT,2024,Y6,100\nT,2024,Y7,95\nU,2024,Y6,50\nT,2025,Y6,120\nT,2025,Y7,110\nU,2025,Y6,60\nU,2025,Y7,55\n")
        #expect(missing?.line == 4 && missing?.field == "area" && missing?.message == "no count for area 'U', year 2024, group 'Y7'",
                "\(String(describing: missing))")
        let empty = try error("area,year,group,count\n")
        #expect(empty?.line == 1 && empty?.message == "the file has no counts", "\(String(describing: empty))")
    }

    @Test("a demand plan's missing travel value is located where the scenario names the travel file")
    func missingDemandTravelIsLocated() throws {
        let f = try PlanFixture([
            "projection.csv": "area,2026\nA,100\nB,50\n", "schools.csv": "id,pan\nS1,90\nS2,90\n",
            "travel.csv": "area,school,value\nA,S1,10\nA,S2,20\nB,S1,15\n",
            "plan.yaml": """
                name: Demand
                planning:
                  first_year: 2026
                  last_year: 2026
                  demand:
                    projection: {file: projection.csv}
                    schools: {file: schools.csv}
                    travel:
                      file: travel.csv
                  options:
                    - name: Now
                """])
        defer { f.remove() }
        let e = f.loadError()
        #expect(e?.file == f.path() && e?.line == 9 && e?.field == "planning.demand.travel.file"
                && e?.message == "travel.csv has no travel value from area 'B' to school 'S2'", "\(String(describing: e))")
    }
}

@Suite("Planning options in a scenario")
struct PlanningOptionTests {
    @Test("mergers, closures and catchment changes are read and take effect from their year")
    func mergeAndCatchment() throws {
        let f = try PlanFixture(["plan.yaml": councilScenario(options: """
                - name: Merge
                  years:
                    - year: 2027
                      catchment: {W: {polygon_km: [[0, 0], [12, 0], [12, 10], [0, 10]]}}
                    - year: 2028
                      merge: [{school: E, into: W}]
            """)])
        defer { f.remove() }
        let option = try f.load().spec.options[0]
        #expect(option.timeline.schools(in: 2026).schools.map(\.pan) == [240, 240])
        #expect(option.timeline.schools(in: 2026).schools[0].arrangements.catchment == nil)
        let y2027 = option.timeline.schools(in: 2027).schools
        guard case .polygon(let p)? = y2027[0].arrangements.catchment else { Issue.record("no catchment in 2027"); return }
        #expect(p.vertices.count == 4)
        let y2028 = option.timeline.schools(in: 2028)
        #expect(y2028.schools.map(\.id) == ["W"] && y2028.schools[0].pan == 480)
        #expect(y2028.tieTarget["E"] == 0)
    }

    @Test("a merger into an unknown school names the 'into' field")
    func mergeIntoUnknown() throws {
        let f = try PlanFixture(["plan.yaml": councilScenario(options: """
                - name: Merge
                  years:
                    - year: 2028
                      merge: [{school: E, into: X}]
            """)])
        defer { f.remove() }
        let e = try #require(f.loadError())
        #expect(e.field == "planning.options[0].years[0].merge[0].into" && e.line == 27)
        #expect(e.message == "unknown school 'X'")
    }
}
