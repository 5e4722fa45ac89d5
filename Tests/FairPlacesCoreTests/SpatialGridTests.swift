import Testing
import TestSupport
@testable import FairPlacesCore

/// The grid is held to a full scan of every site: same sites, same order, ties to the lower index.
@Suite struct SpatialGridTests {
    /// Sites clustered like schools in towns, on a grid coarse enough to make exact ties, with
    /// query points inside and outside the sites' bounding box.
    static func layout(_ seed: UInt64, sites count: Int) -> (sites: [Point], queries: [Point]) {
        var rng = SplitMix64(seed: seed)
        let towns = (0..<4).map { _ in Point(x: rng.double(0, 50), y: rng.double(0, 30)) }
        let sites = (0..<count).map { _ -> Point in
            let t = towns[rng.int(0...3)]
            // Rounded to 0.5 km so that equal distances occur.
            return Point(x: ((t.x + rng.double(-4, 4)) * 2).rounded() / 2, y: ((t.y + rng.double(-4, 4)) * 2).rounded() / 2)
        }
        let queries = (0..<300).map { _ in Point(x: (rng.double(-20, 70) * 2).rounded() / 2, y: (rng.double(-20, 50) * 2).rounded() / 2) }
        return (sites, queries)
    }

    static func scan(_ sites: [Point], from p: Point) -> [Int] {
        func d2(_ s: Int) -> Double { (sites[s].x - p.x) * (sites[s].x - p.x) + (sites[s].y - p.y) * (sites[s].y - p.y) }
        return sites.indices.sorted { d2($0) != d2($1) ? d2($0) < d2($1) : $0 < $1 }
    }

    @Test(arguments: [(1, 1), (2, 7), (3, 60), (4, 500)])
    func nearestMatchesAFullScan(seed: Int, count: Int) {
        let (sites, queries) = Self.layout(UInt64(seed), sites: count)
        let grid = SpatialGrid(sites: sites)
        for p in queries {
            let expected = Self.scan(sites, from: p)
            for k in [1, 3, 20] {
                var indices = [Int32](repeating: -1, count: k), d2 = [Double](repeating: 0, count: k)
                let found = grid.nearest(to: p, count: k, indices: &indices, squaredDistances: &d2)
                #expect(found == min(k, count))
                #expect(indices.prefix(found).map(Int.init) == Array(expected.prefix(found)), "k=\(k) at \(p)")
                for c in 0..<found {
                    let s = Int(indices[c])
                    #expect(d2[c] == (sites[s].x - p.x) * (sites[s].x - p.x) + (sites[s].y - p.y) * (sites[s].y - p.y))
                }
            }
            #expect(grid.nearest(to: p) == expected[0])
        }
    }

    /// The nearest accepted site (as for the nearest school with a vacancy): the first accepted
    /// site of the full scan's order, for sparse and dense acceptance, and -1 when none is.
    @Test(arguments: [(5, 1), (6, 60), (7, 500)])
    func nearestAcceptedMatchesAFullScan(seed: Int, count: Int) {
        let (sites, queries) = Self.layout(UInt64(seed), sites: count)
        let grid = SpatialGrid(sites: sites)
        var rng = SplitMix64(seed: UInt64(seed) + 100)
        for share in [0.0, 0.02, 0.5, 1.0] {
            let accepted = sites.indices.map { _ in rng.double(0, 1) < share }
            for p in queries {
                let expected = Self.scan(sites, from: p).first { accepted[$0] } ?? -1
                #expect(grid.nearest(to: p, where: { accepted[$0] }) == expected, "share \(share) at \(p)")
            }
        }
    }

    @Test func withinMatchesAFullScan() {
        let (sites, queries) = Self.layout(9, sites: 400)
        let grid = SpatialGrid(sites: sites)
        for p in queries {
            for r in [0.0, 0.5, 2.0, 7.5] {
                let expected = sites.indices.filter { sites[$0].distance(to: p) * sites[$0].distance(to: p) <= r * r + 1e-12 }
                #expect(grid.within(r, of: p) == expected, "r=\(r) at \(p)")
            }
        }
    }

    @Test func degenerateLayouts() {
        // No sites, one site, every site at one point, sites on a line.
        #expect(SpatialGrid(sites: []).nearest(to: Point(x: 1, y: 1)) == -1)
        #expect(SpatialGrid(sites: [Point(x: 3, y: 3)]).nearest(to: Point(x: -100, y: 50)) == 0)
        let same = SpatialGrid(sites: Array(repeating: Point(x: 2, y: 2), count: 5))
        var idx = [Int32](repeating: 0, count: 3), d2 = [Double](repeating: 0, count: 3)
        #expect(same.nearest(to: Point(x: 0, y: 0), count: 3, indices: &idx, squaredDistances: &d2) == 3)
        #expect(idx == [0, 1, 2])
        let line = (0..<100).map { Point(x: Double($0), y: 0) }
        let grid = SpatialGrid(sites: line)
        #expect(grid.nearest(to: Point(x: 41.2, y: 9)) == 41)
        #expect(grid.within(1.0, of: Point(x: 50, y: 0)) == [49, 50, 51])
    }
}

/// Choice sets and cohorts find a pupil's nearest schools among candidates gathered once for its
/// small area, each scan stopping early; the answer must be the grid's own, to the bit, for homes
/// anywhere around their area's centroid.
@Suite struct AreaCandidatesTests {
    @Test func areaCandidatesGiveTheGridsNearestSchools() {
        var rng = SplitMix64(seed: 31)
        // Schools clustered in towns, some on a coarse lattice so that exact ties occur.
        var sites: [Point] = []
        for t in 0..<12 {
            let town = Point(x: rng.double(0, 80), y: rng.double(0, 60))
            for _ in 0..<15 { sites.append(Point(x: (town.x + rng.double(-3, 3)).rounded(), y: (town.y + rng.double(-3, 3)).rounded())) }
            if t % 3 == 0 { sites.append(town) }
        }
        let grid = SpatialGrid(sites: sites)
        let areas = (0..<40).map { a in
            SmallArea(id: "A\(a)", centroid: Point(x: rng.double(-5, 85), y: rng.double(-5, 65)), idaciScore: 0.2, idaciDecile: 5)
        }
        var pupils = Pupils(reservingCapacity: 2_000)
        for i in 0..<2_000 {
            let a = i % areas.count
            // Most homes near the centroid, a few far out (a normal scatter's tail), one area's on it.
            let spread = a == 0 ? 0 : (i % 97 == 0 ? 25.0 : rng.double(0.2, 4))
            let c = areas[a].centroid
            let home = spread == 0 ? c : Point(x: c.x + rng.double(-spread, spread), y: c.y + rng.double(-spread, spread))
            pupils.append(id: "P\(i)", home: home,
                          fsm: false, idaciScore: 0.2, idaciDecile: 5, attainment: 0, siblingSchool: -1, faith: 0,
                          area: i % 101 == 0 ? -1 : Int32(a))
        }
        for k in [1, 3, 6, 10] {
            let candidates = AreaCandidates(homesX: pupils.homeX, homesY: pupils.homeY, area: pupils.area,
                                            centroids: areas.map(\.centroid), grid: grid, count: k)
            var gi = [Int32](repeating: 0, count: k), gd = [Double](repeating: 0, count: k)
            var ai = gi, ad = gd
            var checked = 0
            for i in 0..<pupils.count {
                let home = pupils.home(i)
                let g = grid.nearest(to: home, count: k, indices: &gi, squaredDistances: &gd)
                guard let n = candidates.nearest(to: home, area: Int(pupils.area[i]), count: k,
                                                 indices: &ai, squaredDistances: &ad) else {
                    #expect(pupils.area[i] < 0)
                    continue
                }
                checked += 1
                #expect(n == g && Array(ai.prefix(n)) == Array(gi.prefix(g)) && Array(ad.prefix(n)) == Array(gd.prefix(g)), "pupil \(i), k \(k)")
            }
            #expect(checked > 1_900)
        }
    }
}
