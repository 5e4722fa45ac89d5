import Foundation
import FairPlacesCore
import Metrics
import Simulation

/// The version written into every metrics file.
public enum FairPlacesVersion {
    public static let string = "0.1.0"
}

/// `metrics.json`: the scenario as run, and every figure with its summary across replications and
/// its value in each replication. Undefined values are `null`, never NaN.
struct MetricsDocument: Encodable {
    struct ScenarioInfo: Encodable {
        var name, file, description: String
        var seed: UInt64
        var replications, pupils, schools: Int
        var mechanism, unplacedRule, lottery, preferences: String
        var listLength: Int

        enum CodingKeys: String, CodingKey {
            case name, file, description, seed, replications, pupils, schools, mechanism, lottery, preferences
            case unplacedRule = "unplaced_rule", listLength = "list_length"
        }
    }

    struct Entry: Encodable {
        var description: String
        var summary: Summary?
        var values: [Double?]?

        enum CodingKeys: String, CodingKey { case description, n, mean, sd, ci95, range95, values }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(description, forKey: .description)
            try c.encode(summary?.n ?? 0, forKey: .n)
            try c.encode(summary?.mean, forKey: .mean)
            try c.encode(summary?.sd, forKey: .sd)
            try c.encode(summary.map { [$0.ciLow, $0.ciHigh] }, forKey: .ci95)
            try c.encode(summary.map { [$0.rangeLow, $0.rangeHigh] }, forKey: .range95)
            if let values { try c.encode(values, forKey: .values) }
        }
    }

    struct SchoolEntry: Encodable {
        var id, name, type: String
        var pan: Int
        var selective: Bool
        var x_km, y_km: Double
        var metrics: [String: Entry]
    }

    var fairplaces_version = FairPlacesVersion.string
    var scenario: ScenarioInfo
    var notes: [String]
    var region: [String: Entry]
    var schools: [SchoolEntry]

    init(_ result: SimulationResult, scenarioFile: String, description: String) {
        let spec = result.spec
        let listLength: Int
        let preferences: String
        switch spec.preferences {
        case .model(let m): listLength = m.listLength; preferences = "model"
        case .stated(let l): listLength = l.length; preferences = "stated"
        }
        scenario = ScenarioInfo(name: spec.name, file: scenarioFile, description: description, seed: spec.seed,
                                replications: spec.replications, pupils: spec.region.pupils.count,
                                schools: spec.region.schools.count, mechanism: spec.mechanism.rawValue,
                                unplacedRule: spec.unplacedRule.rawValue, lottery: spec.lotteryScope.rawValue,
                                preferences: preferences, listLength: listLength)
        notes = [
            "mean, sd: across replications in which the figure is defined (n of them).",
            "ci95: 95% confidence interval of the mean across replications (Student t); equal to the mean when n = 1.",
            "range95: 2.5% and 97.5% quantiles of the replications themselves (type 7).",
            "null: undefined in that replication (e.g. a mean over no pupils, or segregation with no FSM pupils).",
            "Shares are fractions (0-1); distances are straight-line km.",
        ]
        var region: [String: Entry] = [:]
        for (k, metric) in RegionMetric.allCases.enumerated() {
            region[metric.rawValue] = Entry(description: metric.description, summary: result.regionSummaries[k],
                                            values: result.replications.map { $0.region[k] })
        }
        self.region = region
        schools = spec.region.schools.enumerated().map { s, school in
            var metrics: [String: Entry] = [:]
            for (k, metric) in SchoolMetric.allCases.enumerated() {
                metrics[metric.rawValue] = Entry(description: metric.description, summary: result.schoolSummaries[k][s], values: nil)
            }
            return SchoolEntry(id: school.id, name: school.name, type: school.type.rawValue, pan: school.pan,
                               selective: school.isSelective, x_km: school.location.x, y_km: school.location.y,
                               metrics: metrics)
        }
    }
}

extension OutputFiles {
    static func metricsJSON(_ result: SimulationResult, scenarioFile: String, description: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every value is finite (undefined ones are null), so encoding cannot fail.
        let data = try! encoder.encode(MetricsDocument(result, scenarioFile: scenarioFile, description: description))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
