/// The report of a comparison: first, for each variant, what changes and for whom in plain words
/// (`ComparisonHeadline`); then the base and the variant side by side, the paired differences with
/// their intervals, who moves school, and each school's change.
extension HTMLReport {
    public static func render(_ comparison: ComparisonOutputs) -> String {
        let base = comparison.base
        var body = "<h1>\(Markup.escape(base.scenario.name)) compared with "
            + Markup.escape(comparison.variants.map(\.run.scenario.name).joined(separator: ", ")) + "</h1>"
        body += "<p class=\"lead\">Each variant ran on the same pupils and the same random numbers as the base (common random numbers), "
            + "so a difference reflects the policy rather than chance. Differences are variant minus base, with 95% confidence intervals of the paired difference.</p>"
        var nav: [(String, String)] = []
        var sections = ""
        for (v, variant) in comparison.variants.enumerated() {
            let run = variant.run
            let id = "v\(v + 1)"
            func pair(_ title: String, _ draw: (RunOutputs) -> String) -> String {
                "<div class=\"pair\"><div><h3>Base: \(Markup.escape(base.scenario.name))</h3>\(draw(base))</div>"
                    + "<div><h3>Variant: \(Markup.escape(run.scenario.name))</h3>\(draw(run))</div></div>"
            }
            let differences = comparison.differences.filter { $0.variant == variant.slug }
            let changes = comparison.schoolChanges.filter { $0.variant == variant.slug }
            let movers = comparison.movers.filter { $0.variant == variant.slug }
            let fsmTop = max(RegionMap.fsmScaleTop(base), RegionMap.fsmScaleTop(run))
            // Two runs of many schools side by side: tables of every school would fill pages with what
            // schools.csv already holds, so the maps and bars stand alone.
            let tables = max(base.schools.count, run.schools.count) <= 40
            let maxPAN = max(base.schools.map(\.pan).max() ?? 1, run.schools.map(\.pan).max() ?? 1)
            var panels: [(String, String, String, String)] = [
                ("\(id)-headline", "\(run.scenario.name): what changes, for whom",
                 "The policy difference and its effect on each group in plain words; blue marks a change for the better, vermillion one for the worse.",
                 ComparisonHeadline.html(base: base, variant: run, differences: differences, movers: movers, changes: changes)),
                ("\(id)-scenarios", "\(run.scenario.name): the two scenarios", "The base and the variant in plain words.",
                 pair("") { ScenarioSummary.html($0, heading: false) }),
                ("\(id)-differences", "\(run.scenario.name): differences from the base",
                 "Headline figures under the variant minus under the base; a point whose interval crosses zero is not a clear difference.",
                 DifferencesPanel.html(differences)),
                ("\(id)-movers", "\(run.scenario.name): who moves school",
                 "Pupils offered a different school under the variant than under the base, by group, and whether their offer is a better or worse preference.",
                 MoversPanel.html(movers)),
                ("\(id)-schools", "\(run.scenario.name): change at each school", "Each school's intake and FSM share under the variant minus under the base.",
                 SchoolChangesPanel.html(changes)),
                ("\(id)-change-map", "\(run.scenario.name): where intakes change",
                 "Schools that gain pupils under the variant and schools that lose them, on one map.",
                 ChangeMap.html(changes, base: base, variant: run)),
                ("\(id)-map", "\(run.scenario.name): maps side by side", "Homes shaded by deprivation; schools sized by PAN and coloured by FSM share of intake (same scales on both maps).",
                 pair("") { RegionMap.html($0, fsmTop: fsmTop, maxPAN: maxPAN, table: tables) }),
                ("\(id)-fsm-share", "\(run.scenario.name): FSM share of each school's intake", "Bars against the region's share (dashed).",
                 pair("") { FSMShareBars.html($0, table: tables) }),
                ("\(id)-outcomes", "\(run.scenario.name): preference outcomes", "Which of their listed schools each group was offered.",
                 pair("") { PreferenceOutcomes.html($0) }),
                ("\(id)-distance", "\(run.scenario.name): distance travelled", "Home–school distance by group.",
                 pair("") { DistanceByGroup.html($0) }),
                ("\(id)-segregation", "\(run.scenario.name): segregation", "Indices under the allocation and if everyone attended their nearest school.",
                 pair("") { SegregationPanel.html($0) }),
            ]
            if !base.budgets.isEmpty || !run.budgets.isEmpty {
                panels.append(("\(id)-funding", "\(run.scenario.name): funding per school", "Funding per pupil admitted.",
                               pair("") { $0.budgets.isEmpty ? "<p class=\"note\">No funding in this run.</p>" : FundingPanel.html($0) }))
            }
            for p in panels {
                nav.append((p.0, p.1))
                sections += Page.section(id: p.0, title: p.1, intro: p.2, content: p.3)
            }
        }
        body += "<nav class=\"contents\">" + nav.map { "<a href=\"#\($0.0)\">\(Markup.escape($0.1))</a>" }.joined() + "</nav>\n"
        body += sections + footer
        return Page.document(title: "\(base.scenario.name) compared: FairPlaces report", body: body)
    }
}
