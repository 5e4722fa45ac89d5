/// A rectangular window of the Ordnance Survey's OSTN15 grid: at every 1 km node of the window,
/// the shifts (metres) that take ETRS89 coordinates, projected with the National Grid's transverse
/// Mercator on the GRS80 ellipsoid, to OSGB36 National Grid eastings and northings.
///
/// OSTN15 is defined by bilinear interpolation of these shifts between the four nodes around a
/// point (OS, "Transformations and OSGM15 user guide", 2016), which `shift(easting:northing:)` does
/// exactly as the OS describes it. The window is read from the text format of
/// `Data/ostn15-south-east.txt` (described in `Data/README.md`).
public struct OSTN15Window: Sendable, Equatable {
    /// The window's south-west node and its size in nodes, km on the National Grid.
    public let eastKm: ClosedRange<Int>
    public let northKm: ClosedRange<Int>
    /// Shifts in millimetres, row by row from the south (as OS gives them, to the mm).
    let eastShiftMm: [Int32]
    let northShiftMm: [Int32]

    /// A line of the text that does not hold what the format says, with its 1-based number.
    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads the text format: `#` comment lines, `ostn15-window 1`, `east_km MIN MAX`,
    /// `north_km MIN MAX`, then `east_shift_mm` and `north_shift_mm`, each followed by one line per
    /// northing (south first) of one integer per easting (west first).
    public init(text: String) throws {
        var lines: [(number: Int, text: Substring)] = []
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.hasPrefix("#") && !line.isEmpty {
            lines.append((k + 1, line))
        }
        var next = 0
        func take(_ what: String) throws -> (number: Int, fields: [Substring]) {
            guard next < lines.count else {
                throw FormatError(line: (lines.last?.number ?? 0) + 1, message: "the text ends where \(what) should be")
            }
            defer { next += 1 }
            return (lines[next].number, lines[next].text.split(separator: " "))
        }
        func range(_ key: String) throws -> ClosedRange<Int> {
            let (number, f) = try take("'\(key) MIN MAX'")
            guard f.count == 3, f[0] == key, let lo = Int(f[1]), let hi = Int(f[2]), lo < hi else {
                throw FormatError(line: number, message: "expected '\(key) MIN MAX' with whole km, MIN < MAX")
            }
            return lo...hi
        }
        let header = try take("'ostn15-window 1'")
        guard header.fields == ["ostn15-window", "1"] else {
            throw FormatError(line: header.number, message: "expected 'ostn15-window 1' (this reader knows version 1 only)")
        }
        eastKm = try range("east_km")
        northKm = try range("north_km")
        let columns = eastKm.count, rows = northKm.count
        func block(_ name: String) throws -> [Int32] {
            let title = try take("'\(name)'")
            guard title.fields == [Substring(name)] else { throw FormatError(line: title.number, message: "expected '\(name)'") }
            var values: [Int32] = []
            values.reserveCapacity(columns * rows)
            for row in 0..<rows {
                let (number, f) = try take("row \(row + 1) of \(rows) of \(name)")
                guard f.count == columns else {
                    throw FormatError(line: number, message: "\(name) row \(row + 1) has \(f.count) values, expected \(columns) (one per km east)")
                }
                for v in f {
                    // OSTN15's shifts lie between about 86 and 104 m east and −50 and −82 m north.
                    guard let mm = Int32(v), abs(mm) < 200_000 else {
                        throw FormatError(line: number, message: "'\(v)' is not a shift in whole millimetres")
                    }
                    values.append(mm)
                }
            }
            return values
        }
        eastShiftMm = try block("east_shift_mm")
        northShiftMm = try block("north_shift_mm")
        if next < lines.count { throw FormatError(line: lines[next].number, message: "unexpected text after the last row") }
    }

    /// The OSTN15 shifts at a transverse Mercator (GRS80) point, bilinear between the four nodes
    /// around it; nil where the point lies outside the window (its last row and column are the far
    /// nodes of the cells before them, so a point on the northern or eastern edge is outside).
    public func shift(easting: Double, northing: Double) -> (east: Double, north: Double)? {
        let x = easting / 1000, y = northing / 1000
        guard x >= Double(eastKm.lowerBound), x < Double(eastKm.upperBound),
              y >= Double(northKm.lowerBound), y < Double(northKm.upperBound) else { return nil }
        let i = Int(x.rounded(.down)), j = Int(y.rounded(.down))
        let t = x - Double(i), u = y - Double(j)
        let columns = eastKm.count
        let sw = (j - northKm.lowerBound) * columns + (i - eastKm.lowerBound)
        let se = sw + 1, nw = sw + columns, ne = nw + 1
        func interpolate(_ v: [Int32]) -> Double {
            ((1 - t) * (1 - u) * Double(v[sw]) + t * (1 - u) * Double(v[se])
                + (1 - t) * u * Double(v[nw]) + t * u * Double(v[ne])) / 1000
        }
        return (interpolate(eastShiftMm), interpolate(northShiftMm))
    }

    /// The window compiled into this module: south-east England, National Grid km 430–600 east,
    /// 70–180 north (Sussex, Brighton & Hove, Surrey, Hampshire east of Southampton, south London).
    public static let southEastEngland: OSTN15Window = {
        do { return try OSTN15Window(text: OSTN15SouthEast.text) } catch {
            // The text is generated and checked by a test against Data/ostn15-south-east.txt.
            preconditionFailure("the compiled OSTN15 window does not read: \(error)")
        }
    }()

    /// The compiled window's text, for checking it against the file in `Data/`.
    public static var southEastEnglandText: String { OSTN15SouthEast.text }
}
