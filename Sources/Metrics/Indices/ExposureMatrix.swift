import LinearAlgebra

/// Multi-group exposure (Bell 1954; Massey & Denton 1988): entry (k, l) is the share of group l in
/// the school of the average member of group k, Σᵢ (nᵢₖ/Nₖ)(nᵢₗ/Tᵢ). The diagonal is each group's
/// isolation; each row sums to 1.
///
/// As a matrix: with X the schools × groups counts and D = diag(Tᵢ), the unscaled matrix is
/// Xᵀ D⁻¹ X, one GEMM; row k is then divided by Nₖ.
public enum ExposureMatrix {
    /// One row per group (nil when the group is absent), each with one entry per group.
    public static func compute(_ table: CountTable) -> [[Double]?] {
        let s = table.units, k = table.groups
        let x = Matrix(rows: s, columns: k, elements: table.counts)
        var scaled = x
        var groupTotals = [Double](repeating: 0, count: k)
        for i in 0..<s {
            var ti = 0.0
            for g in 0..<k { ti += x.elements[i * k + g]; groupTotals[g] += x.elements[i * k + g] }
            let inverse = ti > 0 ? 1 / ti : 0
            for g in 0..<k { scaled.elements[i * k + g] *= inverse }
        }
        var product = Matrix(rows: k, columns: k)
        BLAS.gemm(x, scaled, transA: .transposed, into: &product)
        return (0..<k).map { g in
            guard groupTotals[g] > 0 else { return nil }
            return (0..<k).map { l in product[g, l] / groupTotals[g] }
        }
    }
}
