import Foundation
import FairPlacesCore
import Calibration

/// The scenario `fairplaces calibrate` writes: the base scenario, extended with the fitted
/// parameters and `attractiveness.csv`, so `fairplaces run` on it runs the calibrated model.
public enum CalibratedScenario {
    /// The YAML text of `calibrated.yaml` in `folder`, extending `scenario`.
    public static func yaml(scenario: String, folder: String, targets: String, result: CalibrationResult) -> String {
        var out = "# Written by: fairplaces calibrate \(scenario) --targets \(targets)\n"
        out += "# Objective \(format(result.objective)); figures against their published values in calibration.csv.\n"
        out += "extends: \(quoted(relativePath(from: folder, to: scenario)))\n"
        out += "preferences:\n"
        var nested: [String: [(String, Double)]] = [:]
        var wroteInteractions = false
        for (fit, value) in result.parameters {
            let parts = fit.parameter.path.split(separator: ".").map(String.init)
            switch fit.parameter {
            case .interaction:
                guard !wroteInteractions else { continue }
                wroteInteractions = true
                // A list is replaced whole by extends, so the fitted model's every interaction is written.
                out += "  interactions:\n"
                for term in result.model.interactions {
                    out += "    - {pupil: \(term.pupil.rawValue), school: \(term.school.rawValue), coefficient: \(format(term.coefficient))}\n"
                }
            default:
                if parts.count == 1 { out += "  \(parts[0]): \(format(value))\n" } else { nested[parts[0], default: []].append((parts[1], value)) }
            }
        }
        for key in nested.keys.sorted() {
            out += "  \(key): {" + nested[key]!.map { "\($0.0): \(format($0.1))" }.joined(separator: ", ") + "}\n"
        }
        out += "  attractiveness: {file: attractiveness.csv}\n"
        return out
    }

    static func format(_ v: Double) -> String { String(format: "%.6f", v) }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `target` relative to the folder `from` (both made absolute from the working directory).
    static func relativePath(from folder: String, to target: String) -> String {
        let base = URL(fileURLWithPath: folder, isDirectory: true).standardizedFileURL.pathComponents
        let goal = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        var common = 0
        while common < min(base.count, goal.count - 1) && base[common] == goal[common] { common += 1 }
        return (Array(repeating: "..", count: base.count - common) + goal[common...]).joined(separator: "/")
    }
}
