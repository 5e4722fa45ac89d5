import FairPlacesCore

/// The small-area files: population-weighted centroids, population by single year of age, and
/// (optionally) postcode points, each keyed by 2011 LSOA code.
enum SmallAreaFiles {
    static let centroidColumns: [(String, [String])] = [
        ("area", ["lsoa11cd", "LSOA11CD"]), ("easting", ["easting", "X"]), ("northing", ["northing", "Y"]),
    ]
    static let postcodeColumns: [(String, [String])] = [
        ("postcode", ["postcode", "pcds"]), ("area", ["lsoa11cd", "lsoa11"]), ("easting", ["easting", "oseast1m"]),
        ("northing", ["northing", "osnrth1m"]),
    ]

    /// Centroids in km on the British National Grid.
    static func centroids(path: String, mapping: [String: String]) throws -> [String: Point] {
        let table = try CSVTable(path: path, field: "region.england.files.centroids")
        let c = try PublishedColumns(table, known: centroidColumns, required: ["area", "easting", "northing"],
                                     mapping: mapping, fileField: "centroids")
        var points: [String: Point] = [:]
        points.reserveCapacity(table.rowCount)
        for r in 0..<table.rowCount {
            try table.checkWidth(r)
            guard let x = try c.metres(r, "easting"), let y = try c.metres(r, "northing") else {
                throw table.error(table.line(r), c.header("easting"), "the centroid of \(c.text(r, "area")) has no coordinates")
            }
            points[c.text(r, "area")] = Point(x: x / 1000, y: y / 1000)
        }
        return points
    }

    /// Children of `age` in each area.
    static func population(path: String, age: Int, mapping: [String: String]) throws -> [String: Int] {
        let table = try CSVTable(path: path, field: "region.england.files.population")
        let ageColumn = "age_\(age)"
        let c = try PublishedColumns(table, known: [("area", ["lsoa11cd", "LSOA Code"]), ("count", [ageColumn, "\(age)"])],
                                     required: ["area", "count"], mapping: mapping, fileField: "population")
        var counts: [String: Int] = [:]
        counts.reserveCapacity(table.rowCount)
        for r in 0..<table.rowCount {
            try table.checkWidth(r)
            guard let v = try c.number(r, "count"), v >= 0, v == v.rounded() else {
                throw table.error(table.line(r), c.header("count"), "expected a count of children, got '\(c.text(r, "count"))'")
            }
            counts[c.text(r, "area")] = Int(v)
        }
        return counts
    }

    /// Postcode points (km) grouped by area.
    static func postcodes(path: String, mapping: [String: String]) throws -> [String: [Point]] {
        let table = try CSVTable(path: path, field: "region.england.files.postcodes")
        let c = try PublishedColumns(table, known: postcodeColumns, required: ["area", "easting", "northing"],
                                     mapping: mapping, fileField: "postcodes")
        var points: [String: [Point]] = [:]
        for r in 0..<table.rowCount {
            try table.checkWidth(r)
            guard let x = try c.metres(r, "easting"), let y = try c.metres(r, "northing") else {
                throw table.error(table.line(r), c.header("easting"), "postcode \(c.text(r, "postcode")) has no coordinates")
            }
            points[c.text(r, "area"), default: []].append(Point(x: x / 1000, y: y / 1000))
        }
        return points
    }
}
