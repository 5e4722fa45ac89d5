import Foundation
import FairPlacesCore
import Calibration

/// The files `fairplaces calibrate` writes beside the calibrated scenario.
public enum CalibrationReport {
    public static let fileNames = ["calibration.csv", "calibration-summary.csv", "calibration-search.csv", "attractiveness.csv",
                                   "calibrated.yaml"]

    /// Every target and check: kind (`target`, `validation`, `out_of_fold`), statistic, school,
    /// observed, fitted and residual (fitted − observed).
    public static func figuresCSV(_ result: CalibrationResult, region: Region) -> String {
        var out = "kind,statistic,school_id,label,fold,observed,fitted,residual\n"
        func rows(_ kind: String, _ figures: [FittedFigure]) {
            for f in figures {
                let id = f.target.statistic.isPerSchool ? region.schools[f.target.schools[0]].id : ""
                let residual = f.fitted.map { $0 - f.target.observed }
                out += [kind, f.target.statistic.name, NumberFormat.csv(id), NumberFormat.csv(f.target.label),
                        f.fold.map(String.init) ?? "", NumberFormat.fixed(f.target.observed, 4),
                        NumberFormat.fixed(f.fitted, 4), NumberFormat.fixed(residual, 4)].joined(separator: ",") + "\n"
            }
        }
        rows("target", result.fitted)
        rows("validation", result.validation)
        rows("out_of_fold", result.outOfFold)
        return out
    }

    /// One row per kind and statistic: how many figures, mean and largest absolute error, the
    /// correlation of fitted with observed (per-school figures), and the mean relative error of counts.
    public static func summaryRows(_ result: CalibrationResult) -> [(kind: String, statistic: String, n: Int, mae: Double,
                                                                     maxError: Double, r: Double?, relative: Double?)] {
        var out: [(String, String, Int, Double, Double, Double?, Double?)] = []
        for (kind, figures) in [("target", result.fitted), ("validation", result.validation), ("out_of_fold", result.outOfFold)] {
            // Per-school and per-authority figures pool by statistic; a group's figure (selective
            // schools) is its own row.
            func key(_ t: CalibrationTarget) -> String {
                if t.authority != nil { return "\(t.statistic.name) (by authority)" }
                return t.statistic.isPerSchool || t.schools.isEmpty ? t.statistic.name : "\(t.statistic.name) (\(t.label))"
            }
            var names: [String] = []
            for f in figures where !names.contains(key(f.target)) { names.append(key(f.target)) }
            for name in names {
                let pairs = figures.filter { key($0.target) == name }.compactMap { f in f.fitted.map { (f.target.observed, $0) } }
                guard !pairs.isEmpty else { continue }
                let errors = pairs.map { abs($1 - $0) }
                let mae = errors.reduce(0, +) / Double(errors.count)
                let isShare = figures.first { key($0.target) == name }!.target.statistic.isShare
                let relative: Double? = isShare ? nil : pairs.map { abs($1 - $0) / max(1, abs($0)) }.reduce(0, +) / Double(pairs.count)
                out.append((kind, name, pairs.count, mae, errors.max()!, correlation(pairs), relative))
            }
        }
        return out
    }

    public static func summaryCSV(_ result: CalibrationResult) -> String {
        var out = "kind,statistic,n,mean_absolute_error,max_absolute_error,correlation,mean_relative_error\n"
        for row in summaryRows(result) {
            out += "\(row.kind),\(row.statistic),\(row.n),\(NumberFormat.fixed(row.mae, 4)),\(NumberFormat.fixed(row.maxError, 4)),"
                + "\(NumberFormat.fixed(row.r, 4)),\(NumberFormat.fixed(row.relative, 4))\n"
        }
        return out
    }

    /// Every evaluation of the search: parameter values and the objective.
    public static func searchCSV(_ result: CalibrationResult) -> String {
        var out = (["evaluation", "search"] + result.parameters.map(\.fit.parameter.path) + ["objective"]).joined(separator: ",") + "\n"
        for (k, step) in result.history.enumerated() {
            out += ([String(k + 1), NumberFormat.csv(step.search)] + step.values.map { NumberFormat.fixed($0, 6) } + [NumberFormat.fixed(step.objective, 6)])
                .joined(separator: ",") + "\n"
        }
        return out
    }

    public static func attractivenessCSV(_ result: CalibrationResult, region: Region) -> String {
        var out = "school_id,name,attractiveness\n"
        for (s, school) in region.schools.enumerated() {
            out += "\(NumberFormat.csv(school.id)),\(NumberFormat.csv(school.name)),\(NumberFormat.fixed(result.attractiveness[s], 6))\n"
        }
        return out
    }

    /// Pearson's r of (observed, fitted); nil below three pairs or without spread.
    static func correlation(_ pairs: [(Double, Double)]) -> Double? {
        guard pairs.count >= 3 else { return nil }
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.0 } / n, my = pairs.reduce(0) { $0 + $1.1 } / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in pairs { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx); syy += (y - my) * (y - my) }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The terminal summary.
    public static func text(_ result: CalibrationResult) -> String {
        var out = "Calibration: objective \(NumberFormat.fixed(result.objective, 4)); \(result.history.count) evaluation(s) of the search"
            + (result.folds.isEmpty ? "" : " and its \(result.folds.count) out-of-fold refits") + "\n"
        for p in result.parameters { out += "  \(p.fit.parameter.path) = \(NumberFormat.fixed(p.value, 4))  (range \(p.fit.lower) to \(p.fit.upper))\n" }
        if let c = result.contraction {
            out += "  attractiveness: contraction \(c.iterations) iteration(s), last step \(NumberFormat.fixed(c.lastStep, 8))"
                + (c.scale != 1 ? ", targets scaled by \(NumberFormat.fixed(c.scale, 4)) to the modelled total" : "") + "\n"
        }
        if let e = result.expectations {
            out += "  expected chances: \(e.converged ? "converged" : "NOT converged") after \(e.history.count) iteration(s), mean change \(NumberFormat.fixed(e.history.last?.meanChange, 5))\n"
        }
        out += "\n" + "kind         statistic                                     n     MAE       max    r      rel. error\n"
        for row in summaryRows(result) {
            func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }
            out += pad(row.kind, 13) + pad(row.statistic, 44) + pad(String(row.n), 6) + pad(NumberFormat.fixed(row.mae, 3), 10)
                + pad(NumberFormat.fixed(row.maxError, 3), 8) + pad(NumberFormat.fixed(row.r, 3), 7)
                + NumberFormat.fixed(row.relative.map { $0 * 100 }, 1) + (row.relative == nil ? "" : "%") + "\n"
        }
        return out
    }
}
