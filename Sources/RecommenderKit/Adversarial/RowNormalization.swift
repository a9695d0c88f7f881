/// Row-wise operations on flat `rows × width` perturbations.
enum RowNormalization {
    /// ε · x / √max(Σx², 1e-12) per row, like TensorFlow's `l2_normalize(x, 1) * ε`:
    /// a zero row stays zero.
    static func scaledUnitRows(_ x: [Float], width d: Int, epsilon: Float) -> [Float] {
        var out = x
        guard d > 0 else { return out }
        out.withUnsafeMutableBufferPointer { b in
            for r in 0..<(b.count / d) {
                let row = b.baseAddress! + r * d
                let norm = max(RowKernels.squaredNorm(row, d), 1e-12).squareRoot()
                let scale = Float(Double(epsilon) / norm)
                for k in 0..<d { row[k] *= scale }
            }
        }
        return out
    }

    /// Shrinks every row whose L2 norm exceeds ε back onto the ε-sphere (projection onto the ball).
    static func projectRows(_ x: inout [Float], width d: Int, epsilon: Float) {
        guard d > 0 else { return }
        x.withUnsafeMutableBufferPointer { b in
            for r in 0..<(b.count / d) {
                let row = b.baseAddress! + r * d
                let norm = RowKernels.squaredNorm(row, d).squareRoot()
                if norm > Double(epsilon) {
                    let scale = Float(Double(epsilon) / norm)
                    for k in 0..<d { row[k] *= scale }
                }
            }
        }
    }

    /// The L2 norm of each row.
    static func rowNorms(_ x: [Float], width d: Int) -> [Double] {
        guard d > 0 else { return [] }
        return x.withUnsafeBufferPointer { b in
            (0..<(b.count / d)).map { RowKernels.squaredNorm(b.baseAddress! + $0 * d, d).squareRoot() }
        }
    }

    static func add(_ a: [Float], _ b: [Float]) -> [Float] {
        precondition(a.count == b.count)
        var out = a
        for k in 0..<out.count { out[k] += b[k] }
        return out
    }
}
