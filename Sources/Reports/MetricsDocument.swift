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
/// Keys are written in sorted order at every level.
enum MetricsDocument {
    static let notes = [
        "scope: region (the simulated allocation), nearest (every pupil at their nearest school: the residential counterfactual), school (unit = school id).",
        "mean, sd: across replications in which the figure is defined (n of them).",
        "ci95: 95% confidence interval of the mean across replications (Student t); equal to the mean when n = 1.",
        "range95: 2.5% and 97.5% quantiles of the replications themselves (type 7).",
        "values: the figure in each replication (region and nearest scopes only).",
        "bootstrap: percentile intervals from resampling the pupils of the first replication's allocation.",
        "null: undefined (e.g. a mean over no pupils, or segregation when a group is absent).",
        "Shares are fractions (0-1); distances are straight-line km; mutual information is in nats.",
    ]

    /// Appends the document to `text`.
    static func json(_ result: SimulationResult, scenarioFile: String, description: String, into text: inout ByteText) {
        let spec = result.spec
        // The writer holds the text while it writes (so appending never copies it) and hands it back.
        var w = JSONWriter(output: text)
        text = ByteText()
        defer { text = w.output }
        w.beginObject()
        w.beginArray("bootstrap")
        for b in result.bootstrap {
            w.beginObject()
            w.string("attribute", b.key.attribute)
            w.string("category", b.key.category)
            w.number("estimate", b.estimate)
            w.numbers("interval95", b.low.flatMap { low in b.high.map { [low, $0] } }, inline: true)
            w.string("metric", b.key.metric)
            w.int("resamples", b.resamples)
            w.string("scope", b.key.scope.rawValue)
            w.endObject()
        }
        w.endArray()
        w.string("fairplaces_version", FairPlacesVersion.string)
        w.beginArray("metrics")
        // Keys come metric by metric, so a metric's description is looked up once per run of it.
        var describedMetric: String? = nil, metricDescription = ""
        for (k, key) in result.keys.enumerated() {
            if key.metric != describedMetric { describedMetric = key.metric; metricDescription = MetricDescriptions.describe(key.metric) }
            let summary = result.summaries[k]
            w.beginObject()
            w.string("attribute", key.attribute)
            w.string("category", key.category)
            if let summary { w.numbers("ci95", count: 2) { $0 == 0 ? summary.ciLow : summary.ciHigh } } else { w.numbers("ci95", nil, inline: true) }
            w.string("description", metricDescription)
            w.number("mean", summary?.mean)
            w.string("metric", key.metric)
            w.int("n", summary?.n ?? 0)
            if let summary { w.numbers("range95", count: 2) { $0 == 0 ? summary.rangeLow : summary.rangeHigh } } else { w.numbers("range95", nil, inline: true) }
            w.string("scope", key.scope.rawValue)
            w.number("sd", summary?.sd)
            w.string("unit", key.unit)
            if key.scope != .school { w.numbers("values", count: result.replications.count) { result.replications[$0][k] } }
            w.endObject()
            w.flushIfFull()
        }
        w.endArray()
        w.beginArray("notes")
        for note in notes { w.string(nil, note) }
        w.endArray()
        let listLength: Int, preferences: String
        switch spec.preferences {
        case .model(let m): listLength = m.listLength; preferences = "model"
        case .stated(let l): listLength = l.length; preferences = "stated"
        }
        w.beginObject("scenario")
        w.beginArray("attributes")
        for a in spec.metrics.attributes { w.string(nil, a.rawValue) }
        w.endArray()
        w.string("description", description)
        w.string("file", scenarioFile)
        if let funding = spec.funding { w.string("funding", funding.parameters.name) }
        w.beginArray("groupings")
        for g in spec.metrics.groupings { w.string(nil, g.rawValue) }
        w.endArray()
        w.int("list_length", listLength)
        w.string("lottery", spec.lotteryScope.rawValue)
        w.string("mechanism", spec.mechanism.rawValue)
        w.string("name", spec.name)
        if !spec.region.ownAuthorities.isEmpty {
            // The region's own authorities: figures with unit authorities=own are for their pupils.
            w.beginArray("own_authorities")
            for a in spec.region.ownAuthorities { w.string(nil, a) }
            w.endArray()
        }
        w.string("preferences", preferences)
        w.int("pupils", spec.region.pupils.count)
        w.int("replications", spec.replications)
        w.int("schools", spec.region.schools.count)
        w.element("seed", String(spec.seed))
        w.number("tolerance", spec.metrics.tolerance)
        w.string("unplaced_rule", spec.unplacedRule.rawValue)
        w.endObject()
        w.beginArray("schools")
        for school in spec.region.schools {
            w.beginObject()
            // Admission arrangements in plain words (issue #8: reports say how each school admits).
            w.string("arrangements", ArrangementsText.describe(school.arrangements))
            w.string("district", school.district)
            w.string("id", school.id)
            w.string("name", school.name)
            w.int("pan", school.pan)
            w.bool("selective", school.isSelective)
            w.string("type", school.type.rawValue)
            w.number("x_km", school.location.x)
            w.number("y_km", school.location.y)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}

extension OutputFiles {
    static func metricsJSON(_ result: SimulationResult, scenarioFile: String, description: String, into text: inout ByteText) {
        MetricsDocument.json(result, scenarioFile: scenarioFile, description: description, into: &text)
    }
}
