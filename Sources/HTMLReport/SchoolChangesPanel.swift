/// Each school's change under the variant: intake (pupils) and FSM share (percentage points), each
/// with its 95% interval across replications, and budgets in the table when the comparison has them.
/// A county has hundreds of schools, so beyond `shownSchools` only the schools whose intake changes
/// most are drawn and listed; every school is in school_changes.csv, which the page points to.
enum SchoolChangesPanel {
    /// At most this many schools in the charts and table: about a printed page each.
    static let shownSchools = 25

    /// The schools to show, in file order when all fit, else the largest intake changes first
    /// (ties in file order, so the same files always give the same page).
    static func shown(_ changes: [ComparisonOutputs.SchoolChange]) -> [ComparisonOutputs.SchoolChange] {
        guard changes.count > shownSchools else { return changes }
        let order = changes.indices.sorted {
            let a = abs(changes[$0].intakeChange ?? 0), b = abs(changes[$1].intakeChange ?? 0)
            return a != b ? a > b : $0 < $1
        }
        return order.prefix(shownSchools).map { changes[$0] }
    }

    /// A change with its interval: "−10.0 [−12.0, −8.0]".
    static func change(_ v: Double?, _ low: Double?, _ high: Double?) -> String {
        guard let low, let high else { return Markup.number(v, 1) }
        return Markup.number(v, 1) + " [" + Markup.number(low, 1) + ", " + Markup.number(high, 1) + "]"
    }

    static func html(_ changes: [ComparisonOutputs.SchoolChange]) -> String {
        guard !changes.isEmpty else { return "<p class=\"note\">school_changes.csv has no rows for this variant.</p>" }
        let shown = shown(changes)
        // A school's intake or FSM share is neither good nor bad for being larger: grey, by position only.
        let intake = DivergingChart(rows: shown.map { .init(label: $0.schoolName, value: $0.intakeChange, low: $0.intakeChangeLow, high: $0.intakeChangeHigh) },
                                    axisTitle: "change in intake (pupils)", className: "change-bar", decimals: 1)
        let fsm = DivergingChart(rows: shown.map { .init(label: $0.schoolName, value: $0.fsmPctChange, low: $0.fsmPctChangeLow, high: $0.fsmPctChangeHigh) },
                                 axisTitle: "change in FSM share of intake (percentage points)", className: "fsm-change-bar", decimals: 1)
        let budgets = shown.contains { $0.budgetChange != nil }
        let rows = shown.map { c -> [String] in
            [c.schoolID, c.schoolName, Markup.number(c.intakeBase, 1), Markup.number(c.intakeVariant, 1),
             change(c.intakeChange, c.intakeChangeLow, c.intakeChangeHigh),
             Markup.number(c.fsmPctBase, 1), Markup.number(c.fsmPctVariant, 1), change(c.fsmPctChange, c.fsmPctChangeLow, c.fsmPctChangeHigh)]
                + (budgets ? [Markup.pounds(c.budgetBase), Markup.pounds(c.budgetVariant), Markup.pounds(c.budgetChange)] : [])
        }
        let pointer = shown.count < changes.count
            ? "<p class=\"note\">The \(shown.count) schools of \(changes.count) whose intake changes most; every school is in school_changes.csv.</p>" : ""
        return pointer + "<h3>Intake</h3>" + Page.figure(intake.svg(label: "Change in each school's intake"))
            + "<h3>FSM share of intake</h3>" + Page.figure(fsm.svg(label: "Change in each school's FSM share"))
            + DivergingChart.neutralLegend
            + DataTable(caption: "Change at each school (95% intervals in brackets)",
                        headers: ["id", "school", "intake, base", "intake, variant", "intake change",
                                  "FSM %, base", "FSM %, variant", "FSM change (points)"]
                        + (budgets ? ["budget, base (£)", "budget, variant (£)", "budget change (£)"] : []),
                        rows: rows, textColumns: [0, 1]).html
    }
}
