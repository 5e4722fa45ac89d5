/// Where areas known only by a point each (e.g. LSOA population-weighted centroids) meet: the edges
/// of their Voronoi cells (each point's cell holds the places nearer to it than to any other point)
/// that separate points of different labels (authorities, or in and out of a catchment), joined into
/// lines. With no boundary data, this is the outline of a group of small areas that their centres
/// support: the true boundary lies somewhere between two centres, and the Voronoi edge is halfway.
///
/// Cells are cut off at `reach` km from their point, so where a group's areas end with no other
/// point beyond (a coast, or the edge of the data) no line is drawn out to nowhere: a line between
/// two points further apart than twice `reach` is not drawn at all.
///
/// Every vertex is computed from the sorted indices of the points that define it (the circumcentre
/// of three points, or where a bisector leaves the `reach` disc), so the same vertex seen from
/// different cells has the same bits, lines join exactly, and the output is deterministic.
public enum VoronoiBoundaries {
    /// One line between two labels: its points in order (closed when the first equals the last).
    public struct Line: Equatable, Sendable {
        /// The two labels the line separates, the lower first.
        public var labels: (Int, Int)
        public var points: [Point]

        public static func == (a: Line, b: Line) -> Bool { a.labels == b.labels && a.points == b.points }
    }

    /// The lines separating points of different labels for which `draw(a, b)` holds (called with the
    /// lower label first), in order of label pair, then of the lowest-numbered point they start from.
    /// Points at the same place as an earlier point are skipped (they share its cell).
    public static func lines(points: [Point], labels: [Int], reach: Double, draw: (Int, Int) -> Bool) -> [Line] {
        precondition(points.count == labels.count)
        guard points.count > 1, reach > 0 else { return [] }
        // Keep the first of points at one place.
        var seen: [Point: Int] = [:], sites: [Int] = []
        for (k, p) in points.enumerated() where seen[p] == nil { seen[p] = k; sites.append(k) }
        let grid = SpatialGrid(sites: sites.map { points[$0] })

        // Edges (a < b by point index), each once, grouped by label pair.
        var edges: [LabelPair: [(Point, Point)]] = [:]
        var pairOrder: [LabelPair] = []
        var near = [Int32](repeating: -1, count: 64), d2 = [Double](repeating: 0, count: 64)
        for i in sites {
            let c = points[i]
            // The cell starts as the square of half-side `reach` about its point, each side labelled -1.
            var cell = Cell(vertices: [Point(x: c.x - reach, y: c.y - reach), Point(x: c.x + reach, y: c.y - reach),
                                       Point(x: c.x + reach, y: c.y + reach), Point(x: c.x - reach, y: c.y + reach)],
                            labels: [-1, -1, -1, -1])
            var k = 16
            while true {
                let found = min(k, sites.count)
                let n = near.withUnsafeMutableBufferPointer { b in
                    d2.withUnsafeMutableBufferPointer { grid.nearest(to: c, count: found, indices: b.baseAddress!, squaredDistances: $0.baseAddress!) }
                }
                cell = Cell(vertices: [Point(x: c.x - reach, y: c.y - reach), Point(x: c.x + reach, y: c.y - reach),
                                       Point(x: c.x + reach, y: c.y + reach), Point(x: c.x - reach, y: c.y + reach)],
                            labels: [-1, -1, -1, -1])
                var complete = false
                for q in 0..<n {
                    let j = sites[Int(near[q])]
                    if j == i { continue }
                    // No point further than twice the cell's furthest vertex can cut it.
                    let furthest = cell.vertices.map { $0.squaredDistance(to: c) }.max() ?? 0
                    if d2[q] > 4 * furthest { complete = true; break }
                    cell.clip(site: i, by: j, points: points)
                }
                if complete || n == sites.count || n < found { break }
                // Every neighbour fetched could still cut the cell: fetch more.
                let furthest = cell.vertices.map { $0.squaredDistance(to: c) }.max() ?? 0
                if d2[n - 1] > 4 * furthest { break }
                k *= 2
                if k > near.count { near = [Int32](repeating: -1, count: k); d2 = [Double](repeating: 0, count: k) }
            }
            // Edges to points of another label, from the lower-numbered point's cell only.
            for e in cell.labels.indices {
                let j = cell.labels[e]
                guard j > i, labels[j] != labels[i] else { continue }
                let pair = LabelPair(min(labels[i], labels[j]), max(labels[i], labels[j]))
                guard draw(pair.a, pair.b) else { continue }
                let p = cell.vertices[e], q = cell.vertices[(e + 1) % cell.vertices.count]
                guard let segment = trim(p, q, i, j, points: points, reach: reach) else { continue }
                if edges[pair] == nil { pairOrder.append(pair) }
                edges[pair, default: []].append(segment)
            }
        }
        pairOrder.sort { ($0.a, $0.b) < ($1.a, $1.b) }
        return pairOrder.flatMap { pair in chain(edges[pair]!).map { Line(labels: (pair.a, pair.b), points: $0) } }
    }

    struct LabelPair: Hashable { var a, b: Int; init(_ a: Int, _ b: Int) { self.a = a; self.b = b } }

    /// A convex cell: vertices anticlockwise, `labels[k]` the point whose bisector is the edge from
    /// vertex k to k + 1 (-1: the starting square).
    struct Cell {
        var vertices: [Point]
        var labels: [Int]

        /// Keeps the part of the cell nearer to `i` than to `j`.
        mutating func clip(site i: Int, by j: Int, points: [Point]) {
            let a = points[i], b = points[j]
            let nx = b.x - a.x, ny = b.y - a.y
            let mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2
            func side(_ p: Point) -> Double { (p.x - mx) * nx + (p.y - my) * ny }
            let count = vertices.count
            let s = vertices.map(side)
            guard s.contains(where: { $0 > 0 }) else { return }
            if s.allSatisfy({ $0 >= 0 }) { vertices = []; labels = []; return }
            var newVertices: [Point] = [], newLabels: [Int] = []
            for k in 0..<count {
                let p = vertices[k], q = vertices[(k + 1) % count]
                let sp = s[k], sq = s[(k + 1) % count]
                if sp <= 0 { newVertices.append(p); newLabels.append(labels[k]) }
                if (sp <= 0) != (sq <= 0) {
                    let t = sp / (sp - sq)
                    var x = Point(x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y))
                    // A vertex of three points is their circumcentre, computed from their sorted indices.
                    if labels[k] >= 0, let centre = VoronoiBoundaries.circumcentre(i, labels[k], j, points: points) { x = centre }
                    newVertices.append(x)
                    // Leaving the kept side, the new edge runs along the bisector with j.
                    newLabels.append(sp <= 0 ? j : labels[k])
                }
            }
            vertices = newVertices
            labels = newLabels
        }
    }

    /// The circumcentre of three points, the same bits whatever order they are given in.
    static func circumcentre(_ i: Int, _ j: Int, _ k: Int, points: [Point]) -> Point? {
        let s = [i, j, k].sorted()
        let a = points[s[0]], b = points[s[1]], c = points[s[2]]
        let bx = b.x - a.x, by = b.y - a.y, cx = c.x - a.x, cy = c.y - a.y
        let d = 2 * (bx * cy - by * cx)
        guard d != 0 else { return nil }
        let b2 = bx * bx + by * by, c2 = cx * cx + cy * cy
        return Point(x: a.x + (cy * b2 - by * c2) / d, y: a.y + (bx * c2 - cx * b2) / d)
    }

    /// The part of edge p–q (on the bisector of i and j) within `reach` of the two points; an end
    /// cut short is where the bisector leaves the disc, computed from the sorted pair.
    static func trim(_ p: Point, _ q: Point, _ i: Int, _ j: Int, points: [Point], reach: Double) -> (Point, Point)? {
        let a = points[min(i, j)], b = points[max(i, j)]
        let half2 = a.squaredDistance(to: b) / 4
        guard half2 < reach * reach else { return nil }
        let h = (reach * reach - half2).squareRoot()
        let m = Point(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
        let length = (4 * half2).squareRoot()
        let dx = -(b.y - a.y) / length, dy = (b.x - a.x) / length
        func t(_ p: Point) -> Double { (p.x - m.x) * dx + (p.y - m.y) * dy }
        var (tp, tq) = (t(p), t(q))
        var (pp, qq) = (p, q)
        if tp < -h { tp = -h; pp = Point(x: m.x - h * dx, y: m.y - h * dy) } else if tp > h { tp = h; pp = Point(x: m.x + h * dx, y: m.y + h * dy) }
        if tq < -h { tq = -h; qq = Point(x: m.x - h * dx, y: m.y - h * dy) } else if tq > h { tq = h; qq = Point(x: m.x + h * dx, y: m.y + h * dy) }
        guard tp != tq else { return nil }
        return (pp, qq)
    }

    /// Joins edges sharing an end into lines: open lines from their ends first, then closed rings,
    /// each started from the earliest edge not yet used.
    static func chain(_ edges: [(Point, Point)]) -> [[Point]] {
        var at: [Point: [Int]] = [:]
        for (e, (p, q)) in edges.enumerated() { at[p, default: []].append(e); at[q, default: []].append(e) }
        var used = [Bool](repeating: false, count: edges.count)
        var lines: [[Point]] = []
        func walk(from e0: Int, start: Point) -> [Point] {
            var line = [start], e = e0, here = start
            while true {
                used[e] = true
                let (p, q) = edges[e]
                here = p == here ? q : p
                line.append(here)
                guard let next = at[here]?.first(where: { !used[$0] }) else { break }
                e = next
            }
            return line
        }
        // Ends of open lines: points on an odd number of edges.
        for e in edges.indices where !used[e] {
            for end in [edges[e].0, edges[e].1] where !used[e] && at[end]!.count % 2 == 1 {
                lines.append(walk(from: e, start: end))
            }
        }
        for e in edges.indices where !used[e] { lines.append(walk(from: e, start: edges[e].0)) }
        return lines
    }
}

extension Point {
    /// Squared straight-line distance in km².
    @inline(__always)
    func squaredDistance(to other: Point) -> Double {
        let dx = x - other.x, dy = y - other.y
        return dx * dx + dy * dy
    }
}
