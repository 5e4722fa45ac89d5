/// The scenario in plain words: the region, its schools, how places are allocated, the seed and
/// replications, and the headline figures with their intervals.
enum ScenarioSummary {
    static func mechanismWords(_ raw: String) -> String {
        switch raw {
        case "deferred_acceptance": return "equal preference (pupil-proposing deferred acceptance), as the School Admissions Code requires"
        case "boston": return "first preference first (the Boston mechanism): schools admit first preferences before others"
        case "top_trading_cycles": return "top trading cycles"
        case "serial_dictatorship": return "serial dictatorship (pupils choose in a single order)"
        case "no_choice": return "no choice: every pupil goes to their nearest school"
        default: return raw
        }
    }

    static func unplacedWords(_ raw: String) -> String {
        switch raw {
        case "nearest_vacancy": return "pupils none of whose schools can offer are given the nearest school with a vacancy"
        case "catchment_school": return "pupils none of whose schools can offer go to their catchment school (else the nearest vacancy)"
        case "none": return "pupils none of whose schools can offer are left unplaced"
        default: return raw
        }
    }

    static func typeWords(_ raw: String) -> String { raw.replacingOccurrences(of: "_", with: " ") }

    /// "4 grammar, 10 community and 10 academy".
    static func schoolsByType(_ schools: [RunOutputs.School]) -> String {
        var order: [String] = [], counts: [String: Int] = [:]
        for s in schools {
            if counts[s.type] == nil { order.append(s.type) }
            counts[s.type, default: 0] += 1
        }
        let parts = order.map { "\(counts[$0]!) \(typeWords($0))" }
        return parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    /// Schools grouped by identical arrangements: "4 grammar schools (G1, G2, G3, G4): selective: …".
    static func arrangements(_ schools: [RunOutputs.School]) -> String {
        var order: [String] = [], members: [String: [RunOutputs.School]] = [:]
        for school in schools {
            let text = school.arrangements ?? "not recorded in these outputs"
            if members[text] == nil { order.append(text) }
            members[text, default: []].append(school)
        }
        if order.count == 1 { return "every school: " + order[0] }
        return order.map { text in
            let group = members[text]!
            let ids = group.count <= 6 ? " (" + group.map(\.id).joined(separator: ", ") + ")" : ""
            return "\(group.count) \(group.count == 1 ? "school" : "schools")\(ids): \(text)"
        }.joined(separator: ". ")
    }

    static func facts(_ run: RunOutputs) -> [(String, String)] {
        let s = run.scenario
        let pan = run.schools.reduce(0) { $0 + $1.pan }
        let surplus = s.pupils > 0 ? Double(pan - s.pupils) / Double(s.pupils) : nil
        let selective = run.schools.filter(\.selective).count
        var facts: [(String, String)] = [
            ("Region", "\(s.pupils) Year 7 pupils; \(run.schools.count) schools with \(pan) places (PAN), "
                + (surplus.map { "\(Markup.number($0 * 100, 1))% more places than pupils" } ?? "")),
            ("Schools", schoolsByType(run.schools) + (selective > 0 ? "; \(selective) selective (admitting by a test)" : "; none selective")),
            ("Arrangements", arrangements(run.schools)),
            ("Mechanism", mechanismWords(s.mechanism)),
            ("Preferences", "families list up to \(s.listLength) schools, "
                + (s.preferences == "stated" ? "as stated in the pupils file" : "drawn from a random-utility model of what families value")),
            ("No listed school", unplacedWords(s.unplacedRule)),
            ("Random numbers", "seed \(s.seed); \(s.replications) replication\(s.replications == 1 ? "" : "s") "
                + "(each a fresh draw of preferences, lotteries and test scores on the same pupils); lottery \(typeWords(s.lottery))"),
            ("Scenario file", s.file),
        ]
        if !s.description.isEmpty { facts.insert(("About", s.description), at: 0) }
        if let funding = s.funding { facts.append(("Funding", "national funding formula parameters \(funding)")) }
        return facts
    }

    static func headline(_ run: RunOutputs) -> [(String, FigureKey, Double, Int, String)] {
        [("Offered their first preference", FigureKey("region", "first_preference_share"), 100, 1, "%"),
         ("  FSM pupils", FigureKey("region", "first_preference_share", attribute: "fsm", category: "fsm"), 100, 1, "%"),
         ("  other pupils", FigureKey("region", "first_preference_share", attribute: "fsm", category: "non_fsm"), 100, 1, "%"),
         ("Offered one of their preferences", FigureKey("region", "any_preference_share"), 100, 1, "%"),
         ("Given an administrative place", FigureKey("region", "administrative_count"), 1, 1, "pupils"),
         ("Unplaced", FigureKey("region", "unplaced_count"), 1, 1, "pupils"),
         ("Mean home–school distance", FigureKey("region", "mean_distance_km"), 1, 2, "km"),
         ("FSM share of the cohort", FigureKey("region", "share", attribute: "fsm", category: "fsm"), 100, 1, "%"),
         ("FSM segregation, dissimilarity D", FigureKey("region", "dissimilarity", attribute: "fsm", category: "fsm"), 1, 3, "0–1"),
         ("  if every pupil attended their nearest school", FigureKey("nearest", "dissimilarity", attribute: "fsm", category: "fsm"), 1, 3, "0–1")]
            .filter { run.figure($0.1) != nil }
    }

    static func html(_ run: RunOutputs, heading: Bool = true) -> String {
        let s = run.scenario
        // Without a heading the caller has already named the scenario (a column of a comparison).
        var out = heading ? "<h1>\(Markup.escape(s.name))</h1>" : ""
        out += "<p class=\"lead\">A simulation of Year 7 (secondary school) admissions: \(s.pupils) pupils and "
            + "\(run.schools.count) schools, places allocated by \(Markup.escape(mechanismWords(s.mechanism))). "
            + "Every figure is the mean over \(s.replications) replication\(s.replications == 1 ? "" : "s") with the 95% confidence interval of that mean.</p>"
        out += "<dl class=\"facts\">"
        for (term, value) in facts(run) { out += "<dt>\(Markup.escape(term))</dt><dd>\(Markup.escape(value))</dd>" }
        out += "</dl>"
        // With the region's own authorities set apart, the headline is theirs, and neighbours' pupils and the
        // whole region are columns beside it.
        let own = s.ownAuthorities ?? []
        func units(_ key: FigureKey, _ unit: String) -> FigureKey {
            var k = key
            k.unit = unit
            return k
        }
        if !own.isEmpty, let ownPupils = run.figure(FigureKey("region", "pupils", unit: ComparisonHeadline.ownUnit))?.mean {
            let neighbours = run.figure(FigureKey("region", "pupils", unit: ComparisonHeadline.neighbourUnit))?.mean
            let ownWords = ComparisonHeadline.ownWords(own)
            out += "<p>\(Markup.number(ownPupils, 0)) of the pupils live in \(Markup.escape(ownWords)); \(Markup.number(neighbours, 0)) live in "
                + "neighbouring authorities' areas that joined the region for its border schools. The headline figures are for pupils living in "
                + "\(Markup.escape(ownWords)); neighbours' pupils and the whole region are shown apart.</p>"
            let rows = headline(run).map { label, key, scale, decimals, unit -> [String] in
                let mine = run.figure(units(key, ComparisonHeadline.ownUnit)), theirs = run.figure(units(key, ComparisonHeadline.neighbourUnit))
                let all = run.figure(key)
                return [label, Markup.number(mine?.mean.map { $0 * scale }, decimals), Markup.interval(mine, scale: scale, decimals: decimals),
                        Markup.number(theirs?.mean.map { $0 * scale }, decimals), Markup.number(all?.mean.map { $0 * scale }, decimals), unit]
            }
            out += DataTable(caption: "Headline figures: pupils living in \(ownWords)",
                             headers: ["figure", ownWords, "95% CI", "neighbours' pupils", "whole region", "unit"], rows: rows, textColumns: [0, 5]).html
            return out
        }
        let rows = headline(run).map { label, key, scale, decimals, unit -> [String] in
            let f = run.figure(key)
            return [label, Markup.number(f?.mean.map { $0 * scale }, decimals), Markup.interval(f, scale: scale, decimals: decimals), unit]
        }
        out += DataTable(caption: "Headline figures", headers: ["figure", "mean", "95% CI", "unit"], rows: rows, textColumns: [0, 3]).html
        return out
    }
}
