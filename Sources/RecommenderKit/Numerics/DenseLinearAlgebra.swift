import COpenBLAS

/// The baselines' calls into OpenBLAS and its LAPACK, in one place. Every call is on one
/// OpenBLAS thread (as in `FactorModel+Scoring.swift`) with shapes that depend only on the
/// data, so results never depend on the thread count.
enum DenseLinearAlgebra {
    private static let singleThreaded: Void = BLASKernels.useOneThread()

    /// `YᵀY` of a row-major `rows × width` matrix, written whole (both triangles) into a
    /// row-major `width × width` buffer.
    static func gram(of rows: UnsafePointer<Float>, rowCount: Int, width: Int, into destination: UnsafeMutablePointer<Float>) {
        _ = singleThreaded
        guard rowCount > 0 else {
            destination.update(repeating: 0, count: width * width)
            return
        }
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(width), Int32(width), Int32(rowCount),
            1, rows, Int32(width), rows, Int32(width), 0, destination, Int32(width))
    }

    /// Replaces the symmetric positive definite `n × n` matrix in `matrix` by its inverse
    /// (Cholesky: `dpotrf` then `dpotri`), both triangles filled. Reads only the lower triangle
    /// (row-major). Returns false, leaving the matrix unusable, when it is not positive definite.
    static func invertSymmetricPositiveDefinite(_ matrix: UnsafeMutablePointer<Double>, order n: Int) -> Bool {
        invert(matrix, order: n, factor: { dpotrf_($0, $1, $2, $3, $4, 1) }, invert: { dpotri_($0, $1, $2, $3, $4, 1) })
    }

    /// The same in single precision (`spotrf`, `spotri`): twice as fast, for well-conditioned matrices.
    static func invertSymmetricPositiveDefinite(_ matrix: UnsafeMutablePointer<Float>, order n: Int) -> Bool {
        invert(matrix, order: n, factor: { spotrf_($0, $1, $2, $3, $4, 1) }, invert: { spotri_($0, $1, $2, $3, $4, 1) })
    }

    private typealias LAPACKRoutine<Element> = (
        UnsafePointer<CChar>, UnsafePointer<Int32>, UnsafeMutablePointer<Element>, UnsafePointer<Int32>, UnsafeMutablePointer<Int32>
    ) -> Void

    private static func invert<Element>(
        _ matrix: UnsafeMutablePointer<Element>, order n: Int, factor: LAPACKRoutine<Element>, invert: LAPACKRoutine<Element>
    ) -> Bool {
        _ = singleThreaded
        guard n > 0 else { return true }
        var size = Int32(n), leading = Int32(n), info: Int32 = 0
        // Symmetric, so row- and column-major agree; LAPACK's "U" triangle of the column-major
        // matrix is the lower triangle row-major.
        var upper = CChar(UInt8(ascii: "U"))
        factor(&upper, &size, matrix, &leading, &info)
        if info == 0 { invert(&upper, &size, matrix, &leading, &info) }
        guard info == 0 else { return false }
        // Column-major upper triangle (row ≤ column) is element column·n + row: copy it to the other half.
        for column in 0..<n {
            for row in 0..<column { matrix[row * n + column] = matrix[column * n + row] }
        }
        return true
    }
}
