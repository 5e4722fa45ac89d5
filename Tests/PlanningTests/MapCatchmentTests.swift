import Testing
@testable import ScenarioLoading
import FairPlacesCore
import Planning

/// A planning year's catchment change may come from a GeoJSON map, as a school's catchment can.
@Suite("Catchment maps in planning years")
struct MapCatchmentTests {
    /// West's new catchment: the western 12 km with a hole around (5, 5), drawn in the region's km.
    static let map = """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"name": "West 2027"},
           "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [12, 0], [12, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}}
        ]}
        """

    @Test("a year's catchment read from a map, hole included")
    func mapCatchmentInAYear() throws {
        let f = try PlanFixture(["map.geojson": Self.map, "plan.yaml": councilScenario(options: """
                - name: Map
                  years:
                    - year: 2027
                      catchment: {W: {file: map.geojson, feature: West 2027, crs: km}}
            """)])
        defer { f.remove() }
        let option = try f.load().spec.options[0]
        #expect(option.timeline.schools(in: 2026).schools[0].arrangements.catchment == nil)
        guard case .multiPolygon(let shape)? = option.timeline.schools(in: 2027).schools[0].arrangements.catchment else {
            Issue.record("no map catchment in 2027"); return
        }
        #expect(shape.contains(Point(x: 2, y: 2)) && !shape.contains(Point(x: 5, y: 5)) && !shape.contains(Point(x: 13, y: 5)))
    }

    @Test("an unknown feature in a year's map is located at the year's field")
    func unknownFeature() throws {
        let f = try PlanFixture(["map.geojson": Self.map, "plan.yaml": councilScenario(options: """
                - name: Map
                  years:
                    - year: 2027
                      catchment: {W: {file: map.geojson, feature: West 2028, crs: km}}
            """)])
        defer { f.remove() }
        let error = try #require(f.loadError())
        #expect(error.field.hasSuffix("catchment.W.feature") && error.message.contains("the map has: West 2027"), "\(error)")
    }
}
