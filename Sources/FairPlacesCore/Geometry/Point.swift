/// A location on a planar grid, in kilometres (e.g. British National Grid eastings and northings / 1000).
///
/// Admission authorities measure straight-line distance on the national grid, so planar Euclidean
/// distance is the domain's own measure, not an approximation of great-circle distance.
public struct Point: Equatable, Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Straight-line distance in km.
    public func distance(to other: Point) -> Double {
        let dx = x - other.x, dy = y - other.y
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// A simple polygon (no holes), used for catchment areas.
public struct Polygon: Equatable, Sendable {
    public var vertices: [Point]

    public init(vertices: [Point]) {
        self.vertices = vertices
    }

    /// Even–odd rule point-in-polygon test. A point exactly on an edge may fall either way, as
    /// on a real catchment boundary; callers needing a rule for boundary addresses supply areas.
    public func contains(_ p: Point) -> Bool {
        var inside = false
        var j = vertices.count - 1
        for i in 0..<vertices.count {
            let a = vertices[i], b = vertices[j]
            if (a.y > p.y) != (b.y > p.y) {
                let xCross = (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x
                if p.x < xCross { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}
