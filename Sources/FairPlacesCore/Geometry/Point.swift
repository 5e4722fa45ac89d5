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

/// A polygon with optional holes, used for catchment areas: an outer ring and the rings cut out of
/// it (a catchment around a park or another school's enclave). Rings need not repeat their first
/// corner at the end.
public struct Polygon: Equatable, Sendable {
    /// The outer ring.
    public var vertices: [Point]
    /// Rings inside the outer one whose points are not part of the polygon.
    public var holes: [[Point]]

    public init(vertices: [Point], holes: [[Point]] = []) {
        self.vertices = vertices
        self.holes = holes
    }

    /// Inside the outer ring and in no hole (each ring by the even–odd rule). A point exactly on an
    /// edge may fall either way, as on a real catchment boundary; callers needing a rule for
    /// boundary addresses supply areas.
    public func contains(_ p: Point) -> Bool {
        guard Polygon.ring(vertices, contains: p) else { return false }
        for hole in holes where Polygon.ring(hole, contains: p) { return false }
        return true
    }

    /// Even–odd rule for one ring.
    static func ring(_ ring: [Point], contains p: Point) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y) {
                let xCross = (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x
                if p.x < xCross { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    /// Every corner of every ring.
    public var allVertices: [Point] { vertices + holes.flatMap { $0 } }
}
