import Foundation
import Testing
@testable import ScenarioLoading
import FairPlacesCore
import Projection

/// Catchments read from GeoJSON maps, transformed from WGS 84 to British National Grid km by PROJ.
///
/// Reference values were worked out independently in a scratch Python environment: pyproj 3.7.2
/// (PROJ 9.5.1) with the grid-free EPSG operation "Inverse of OSGB36 to WGS 84 (6) + British
/// National Grid", and the Ordnance Survey's definitive OSTN15 transformation as implemented by
/// the `osgb` package (OS's published grid). FairPlaces uses the same grid-free operation, so it
/// agrees with pyproj to well under a millimetre, and with OSTN15 to about 2 m in Brighton.
@Suite struct GeoJSONCatchmentTests {
    // Part A: a lon/lat square with a square hole; part B: a second square to the east.
    static let ringA = [(-0.16, 50.82), (-0.13, 50.82), (-0.13, 50.85), (-0.16, 50.85)]
    static let holeA = [(-0.15, 50.83), (-0.14, 50.83), (-0.14, 50.84), (-0.15, 50.84)]
    static let ringB = [(-0.10, 50.81), (-0.08, 50.81), (-0.08, 50.83), (-0.10, 50.83)]
    // The same corners in British National Grid metres (pyproj, grid-free Helmert).
    static let ringABNG = [(529706.652, 103885.937), (531819.714, 103938.978), (531735.286, 107274.737), (529623.579, 107221.707)]
    static let holeABNG = [(530383.170, 105015.442), (531087.373, 105033.122), (531059.381, 106145.042), (530355.328, 106127.364)]
    static let ringBBNG = [(533961.355, 102880.966), (535370.355, 102917.378), (535312.576, 105141.199), (533904.178, 105104.792)]

    /// GeoJSON rings close on their first position.
    static func ring(_ corners: [(Double, Double)]) -> String {
        (corners + [corners[0]]).map { "[\($0.0), \($0.1)]" }.joined(separator: ", ")
    }

    static func map(_ a: [(Double, Double)], _ hole: [(Double, Double)], _ b: [(Double, Double)], crs: String?) -> String {
        let crsMember = crs.map { "\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"\($0)\"}},\n" } ?? ""
        return """
            {
            "type": "FeatureCollection",
            \(crsMember)"features": [
            { "type": "Feature", "properties": { "id": 1, "catchment": "Central" },
              "geometry": { "type": "MultiPolygon", "coordinates": [ [ [ \(ring(a)) ], [ \(ring(hole)) ] ], [ [ \(ring(b)) ] ] ] } },
            { "type": "Feature", "properties": { "id": 2, "catchment": "East" },
              "geometry": { "type": "Polygon", "coordinates": [ [ \(ring(b)) ] ] } }
            ]
            }
            """
    }

    static let wgs84Map = map(ringA, holeA, ringB, crs: "urn:ogc:def:crs:OGC:1.3:CRS84")
    static let bngMap = map(ringABNG, holeABNG, ringBBNG, crs: "urn:ogc:def:crs:EPSG::27700")
    static let bngMapWithoutCRS = map(ringABNG, holeABNG, ringBBNG, crs: nil)

    /// Homes at points worked out in lon/lat and transformed by pyproj: in part A (−0.155, 50.825),
    /// in A's hole (−0.145, 50.835), in part B (−0.09, 50.82), between the parts (−0.12, 50.82).
    static let pupils = """
        id,x_km,y_km
        inA,530.0449,104.4507
        hole,530.7213,105.5802
        inB,534.6371,104.0110
        between,532.5241,103.9568
        """

    static func scenario(catchment: String) -> String {
        """
        region:
          files: {pupils: pupils.csv}
        schools:
          list:
            - id: S
              location_km: [530.0449, 104.4507]
              pan: 10
              arrangements:
                criteria: [catchment]
                catchment: \(catchment)
        """
    }

    /// The error loading `scenario.yaml` among `files` gives, wherever it points.
    static func error(_ files: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws -> ScenarioError? {
        let fixture = try Fixture(files)
        defer { fixture.remove() }
        return loadError(fixture, sourceLocation: sourceLocation)
    }

    static func members(_ files: [String: String]) throws -> [Bool] {
        let fixture = try Fixture(files)
        defer { fixture.remove() }
        let region = try fixture.load().spec.region
        return (0..<region.pupils.count).map { region.inCatchment(pupil: $0, school: 0) }
    }

    static func shape(_ files: [String: String]) throws -> MultiPolygon? {
        let fixture = try Fixture(files)
        defer { fixture.remove() }
        guard case .multiPolygon(let shape)? = try fixture.load().spec.region.schools[0].arrangements.catchment else { return nil }
        return shape
    }

    @Test func multiPolygonWithAHoleFromWGS84() throws {
        let inside = try Self.members(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Central, property: catchment}"),
                                       "pupils.csv": Self.pupils, "map.geojson": Self.wgs84Map])
        #expect(inside == [true, false, true, false])
        // The single-part feature holds only the eastern home.
        let east = try Self.members(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: East, property: catchment}"),
                                     "pupils.csv": Self.pupils, "map.geojson": Self.wgs84Map])
        #expect(east == [false, false, true, false])
    }

    @Test func bngAndWGS84VersionsAgreeWithinAMetre() throws {
        let files = ["pupils.csv": Self.pupils, "wgs.geojson": Self.wgs84Map, "bng.geojson": Self.bngMap,
                     "plain.geojson": Self.bngMapWithoutCRS]
        var all = files
        all["scenario.yaml"] = Self.scenario(catchment: "{file: wgs.geojson, feature: Central, property: catchment}")
        let fromWGS = try #require(try Self.shape(all))
        all["scenario.yaml"] = Self.scenario(catchment: "{file: bng.geojson, feature: Central, property: catchment, crs: bng}")
        let fromBNG = try #require(try Self.shape(all))
        // No crs member: National Grid metres recognised from the coordinates' size.
        all["scenario.yaml"] = Self.scenario(catchment: "{file: plain.geojson, feature: Central, property: catchment}")
        let detected = try #require(try Self.shape(all))
        #expect(detected == fromBNG)
        #expect(fromWGS.parts.count == 2 && fromWGS.parts[0].holes.count == 1)
        let a = fromWGS.parts.flatMap(\.allVertices), b = fromBNG.parts.flatMap(\.allVertices)
        #expect(a.count == 12 && b.count == 12)
        for (p, q) in zip(a, b) {
            #expect(p.distance(to: q) * 1000 < 1.0, "corner \(p) vs \(q): \(p.distance(to: q) * 1000) m")
        }
        all["scenario.yaml"] = Self.scenario(catchment: "{file: bng.geojson, feature: Central, property: catchment}")
        #expect(try Self.members(all) == [true, false, true, false])
    }

    @Test func transformationMatchesIndependentValues() throws {
        let t = try GridTransformation()
        #expect(t.operationName.contains("OSGB36 to WGS 84 (6)"), "\(t.operationName)")
        #expect(t.accuracyMetres == 2)
        for ((lon, lat), (e, n)) in zip(Self.ringA + Self.holeA + Self.ringB, Self.ringABNG + Self.holeABNG + Self.ringBBNG) {
            let got = t.transform(longitude: lon, latitude: lat)
            #expect(abs(got.easting - e) < 0.001 && abs(got.northing - n) < 0.001, "\(lon), \(lat): \(got)")
        }
        // OSTN15 (OS's definitive transformation, via `osgb`): (−0.13, 50.82) → 531817.744, 103939.606;
        // (−0.16, 50.85) → 529621.629, 107222.307. The Helmert is 2.07 m and 2.04 m away.
        for (lon, lat, e, n) in [(-0.13, 50.82, 531817.744, 103939.606), (-0.16, 50.85, 529621.629, 107222.307)] {
            let got = t.transform(longitude: lon, latitude: lat)
            let off = ((got.easting - e) * (got.easting - e) + (got.northing - n) * (got.northing - n)).squareRoot()
            #expect(off < 2.5, "\(lon), \(lat): \(off) m from OSTN15")
        }
    }

    @Test func missingMapNamesTheField() throws {
        try expectScenarioError(["scenario.yaml": Self.scenario(catchment: "{file: nowhere.geojson, feature: Central}"),
                                 "pupils.csv": Self.pupils],
                                line: 10, marker: "nowhere.geojson", field: "schools.list[0].arrangements.catchment.file",
                                message: ["does not exist"])
    }

    @Test func badJSONIsLocatedInTheMap() throws {
        let broken = "{\n\"type\": \"FeatureCollection\",\n\"features\": [1, 2,, 3]\n}\n"
        let error = try #require(try Self.error(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Central}"),
                                                                  "pupils.csv": Self.pupils, "map.geojson": broken]))
        #expect(error.file.hasSuffix("map.geojson") && error.line == 3, "\(error)")
        #expect(error.message.contains("not valid JSON"), "\(error)")
    }

    @Test func unknownFeatureListsTheNames() throws {
        try expectScenarioError(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Patcham, property: catchment}"),
                                 "pupils.csv": Self.pupils, "map.geojson": Self.wgs84Map],
                                line: 10, marker: "Patcham", field: "schools.list[0].arrangements.catchment.feature",
                                message: ["no feature", "catchment 'Patcham'", "the map has: Central, East"])
        try expectScenarioError(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Central}"),
                                 "pupils.csv": Self.pupils, "map.geojson": Self.wgs84Map],
                                line: 10, marker: "Central", field: "schools.list[0].arrangements.catchment.feature",
                                message: ["no feature", "has the property 'name'", "catchment, id"])
    }

    @Test func lonLatReadAsKmIsOutsideTheRegion() throws {
        // The map's corners taken as km (a wrong `crs: km`) lie ~530 km west of every home.
        let error = try #require(try Self.error(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Central, property: catchment, crs: km}"),
                                                                  "pupils.csv": Self.pupils,
                                                                  "map.geojson": Self.map(Self.ringA, Self.holeA, Self.ringB, crs: nil)]))
        #expect(error.file.hasSuffix("map.geojson") && error.line == 5, "\(error)")
        #expect(error.field == "features[0].geometry.coordinates[0][0][0]", "\(error)")
        #expect(error.message.contains("outside the region"), "\(error)")
        // And lon/lat pasted into polygon_km.
        try expectScenarioError(["scenario.yaml": Self.scenario(catchment: "{polygon_km: [[-0.16, 50.82], [-0.13, 50.82], [-0.13, 50.85]]}"),
                                 "pupils.csv": Self.pupils],
                                line: 10, marker: "polygon_km", columnOf: "[-0.16", field: "schools.list[0].arrangements.catchment.polygon_km[0]",
                                message: ["lies", "km outside the region", "another system"])
    }

    @Test func nonFiniteCoordinateIsLocated() throws {
        let text = Self.wgs84Map.replacingOccurrences(of: "[-0.13, 50.85]", with: "[-0.13, 1e999]")
        let error = try #require(try Self.error(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Central, property: catchment}"),
                                                                  "pupils.csv": Self.pupils, "map.geojson": text]))
        #expect(error.file.hasSuffix("map.geojson") && error.line == 6, "\(error)")
        #expect(error.field.hasPrefix("features[0].geometry.coordinates[0][0][2]"), "\(error)")
        #expect(error.message.contains("finite"), "\(error)")
    }

    @Test func otherGeometriesAndSystemsAreRefused() throws {
        let point = "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"name\": \"Central\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [0, 51]}}]}"
        let error = try #require(try Self.error(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Central}"),
                                                                  "pupils.csv": Self.pupils, "map.geojson": point]))
        #expect(error.message.contains("Polygon or MultiPolygon, got 'Point'"), "\(error)")
        let mercator = Self.map(Self.ringA, Self.holeA, Self.ringB, crs: "urn:ogc:def:crs:EPSG::3857")
        let crsError = try #require(try Self.error(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Central, property: catchment}"),
                                                                     "pupils.csv": Self.pupils, "map.geojson": mercator]))
        #expect(crsError.line == 3 && crsError.message.contains("EPSG::3857"), "\(crsError)")
        // Stating a system the file contradicts.
        let conflict = try #require(try Self.error(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Central, property: catchment, crs: bng}"),
                                                                     "pupils.csv": Self.pupils, "map.geojson": Self.wgs84Map]))
        #expect(conflict.field == "schools.list[0].arrangements.catchment.crs" && conflict.message.contains("declares wgs84"), "\(conflict)")
    }

    @Test func compactJSONReads() throws {
        let compact = Self.wgs84Map.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "")
        let inside = try Self.members(["scenario.yaml": Self.scenario(catchment: "{file: map.geojson, feature: Central, property: catchment}"),
                                       "pupils.csv": Self.pupils, "map.geojson": compact])
        #expect(inside == [true, false, true, false])
    }
}
