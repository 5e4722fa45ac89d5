import Testing
import TestSupport
import FairPlacesCore

@Suite struct DistanceMatrixTests {
    /// Checks every entry of `distances` and `squaredDistances` against `Point.distance`.
    private func check(homes: [Point], sites: [Point], distanceTolerance: Double,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let xs = homes.map(\.x), ys = homes.map(\.y)
        let d = DistanceMatrix.distances(homesX: xs, homesY: ys, sites: sites)
        let d2 = DistanceMatrix.squaredDistances(homesX: xs, homesY: ys, sites: sites)
        #expect(d.rows == homes.count && d.columns == sites.count, sourceLocation: sourceLocation)
        #expect(d2.rows == homes.count && d2.columns == sites.count, sourceLocation: sourceLocation)
        var worst = 0.0, worstSquared = 0.0
        for (i, h) in homes.enumerated() {
            for (j, s) in sites.enumerated() {
                let exact = h.distance(to: s)
                worst = max(worst, abs(d[i, j] - exact))
                // √ of the squared entry is within the same tolerance, and the squared entry is never negative.
                #expect(d2[i, j] >= 0, sourceLocation: sourceLocation)
                worstSquared = max(worstSquared, abs(d2[i, j].squareRoot() - exact))
            }
        }
        #expect(worst <= distanceTolerance, "largest distance error \(worst) km", sourceLocation: sourceLocation)
        #expect(worstSquared <= distanceTolerance, "largest error of √squared \(worstSquared) km", sourceLocation: sourceLocation)
    }

    @Test func handWorked() {
        let d = DistanceMatrix.distances(homesX: [0, 3], homesY: [0, 4],
                                         sites: [Point(x: 3, y: 4), Point(x: 0, y: 0), Point(x: -1, y: 0)])
        // (3,4)→(−1,0): √(4² + 4²) = 4√2.
        let want: [[Double]] = [[5, 0, 1], [0, 5, 4 * 2.0.squareRoot()]]
        // Non-zero distances to 1e-12 km. A home exactly at a site gets √(round-off of the expansion),
        // so a zero is only good to about √ε ≈ 1e-8 km; the documented promise is "far below a metre".
        for i in 0..<2 {
            for j in 0..<3 {
                #expect(abs(d[i, j] - want[i][j]) < (want[i][j] == 0 ? 1e-6 : 1e-12), "(\(i), \(j)): \(d[i, j])")
            }
        }
    }

    /// Region-sized scatters (40 km across) at national-grid offsets (eastings 100–700 km,
    /// northings 0–1,000 km), with some homes exactly at school sites: every distance within 1e-6 km.
    @Test(arguments: 0..<40)
    func nationalGridRegions(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let ox = rng.double(100, 700), oy = rng.double(0, 1000)
        let sites = (0..<rng.int(1...25)).map { _ in Point(x: ox + rng.double(0, 40), y: oy + rng.double(0, 40)) }
        var homes = (0..<rng.int(1...60)).map { _ in Point(x: ox + rng.double(0, 40), y: oy + rng.double(0, 40)) }
        homes.append(sites[0])
        homes.append(sites[sites.count - 1])
        check(homes: homes, sites: sites, distanceTolerance: 1e-6)
    }

    /// Points anywhere in a 600 × 1,200 km grid: every distance within 1e-6 km.
    @Test(arguments: 0..<20)
    func nationalGridWide(seed: UInt64) {
        var rng = SplitMix64(seed: 1000 + seed)
        let sites = (0..<rng.int(1...20)).map { _ in Point(x: rng.double(100, 700), y: rng.double(0, 1200)) }
        let homes = (0..<rng.int(1...50)).map { _ in Point(x: rng.double(100, 700), y: rng.double(0, 1200)) }
        check(homes: homes, sites: sites, distanceTolerance: 1e-6)
    }

    @Test func emptyInputs() {
        let none = DistanceMatrix.distances(homesX: [1, 2], homesY: [3, 4], sites: [])
        #expect(none.rows == 2 && none.columns == 0)
        let noHomes = DistanceMatrix.distances(homesX: [], homesY: [], sites: [Point(x: 1, y: 1)])
        #expect(noHomes.rows == 0 && noHomes.columns == 1)
    }
}

@Suite struct PolygonTests {
    let square = Polygon(vertices: [Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 10), Point(x: 0, y: 10)])

    /// An L: the 10 × 10 square less its top-right 6 × 6 corner (the notch x > 4, y > 4).
    let ell = Polygon(vertices: [Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 4),
                                 Point(x: 4, y: 4), Point(x: 4, y: 10), Point(x: 0, y: 10)])

    @Test func squareContains() {
        for p in [(5.0, 5.0), (0.1, 0.1), (9.9, 9.9), (0.1, 9.9), (9.9, 0.1)] {
            #expect(square.contains(Point(x: p.0, y: p.1)), "\(p) is inside")
        }
        for p in [(-1.0, 5.0), (11.0, 5.0), (5.0, -1.0), (5.0, 11.0), (15.0, 15.0), (-0.1, -0.1), (10.1, 10.1)] {
            #expect(!square.contains(Point(x: p.0, y: p.1)), "\(p) is outside")
        }
        // Clockwise order describes the same region.
        let clockwise = Polygon(vertices: square.vertices.reversed())
        #expect(clockwise.contains(Point(x: 5, y: 5)))
        #expect(!clockwise.contains(Point(x: 12, y: 5)))
    }

    @Test func concaveL() {
        for p in [(2.0, 8.0), (8.0, 2.0), (2.0, 2.0), (3.9, 9.9), (9.9, 3.9),
                  (2.0, 4.0)] { // on the line through the two notch vertices, but inside the left arm
            #expect(ell.contains(Point(x: p.0, y: p.1)), "\(p) is inside the L")
        }
        for p in [(8.0, 8.0), (5.0, 5.0), (4.1, 4.1), (9.9, 9.9), (-1.0, 4.0), (11.0, 4.0), (-1.0, 2.0), (2.0, 11.0)] {
            #expect(!ell.contains(Point(x: p.0, y: p.1)), "\(p) is outside the L")
        }
    }

    /// On random points, the L equals "in the square and not in the notch".
    @Test func concaveLMatchesDefinitionOnRandomPoints() {
        var rng = SplitMix64(seed: 8)
        for _ in 0..<2000 {
            let p = Point(x: rng.double(-2, 12), y: rng.double(-2, 12))
            let inSquare = p.x > 0 && p.x < 10 && p.y > 0 && p.y < 10
            let inNotch = p.x > 4 && p.y > 4
            let onBoundary = [p.x, p.y, p.x - 4, p.y - 4, p.x - 10, p.y - 10].contains { abs($0) < 1e-9 }
            if onBoundary { continue }
            #expect(ell.contains(p) == (inSquare && !inNotch), "\(p)")
        }
    }

    @Test func degeneratePolygonsContainNothing() {
        #expect(!Polygon(vertices: []).contains(Point(x: 0, y: 0)))
        #expect(!Polygon(vertices: [Point(x: 0, y: 0), Point(x: 1, y: 1)]).contains(Point(x: 0.5, y: 0.5)))
    }

    /// Two squares, the first with a square hole: on random points, membership equals "in square 1
    /// and not in its hole, or in square 2", the definition written out by hand.
    @Test func multiPolygonWithHoleMatchesDefinitionOnRandomPoints() {
        func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Point] {
            [Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)]
        }
        let shape = MultiPolygon(parts: [Polygon(vertices: square(0, 0, 10, 10), holes: [square(3, 3, 6, 6)]),
                                         Polygon(vertices: square(20, 0, 25, 5))])
        #expect(shape.bounds.minX == 0 && shape.bounds.maxX == 25 && shape.bounds.maxY == 10)
        var rng = SplitMix64(seed: 14)
        for _ in 0..<3000 {
            let p = Point(x: rng.double(-2, 27), y: rng.double(-2, 12))
            let inFirst = p.x > 0 && p.x < 10 && p.y > 0 && p.y < 10
            let inHole = p.x > 3 && p.x < 6 && p.y > 3 && p.y < 6
            let inSecond = p.x > 20 && p.x < 25 && p.y > 0 && p.y < 5
            #expect(shape.contains(p) == ((inFirst && !inHole) || inSecond), "\(p)")
        }
        // A hole's centre is outside; the same point without the hole is inside.
        #expect(!shape.contains(Point(x: 4.5, y: 4.5)))
        #expect(Polygon(vertices: square(0, 0, 10, 10)).contains(Point(x: 4.5, y: 4.5)))
    }
}
