/// The pupil groups access figures are reported for, as metrics.csv names them.
enum AccessGroups {
    static let all: [(label: String, attribute: String, category: String)] = [
        ("All applicants", "", ""), ("FSM", "fsm", "fsm"), ("Not FSM", "fsm", "non_fsm"),
        ("IDACI quintile 1 (most deprived)", "idaci_quintile", "idaci_q1"), ("IDACI quintile 2", "idaci_quintile", "idaci_q2"),
        ("IDACI quintile 3", "idaci_quintile", "idaci_q3"), ("IDACI quintile 4", "idaci_quintile", "idaci_q4"),
        ("IDACI quintile 5 (least deprived)", "idaci_quintile", "idaci_q5"),
    ]
}
