import Foundation
import Testing
@testable import ScenarioLoading
import FairPlacesCore
import Projection

/// Catchments read from GeoJSON maps, transformed from WGS 84 to British National Grid km by
/// OSTN15 (the fixtures lie in Brighton, inside the compiled OSTN15 window).
///
/// The National Grid versions of the fixtures were worked out independently in a scratch Python
/// environment with PyPI `osgb` 1.2.0 (`ll_to_grid`, the Ordnance Survey's OSTN15, to the mm), so
/// the two versions of a map agree to the millimetre when FairPlaces applies OSTN15 correctly; the
/// transformation itself is checked against OS's test points in `OSTN15Tests`.
@Suite struct GeoJSONCatchmentTests {
    // Part A: a lon/lat square with a square hole; part B: a second square to the east.
    static let ringA = [(-0.16, 50.82), (-0.13, 50.82), (-0.13, 50.85), (-0.16, 50.85)]
    static let holeA = [(-0.15, 50.83), (-0.14, 50.83), (-0.14, 50.84), (-0.15, 50.84)]
    static let ringB = [(-0.10, 50.81), (-0.08, 50.81), (-0.08, 50.83), (-0.10, 50.83)]
    // The same corners in British National Grid metres (osgb 1.2.0, OSTN15).
    static let ringABNG = [(529704.693, 103886.588), (531817.744, 103939.606), (531733.328, 107275.343), (529621.629, 107222.307)]
    static let holeABNG = [(530381.197, 105016.072), (531085.400, 105033.745), (531057.423, 106145.640), (530353.372, 106127.963)]
    static let ringBBNG = [(533959.392, 102881.584), (535368.385, 102917.981), (535310.588, 105141.799), (533902.196, 105105.399)]

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

    /// Homes at points worked out in lon/lat and transformed by osgb (OSTN15): in part A
    /// (−0.155, 50.825), in A's hole (−0.145, 50.835), in part B (−0.09, 50.82), between the parts
    /// (−0.12, 50.82).
    static let pupils = """
        id,x_km,y_km
        inA,530.0430,104.4513
        hole,530.7193,105.5808
        inB,534.6351,104.0116
        between,532.5221,103.9575
        """

    static func scenario(catchment: String) -> String {
        """
        region:
          files: {pupils: pupils.csv}
        schools:
          list:
            - id: S
              location_km: [530.0430, 104.4513]
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
        // Both are OSTN15 (osgb rounds to the mm), so within 1 m with room to spare: 2 mm.
        for (p, q) in zip(a, b) {
            #expect(p.distance(to: q) * 1000 < 0.002, "corner \(p) vs \(q): \(p.distance(to: q) * 1000) m")
        }
        all["scenario.yaml"] = Self.scenario(catchment: "{file: bng.geojson, feature: Central, property: catchment}")
        #expect(try Self.members(all) == [true, false, true, false])
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
