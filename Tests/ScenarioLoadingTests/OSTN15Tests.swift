import Foundation
import Testing
import Projection

/// WGS 84 → National Grid: OSTN15 inside the compiled window, the grid-free Helmert outside.
///
/// References, none of them computed by FairPlaces:
/// - OS test points TP04, TP05, TP09 (the Ordnance Survey's OSTN15 test data,
///   `OSTN15_TestInput_ETRStoOSGB.txt` / `OSTN15_TestOutput_ETRStoOSGB.txt` in OS's OSTN15
///   developer pack: ETRS89 latitude/longitude in, National Grid E/N out to the mm), the three of
///   the 40 inside the window. PyPI `osgb` 1.2.0 (`ll_to_grid`) gives the same E/N to the mm.
/// - Brighton points: `osgb` 1.2.0 `ll_to_grid` (OSTN15), and pyproj 3.7.2 (PROJ 9.5.1) with the
///   grid-free "Inverse of OSGB36 to WGS 84 (6) + British National Grid" for the Helmert.
@Suite struct OSTN15Tests {
    static func metres(_ a: (easting: Double, northing: Double), _ e: Double, _ n: Double) -> Double {
        ((a.easting - e) * (a.easting - e) + (a.northing - n) * (a.northing - n)).squareRoot()
    }

    @Test func osTestPointsWithinAMillimetreAndAHundredfoldInsideAMetre() throws {
        let t = try GridTransformation()
        // (id, ETRS89 latitude, longitude, OS's National Grid easting, northing)
        let points: [(String, Double, Double, Double, Double)] = [
            ("TP04", 50.57563665000, -1.29782277240, 449816.371, 75335.861),
            ("TP05", 50.93127937910, -1.45051433700, 438710.920, 114792.250),
            ("TP09", 51.48936564950, -0.11992557180, 530624.974, 178388.464),
        ]
        for (id, lat, lon, e, n) in points {
            #expect(t.coveredByOSTN15(longitude: lon, latitude: lat), "\(id)")
            let got = t.transform(longitude: lon, latitude: lat)
            // OS publishes to the mm; PROJ's transverse Mercator and OS's series agree far below it.
            #expect(Self.metres(got, e, n) < 0.001, "\(id): \(got) is \(Self.metres(got, e, n)) m from OS's \(e), \(n)")
        }
    }

    @Test func brightonPointsMatchOSTN15NotTheHelmert() throws {
        let t = try GridTransformation()
        // (lon, lat, OSTN15 by osgb, Helmert by pyproj): the Helmert is 2.07 m and 2.04 m away.
        let points: [(Double, Double, Double, Double, Double, Double)] = [
            (-0.13, 50.82, 531817.744, 103939.606, 531819.714, 103938.978),
            (-0.16, 50.85, 529621.629, 107222.307, 529623.579, 107221.707),
        ]
        for (lon, lat, e, n, he, hn) in points {
            let got = t.transform(longitude: lon, latitude: lat)
            #expect(Self.metres(got, e, n) < 0.001, "\(lon), \(lat): \(Self.metres(got, e, n)) m from OSTN15")
            #expect(Self.metres(got, he, hn) > 2.0, "\(lon), \(lat): should no longer be the Helmert")
        }
    }

    @Test func outsideTheWindowTheHelmertAsDocumented() throws {
        let t = try GridTransformation()
        #expect(t.operationName.contains("OSGB36 to WGS 84 (6)"), "\(t.operationName)")
        #expect(t.accuracyMetres == 2)
        // Leeds (−1.54, 53.80) is north of the window: pyproj's grid-free Helmert gives
        // 430395.500, 433842.154; osgb's OSTN15 gives 430395.813, 433840.384, 1.80 m away.
        #expect(!t.coveredByOSTN15(longitude: -1.54, latitude: 53.80))
        let leeds = t.transform(longitude: -1.54, latitude: 53.80)
        #expect(Self.metres(leeds, 430395.500, 433842.154) < 0.001, "\(leeds)")
        // Canterbury (1.08, 51.28) is east of it (National Grid ≈ 615 km east): Helmert too.
        #expect(!t.coveredByOSTN15(longitude: 1.08, latitude: 51.28))
        // Points in one call are transformed each by its own method, in place and in order.
        var x = [-0.13, -1.54], y = [50.82, 53.80]
        t.transform(longitudes: &x, latitudes: &y)
        #expect(Self.metres((x[0], y[0]), 531817.744, 103939.606) < 0.001)
        #expect(Self.metres((x[1], y[1]), 430395.500, 433842.154) < 0.001)
    }

    @Test func windowEdgesAndBilinearInterpolation() throws {
        let w = OSTN15Window.southEastEngland
        #expect(w.eastKm == 430...600 && w.northKm == 70...180)
        // At a node the shift is the node's value; the first value of each block in the file is
        // the south-west node (430 km, 70 km): 96.532 m east, and north as the file gives it.
        let sw = try #require(w.shift(easting: 430_000, northing: 70_000))
        #expect(abs(sw.east - 96.532) < 1e-9)
        // Half-way between four nodes the shift is their mean.
        let a = try #require(w.shift(easting: 531_000, northing: 104_000))
        let b = try #require(w.shift(easting: 532_000, northing: 104_000))
        let c = try #require(w.shift(easting: 531_000, northing: 105_000))
        let d = try #require(w.shift(easting: 532_000, northing: 105_000))
        let mid = try #require(w.shift(easting: 531_500, northing: 104_500))
        #expect(abs(mid.east - (a.east + b.east + c.east + d.east) / 4) < 1e-9)
        #expect(abs(mid.north - (a.north + b.north + c.north + d.north) / 4) < 1e-9)
        // The last row and column close the cells before them: on them, outside.
        #expect(w.shift(easting: 600_000, northing: 100_000) == nil)
        #expect(w.shift(easting: 500_000, northing: 180_000) == nil)
        #expect(w.shift(easting: 429_999.9, northing: 100_000) == nil)
        #expect(w.shift(easting: 599_999.9, northing: 179_999.9) != nil)
    }

    /// The compiled window is the file in Data/, byte for byte (both written by
    /// Data/tools/ostn15-window.py), so the documented data is the data used.
    @Test func compiledWindowIsTheDataFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("Data/ostn15-south-east.txt"), encoding: .utf8)
        #expect(file == OSTN15Window.southEastEnglandText)
        #expect(try OSTN15Window(text: file) == OSTN15Window.southEastEngland)
    }

    @Test func badWindowTextNamesItsLine() {
        func message(_ text: String) -> String {
            do { _ = try OSTN15Window(text: text); return "no error" } catch { return "\(error)" }
        }
        #expect(message("# c\nostn15-window 2\n") == "line 2: expected 'ostn15-window 1' (this reader knows version 1 only)")
        #expect(message("ostn15-window 1\neast_km 3 1\n") == "line 2: expected 'east_km MIN MAX' with whole km, MIN < MAX")
        let head = "ostn15-window 1\neast_km 0 1\nnorth_km 0 1\neast_shift_mm\n1 2\n"
        #expect(message(head + "3\n") == "line 6: east_shift_mm row 2 has 1 values, expected 2 (one per km east)")
        #expect(message(head + "3 x\n") == "line 6: 'x' is not a shift in whole millimetres")
        #expect(message(head + "3 4\n") == "line 7: the text ends where 'north_shift_mm' should be")
        #expect(message(head + "3 4\nnorth_shift_mm\n1 2\n3 4\n5\n") == "line 10: unexpected text after the last row")
    }
}
