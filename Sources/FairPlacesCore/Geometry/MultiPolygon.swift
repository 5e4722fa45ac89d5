/// Several polygons that together form one area: a catchment in separate parts (GeoJSON's
/// MultiPolygon, e.g. a school's catchment split by a neighbour's, or an island).
///
/// A bounding box is kept so the many points outside it (most pupils, for most catchments) are
/// rejected with four comparisons before any ring is walked.
public struct MultiPolygon: Equatable, Sendable {
    public let parts: [Polygon]
    /// The smallest axis-aligned box holding every outer ring: (min x, min y, max x, max y).
    public let bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)

    public init(parts: [Polygon]) {
        self.parts = parts
        var b = (minX: Double.infinity, minY: Double.infinity, maxX: -Double.infinity, maxY: -Double.infinity)
        for part in parts {
            for v in part.vertices {
                b.minX = min(b.minX, v.x); b.minY = min(b.minY, v.y)
                b.maxX = max(b.maxX, v.x); b.maxY = max(b.maxY, v.y)
            }
        }
        bounds = b
    }

    /// In any part (and outside that part's holes).
    public func contains(_ p: Point) -> Bool {
        guard p.x >= bounds.minX, p.x <= bounds.maxX, p.y >= bounds.minY, p.y <= bounds.maxY else { return false }
        for part in parts where part.contains(p) { return true }
        return false
    }

    public static func == (a: MultiPolygon, b: MultiPolygon) -> Bool { a.parts == b.parts }
}
