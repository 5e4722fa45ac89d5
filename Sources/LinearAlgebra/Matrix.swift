/// A dense, row-major matrix of `Double`.
///
/// Row-major because the simulation's matrices are "one row per pupil" (or per area): a pupil's
/// utilities or distances are contiguous, which is what the per-pupil loops read.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Element (i, j) is at `elements[i * columns + j]`.
    public var elements: [Double]

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns,
                     "matrix storage must hold rows × columns elements")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from an array of equally long rows.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows must have equal length")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The transpose, materialised. BLAS calls take a transpose flag instead; this is for tests and
    /// for the rare place where a transposed copy is read many times.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns {
                t.elements[j * rows + i] = elements[i * columns + j]
            }
        }
        return t
    }
}

/// Whether a BLAS operand is used as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transposed
}
