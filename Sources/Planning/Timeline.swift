import FairPlacesCore

/// A change to the school estate taking effect from the September intake of its year.
public enum TimelineChange: Sendable {
    /// A new published admission number.
    case pan(school: String, pan: Int)
    /// A new school (its location, type, PAN and arrangements), admitting from this year.
    case open(School)
    /// The school admits no Year 7 pupils from this year.
    case close(school: String)
    /// `school` closes and its pupils' ties (siblings, EHC plans) pass to `into`, whose PAN becomes
    /// `pan` (by default its own plus the closing school's).
    case merge(school: String, into: String, pan: Int?)
    /// A new catchment (nil: none).
    case catchment(school: String, Catchment?)

    /// The school the change is about (for a new school, its id).
    public var school: String {
        switch self {
        case .pan(let s, _), .close(let s), .merge(let s, _, _), .catchment(let s, _): return s
        case .open(let school): return school.id
        }
    }

    /// The scenario field that states the change, for errors.
    public var field: String {
        switch self {
        case .pan: return "pan"
        case .open: return "open"
        case .close: return "close"
        case .merge: return "merge"
        case .catchment: return "catchment"
        }
    }
}

/// One change in one year. `origin` is the caller's handle on where it was written (the scenario
/// loader keeps the YAML node), so errors can be located without the core knowing about files.
public struct TimelineEvent: Sendable {
    public var year: Int
    public var change: TimelineChange
    public var origin: Int

    public init(year: Int, change: TimelineChange, origin: Int) {
        self.year = year
        self.change = change
        self.origin = origin
    }
}

/// A timeline that cannot happen, located by the event's origin and field.
public struct TimelineError: Error, Sendable, Equatable {
    public var origin: Int
    /// "year" when the year is wrong; otherwise the change's field (pan, open, close, merge, catchment),
    /// or "into" for a merger's target.
    public var field: String
    public var message: String
}

/// The schools open in one year, and where the ties of every school ever named now point.
public struct YearSchools: Sendable {
    public var year: Int
    /// Open schools with this year's PAN and catchment, in a stable order: existing schools first
    /// (in their order), then new ones by opening.
    public var schools: [School]
    /// For every school id of the timeline, the index in `schools` its pupils' ties now point to
    /// (itself, or the school it merged into), or nil when it is closed or not yet open.
    public var tieTarget: [String: Int]
}

/// The changes to a council's schools over the planning years, validated so that every change is
/// possible: no change outside the planning years, to an unknown school, to a school before it
/// opens or after it closes.
public struct Timeline: Sendable {
    public let existing: [School]
    public let years: ClosedRange<Int>
    /// Events in the order they take effect: by year, then as written.
    public let events: [TimelineEvent]

    public init(existing: [School], years: ClosedRange<Int>, events: [TimelineEvent]) throws(TimelineError) {
        self.existing = existing
        self.years = years
        let ordered = events.enumerated().sorted { ($0.element.year, $0.offset) < ($1.element.year, $1.offset) }.map(\.element)
        self.events = ordered
        // Opening year of every school the timeline creates.
        var opens: [String: Int] = [:]
        let existingIDs = Set(existing.map(\.id))
        for e in events {
            guard years.contains(e.year) else {
                throw TimelineError(origin: e.origin, field: "year",
                                    message: "the year \(e.year) is outside the planning years \(years.lowerBound)–\(years.upperBound)")
            }
            if case .open(let s) = e.change {
                if existingIDs.contains(s.id) || opens[s.id] != nil {
                    throw TimelineError(origin: e.origin, field: "open", message: "a school with the id '\(s.id)' already exists")
                }
                opens[s.id] = e.year
            }
        }
        // Replay the changes, tracking when each school is open.
        var closed: [String: Int] = [:]
        func check(_ id: String, _ e: TimelineEvent, field: String, verb: String) throws(TimelineError) {
            if let y = opens[id], y > e.year {
                throw TimelineError(origin: e.origin, field: field,
                                    message: "school '\(id)' \(verb) in \(e.year) but opens only in \(y)")
            }
            if !existingIDs.contains(id) && opens[id] == nil {
                throw TimelineError(origin: e.origin, field: field, message: "unknown school '\(id)'")
            }
            if let y = closed[id] {
                throw TimelineError(origin: e.origin, field: field,
                                    message: "school '\(id)' \(verb) in \(e.year) but has closed in \(y)")
            }
        }
        for e in ordered {
            switch e.change {
            case .open: break
            case .pan(let id, _): try check(id, e, field: "pan", verb: "changes its PAN")
            case .catchment(let id, _): try check(id, e, field: "catchment", verb: "changes its catchment")
            case .close(let id):
                try check(id, e, field: "close", verb: "closes")
                closed[id] = e.year
            case .merge(let id, let into, _):
                try check(id, e, field: "merge", verb: "merges")
                if id == into { throw TimelineError(origin: e.origin, field: "into", message: "school '\(id)' cannot merge into itself") }
                try check(into, e, field: "into", verb: "takes a merger")
                closed[id] = e.year
            }
        }
    }

    /// A timeline with no changes.
    public static func statusQuo(existing: [School], years: ClosedRange<Int>) -> Timeline {
        // No events: nothing can fail.
        try! Timeline(existing: existing, years: years, events: [])
    }

    /// Every school id the timeline names, existing first, then new schools by opening.
    public var allSchoolIDs: [String] {
        existing.map(\.id) + events.compactMap { if case .open(let s) = $0.change { return s.id } else { return nil } }
    }

    /// The schools as they stand in `year`, after every change up to and including that year.
    public func schools(in year: Int) -> YearSchools {
        var all = existing
        var open = [Bool](repeating: true, count: existing.count)
        var index = Dictionary(uniqueKeysWithValues: existing.enumerated().map { ($1.id, $0) })
        var redirect: [String: String] = [:]
        for e in events where e.year <= year {
            switch e.change {
            case .open(let s):
                index[s.id] = all.count
                all.append(s); open.append(true)
            case .pan(let id, let pan): all[index[id]!].pan = pan
            case .catchment(let id, let c): all[index[id]!].arrangements.catchment = c
            case .close(let id): open[index[id]!] = false
            case .merge(let id, let into, let pan):
                let s = index[id]!, t = index[into]!
                all[t].pan = pan ?? (all[t].pan + all[s].pan)
                open[s] = false
                redirect[id] = into
            }
        }
        let kept = all.indices.filter { open[$0] }
        var position: [String: Int] = [:]
        for (k, s) in kept.enumerated() { position[all[s].id] = k }
        var target: [String: Int] = [:]
        for id in allSchoolIDs {
            var current = id
            // Follow chains of mergers (A into B, later B into C).
            while let next = redirect[current] { current = next }
            if let p = position[current] { target[id] = p }
        }
        return YearSchools(year: year, schools: kept.map { all[$0] }, tieTarget: target)
    }
}
