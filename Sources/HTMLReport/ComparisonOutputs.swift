import Foundation

/// What `fairplaces compare` wrote, read back for drawing: the base run and each variant's run
/// (each a normal run folder: `base/`, `<variant>/`), and the comparison's own tables.
public struct ComparisonOutputs: Sendable {
    /// One row of differences.csv: a figure's paired difference, variant − base, with its 95% interval.
    public struct Difference: Sendable {
        public var variant: String
        public var key: FigureKey
        public var base, variantMean, difference, ciLow, ciHigh: Double?
        public var replications: Int
    }

    /// One row of school_changes.csv.
    public struct SchoolChange: Sendable {
        public var variant, schoolID, schoolName: String
        public var intakeBase, intakeVariant, intakeChange: Double?
        /// FSM percentage of the intake (0–100) and its change in percentage points.
        public var fsmPctBase, fsmPctVariant, fsmPctChange: Double?
        public var budgetBase, budgetVariant, budgetChange: Double?
        /// 95% intervals of the paired changes (across replications), when the file has them.
        public var intakeChangeLow, intakeChangeHigh, fsmPctChangeLow, fsmPctChangeHigh: Double?
    }

    /// One row of movers.csv: pupils of a group who change school under the variant, and among
    /// those movers only, how many got a school higher, level or lower on their base-run list
    /// (better + same + worse = moved), each with its 95% interval across replications.
    public struct Movers: Sendable {
        public var variant, group: String
        public var pupils: Double?
        public var moved, movedPct, better, same, worse: Figure
        /// Movers placed at a school not on their base list (nil in files written before the column).
        public var toUnlisted: Figure?
    }

    public static let differencesName = "differences.csv"
    public static let schoolChangesName = "school_changes.csv"
    public static let moversName = "movers.csv"

    public var base: RunOutputs
    /// Variants in the order differences.csv first names them, each with its run.
    public var variants: [(slug: String, run: RunOutputs)]
    public var differences: [Difference]
    public var schoolChanges: [SchoolChange]
    public var movers: [Movers]

    public static func read(directory: String) throws -> ComparisonOutputs {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        func table(_ name: String, required: Bool) throws -> CSVText? {
            guard let data = FileManager.default.contents(atPath: path(name)) else {
                if required { throw ReportInputError(file: path(name), message: "missing: a comparison folder holds differences.csv, school_changes.csv and movers.csv") }
                return nil
            }
            guard let text = String(data: data, encoding: .utf8) else { throw ReportInputError(file: path(name), message: "the file is not UTF-8 text") }
            return try CSVText(file: path(name), text: text)
        }
        let base = try RunOutputs.read(directory: path("base"))

        var differences: [Difference] = [], order: [String] = []
        for row in try table(differencesName, required: true)!.rows() {
            let variant = try row.string("variant")
            if !order.contains(variant) { order.append(variant) }
            differences.append(Difference(
                variant: variant,
                key: FigureKey(try row.string("scope"), try row.string("metric"), attribute: try row.string("attribute"),
                               category: try row.string("category"), unit: try row.string("unit")),
                base: try row.number("base_mean"), variantMean: try row.number("variant_mean"),
                difference: try row.number("difference_mean"), ciLow: try row.number("ci_low"), ciHigh: try row.number("ci_high"),
                replications: try row.integer("replications")))
        }
        var schoolChanges: [SchoolChange] = []
        if let t = try table(schoolChangesName, required: true) {
            for row in t.rows() {
                func optional(_ name: String) throws -> Double? { t.header.contains(name) ? try row.number(name) : nil }
                schoolChanges.append(SchoolChange(
                    variant: try row.string("variant"), schoolID: try row.string("school_id"), schoolName: try row.string("school_name"),
                    intakeBase: try row.number("intake_base"), intakeVariant: try row.number("intake_variant"),
                    intakeChange: try row.number("intake_change"), fsmPctBase: try row.number("fsm_pct_base"),
                    fsmPctVariant: try row.number("fsm_pct_variant"), fsmPctChange: try row.number("fsm_pct_change"),
                    // Budget columns are there only when the policies have funding.
                    budgetBase: t.header.contains("budget_base") ? try row.number("budget_base") : nil,
                    budgetVariant: t.header.contains("budget_variant") ? try row.number("budget_variant") : nil,
                    budgetChange: t.header.contains("budget_change") ? try row.number("budget_change") : nil,
                    intakeChangeLow: try optional("intake_change_ci_low"), intakeChangeHigh: try optional("intake_change_ci_high"),
                    fsmPctChangeLow: try optional("fsm_pct_change_ci_low"), fsmPctChangeHigh: try optional("fsm_pct_change_ci_high")))
                if !order.contains(schoolChanges.last!.variant) { order.append(schoolChanges.last!.variant) }
            }
        }
        var movers: [Movers] = []
        if let t = try table(moversName, required: true) {
            for row in t.rows() {
                let n = try row.integer("replications")
                func figure(_ name: String) throws -> Figure {
                    Figure(mean: try row.number(name), ciLow: try row.number(name + "_ci_low"), ciHigh: try row.number(name + "_ci_high"), n: n)
                }
                movers.append(Movers(variant: try row.string("variant"), group: try row.string("group"), pupils: try row.number("pupils"),
                                     moved: try figure("moved"), movedPct: try figure("moved_pct"), better: try figure("moved_better"),
                                     same: try figure("moved_same"), worse: try figure("moved_worse"),
                                     toUnlisted: t.header.contains("moved_to_unlisted") ? try figure("moved_to_unlisted") : nil))
                if !order.contains(movers.last!.variant) { order.append(movers.last!.variant) }
            }
        }
        guard !order.isEmpty else {
            throw ReportInputError(file: path(differencesName), message: "names no variant: a comparison needs at least one")
        }
        var variants: [(String, RunOutputs)] = []
        for slug in order {
            guard !slug.isEmpty, !slug.contains("/"), slug != ".", slug != ".." else {
                throw ReportInputError(file: path(differencesName), field: "variant", message: "'\(slug)' is not a folder name")
            }
            variants.append((slug, try RunOutputs.read(directory: path(slug))))
        }
        return ComparisonOutputs(base: base, variants: variants, differences: differences, schoolChanges: schoolChanges, movers: movers)
    }
}
