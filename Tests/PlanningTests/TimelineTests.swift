import Testing
import FairPlacesCore
@testable import Planning
@testable import ScenarioLoading

@Suite("Timeline")
struct TimelineTests {
    static let schools = [
        School(id: "A", name: "A", location: Point(x: 0, y: 0), type: .community, pan: 100,
               arrangements: AdmissionArrangements(criteria: [], tieBreak: .distance)),
        School(id: "B", name: "B", location: Point(x: 5, y: 0), type: .community, pan: 150,
               arrangements: AdmissionArrangements(criteria: [], tieBreak: .distance)),
    ]
    static let new = School(id: "N", name: "New", location: Point(x: 2, y: 2), type: .academy, pan: 60,
                            arrangements: AdmissionArrangements(criteria: [], tieBreak: .distance))

    @Test("schools by year follow opening, PAN changes, mergers and closures")
    func schoolsByYear() throws {
        let t = try Timeline(existing: Self.schools, years: 2026...2030, events: [
            TimelineEvent(year: 2028, change: .open(Self.new), origin: 0),
            TimelineEvent(year: 2027, change: .pan(school: "A", pan: 90), origin: 1),
            TimelineEvent(year: 2029, change: .merge(school: "A", into: "B", pan: nil), origin: 2),
            TimelineEvent(year: 2030, change: .close(school: "N"), origin: 3),
        ])
        #expect(t.schools(in: 2026).schools.map(\.pan) == [100, 150])
        #expect(t.schools(in: 2027).schools.map(\.pan) == [90, 150])
        #expect(t.schools(in: 2028).schools.map(\.id) == ["A", "B", "N"])
        // The merger: B takes A's 90 places and A's ties.
        let y2029 = t.schools(in: 2029)
        #expect(y2029.schools.map(\.id) == ["B", "N"] && y2029.schools[0].pan == 240)
        #expect(y2029.tieTarget["A"] == 0 && y2029.tieTarget["N"] == 1)
        #expect(t.schools(in: 2030).tieTarget["N"] == nil)
        #expect(t.schools(in: 2027).tieTarget["N"] == nil)
    }

    @Test("impossible timelines are refused, naming the event and field")
    func errors() {
        func error(_ events: [TimelineEvent]) -> TimelineError? {
            do { _ = try Timeline(existing: Self.schools, years: 2026...2030, events: events); return nil } catch { return error }
        }
        let closeBeforeOpen = error([TimelineEvent(year: 2029, change: .open(Self.new), origin: 0),
                                     TimelineEvent(year: 2027, change: .close(school: "N"), origin: 1)])
        #expect(closeBeforeOpen == TimelineError(origin: 1, field: "close", message: "school 'N' closes in 2027 but opens only in 2029"))
        #expect(error([TimelineEvent(year: 2027, change: .pan(school: "Z", pan: 30), origin: 0)])?.field == "pan")
        #expect(error([TimelineEvent(year: 2031, change: .pan(school: "A", pan: 30), origin: 0)])?.field == "year")
        #expect(error([TimelineEvent(year: 2027, change: .close(school: "A"), origin: 0),
                       TimelineEvent(year: 2028, change: .pan(school: "A", pan: 30), origin: 1)])?.origin == 1)
        #expect(error([TimelineEvent(year: 2027, change: .merge(school: "A", into: "Q", pan: nil), origin: 0)])?.field == "into")
    }

    @Test("a school closing before it opens: file, line and field")
    func closeBeforeOpenInScenario() throws {
        let f = try PlanFixture(["plan.yaml": councilScenario(options: """
                - name: Bad
                  years:
                    - year: 2029
                      open: [{id: N, location_km: [10, 5], pan: 60}]
                    - year: 2027
                      close: N
            """)])
        defer { f.remove() }
        let e = try #require(f.loadError())
        #expect(e.file == f.path())
        #expect(e.line == 29)  // the line of "close: N"
        #expect(e.field == "planning.options[0].years[1].close")
        #expect(e.message == "school 'N' closes in 2027 but opens only in 2029")
    }

    @Test("a PAN change for an unknown school: file, line and field")
    func unknownSchool() throws {
        let f = try PlanFixture(["plan.yaml": councilScenario(options: """
                - name: Bad
                  years:
                    - year: 2027
                      pan: {W: 210, Q: 90}
            """)])
        defer { f.remove() }
        let e = try #require(f.loadError())
        #expect(e.line == 27)  // the line of "pan: {W: 210, Q: 90}"
        #expect(e.field == "planning.options[0].years[0].pan.Q")
        #expect(e.message == "unknown school 'Q'")
    }

    @Test("a change in a year outside the planning years: file, line and field")
    func yearOutsidePlan() throws {
        let f = try PlanFixture(["plan.yaml": councilScenario(options: """
                - name: Bad
                  years:
                    - year: 2033
                      pan: {W: 210}
            """)])
        defer { f.remove() }
        let e = try #require(f.loadError())
        #expect(e.line == 26)  // the line of "- year: 2033"
        #expect(e.field == "planning.options[0].years[0].year")
        #expect(e.message == "the year 2033 is outside the planning years 2026–2030")
    }

    @Test("planning years beyond what the forecast can reach: file, line and field")
    func yearOutsideForecast() throws {
        // Counts of Y5–Y7 up to 2025 reach Y7 two years ahead (2027), not 2030.
        var counts = "area,year,group,count\n"
        for y in 2023...2025 { for g in ["Y5", "Y6", "Y7"] { counts += "T,\(y),\(g),100\n" } }
        let f = try PlanFixture(["counts.csv": counts, "plan.yaml": councilScenario(options: "    - name: Status quo", extra: """
              forecast:
                counts: counts.csv
                groups: [Y5, Y6, Y7]
                match: whole_region
            """)])
        defer { f.remove() }
        let e = try #require(f.loadError())
        #expect(e.line == 21)  // the line of "last_year: 2030"
        #expect(e.field == "planning.last_year")
        #expect(e.message.hasPrefix("the year 2030 is outside the forecast"))
        #expect(e.message.hasSuffix("reach 'Y7' only up to 2027"))
    }

    @Test("a bad count in the forecast file: file, line and field")
    func badCount() throws {
        let f = try PlanFixture(["counts.csv": "area,year,group,count\nT,2024,Y6,100\nT,2024,Y7,many\n",
                                 "plan.yaml": councilScenario(options: "    - name: Status quo", extra: """
              forecast:
                counts: counts.csv
                groups: [Y6, Y7]
            """)])
        defer { f.remove() }
        let e = try #require(f.loadError())
        #expect(e.file == f.path("counts.csv") && e.line == 3 && e.field == "count")
    }
}
