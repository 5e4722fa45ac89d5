import Foundation
import FairPlacesCore

/// `region.postcodes`: a real place's year group drawn postcode by postcode from a postcode
/// population file (one row per postcode with its National Grid point, a count of children and its
/// area's IDACI), as councils and researchers hold them — e.g. the Brighton & Hove postcode file
/// of Census 2021 dependent children apportioned to postcodes.
///
/// Each postcode is a small area of the region (its id is the postcode, its centroid the postcode
/// point) and its pupils live at that point, so chances can be asked for by postcode. The cohort is
/// shared out in proportion to the weight column by largest remainders (no random draw: the same
/// postcodes hold the same numbers of pupils whatever the seed); pupils' FSM, siblings, needs and
/// faith are then drawn as for England's areas (`AreaCohort`), FSM calibrated to `fsm_share`.
enum PostcodeSection {
    static let fields = ["file", "columns", "cohort", "fsm_share", "pupils"]
    static let columnFields = ["postcode", "easting", "northing", "weight", "idaci_score", "idaci_decile", "status"]
    /// ONS Postcode Directory names, which many postcode files keep.
    static let defaultColumns = ["postcode": "pcds", "easting": "oseast1m", "northing": "osnrth1m",
                                 "idaci_score": "idaci_score", "idaci_decile": "idaci_decile"]

    static func build(_ node: ScenarioNode, schools: [School], seed: UInt64, scenarioPath: String) throws -> BuiltRegion {
        let r = try FieldReader(node, allowed: fields)
        let fileNode = try r.require("file")
        let path = try ScenarioLoader.inputFile(fileNode, scenarioPath: scenarioPath, what: "postcode file")
        var columns = defaultColumns
        let columnsNode = try r.require("columns")
        let c = try FieldReader(columnsNode, allowed: columnFields)
        for field in columnFields { if let v = c[field] { columns[field] = try v.string() } }
        guard columns["weight"] != nil else { throw columnsNode.error("columns.weight names the column of children to share the cohort by") }
        let cohortNode = try r.require("cohort")
        let cohort = try cohortNode.int(in: 1...10_000_000)
        let fsmShare = try r.double("fsm_share", default: 0.227, in: 0...1)
        var rates = SyntheticRegionSpec()
        if let p = r["pupils"] {
            try SyntheticSection.readPupilRates(try FieldReader(p, allowed: SyntheticSection.pupilRateFields), into: &rates)
        }

        let table = try CSVTable(path: path, field: "region.postcodes.file")
        for field in ["postcode", "easting", "northing", "weight", "idaci_score", "idaci_decile", "status"] {
            guard let name = columns[field] else { continue }
            guard table.column(name) != nil else {
                let blame = c[field] ?? columnsNode
                throw blame.error("the postcode file has no column '\(name)' (for \(field)); its columns include: \(table.header.prefix(8).joined(separator: ", "))")
            }
        }
        var ids: [String] = [], points: [Point] = [], weights: [Double] = [], scores: [Double] = [], deciles: [UInt8] = []
        var seen: Set<String> = [], leftOut = 0
        for (line, v) in try table.records() {
            if let status = columns["status"], let value = v[status], !value.isEmpty, value != "Live" {
                leftOut += 1
                continue
            }
            let id = v[columns["postcode"]!] ?? ""
            guard !id.isEmpty else { throw table.error(line, columns["postcode"]!, "a postcode is empty") }
            guard seen.insert(id).inserted else { throw table.error(line, columns["postcode"]!, "the postcode '\(id)' appears twice") }
            let e = try table.double(v, columns["easting"]!, line: line, in: -100_000...800_000)
            let n = try table.double(v, columns["northing"]!, line: line, in: -100_000...1_400_000)
            ids.append(id)
            points.append(Point(x: e / 1000, y: n / 1000))
            weights.append(try table.double(v, columns["weight"]!, line: line, default: 0, in: 0...1_000_000))
            scores.append(try table.double(v, columns["idaci_score"]!, line: line, in: 0...1))
            deciles.append(UInt8(try table.double(v, columns["idaci_decile"]!, line: line, in: 1...10)))
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { throw (c["weight"] ?? columnsNode).error("the weight column sums to 0 over the file's postcodes") }
        let counts = apportion(cohort, weights: weights)
        let areas = ids.indices.map {
            AreaCohortSpec.Area(id: ids[$0], centroid: points[$0], idaciScore: scores[$0], idaciDecile: deciles[$0],
                                pupils: counts[$0], authority: 0)
        }
        var spec = AreaCohortSpec(areas: areas, authorityFSMShare: [fsmShare], rates: rates)
        // Every pupil of a postcode lives at its point.
        spec.homePoints = points
        spec.homePointOffsets = Array(0...points.count)
        let faithNames = ["none"] + Set(rates.faithShares.map(\.0) + schools.map(\.religiousCharacter).filter { !$0.isEmpty }).sorted()
        let region = AreaCohort.build(spec, schools: schools, faithNames: faithNames, seed: seed)
        var notices = ["postcode region: \(ids.count) postcodes, \(counts.filter { $0 > 0 }.count) with pupils, \(region.pupils.count) pupils shared by '\(columns["weight"]!)'"]
        if leftOut > 0 { notices.append("\(leftOut) postcode(s) not 'Live' in '\(columns["status"]!)' left out") }
        return BuiltRegion(region: region, statedPreferences: nil, notices: notices)
    }

    /// Whole numbers summing to `total` in proportion to `weights` (largest remainder; equal
    /// remainders to the earlier row), so the cohort is exactly the number asked for.
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        let exact = weights.map { $0 / sum * Double(total) }
        var counts = exact.map { Int($0.rounded(.down)) }
        let left = total - counts.reduce(0, +)
        let order = exact.indices.sorted { a, b in
            let ra = exact[a] - Double(counts[a]), rb = exact[b] - Double(counts[b])
            return ra != rb ? ra > rb : a < b
        }
        for k in order.prefix(left) { counts[k] += 1 }
        return counts
    }
}
