/// Each school's change under the variant: intake (pupils) and FSM share (percentage points), with
/// budgets in the table when the comparison has them.
enum SchoolChangesPanel {
    static func html(_ changes: [ComparisonOutputs.SchoolChange]) -> String {
        guard !changes.isEmpty else { return "<p class=\"note\">school_changes.csv has no rows for this variant.</p>" }
        let intake = DivergingChart(rows: changes.map { .init(label: $0.schoolName, value: $0.intakeChange) },
                                    axisTitle: "change in intake (pupils)", className: "change-bar", decimals: 1)
        let fsm = DivergingChart(rows: changes.map { .init(label: $0.schoolName, value: $0.fsmPctChange) },
                                 axisTitle: "change in FSM share of intake (percentage points)", className: "fsm-change-bar", decimals: 1)
        let budgets = changes.contains { $0.budgetChange != nil }
        let rows = changes.map { c -> [String] in
            [c.schoolID, c.schoolName, Markup.number(c.intakeBase, 1), Markup.number(c.intakeVariant, 1), Markup.number(c.intakeChange, 1),
             Markup.number(c.fsmPctBase, 1), Markup.number(c.fsmPctVariant, 1), Markup.number(c.fsmPctChange, 1)]
                + (budgets ? [Markup.pounds(c.budgetBase), Markup.pounds(c.budgetVariant), Markup.pounds(c.budgetChange)] : [])
        }
        return "<h3>Intake</h3>" + Page.figure(intake.svg(label: "Change in each school's intake"))
            + "<h3>FSM share of intake</h3>" + Page.figure(fsm.svg(label: "Change in each school's FSM share"))
            + DivergingChart.legend
            + DataTable(caption: "Change at each school", headers: ["id", "school", "intake, base", "intake, variant", "intake change",
                                                                    "FSM %, base", "FSM %, variant", "FSM change (points)"]
                        + (budgets ? ["budget, base (£)", "budget, variant (£)", "budget change (£)"] : []),
                        rows: rows, textColumns: [0, 1]).html
    }
}
