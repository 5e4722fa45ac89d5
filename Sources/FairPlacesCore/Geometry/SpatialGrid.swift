/// A uniform grid over a fixed set of sites (schools, area centroids), answering "the k nearest
/// sites" and "every site within r km" without looking at every site.
///
/// A national run has 600,000 pupils and 3,400 schools: scanning every school for every pupil is
/// two billion distance evaluations, while the grid looks at a few cells around each home. Cells are
/// sized so that each holds about `sitesPerCell` sites on average; a query searches rings of cells
/// outwards until no unsearched cell can hold a nearer site, so results are exact, with ties
/// broken towards the lower site index exactly as a full scan would.
public struct SpatialGrid: Sendable {
    public let sites: [Point]
    private let minX: Double, minY: Double
    private let cellSize: Double
    private let columns: Int, rows: Int
    /// Sites of cell c are `order[cellStart[c] ..< cellStart[c + 1]]`, in increasing index.
    private let cellStart: [Int32]
    private let order: [Int32]
    /// `sites[order[o]]`: a cell's sites side by side, so a query reads them in one run of memory
    /// rather than one scattered `sites` element each (a national run makes 640,000 queries).
    private let cellSites: [Point]

    public init(sites: [Point], sitesPerCell: Double = 2) {
        self.sites = sites
        var loX = Double.infinity, loY = Double.infinity, hiX = -Double.infinity, hiY = -Double.infinity
        for p in sites {
            loX = min(loX, p.x); loY = min(loY, p.y); hiX = max(hiX, p.x); hiY = max(hiY, p.y)
        }
        if sites.isEmpty { loX = 0; loY = 0; hiX = 1; hiY = 1 }
        let width = max(hiX - loX, 1e-9), height = max(hiY - loY, 1e-9)
        let cellsWanted = max(1.0, Double(sites.count) / sitesPerCell)
        var size = (width * height / cellsWanted).squareRoot()
        if !(size > 0) { size = max(width, height) }
        // Bound the cell count for degenerate layouts (all sites on a line).
        size = max(size, max(width, height) / 4096)
        minX = loX; minY = loY; cellSize = size
        columns = Int(width / size) + 1
        rows = Int(height / size) + 1

        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        var cellOf = [Int](repeating: 0, count: sites.count)
        for (i, p) in sites.enumerated() {
            let cx = min(columns - 1, Int((p.x - loX) / size)), cy = min(rows - 1, Int((p.y - loY) / size))
            cellOf[i] = cy * columns + cx
            counts[cellOf[i] + 1] += 1
        }
        for c in 0..<(columns * rows) { counts[c + 1] += counts[c] }
        var fill = counts
        var order = [Int32](repeating: 0, count: sites.count)
        for i in sites.indices {
            order[Int(fill[cellOf[i]])] = Int32(i)
            fill[cellOf[i]] += 1
        }
        cellStart = counts
        self.order = order
        cellSites = order.map { sites[Int($0)] }
    }

    /// The `count` sites nearest to `p`, nearest first (ties: lower index first), written to
    /// `indices` and their squared distances to `squaredDistances`; returns how many were found
    /// (fewer than `count` only when there are fewer sites). Both buffers need room for `count`.
    public func nearest(to p: Point, count: Int, indices: UnsafeMutablePointer<Int32>,
                        squaredDistances: UnsafeMutablePointer<Double>) -> Int {
        let k = min(count, sites.count)
        guard k > 0 else { return 0 }
        let (cx, cy) = cell(of: p)
        var filled = 0
        var ring = 0
        while true {
            forEachSite(inRing: ring, aroundX: cx, y: cy, from: p,
                        limit: { filled == k ? squaredDistances[k - 1] : .infinity }) { s, d in
                if filled == k && !precedes(d, s, squaredDistances[k - 1], indices[k - 1]) { return }
                var pos = filled == k ? k - 1 : filled
                while pos > 0 && precedes(d, s, squaredDistances[pos - 1], indices[pos - 1]) {
                    squaredDistances[pos] = squaredDistances[pos - 1]; indices[pos] = indices[pos - 1]
                    pos -= 1
                }
                squaredDistances[pos] = d; indices[pos] = s
                if filled < k { filled += 1 }
            }
            // Every site in an unsearched ring is at least `reach` away from p.
            let reach = clearance(of: p, ring: ring)
            if filled == k && squaredDistances[k - 1] < reach * reach { return k }
            if ring > columns + rows { return filled }
            ring += 1
        }
    }

    /// The nearest site to `p` for which `accepts` holds (lowest index among equals), or -1 when
    /// none does. Rings of cells are searched outwards until no unsearched cell can hold a nearer
    /// or equally near site, so the answer is a full scan's while the sites looked at are only
    /// those around p (all of them when no site near p is accepted).
    public func nearest(to p: Point, where accepts: (Int) -> Bool) -> Int {
        guard !sites.isEmpty else { return -1 }
        let (cx, cy) = cell(of: p)
        var best: Int32 = -1, bestD2 = Double.infinity
        var ring = 0
        while true {
            forEachSite(inRing: ring, aroundX: cx, y: cy, from: p, limit: { bestD2 }) { s, d in
                if (d < bestD2 || (d == bestD2 && s < best)) && accepts(Int(s)) { best = s; bestD2 = d }
            }
            let reach = clearance(of: p, ring: ring)
            if best >= 0 && bestD2 < reach * reach { return Int(best) }
            if ring > columns + rows { return Int(best) }
            ring += 1
        }
    }

    /// The nearest site to `p` (lowest index among equals), or -1 when there are no sites.
    public func nearest(to p: Point) -> Int {
        var index: Int32 = -1
        var d2 = 0.0
        return nearest(to: p, count: 1, indices: &index, squaredDistances: &d2) == 1 ? Int(index) : -1
    }

    /// Every site within `radius` km of `p` (inclusive), in increasing index.
    public func within(_ radius: Double, of p: Point) -> [Int] {
        var found: [Int] = []
        forEachSite(within: radius, of: p) { s, _ in found.append(s) }
        return found.sorted()
    }

    /// Calls `body` with every site within `radius` km of `p` (inclusive) and its squared distance
    /// from `p`, cell by cell (not in index order), for callers that order the sites themselves.
    @inline(__always)
    func forEachSite(within radius: Double, of p: Point, _ body: (Int, Double) -> Void) {
        guard !sites.isEmpty, radius >= 0 else { return }
        let r2 = radius * radius
        let lo = cell(of: Point(x: p.x - radius, y: p.y - radius)), hi = cell(of: Point(x: p.x + radius, y: p.y + radius))
        for cy in lo.1...hi.1 {
            for cx in lo.0...hi.0 {
                let c = cy * columns + cx
                for o in Int(cellStart[c])..<Int(cellStart[c + 1]) {
                    let s = Int(order[o])
                    let dx = sites[s].x - p.x, dy = sites[s].y - p.y
                    let d2 = dx * dx + dy * dy
                    if d2 <= r2 { body(s, d2) }
                }
            }
        }
    }

    // MARK: - Cells

    @inline(__always)
    private func precedes(_ d: Double, _ s: Int32, _ d0: Double, _ s0: Int32) -> Bool {
        d < d0 || (d == d0 && s < s0)
    }

    /// The cell holding `p`, clamped to the grid (points outside it use the nearest edge cell).
    private func cell(of p: Point) -> (Int, Int) {
        let fx = ((p.x - minX) / cellSize).rounded(.down), fy = ((p.y - minY) / cellSize).rounded(.down)
        let cx = fx.isFinite ? Int(min(max(fx, 0), Double(columns - 1))) : 0
        let cy = fy.isFinite ? Int(min(max(fy, 0), Double(rows - 1))) : 0
        return (cx, cy)
    }

    /// A lower bound on the distance from `p` to any site in rings beyond `ring` around p's cell.
    /// For a point outside the grid the clamped cell is an edge cell, and the bound still holds
    /// because it is measured from p itself to the boundary of the searched square.
    private func clearance(of p: Point, ring: Int) -> Double {
        let (cx, cy) = cell(of: p)
        let left = minX + Double(cx - ring) * cellSize, right = minX + Double(cx + ring + 1) * cellSize
        let bottom = minY + Double(cy - ring) * cellSize, top = minY + Double(cy + ring + 1) * cellSize
        // A searched square that already covers the whole grid in a direction leaves nothing there.
        let dl = cx - ring <= 0 ? Double.infinity : p.x - left
        let dr = cx + ring >= columns - 1 ? Double.infinity : right - p.x
        let db = cy - ring <= 0 ? Double.infinity : p.y - bottom
        let dt = cy + ring >= rows - 1 ? Double.infinity : top - p.y
        return max(0, min(dl, dr, db, dt))
    }

    /// Calls `body` with every site in the cells on the ring and its squared distance from `p`,
    /// except in cells wholly farther from `p` than `limit()` (a squared distance): no site there
    /// can be nearer than, or as near as, the candidate that set the limit. Most of a query's cost is
    /// the sites it looks at, and the corners of the outer ring are usually beyond the limit.
    @inline(__always)
    private func forEachSite(inRing ring: Int, aroundX cx: Int, y cy: Int, from p: Point, limit: () -> Double,
                             _ body: (Int32, Double) -> Void) {
        // Cells are widened by a hair so that rounding in placing a site in its cell never prunes it.
        let slack = cellSize * 1e-9
        forEachCell(inRing: ring, aroundX: cx, y: cy) { x, y in
            let c = y * columns + x
            if ring > 0 {
                let left = minX + Double(x) * cellSize - slack, right = minX + Double(x + 1) * cellSize + slack
                let bottom = minY + Double(y) * cellSize - slack, top = minY + Double(y + 1) * cellSize + slack
                let dx = max(0, left - p.x, p.x - right), dy = max(0, bottom - p.y, p.y - top)
                if dx * dx + dy * dy > limit() { return }
            }
            cellSites.withUnsafeBufferPointer { points in
                order.withUnsafeBufferPointer { order in
                    for o in Int(cellStart[c])..<Int(cellStart[c + 1]) {
                        let q = points[o]
                        let dx = q.x - p.x, dy = q.y - p.y
                        body(order[o], dx * dx + dy * dy)
                    }
                }
            }
        }
    }

    /// Calls `body` with the column and row of every cell on the square ring at Chebyshev distance `ring`.
    @inline(__always)
    private func forEachCell(inRing ring: Int, aroundX cx: Int, y cy: Int, _ body: (Int, Int) -> Void) {
        if ring == 0 { body(cx, cy); return }
        let x0 = cx - ring, x1 = cx + ring, y0 = cy - ring, y1 = cy + ring
        for y in max(0, y0)...min(rows - 1, y1) where y >= 0 && y < rows {
            if y == y0 || y == y1 {
                let lo = max(0, x0), hi = min(columns - 1, x1)
                if lo <= hi { for x in lo...hi { body(x, y) } }
            } else {
                if x0 >= 0 { body(x0, y) }
                if x1 < columns { body(x1, y) }
            }
        }
    }
}
