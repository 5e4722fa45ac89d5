import Foundation

/// One figure of metrics.csv: its mean across replications and the 95% confidence interval of that mean.
public struct Figure: Sendable, Equatable {
    public var mean: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    /// Replications in which the figure is defined.
    public var n: Int
}

/// Names a figure as metrics.csv does: scope, metric, attribute, category, unit.
public struct FigureKey: Hashable, Sendable {
    public var scope, metric, attribute, category, unit: String

    public init(_ scope: String, _ metric: String, attribute: String = "", category: String = "", unit: String = "") {
        self.scope = scope
        self.metric = metric
        self.attribute = attribute
        self.category = category
        self.unit = unit
    }
}

/// What a finished run wrote, read back for drawing: the scenario, its schools with their
/// locations and intakes, every figure, and (when written) funding and the map of homes.
public struct RunOutputs: Sendable {
    public struct Scenario: Sendable, Decodable {
        public var name, file, description: String
        public var seed: UInt64
        public var replications, pupils, schools: Int
        public var mechanism: String
        public var unplacedRule: String
        public var lottery: String
        public var preferences: String
        public var listLength: Int
        public var funding: String?
        /// The authorities the region was built for, when it sets them apart from neighbours' (figures
        /// with unit `authorities=own` are for their pupils); nil otherwise.
        public var ownAuthorities: [String]?

        enum CodingKeys: String, CodingKey {
            case name, file, description, seed, replications, pupils, schools, mechanism, lottery, preferences, funding
            case unplacedRule = "unplaced_rule", listLength = "list_length", ownAuthorities = "own_authorities"
        }
    }

    public struct School: Sendable {
        public var id, name, type, district: String
        public var pan: Int
        public var selective: Bool
        /// Location, km.
        public var x, y: Double
        public var intake: Figure
        /// FSM share of the intake, 0–1.
        public var fsmShare: Figure
        public var meanDistanceKm: Figure
        /// The school's admission arrangements in plain words (nil in outputs of older versions).
        public var arrangements: String?
        /// Whether the school is in one of the region's own authorities (nil where the region does
        /// not set them apart).
        public var ownAuthority: Bool? = nil
    }

    /// One row of outlines.csv: a ring of a catchment's polygon, or a line of a catchment or of
    /// where one of the region's authorities meets another.
    public struct Outline: Sendable {
        public enum Kind: String, Sendable { case catchment, authority }
        public enum Ring: String, Sendable { case outer, hole, line }
        public var kind: Kind
        /// The catchment's schools' names, or the region's authority.
        public var name: String
        /// The other authority of an authority line ("" for a catchment).
        public var neighbour: String
        /// The schools whose catchment this is (empty for an authority line).
        public var schools: [String]
        public var part: Int
        public var ring: Ring
        /// Points in km.
        public var points: [(x: Double, y: Double)]
    }

    /// One square of map.csv.
    public struct MapSquare: Sendable {
        public var x, y, side: Double
        public var pupils, fsm, idaciDecile: Int
    }

    /// One row of chances.csv: a home area's chance of an offer at one school.
    public struct AreaChance: Sendable {
        public var area: String
        public var x, y: Double
        public var schoolID: String
        public var ifFirst: Double
        public var asListed: Double
    }

    /// A school's budget from funding.csv.
    public struct Budget: Sendable {
        public var schoolID: String
        public var total: Figure
        public var perPupil: Figure
    }

    public var scenario: Scenario
    public var schools: [School]
    /// metrics.csv's figures (replication intervals), by key, and the keys in file order.
    public var figures: [FigureKey: Figure]
    public var figureOrder: [FigureKey]
    /// Empty when the run had no funding.
    public var budgets: [Budget]
    /// Nil when the run wrote no map.csv (a run without `--report`).
    public var map: [MapSquare]?
    /// Nil when the run wrote no chances.csv (a run without `--chances`).
    public var chances: [AreaChance]? = nil
    /// Nil when the run wrote no outlines.csv (a run without `--report`, or of an older version).
    public var outlines: [Outline]? = nil

    public func figure(_ key: FigureKey) -> Figure? { figures[key] }

    /// The file names a report reads; the first three are required.
    public static let inputNames = ["metrics.json", "schools.csv", "metrics.csv", "funding.csv", "map.csv", "chances.csv", "outlines.csv"]

    /// Reads a run's output folder from disk.
    public static func read(directory: String) throws -> RunOutputs {
        var files: [String: String] = [:]
        for name in inputNames {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ReportInputError(file: path, message: "the file is not UTF-8 text")
            }
            files[name] = text
        }
        return try read(files: files, folder: directory)
    }

    /// Reads a run's outputs from their contents by file name (as `OutputFiles` holds them before
    /// writing), naming files as `folder/name` in errors.
    public static func read(files: [String: String], folder: String) throws -> RunOutputs {
        func path(_ name: String) -> String { folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name) }
        func required(_ name: String) throws -> String {
            guard let text = files[name] else {
                throw ReportInputError(file: path(name), message: "missing: a report is drawn from a finished run's schools.csv, metrics.csv and metrics.json")
            }
            return text
        }

        // metrics.json: the scenario and each school's location.
        struct Document: Decodable {
            struct SchoolEntry: Decodable { var id: String; var x_km: Double; var y_km: Double; var arrangements: String? }
            var scenario: Scenario
            var schools: [SchoolEntry]
        }
        let document: Document
        let json = try required("metrics.json")
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        } catch {
            throw located(error, in: json, file: path("metrics.json"))
        }

        // metrics.csv: every figure with its interval across replications.
        let metrics = try CSVText(file: path("metrics.csv"), text: try required("metrics.csv"))
        var figures: [FigureKey: Figure] = [:], order: [FigureKey] = []
        for row in metrics.rows() where try row.string("interval") == "replications" {
            let key = FigureKey(try row.string("scope"), try row.string("metric"), attribute: try row.string("attribute"),
                                category: try row.string("category"), unit: try row.string("unit"))
            if figures[key] == nil { order.append(key) }
            figures[key] = Figure(mean: try row.number("mean"), ciLow: try row.number("ci95_low"),
                                  ciHigh: try row.number("ci95_high"), n: try row.integer("n"))
        }

        // schools.csv, located by metrics.json.
        let schoolsTable = try CSVText(file: path("schools.csv"), text: try required("schools.csv"))
        let locations = Dictionary(document.schools.map { ($0.id, ($0.x_km, $0.y_km, $0.arrangements)) }, uniquingKeysWith: { a, _ in a })
        func figure(_ row: CSVText.Row, _ column: String) throws -> Figure {
            guard schoolsTable.header.contains("\(column)_mean") else { return Figure(mean: nil, ciLow: nil, ciHigh: nil, n: 0) }
            return Figure(mean: try row.number("\(column)_mean"), ciLow: try row.number("\(column)_ci_low"),
                          ciHigh: try row.number("\(column)_ci_high"), n: 0)
        }
        var schools: [School] = []
        for row in schoolsTable.rows() {
            let id = try row.string("school_id")
            guard let location = locations[id] else {
                throw row.error("school_id", "school '\(id)' is not among metrics.json's schools: the files are from different runs")
            }
            let selective = try row.string("selective")
            guard selective == "true" || selective == "false" else { throw row.error("selective", "expected true or false, found '\(selective)'") }
            var ownAuthority: Bool? = nil
            if let own = row.optionalString("own_authority") {
                guard own == "true" || own == "false" else { throw row.error("own_authority", "expected true or false, found '\(own)'") }
                ownAuthority = own == "true"
            }
            schools.append(School(id: id, name: try row.string("name"), type: try row.string("type"), district: try row.string("district"),
                                  pan: try row.integer("pan"), selective: selective == "true", x: location.0, y: location.1,
                                  intake: try figure(row, "intake"), fsmShare: try figure(row, "share_fsm"),
                                  meanDistanceKm: try figure(row, "mean_distance_km"), arrangements: location.2,
                                  ownAuthority: ownAuthority))
        }
        guard schools.count == document.scenario.schools, schools.count == document.schools.count else {
            throw ReportInputError(file: path("schools.csv"), line: 1,
                                   message: "has \(schools.count) schools but metrics.json describes \(document.scenario.schools): the files are from different runs")
        }

        // funding.csv (optional): each school's total and per-pupil budget.
        var budgets: [Budget] = []
        if let text = files["funding.csv"] {
            let table = try CSVText(file: path("funding.csv"), text: text)
            var totals: [String: Figure] = [:], perPupil: [String: Figure] = [:], order: [String] = []
            for row in table.rows() where try row.string("scope") == "school" {
                let id = try row.string("school_id"), line = try row.string("line")
                let amount = Figure(mean: try row.number("amount_mean"), ciLow: try row.number("amount_ci_low"),
                                    ciHigh: try row.number("amount_ci_high"), n: 0)
                if line == "total" { totals[id] = amount; order.append(id) }
                if line == "per_pupil" { perPupil[id] = amount }
            }
            let none = Figure(mean: nil, ciLow: nil, ciHigh: nil, n: 0)
            budgets = order.map { Budget(schoolID: $0, total: totals[$0] ?? none, perPupil: perPupil[$0] ?? none) }
        }

        // map.csv (optional).
        var map: [MapSquare]? = nil
        if let text = files["map.csv"] {
            let table = try CSVText(file: path("map.csv"), text: text)
            map = try table.rows().map { row in
                let decile = try row.integer("idaci_decile")
                guard (1...10).contains(decile) else { throw row.error("idaci_decile", "expected 1 to 10, found \(decile)") }
                return MapSquare(x: try row.requiredNumber("x_km"), y: try row.requiredNumber("y_km"),
                                 side: try row.requiredNumber("cell_km"), pupils: try row.integer("pupils"),
                                 fsm: try row.integer("fsm"), idaciDecile: decile)
            }
        }
        // chances.csv (optional).
        var chances: [AreaChance]? = nil
        if let text = files["chances.csv"] {
            let table = try CSVText(file: path("chances.csv"), text: text)
            let known = Set(schools.map(\.id))
            chances = try table.rows().map { row in
                let id = try row.string("school_id")
                guard known.contains(id) else { throw row.error("school_id", "school '\(id)' is not among schools.csv's schools: the files are from different runs") }
                let first = try row.requiredNumber("chance_if_first"), listed = try row.requiredNumber("chance_as_listed")
                guard (0...1).contains(first) else { throw row.error("chance_if_first", "expected a probability from 0 to 1, found \(first)") }
                return AreaChance(area: try row.string("area"), x: try row.requiredNumber("x_km"), y: try row.requiredNumber("y_km"),
                                  schoolID: id, ifFirst: first, asListed: listed)
            }
        }
        // outlines.csv (optional).
        var outlines: [Outline]? = nil
        if let text = files["outlines.csv"] {
            let table = try CSVText(file: path("outlines.csv"), text: text)
            let known = Set(schools.map(\.id))
            outlines = try table.rows().map { row in
                let kindText = try row.string("kind"), ringText = try row.string("ring")
                guard let kind = Outline.Kind(rawValue: kindText) else { throw row.error("kind", "expected catchment or authority, found '\(kindText)'") }
                guard let ring = Outline.Ring(rawValue: ringText) else { throw row.error("ring", "expected outer, hole or line, found '\(ringText)'") }
                let part = try row.integer("part")
                guard part >= 1 else { throw row.error("part", "expected a part number from 1, found \(part)") }
                let ids = try row.string("schools").split(separator: ";").map(String.init)
                for id in ids where !known.contains(id) {
                    throw row.error("schools", "school '\(id)' is not among schools.csv's schools: the files are from different runs")
                }
                var points: [(x: Double, y: Double)] = []
                for (k, pair) in try row.string("points").split(separator: ";", omittingEmptySubsequences: false).enumerated() {
                    let xy = pair.split(separator: " ")
                    guard xy.count == 2, let x = Double(xy[0]), let y = Double(xy[1]), x.isFinite, y.isFinite else {
                        throw row.error("points", "point \(k + 1) is '\(pair)', expected 'x y' in km")
                    }
                    points.append((x, y))
                }
                guard points.count >= (ring == .line ? 2 : 3) else {
                    throw row.error("points", "a\(ring == .line ? " line" : "n \(ring.rawValue) ring") needs at least \(ring == .line ? 2 : 3) points, found \(points.count)")
                }
                return Outline(kind: kind, name: try row.string("name"), neighbour: try row.string("neighbour"), schools: ids,
                               part: part, ring: ring, points: points)
            }
        }
        var outputs = RunOutputs(scenario: document.scenario, schools: schools, figures: figures, figureOrder: order,
                                 budgets: budgets, map: map)
        outputs.chances = chances
        outputs.outlines = outlines
        return outputs
    }

    /// A decoding error of `json` in FairPlaces' words, at its line: Foundation's own text (e.g.
    /// "The given data was not valid JSON.") names no position and is not for users.
    static func located(_ error: Error, in json: String, file: String) -> ReportInputError {
        func field(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : "." + key.stringValue }
            }
            return text
        }
        func kind(_ type: Any.Type) -> String {
            switch type {
            case is any BinaryInteger.Type: return "a whole number"
            case is any BinaryFloatingPoint.Type: return "a number"
            case is String.Type: return "text"
            case is Bool.Type: return "true or false"
            default: return String(describing: type).hasPrefix("Array") ? "a list" : "an object"
            }
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return ReportInputError(file: file, line: JSONLocator.line(of: context.codingPath, in: json), field: field(context.codingPath + [key]),
                                    message: "missing: not a FairPlaces metrics file, or one another version wrote")
        case .typeMismatch(let type, let context)?:
            return ReportInputError(file: file, line: JSONLocator.line(of: context.codingPath, in: json), field: field(context.codingPath),
                                    message: "expected \(kind(type))")
        case .valueNotFound(let type, let context)?:
            return ReportInputError(file: file, line: JSONLocator.line(of: context.codingPath, in: json), field: field(context.codingPath),
                                    message: "expected \(kind(type)), found null")
        default:
            if let syntax = JSONLocator.syntaxError(in: json) {
                return ReportInputError(file: file, line: syntax.line, message: "not valid JSON: \(syntax.message)")
            }
            var path: [any CodingKey] = []
            if case .dataCorrupted(let context)? = error as? DecodingError { path = context.codingPath }
            return ReportInputError(file: file, line: JSONLocator.line(of: path, in: json), field: field(path),
                                    message: "a value FairPlaces does not write (e.g. a number out of range)")
        }
    }
}
