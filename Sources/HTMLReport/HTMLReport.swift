import Foundation

/// The self-contained `report.html` of a run or a comparison: inline SVG charts and CSS, no
/// scripts, nothing fetched from elsewhere. A report is drawn only from the files a run (or a
/// comparison) wrote, so `fairplaces report DIR` redraws exactly what `run --report` wrote.
public enum HTMLReport {
    /// The file name a report is written under.
    public static let fileName = "report.html"

    /// The report of one run.
    public static func render(_ run: RunOutputs) -> String {
        var panels: [(id: String, title: String, intro: String, content: String)] = [
            ("map", "Where pupils live and where the schools are",
             "Neighbourhoods shaded by deprivation; each school's circle is sized by its places and coloured by how many of its intake are eligible for free school meals (FSM).",
             RegionMap.html(run)),
            ("fsm-share", "FSM share of each school's intake",
             "Each bar is a school's share of FSM pupils among those it admits; the dashed line is the share in the whole cohort. A school far from the line has an intake unlike its region's.",
             FSMShareBars.html(run)),
            ("outcomes", "Preference outcomes",
             "Which of their listed schools each group of applicants was offered.",
             PreferenceOutcomes.html(run)),
            ("distance", "Distance travelled",
             "How far pupils travel to the school they are placed at, by group.",
             DistanceByGroup.html(run)),
            ("segregation", "Segregation between schools",
             "How unevenly pupils are spread across schools, compared with the spread if everyone went to their nearest school.",
             SegregationPanel.html(run)),
        ]
        if run.chances != nil {
            panels.append(("chances", "Chances of an offer, listing each school first",
                           "For each home area, the share of simulated rounds in which a child living there would have been offered the school had they put it first (chances.csv). The most selective schools are drawn first.",
                           ChancesMap.html(run)))
        }
        if !run.budgets.isEmpty {
            panels.append(("funding", "Funding per school", "What each school receives for the Year 7 intake it admits.", FundingPanel.html(run)))
        }
        var body = ScenarioSummary.html(run)
        body += "<nav class=\"contents\">" + panels.map { "<a href=\"#\($0.id)\">\(Markup.escape($0.title))</a>" }.joined() + "</nav>\n"
        for p in panels { body += Page.section(id: p.id, title: p.title, intro: p.intro, content: p.content) }
        body += footer
        return Page.document(title: "\(run.scenario.name): FairPlaces report", body: body)
    }

    static let footer = "<p class=\"note\">Drawn by FairPlaces from the run's output files (schools.csv, metrics.csv, metrics.json, "
        + "funding.csv, map.csv, outlines.csv, chances.csv); every number is also in those files. FSM: eligible for free school meals. "
        + "IDACI: the Income Deprivation Affecting Children Index of the pupil's neighbourhood.</p>"

    /// Whether `directory` holds a comparison (differences.csv beside a base run) rather than a run.
    public static func isComparison(directory: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: (directory as NSString).appendingPathComponent(ComparisonOutputs.differencesName))
            && fm.fileExists(atPath: (directory as NSString).appendingPathComponent("base"))
    }

    /// The report of a run's or a comparison's output folder.
    public static func render(directory: String) throws -> String {
        if isComparison(directory: directory) { return render(try ComparisonOutputs.read(directory: directory)) }
        return render(try RunOutputs.read(directory: directory))
    }

    /// Writes `contents` as `directory/report.html`, through a temporary file renamed into place,
    /// so a report that exists is always complete.
    public static func write(_ contents: String, to directory: String) throws {
        let target = (directory as NSString).appendingPathComponent(fileName)
        let partial = (directory as NSString).appendingPathComponent(".\(fileName).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try contents.write(toFile: partial, atomically: false, encoding: .utf8)
        // rename(2) replaces an earlier report in one step.
        guard rename(partial, target) == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target])
        }
    }
}
