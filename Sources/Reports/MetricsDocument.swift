import Foundation
import FairPlacesCore
import Metrics
import Simulation

/// The version written into every metrics file.
public enum FairPlacesVersion {
    public static let string = "0.1.0"
}

/// `metrics.json`: the scenario as run, its schools, and every figure with its summary across
/// replications (and, at region level, its value in each replication). Undefined values are `null`.
struct MetricsDocument: Encodable {
    struct ScenarioInfo: Encodable {
        var name, file, description: String
        var seed: UInt64
        var replications, pupils, schools: Int
        var mechanism, unplacedRule, lottery, preferences: String
        var listLength: Int
        var attributes, groupings: [String]
        var tolerance: Double
        /// The funding parameter set's name, when the scenario has funding (issue #5).
        var funding: String? = nil

        enum CodingKeys: String, CodingKey {
            case name, file, description, seed, replications, pupils, schools, mechanism, lottery, preferences
            case attributes, groupings, tolerance, funding
            case unplacedRule = "unplaced_rule", listLength = "list_length"
        }
    }

    struct Entry: Encodable {
        var key: MetricKey
        var summary: Summary?
        var values: [Double?]?

        enum CodingKeys: String, CodingKey {
            case scope, metric, attribute, category, unit, description, n, mean, sd, ci95, range95, values
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key.scope.rawValue, forKey: .scope)
            try c.encode(key.metric, forKey: .metric)
            try c.encode(key.attribute, forKey: .attribute)
            try c.encode(key.category, forKey: .category)
            try c.encode(key.unit, forKey: .unit)
            try c.encode(MetricDescriptions.describe(key.metric), forKey: .description)
            try c.encode(summary?.n ?? 0, forKey: .n)
            try c.encode(summary?.mean, forKey: .mean)
            try c.encode(summary?.sd, forKey: .sd)
            try c.encode(summary.map { [$0.ciLow, $0.ciHigh] }, forKey: .ci95)
            try c.encode(summary.map { [$0.rangeLow, $0.rangeHigh] }, forKey: .range95)
            if let values { try c.encode(values, forKey: .values) }
        }
    }

    struct BootstrapEntry: Encodable {
        var interval: BootstrapInterval

        enum CodingKeys: String, CodingKey { case scope, metric, attribute, category, estimate, interval95, resamples }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(interval.key.scope.rawValue, forKey: .scope)
            try c.encode(interval.key.metric, forKey: .metric)
            try c.encode(interval.key.attribute, forKey: .attribute)
            try c.encode(interval.key.category, forKey: .category)
            try c.encode(interval.estimate, forKey: .estimate)
            try c.encode(interval.low.flatMap { low in interval.high.map { [low, $0] } }, forKey: .interval95)
            try c.encode(interval.resamples, forKey: .resamples)
        }
    }

    struct SchoolEntry: Encodable {
        var id, name, type, district: String
        var pan: Int
        var selective: Bool
        var x_km, y_km: Double
        /// Admission arrangements in plain words (issue #8: reports say how each school admits).
        var arrangements: String
    }

    var fairplaces_version = FairPlacesVersion.string
    var scenario: ScenarioInfo
    var notes: [String]
    var schools: [SchoolEntry]
    var metrics: [Entry]
    var bootstrap: [BootstrapEntry]

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
                                preferences: preferences, listLength: listLength,
                                attributes: spec.metrics.attributes.map(\.rawValue),
                                groupings: spec.metrics.groupings.map(\.rawValue), tolerance: spec.metrics.tolerance)
        scenario.funding = spec.funding?.parameters.name
        notes = [
            "scope: region (the simulated allocation), nearest (every pupil at their nearest school: the residential counterfactual), school (unit = school id).",
            "mean, sd: across replications in which the figure is defined (n of them).",
            "ci95: 95% confidence interval of the mean across replications (Student t); equal to the mean when n = 1.",
            "range95: 2.5% and 97.5% quantiles of the replications themselves (type 7).",
            "values: the figure in each replication (region and nearest scopes only).",
            "bootstrap: percentile intervals from resampling the pupils of the first replication's allocation.",
            "null: undefined (e.g. a mean over no pupils, or segregation when a group is absent).",
            "Shares are fractions (0-1); distances are straight-line km; mutual information is in nats.",
        ]
        schools = spec.region.schools.map {
            SchoolEntry(id: $0.id, name: $0.name, type: $0.type.rawValue, district: $0.district, pan: $0.pan,
                        selective: $0.isSelective, x_km: $0.location.x, y_km: $0.location.y,
                        arrangements: ArrangementsText.describe($0.arrangements))
        }
        metrics = result.keys.enumerated().map { k, key in
            Entry(key: key, summary: result.summaries[k],
                  values: key.scope == .school ? nil : result.replications.map { $0[k] })
        }
        bootstrap = result.bootstrap.map { BootstrapEntry(interval: $0) }
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
