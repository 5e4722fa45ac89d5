import Testing
import FairPlacesCore

@Suite struct VoronoiBoundariesTests {
    func near(_ a: Point, _ b: Point) -> Bool { abs(a.x - b.x) < 1e-9 && abs(a.y - b.y) < 1e-9 }

    /// (0, 0) of label 0 against (4, 0) and (2, 3) of label 1, reach 5 km. By hand: the three cells meet
    /// at the circumcentre x = 2, 4x + 6y = 13, so (2, 5/6); the line runs down x = 2 to where it is 5 km
    /// from both points, (2, −√21), and up the bisector of (0, 0) and (2, 3) (midpoint (1, 1.5),
    /// direction (−3, 2)/√13) to 5 km from both: √(25 − 13/4) along it.
    @Test func threePointsMeetAtTheirCircumcentre() {
        let points = [Point(x: 0, y: 0), Point(x: 4, y: 0), Point(x: 2, y: 3)]
        let lines = VoronoiBoundaries.lines(points: points, labels: [0, 1, 1], reach: 5) { _, _ in true }
        #expect(lines.count == 1)
        guard let line = lines.first else { return }
        #expect(line.labels == (0, 1))
        #expect(line.points.count == 3)
        let h = (25 - 13.0 / 4).squareRoot(), s = 13.0.squareRoot()
        let ends = [Point(x: 2, y: -(21.0).squareRoot()), Point(x: 1 - 3 * h / s, y: 1.5 + 2 * h / s)]
        #expect(near(line.points[1], Point(x: 2, y: 5.0 / 6)))
        #expect((near(line.points[0], ends[0]) && near(line.points[2], ends[1])) || (near(line.points[0], ends[1]) && near(line.points[2], ends[0])))
        // Points of one label have no line between them; a pair not asked for is not drawn.
        #expect(VoronoiBoundaries.lines(points: points, labels: [1, 1, 1], reach: 5) { _, _ in true }.isEmpty)
        #expect(VoronoiBoundaries.lines(points: points, labels: [0, 1, 1], reach: 5) { _, _ in false }.isEmpty)
        // Points further apart than twice the reach: nothing is drawn between them.
        #expect(VoronoiBoundaries.lines(points: [Point(x: 0, y: 0), Point(x: 10, y: 0)], labels: [0, 1], reach: 4.9) { _, _ in true }.isEmpty)
    }

    /// A 6 × 6 grid of points 1 km apart, the left three columns label 0 and the right three label 1:
    /// the boundary is x = 2.5, one line joined across every cell (its vertices computed alike from
    /// each side), ending 1 km beyond the outer rows (reach 1.118 km: √(1.118² − 0.5²) ≈ 1).
    @Test func gridHalvesMeetOnOneStraightLine() {
        var points: [Point] = [], labels: [Int] = []
        for y in 0..<6 { for x in 0..<6 { points.append(Point(x: Double(x), y: Double(y))); labels.append(x < 3 ? 0 : 1) } }
        let reach = (1 + 0.25).squareRoot()
        let lines = VoronoiBoundaries.lines(points: points, labels: labels, reach: reach) { _, _ in true }
        #expect(lines.count == 1)
        guard let line = lines.first else { return }
        #expect(line.points.allSatisfy { abs($0.x - 2.5) < 1e-12 })
        let ys = line.points.map(\.y).sorted()
        #expect(abs(ys.first! - -1) < 1e-9 && abs(ys.last! - 6) < 1e-9)
        // The same points in another order give the same line (up to direction).
        let order = Array(points.indices.reversed())
        let again = VoronoiBoundaries.lines(points: order.map { points[$0] }, labels: order.map { labels[$0] }, reach: reach) { _, _ in true }
        #expect(again.count == 1 && Set(again[0].points.map { $0.y }) == Set(line.points.map { $0.y }))
    }

    /// 300 scattered points of three labels (seeded): every vertex of every line is, by brute force,
    /// as near the nearest point of one of its labels as of the other, no point of any label is
    /// nearer, and it lies within the reach.
    @Test func everyVertexIsHalfwayBetweenItsTwoLabels() {
        var state: UInt64 = 2026
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var points: [Point] = [], labels: [Int] = []
        for _ in 0..<300 {
            let p = Point(x: next() * 20, y: next() * 20)
            points.append(p)
            // Three regions split at x = 7 and along y = x − 3 beyond, so the labels form areas.
            labels.append(p.x < 7 ? 0 : (p.y > p.x - 3 ? 1 : 2))
        }
        let reach = 1.5
        let lines = VoronoiBoundaries.lines(points: points, labels: labels, reach: reach) { _, _ in true }
        #expect(Set(lines.map { "\($0.labels.0)-\($0.labels.1)" }) == ["0-1", "0-2", "1-2"])
        for line in lines {
            let (a, b) = line.labels
            for p in line.points {
                func nearest(_ keep: (Int) -> Bool) -> Double {
                    points.indices.filter { keep(labels[$0]) }.map { points[$0].distance(to: p) }.min() ?? .infinity
                }
                let da = nearest { $0 == a }, db = nearest { $0 == b }, all = nearest { _ in true }
                #expect(abs(da - db) < 1e-9 && all > da - 1e-9 && da <= reach + 1e-9, "\(p) on \(a)-\(b): \(da), \(db), \(all)")
            }
        }
    }
}
