/// The sites (schools) that can be among the k nearest of any home in a small area, found once per
/// area: if c is the area's centroid, r the farthest of its homes from c and d_k the k-th nearest
/// site's distance from c, a site among a home p's k nearest lies within d_k + |p − c| of p and so
/// within d_k + 2r of c. Ranking a home's candidates by (squared distance, index) as
/// `SpatialGrid.nearest` does gives its answer exactly, with one grid search per area instead of
/// one per home (England: 32,838 instead of 643,649).
///
/// An area's candidates are kept nearest its centroid first, so a home's scan stops at the first
/// candidate that is farther from the centroid than the home's k-th nearest so far plus |p − c|:
/// every later one is at least as far from p, so none can join. Near homes then look at little
/// more than their k nearest, and those come first, so few are inserted and moved aside again.
struct AreaCandidates {
    /// Area a's candidates are `sites[offsets[a] ..< offsets[a + 1]]`, in increasing distance from
    /// its centroid (`fromCentroid`).
    private var offsets: [Int]
    private var sites: [Int32]
    private var fromCentroid: [Double]
    private let centroids: [Point]
    private let points: [Point]
    /// Added to |p − c| before a scan may stop: rounding in the distances compared stays far below
    /// it, so a scan never stops before a site it would have kept (it only looks at a few more).
    private let slack: Double

    /// Candidates for homes (`homesX[i]`, `homesY[i]`) in areas `area[i]` (an index into
    /// `centroids`; homes with no area, -1, are left out), among `grid`'s sites.
    init(homesX: [Double], homesY: [Double], area: [Int32], centroids: [Point], grid: SpatialGrid, count k: Int) {
        self.centroids = centroids
        points = grid.sites
        // Squared first, one square root per area: the root of the largest is the largest root.
        var reach = [Double](repeating: -1, count: centroids.count)
        for i in area.indices {
            let a = Int(area[i])
            guard a >= 0 && a < centroids.count else { continue }
            let dx = centroids[a].x - homesX[i], dy = centroids[a].y - homesY[i]
            reach[a] = max(reach[a], dx * dx + dy * dy)
        }
        for a in reach.indices where reach[a] >= 0 { reach[a] = reach[a].squareRoot() }
        var largest = 0.0
        for p in centroids + grid.sites where p.x.isFinite && p.y.isFinite { largest = max(largest, abs(p.x), abs(p.y)) }
        for r in reach where r.isFinite { largest = max(largest, r) }
        slack = 1e-9 * (1 + largest)
        offsets = [0]
        offsets.reserveCapacity(centroids.count + 1)
        sites = []
        fromCentroid = []
        var index = [Int32](repeating: 0, count: max(k, 1)), d2 = [Double](repeating: 0, count: max(k, 1))
        var found: [(Double, Int32)] = []
        for a in centroids.indices {
            if reach[a] >= 0 && k > 0 {
                let c = centroids[a]
                let nearest = index.withUnsafeMutableBufferPointer { b in
                    d2.withUnsafeMutableBufferPointer { grid.nearest(to: c, count: k, indices: b.baseAddress!, squaredDistances: $0.baseAddress!) }
                }
                // A hair wider, so rounding never leaves a site out (extra ones cost only time).
                let r = (nearest > 0 ? d2[nearest - 1].squareRoot() : 0) + 2 * reach[a]
                grid.forEachSite(within: r * (1 + 1e-9) + 1e-9, of: c) { s, d2 in found.append((d2.squareRoot(), Int32(s))) }
                // Only the distances need be in order for a scan's stop to be right: a home's answer
                // does not depend on the order it meets its candidates in.
                found.sort { $0.0 < $1.0 }
                for (e, s) in found { fromCentroid.append(e); sites.append(s) }
                found.removeAll(keepingCapacity: true)
            }
            offsets.append(sites.count)
        }
    }

    /// As `SpatialGrid.nearest(to:count:indices:squaredDistances:)` for a home in area `area`;
    /// nil for a home with no area.
    @inline(__always)
    func nearest(to p: Point, area: Int, count k: Int, indices: UnsafeMutablePointer<Int32>,
                 squaredDistances: UnsafeMutablePointer<Double>) -> Int? {
        guard area >= 0 && area + 1 < offsets.count else { return nil }
        let offset = centroids[area].distance(to: p) + slack
        var filled = 0
        return sites.withUnsafeBufferPointer { sites in
            fromCentroid.withUnsafeBufferPointer { fromCentroid in
                points.withUnsafeBufferPointer { points in
                    for c in offsets[area] ..< offsets[area + 1] {
                        if filled == k {
                            // Every candidate from here on is at least this far from p.
                            let gap = fromCentroid[c] - offset
                            if gap > 0 && gap * gap > squaredDistances[k - 1] { break }
                        }
                        let s = sites[c]
                        let q = points[Int(s)]
                        let dx = q.x - p.x, dy = q.y - p.y
                        let d = dx * dx + dy * dy
                        if filled == k && !(d < squaredDistances[k - 1] || (d == squaredDistances[k - 1] && s < indices[k - 1])) { continue }
                        var pos = filled == k ? k - 1 : filled
                        while pos > 0 && (d < squaredDistances[pos - 1] || (d == squaredDistances[pos - 1] && s < indices[pos - 1])) {
                            squaredDistances[pos] = squaredDistances[pos - 1]; indices[pos] = indices[pos - 1]
                            pos -= 1
                        }
                        squaredDistances[pos] = d; indices[pos] = s
                        if filled < k { filled += 1 }
                    }
                    return filled
                }
            }
        }
    }
}
