import Foundation
import TestSupport
@testable import HTMLReport
import Testing

/// A comparison folder as `fairplaces compare` writes it (base/, one folder per variant, and the
/// comparison's three tables), built from two real runs and small hand-made tables.
func makeComparisonFolder(_ dir: URL) throws -> URL {
    let comparison = dir.appendingPathComponent("comparison")
    for (folder, scenario) in [("base", "comprehensive-town.yaml"), ("first-preference-first", "first-preference-first.yaml")] {
        let r = try runFairplaces(["run", scenariosFolder.appendingPathComponent(scenario).path, "--out",
                                   comparison.appendingPathComponent(folder).path, "--replications", "2", "--report", "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
    }
    let differences = """
    variant,scope,metric,attribute,category,unit,base_mean,variant_mean,difference_mean,ci_low,ci_high,replications
    first-preference-first,region,first_preference_share,,,,0.80,0.86,0.06,0.05,0.07,2
    first-preference-first,region,mean_distance_km,fsm,fsm,,2.1,2.3,0.2,-0.1,0.5,2
    first-preference-first,region,dissimilarity,fsm,fsm,,0.20,0.18,-0.02,-0.03,-0.01,2
    first-preference-first,region,any_preference_share,fsm,fsm,,0.95,0.93,-0.02,-0.03,-0.01,2
    first-preference-first,nearest,dissimilarity,fsm,fsm,,0.25,0.25,0,0,0,2
    first-preference-first,school,intake,,,S1,200,190,-10,-12,-8,2

    """
    let changes = """
    variant,school_id,school_name,intake_base,intake_variant,intake_change,fsm_pct_base,fsm_pct_variant,fsm_pct_change,budget_base,budget_variant,budget_change,intake_change_ci_low,intake_change_ci_high,fsm_pct_change_ci_low,fsm_pct_change_ci_high
    first-preference-first,S1,Easton School 1,200,190,-10,20.5,22.5,2,,,,-12,-8,1,3
    first-preference-first,S2,"Easton School 2, Upper",180,185,5,10,9,-1,,,,3,7,-2,0
    first-preference-first,S3,Weybury School 3,150,155,5,15,15,0,,,,4,6,0,0

    """
    let movers = """
    variant,group,pupils,moved,moved_pct,moved_better,moved_same,moved_worse,moved_ci_low,moved_ci_high,moved_pct_ci_low,moved_pct_ci_high,moved_better_ci_low,moved_better_ci_high,moved_same_ci_low,moved_same_ci_high,moved_worse_ci_low,moved_worse_ci_high,replications
    first-preference-first,all,2000,120,6,40,30,50,110,130,5.5,6.5,36,44,28,32,45,55,2
    first-preference-first,fsm,400,30,7.5,5,5,20,28,32,7,8,4,6,4,6,18,22,2
    first-preference-first,non_fsm,1600,90,5.625,35,25,30,82,98,5.1,6.1,32,38,23,27,27,33,2

    """
    try differences.write(to: comparison.appendingPathComponent("differences.csv"), atomically: true, encoding: .utf8)
    try changes.write(to: comparison.appendingPathComponent("school_changes.csv"), atomically: true, encoding: .utf8)
    try movers.write(to: comparison.appendingPathComponent("movers.csv"), atomically: true, encoding: .utf8)
    return comparison
}

@Suite struct ComparisonReportTests {
    @Test func comparisonFolderGivesSideBySidePanelsDifferencesAndMovers() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let comparison = try makeComparisonFolder(dir)
        let r = try runFairplaces(["report", comparison.path, "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let html = try String(contentsOf: comparison.appendingPathComponent("report.html"), encoding: .utf8)
        // Base and variant side by side: 8 schools each.
        #expect(occurrences(of: "class=\"school-marker\"", in: html) == 16)
        #expect(occurrences(of: "class=\"fsm-bar\"", in: html) == 16)
        #expect(occurrences(of: "class=\"pair\"", in: html) >= 6)
        #expect(html.contains("Comprehensive town, first preference first"))
        // The three region headline differences drawn (access, distance, segregation), each with its interval.
        #expect(occurrences(of: "class=\"difference-point\"", in: html) == 4)
        #expect(html.contains("first preference, all: 6.0 [5.0, 7.0]"))
        #expect(html.contains("FSM dissimilarity D: −0.020 [−0.030, −0.010]"))
        // Region and nearest rows in the differences table; the school row is left to the school panel.
        #expect(html.contains("<td>nearest</td>"))
        #expect(!html.contains("<td>school</td><td>intake</td>"))
        // One bar per school change (intake and FSM), one bar per movers group.
        #expect(occurrences(of: "class=\"change-bar\"", in: html) == 3)
        #expect(occurrences(of: "class=\"fsm-change-bar\"", in: html) == 3)
        #expect(occurrences(of: "class=\"mover-bar\"", in: html) == 3)
        #expect(html.contains("Easton School 2, Upper"))
        #expect(html.contains("FSM: 30 of 400 pupils moved (7.5%)"))
        // Movers split among movers: FSM 5 + 5 + 20 of 30, so the parts are 1/6, 1/6 and 2/3 of the bar.
        #expect(html.contains("FSM: 20 of 30 movers lower on their base list, or off it"))
        #expect(occurrences(of: "class=\"mover-part\"", in: html) == 9)
        // The sentence over all pupils: 40/120 = 33%, 50/120 = 42%, 30/120 = 25%.
        #expect(html.contains("Of the 120 pupils (6.0% of 2000) offered a different school, 40 (33%) get one higher on the list "
                              + "they made under the base and 50 (42%) one lower down, off it or none; 30 (25%) move between two schools"))
        // The table: counts with their share of the movers and their interval.
        #expect(html.contains("<td class=\"num\">20.0 (67%) [18.0, 22.0]</td>"))
        #expect(html.contains("class=\"legend\""))
        for svg in svgFragments(html) { #expect(isWellFormedXML(svg)) }
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
    }

    /// The first page, worked from the fixture's rows: 0.80 → 0.86 is 80.0% → 86.0%, +6.0 points
    /// [+5.0, +7.0], clearly better; FSM distance +0.20 km [−0.10, +0.50] holds zero, so unclear;
    /// FSM any preference 95.0% → 93.0%, −2.0 [−3.0, −1.0], clearly worse; D falls 0.020, better.
    @Test func firstPageSaysWhatChangesForWhomWithIntervals() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let comparison = try makeComparisonFolder(dir)
        let html = try HTMLReport.render(directory: comparison.path)
        // It is the first panel.
        let first = try #require(html.range(of: "<section class=\"panel\" id=\""))
        #expect(html[first.upperBound...].hasPrefix("v1-headline\""))
        #expect(html.contains("<strong>Base: Comprehensive town</strong>"))
        #expect(html.contains("<strong>Variant: Comprehensive town, first preference first</strong>"))
        func line(_ text: String, _ colour: String, _ verdict: String) -> String {
            "<span class=\"swatch\" style=\"--c:\(colour)\"></span> \(text) <span class=\"note\">\(verdict)</span>"
        }
        #expect(html.contains(line("All pupils offered their first preference: 80.0% → 86.0% (+6.0 points, 95% CI +5.0 to +7.0)",
                                   "#0072B2", "better")))
        #expect(html.contains(line("FSM pupils offered one of their preferences: 95.0% → 93.0% (−2.0 points, 95% CI −3.0 to −1.0)",
                                   "#D55E00", "worse")))
        #expect(html.contains(line("FSM pupils: mean distance to school: 2.10 km → 2.30 km (+0.20 km, 95% CI −0.10 to +0.50)",
                                   "#bbbbbb", "no clear better or worse")))
        #expect(html.contains(line("FSM segregation between schools (dissimilarity D, 0 = even): 0.200 → 0.180 (−0.020, 95% CI −0.030 to −0.010)",
                                   "#0072B2", "better")))
        // Schools that change most: S1 first (|−10| > 5), then S2 and S3 in file order.
        #expect(html.contains("<li>Easton School 1: intake 200.0 → 190.0 (−10.0 pupils, 95% CI −12.0 to −8.0); FSM share of intake 20.5% → 22.5%</li>"
                              + "<li>Easton School 2, Upper: intake 180.0 → 185.0 (+5.0 pupils, 95% CI +3.0 to +7.0)"))
        // Per-school table with intervals.
        #expect(html.contains("<td class=\"num\">−10.0 [−12.0, −8.0]</td>"))
    }

    /// Colours by good or bad: a fall in segregation and a rise in first preferences are both blue
    /// (good); a fall in the share offered any preference is vermillion (bad), whatever the sign.
    @Test func differencesAreColouredByWhatTheyMean() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try HTMLReport.render(directory: try makeComparisonFolder(dir).path)
        #expect(html.contains("fill=\"#0072B2\"><title>first preference, all: 6.0"))
        #expect(html.contains("fill=\"#0072B2\"><title>FSM dissimilarity D: −0.020"))
        #expect(html.contains("fill=\"#D55E00\"><title>any preference, FSM: −2.0"))
        // A school's intake is neither good nor bad for changing: grey whichever way.
        let bars = html.components(separatedBy: "<rect class=\"change-bar\"").dropFirst().map { $0.prefix { $0 != ">" } }
        #expect(bars.count == 3 && bars.allSatisfy { $0.hasSuffix("fill=\"#bbbbbb\"") })
        #expect(!html.contains("lower under the variant"))
    }

    /// The change map, from the fixture: S1 loses 10 pupils (hollow, the largest circle, radius 16),
    /// S2 and S3 gain 5 each (filled, area half of S1's: radius 16 × √½ = 11.31).
    @Test func changeMapShowsGainsAndLossesSizedByTheChange() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try HTMLReport.render(directory: try makeComparisonFolder(dir).path)
        #expect(html.contains("id=\"v1-change-map\""))
        #expect(occurrences(of: "class=\"change-loss\"", in: html) == 1)
        #expect(occurrences(of: "class=\"change-gain\"", in: html) == 2)
        let loss = try #require(html.components(separatedBy: "<circle class=\"change-loss\"").dropFirst().first)
        #expect(loss.contains("r=\"16\"") && loss.contains("<title>Easton School 1: −10.0 pupils</title>"))
        let gain = try #require(html.components(separatedBy: "<circle class=\"change-gain\"").dropFirst().first)
        #expect(gain.contains("r=\"11.31\""))
        #expect(html.contains(">Easton School 1 −10</text>"))
    }

    /// movers.csv's `moved_to_unlisted` column, when there: 45 of the 120 movers (38%) go to a
    /// school off their base list; a file without the column (the fixture's) says nothing of it.
    @Test func moversToUnlistedSchoolsAreSaid() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let comparison = try makeComparisonFolder(dir)
        #expect(!(try HTMLReport.render(directory: comparison.path)).contains("go to a school not on that list"))
        try """
        variant,group,pupils,moved,moved_pct,moved_better,moved_same,moved_worse,moved_ci_low,moved_ci_high,moved_pct_ci_low,moved_pct_ci_high,moved_better_ci_low,moved_better_ci_high,moved_same_ci_low,moved_same_ci_high,moved_worse_ci_low,moved_worse_ci_high,replications,moved_to_unlisted,moved_to_unlisted_ci_low,moved_to_unlisted_ci_high
        first-preference-first,all,2000,120,6,40,30,50,110,130,5.5,6.5,36,44,28,32,45,55,2,45,40,50

        """.write(to: comparison.appendingPathComponent("movers.csv"), atomically: true, encoding: .utf8)
        let html = try HTMLReport.render(directory: comparison.path)
        #expect(html.contains("move between two schools neither of which they listed. 45 (38%) go to a school not on that list, "
                              + "which it can only rank below every listed school."))
    }

    @Test func aVariantWithoutItsRunFolderIsAnError() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let comparison = try makeComparisonFolder(dir)
        try FileManager.default.removeItem(at: comparison.appendingPathComponent("first-preference-first"))
        let r = try runFairplaces(["report", comparison.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("first-preference-first/metrics.json: missing"), "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: comparison.appendingPathComponent("report.html").path))
    }
}

/// The region's own authorities apart: the fixture's base says its own authority is Easton, and
/// differences.csv has figures for pupils living there (unit authorities=own) and in neighbours'.
@Suite struct OwnAuthorityHeadlineTests {
    func ownFolder(_ dir: URL) throws -> URL {
        let comparison = try makeComparisonFolder(dir)
        for folder in ["base", "first-preference-first"] {
            let json = comparison.appendingPathComponent(folder).appendingPathComponent("metrics.json")
            let text = try String(contentsOf: json, encoding: .utf8)
            try text.replacingOccurrences(of: "\"scenario\" : {", with: "\"scenario\" : {\n    \"own_authorities\" : [\"Easton\"],")
                .write(to: json, atomically: true, encoding: .utf8)
        }
        let rows = """
        first-preference-first,region,pupils,,,authorities=own,1700,1700,0,0,0,2
        first-preference-first,region,pupils,,,authorities=neighbours,300,300,0,0,0,2
        first-preference-first,region,first_preference_share,,,authorities=own,0.82,0.85,0.03,0.02,0.04,2
        first-preference-first,region,first_preference_share,,,authorities=neighbours,0.70,0.69,-0.01,-0.03,0.01,2

        """
        let differences = comparison.appendingPathComponent("differences.csv")
        try (try String(contentsOf: differences, encoding: .utf8) + rows).write(to: differences, atomically: true, encoding: .utf8)
        return comparison
    }

    func line(_ text: String, _ colour: String, _ verdict: String) -> String {
        "<span class=\"swatch\" style=\"--c:\(colour)\"></span> \(text) <span class=\"note\">\(verdict)</span>"
    }

    /// The first page quotes Easton's pupils (0.82 → 0.85: 82.0% → 85.0%, +3.0 [+2.0, +4.0]), not the
    /// whole region's 80.0% → 86.0%, and gives the neighbours' 300 pupils apart (70.0% → 69.0%, unclear).
    @Test func firstPageQuotesTheOwnAuthoritiesAndNeighboursApart() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try HTMLReport.render(directory: try ownFolder(dir).path)
        #expect(html.contains("<h3>For whom: pupils living in Easton</h3>"))
        let own = line("All pupils offered their first preference: 82.0% → 85.0% (+3.0 points, 95% CI +2.0 to +4.0)", "#0072B2", "better")
        let theirs = line("All pupils offered their first preference: 70.0% → 69.0% (−1.0 points, 95% CI −3.0 to +1.0)", "#bbbbbb", "no clear better or worse")
        #expect(html.contains(own) && html.contains(theirs))
        #expect(!html.contains("80.0% → 86.0%"))
        #expect(html.contains("The region also holds 300 pupils living in neighbouring authorities' areas that joined for the border schools (besides 1700 living in Easton)"))
        let ownAt = try #require(html.range(of: own)), apartAt = try #require(html.range(of: "Pupils of neighbouring authorities, apart"))
        #expect(ownAt.lowerBound < apartAt.lowerBound && apartAt.lowerBound < html.range(of: theirs)!.lowerBound)
    }

    /// A run's summary: the headline table's columns are Easton, its interval, neighbours' pupils and the whole region.
    @Test func runSummaryQuotesTheOwnAuthorities() throws {
        let (_, files) = try runScenario("comprehensive-town.yaml", replications: 2)
        var f = files
        f["metrics.json"] = files["metrics.json"]!.replacingOccurrences(of: "\"scenario\" : {", with: "\"scenario\" : {\n    \"own_authorities\" : [\"Easton\"],")
        f["metrics.csv"] = files["metrics.csv"]! + """
        region,pupils,,,authorities=own,replications,2,1700,0,1700,1700,1700,1700
        region,pupils,,,authorities=neighbours,replications,2,300,0,300,300,300,300
        region,first_preference_share,,,authorities=own,replications,2,0.82,0.01,0.81,0.83,0.81,0.83
        region,first_preference_share,,,authorities=neighbours,replications,2,0.70,0.01,0.69,0.71,0.69,0.71

        """
        let run = try RunOutputs.read(files: f, folder: "out")
        #expect(run.scenario.ownAuthorities == ["Easton"])
        let html = HTMLReport.render(run)
        #expect(html.contains("1700 of the pupils live in Easton; 300 live in neighbouring authorities' areas"))
        #expect(html.contains("<caption>Headline figures: pupils living in Easton</caption>"))
        #expect(html.contains("<th scope=\"col\">figure</th><th scope=\"col\" class=\"num\">Easton</th><th scope=\"col\" class=\"num\">95% CI</th>"))
        #expect(html.contains("whole region</th>"))
        let whole = try #require(run.figure(FigureKey("region", "first_preference_share"))?.mean)
        #expect(html.contains("<td>Offered their first preference</td><td class=\"num\">82.0</td><td class=\"num\">[81.0, 83.0]</td><td class=\"num\">70.0</td>"
                              + "<td class=\"num\">\(Markup.number(whole * 100, 1))</td>"))
    }
}
