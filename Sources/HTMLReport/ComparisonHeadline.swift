/// The comparison's first page, in plain words a journalist can quote: what the variant changes
/// (the scenarios' names and descriptions, the settings and the schools' places that differ), for
/// whom (each group's figure under both policies with the paired change and its 95% interval, e.g.
/// "FSM pupils offered their first preference: 71.2% → 78.4% (+7.2 points, 95% CI +6.1 to +8.3)"),
/// who moves, and which schools change most. Drawn only from the comparison's files.
enum ComparisonHeadline {
    /// One line of "for whom": a figure of differences.csv, in words.
    struct Line {
        var label: String
        var metric: String
        var attribute = "", category = ""
        /// Multiplier and unit of the level (100 and "%" for shares) and of the change.
        var scale = 1.0, decimals = 1
        var unit = "", changeUnit = ""
    }

    static let lines: [Line] = {
        var out: [Line] = []
        let groups: [(String, String, String)] = [("All pupils", "", ""), ("FSM pupils", "fsm", "fsm"), ("Pupils not on FSM", "fsm", "non_fsm")]
            + (1...5).map { q in ("Pupils in IDACI quintile \(q)" + (q == 1 ? " (most deprived)" : q == 5 ? " (least deprived)" : ""),
                                  "idaci_quintile", "idaci_q\(q)") }
        for (who, a, c) in groups {
            out.append(Line(label: "\(who) offered their first preference", metric: "first_preference_share", attribute: a, category: c,
                            scale: 100, unit: "%", changeUnit: " points"))
        }
        for (who, a, c) in groups.prefix(3) {
            out.append(Line(label: "\(who) offered one of their preferences", metric: "any_preference_share", attribute: a, category: c,
                            scale: 100, unit: "%", changeUnit: " points"))
        }
        for (who, a, c) in groups.prefix(3) {
            out.append(Line(label: "\(who): mean distance to school", metric: "mean_distance_km", attribute: a, category: c,
                            decimals: 2, unit: " km", changeUnit: " km"))
        }
        out.append(Line(label: "FSM segregation between schools (dissimilarity D, 0 = even)", metric: "dissimilarity",
                        attribute: "fsm", category: "fsm", decimals: 3))
        out.append(Line(label: "Pupils unplaced", metric: "unplaced_count", decimals: 1, changeUnit: " pupils"))
        return out
    }()

    /// "+7.2", "−0.4", "0.0": a change always carries its sign.
    static func signed(_ v: Double, _ decimals: Int) -> String {
        let s = Markup.number(v, decimals)
        return s.hasPrefix("−") || Double(s) == 0 ? s : "+" + s
    }

    /// The sentence of one line, and whether its change is clearly good, clearly bad or unclear
    /// (an interval that holds zero, or a figure that is neither better nor worse for rising).
    static func sentence(_ line: Line, _ d: ComparisonOutputs.Difference) -> (text: String, meaning: MetricDirection.Meaning)? {
        guard let b = d.base, let v = d.variantMean, let change = d.difference else { return nil }
        let s = line.scale
        var text = "\(line.label): \(Markup.number(b * s, line.decimals))\(line.unit) → \(Markup.number(v * s, line.decimals))\(line.unit) "
            + "(\(signed(change * s, line.decimals))\(line.changeUnit)"
        var clear = false
        if let low = d.ciLow, let high = d.ciHigh {
            text += ", 95% CI \(signed(low * s, line.decimals)) to \(signed(high * s, line.decimals))"
            clear = low > 0 || high < 0
        }
        text += ")"
        let meaning = clear ? MetricDirection.of(metric: line.metric).meaning(of: change) : .neither
        return (text, meaning)
    }

    /// What differs between the two runs' settings and schools, as short phrases.
    static func changes(base: RunOutputs, variant: RunOutputs) -> [String] {
        var out: [String] = []
        let a = base.scenario, b = variant.scenario
        for (what, x, y) in [("allocation", ScenarioSummary.mechanismWords(a.mechanism), ScenarioSummary.mechanismWords(b.mechanism)),
                             ("pupils no listed school can take", a.unplacedRule, b.unplacedRule), ("lottery", a.lottery, b.lottery),
                             ("preferences", a.preferences, b.preferences), ("preferences a family may list", String(a.listLength), String(b.listLength)),
                             ("funding", a.funding ?? "none", b.funding ?? "none")] where x != y {
            out.append("\(what): \(x) → \(y)")
        }
        let before = Dictionary(base.schools.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let after = Dictionary(variant.schools.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        var places: [String] = []
        for s in base.schools {
            guard let t = after[s.id] else { places.append("\(s.name) (\(s.id)): not in the variant"); continue }
            if t.pan != s.pan { places.append("\(s.name) (\(s.id)): \(s.pan) places → \(t.pan)" + (t.pan == 0 ? " (closed to new pupils)" : "")) }
        }
        for t in variant.schools where before[t.id] == nil { places.append("\(t.name) (\(t.id)): opens with \(t.pan) places") }
        let limit = 12
        out += places.prefix(limit)
        if places.count > limit { out.append("and \(places.count - limit) more schools' places change (see each run's schools.csv)") }
        let rules = base.schools.filter { s in after[s.id].map { $0.arrangements != nil && $0.arrangements != s.arrangements } ?? false }.count
        if rules > 0 {
            out.append(rules == base.schools.count ? "admission rules change at every school"
                                                   : "admission rules change at \(rules) of \(base.schools.count) schools")
        }
        return out
    }

    /// The region's schools by authority (`district`), when there is more than one.
    static func authorities(_ run: RunOutputs) -> [(name: String, schools: Int)] {
        var order: [String] = [], count: [String: Int] = [:]
        for s in run.schools where !s.district.isEmpty {
            if count[s.district] == nil { order.append(s.district) }
            count[s.district, default: 0] += 1
        }
        return order.map { ($0, count[$0]!) }.sorted { $0.schools != $1.schools ? $0.schools > $1.schools : $0.name < $1.name }
    }

    /// The units of figures for pupils living in the region's own authorities and in neighbours'.
    static let ownUnit = "authorities=own", neighbourUnit = "authorities=neighbours"

    /// The lines shown for neighbours' pupils: the main ones only, to keep the first page short.
    static let neighbourLines: [Line] = lines.filter {
        ($0.metric == "first_preference_share" && ($0.attribute.isEmpty || $0.attribute == "fsm")) || ($0.metric == "mean_distance_km" && $0.attribute.isEmpty)
    }

    /// "Kent", "Kent and Medway", "A, B and C".
    static func ownWords(_ own: [String]) -> String {
        own.count <= 1 ? own.joined() : own.dropLast().joined(separator: ", ") + " and " + own.last!
    }

    /// Appends each line's sentence for figures with `unit` as list items; returns how many were said.
    static func items(_ lines: [Line], unit: String, differences: [ComparisonOutputs.Difference], into out: inout String) -> Int {
        var said = 0
        for line in lines {
            guard let d = differences.first(where: { $0.key.scope == "region" && $0.key.metric == line.metric && $0.key.attribute == line.attribute
                && $0.key.category == line.category && $0.key.unit == unit }), let (text, meaning) = sentence(line, d) else { continue }
            let verdict = meaning == .good ? "better" : meaning == .bad ? "worse" : "no clear better or worse"
            out += "<li class=\"headline-line\"><span class=\"swatch\" style=\"--c:\(colour(meaning))\"></span> \(Markup.escape(text)) "
                + "<span class=\"note\">\(verdict)</span></li>"
            said += 1
        }
        return said
    }

    static func colour(_ m: MetricDirection.Meaning) -> String {
        switch m {
        case .good: return Palette.good
        case .bad: return Palette.bad
        case .neither: return Palette.neutral
        }
    }

    static func html(base: RunOutputs, variant: RunOutputs, differences: [ComparisonOutputs.Difference],
                     movers: [ComparisonOutputs.Movers], changes schoolChanges: [ComparisonOutputs.SchoolChange]) -> String {
        var out = "<h3>What changes</h3><ul class=\"plain\">"
        for (role, s) in [("Base", base.scenario), ("Variant", variant.scenario)] {
            out += "<li><strong>\(role): \(Markup.escape(s.name))</strong>" + (s.description.isEmpty ? "" : ". " + Markup.escape(s.description)) + "</li>"
        }
        let differs = changes(base: base, variant: variant)
        out += differs.isEmpty ? "<li>The two runs' settings and schools' places are the same; the difference is in the admission rules or preferences.</li>"
                               : differs.map { "<li>\(Markup.escape($0))</li>" }.joined()
        out += "</ul>"

        // With the region's own authorities set apart, the headline is theirs; neighbours' pupils follow apart.
        let own = base.scenario.ownAuthorities ?? []
        let byHome = !own.isEmpty && differences.contains { $0.key.unit == ownUnit }
        let ownWords = ownWords(own)
        out += "<h3>For whom" + (byHome ? ": pupils living in \(Markup.escape(ownWords))" : "") + "</h3><ul class=\"plain headline\">"
        let said = items(lines, unit: byHome ? ownUnit : "", differences: differences, into: &out)
        out += "</ul>"
        if said == 0 { out += "<p class=\"note\">differences.csv has none of the headline figures for this variant.</p>" }
        out += "<p class=\"note\">Means over the paired replications; the 95% interval is of the paired change (variant minus base in the same "
            + "replication). A change is called better or worse only when its interval excludes zero.</p>"
        if byHome {
            let ownPupils = differences.first { $0.key.scope == "region" && $0.key.metric == "pupils" && $0.key.unit == ownUnit }?.base
            let neighbourPupils = differences.first { $0.key.scope == "region" && $0.key.metric == "pupils" && $0.key.unit == neighbourUnit }?.base
            out += "<h3>Pupils of neighbouring authorities, apart</h3>"
            out += "<p class=\"note\">The region also holds \(Markup.number(neighbourPupils, 0)) pupils living in neighbouring authorities' areas "
                + "that joined for the border schools (besides \(Markup.number(ownPupils, 0)) living in \(Markup.escape(ownWords))); "
                + "the figures above leave them out. Theirs:</p><ul class=\"plain headline\">"
            _ = items(neighbourLines, unit: neighbourUnit, differences: differences, into: &out)
            out += "</ul>"
        } else {
            let authorities = authorities(base)
            if authorities.count > 1 {
                out += "<p class=\"note\">The region's schools belong to \(authorities.count) authorities ("
                    + Markup.escape(authorities.prefix(6).map { "\($0.name) \($0.schools)" }.joined(separator: ", ")) + (authorities.count > 6 ? ", …" : "")
                    + " schools). These figures are over every pupil simulated: these outputs do not set the region's own authorities apart.</p>"
            }
        }

        if let all = movers.first(where: { $0.group == "all" }) {
            out += "<h3>Who moves</h3><p>\(Markup.escape(MoversPanel.sentence(all)))</p>"
        }
        let moved = schoolChanges.filter { ($0.intakeChange ?? 0) != 0 }
            .sorted { abs($0.intakeChange!) != abs($1.intakeChange!) ? abs($0.intakeChange!) > abs($1.intakeChange!) : false }
        if !moved.isEmpty {
            out += "<h3>Schools that change most</h3><ul class=\"plain\">"
            for c in moved.prefix(5) {
                out += "<li>\(Markup.escape(c.schoolName)): intake \(Markup.number(c.intakeBase, 1)) → \(Markup.number(c.intakeVariant, 1)) ("
                    + signed(c.intakeChange!, 1) + " pupils"
                    + (c.intakeChangeLow != nil && c.intakeChangeHigh != nil ? ", 95% CI \(signed(c.intakeChangeLow!, 1)) to \(signed(c.intakeChangeHigh!, 1))" : "")
                    + "); FSM share of intake \(Markup.number(c.fsmPctBase, 1))% → \(Markup.number(c.fsmPctVariant, 1))%</li>"
            }
            out += "</ul>"
        }
        return out
    }
}
