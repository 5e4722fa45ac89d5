/// One small area's deprivation from the English Indices of Deprivation 2019.
struct AreaDeprivation {
    var line: Int
    var district: String
    var districtName: String
    /// National IDACI rank, 1 = most deprived of 32,844 LSOAs.
    var idaciRank: Int
    var idaciDecile: Int
    /// The published IDACI score (File 5/7), when the file has it.
    var idaciScore: Double?
}

/// The IoD2019 file by 2011 LSOA, with the publisher's headers (File 1–3 and the joined copy in
/// `../shared/data/england`) or the short names of the case-study subsets.
enum DeprivationFile {
    /// LSOAs in England in IoD2019: ranks run from 1 to this.
    static let lsoaCount = 32_844

    static let known: [(String, [String])] = [
        ("area", ["LSOA code (2011)", "lsoa11cd"]),
        ("district", ["Local Authority District code (2019)", "lad19cd"]),
        ("district_name", ["Local Authority District name (2019)", "lad19nm"]),
        ("idaci_rank", ["Income Deprivation Affecting Children Index (IDACI) Rank (where 1 is most deprived)", "idaci_rank"]),
        ("idaci_decile", ["Income Deprivation Affecting Children Index (IDACI) Decile (where 1 is most deprived 10% of LSOAs)", "idaci_decile"]),
        ("idaci_score", ["Income Deprivation Affecting Children Index (IDACI) Score (rate)", "idaci_score"]),
    ]

    static func read(path: String, mapping: [String: String]) throws -> [String: AreaDeprivation] {
        let table = try CSVTable(path: path, field: "region.england.files.deprivation")
        let c = try PublishedColumns(table, known: known, required: ["area", "district", "idaci_rank", "idaci_decile"],
                                     mapping: mapping, fileField: "deprivation")
        var areas: [String: AreaDeprivation] = [:]
        areas.reserveCapacity(table.rowCount)
        for r in 0..<table.rowCount {
            try table.checkWidth(r)
            let line = table.line(r)
            let id = c.text(r, "area")
            if id.isEmpty { throw table.error(line, c.header("area"), "an LSOA code is required") }
            guard let rank = try c.number(r, "idaci_rank"), rank >= 1, rank <= Double(lsoaCount), rank == rank.rounded() else {
                throw table.error(line, c.header("idaci_rank"), "expected a rank from 1 to \(lsoaCount), got '\(c.text(r, "idaci_rank"))'")
            }
            guard let decile = try c.number(r, "idaci_decile"), (1...10).contains(decile), decile == decile.rounded() else {
                throw table.error(line, c.header("idaci_decile"), "expected a decile from 1 to 10, got '\(c.text(r, "idaci_decile"))'")
            }
            var score = try c.number(r, "idaci_score")
            if let s = score, !(0...1).contains(s) {
                throw table.error(line, c.header("idaci_score"), "expected a score (a share) from 0 to 1, got \(s)")
            }
            if !c.has("idaci_score") { score = nil }
            if areas[id] != nil { throw table.error(line, c.header("area"), "the LSOA \(id) appears twice") }
            areas[id] = AreaDeprivation(line: line, district: c.text(r, "district"), districtName: c.text(r, "district_name"),
                                        idaciRank: Int(rank), idaciDecile: Int(decile), idaciScore: score)
        }
        return areas
    }
}
