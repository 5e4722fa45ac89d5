import LinearAlgebra

/// Distances between many homes and many sites, computed as one matrix product.
///
/// ‖h − s‖² = ‖h‖² + ‖s‖² − 2 h·s, so with augmented rows
/// `[x, y, x²+y², 1]` for homes and `[−2X, −2Y, 1, X²+Y²]` for sites, the squared-distance matrix is
/// a single GEMM. Coordinates are centred on the sites' mean first, which keeps the cancellation
/// error of the expansion far below a metre even on national-grid coordinates.
public enum DistanceMatrix {
    /// Squared distances, homes × sites, row-major (row = home). Negative round-off is clamped to 0.
    public static func squaredDistances(homesX: [Double], homesY: [Double], sites: [Point]) -> Matrix {
        precondition(homesX.count == homesY.count)
        let n = homesX.count, m = sites.count
        var centreX = 0.0, centreY = 0.0
        for s in sites { centreX += s.x; centreY += s.y }
        if m > 0 { centreX /= Double(m); centreY /= Double(m) }

        var a = Matrix(rows: n, columns: 4)
        for i in 0..<n {
            let x = homesX[i] - centreX, y = homesY[i] - centreY
            a.elements[i * 4 + 0] = x
            a.elements[i * 4 + 1] = y
            a.elements[i * 4 + 2] = x * x + y * y
            a.elements[i * 4 + 3] = 1
        }
        var b = Matrix(rows: m, columns: 4)
        for (j, s) in sites.enumerated() {
            let x = s.x - centreX, y = s.y - centreY
            b.elements[j * 4 + 0] = -2 * x
            b.elements[j * 4 + 1] = -2 * y
            b.elements[j * 4 + 2] = 1
            b.elements[j * 4 + 3] = x * x + y * y
        }
        var d2 = Matrix(rows: n, columns: m)
        BLAS.gemm(a, b, transB: .transposed, into: &d2)
        for k in d2.elements.indices where d2.elements[k] < 0 {
            d2.elements[k] = 0
        }
        return d2
    }

    /// Distances in km, homes × sites.
    public static func distances(homesX: [Double], homesY: [Double], sites: [Point]) -> Matrix {
        var d = squaredDistances(homesX: homesX, homesY: homesY, sites: sites)
        for k in d.elements.indices {
            d.elements[k] = d.elements[k].squareRoot()
        }
        return d
    }
}
