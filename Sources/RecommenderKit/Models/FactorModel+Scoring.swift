import COpenBLAS

/// OpenBLAS runs single-threaded inside recbook: parallelism comes from
/// `ComputeContext` over fixed user blocks, so results never depend on the core count.
/// Global `let`s are initialised once, thread-safely, on first use.
private let openBLASSingleThreaded: Void = openblas_set_num_threads(1)

extension FactorModel: Recommender {
    public var userCount: Int { userFactors.rows }
    public var itemCount: Int { itemFactors.rows }

    /// Scores of a block of users for every item: `P[users] · Qᵀ` with one `cblas_sgemm`.
    public func scores(forUsers users: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>) {
        precondition(users.lowerBound >= 0 && users.upperBound <= userCount, "users \(users) outside 0..<\(userCount)")
        let rows = users.count, items = itemCount, factors = factorCount
        precondition(buffer.count >= rows * items, "score buffer holds \(buffer.count) values, needs \(rows * items)")
        guard rows > 0, items > 0 else { return }
        guard factors > 0 else {
            buffer.baseAddress!.update(repeating: 0, count: rows * items)
            return
        }
        _ = openBLASSingleThreaded
        userFactors.storage.withUnsafeBufferPointer { p in
            itemFactors.storage.withUnsafeBufferPointer { q in
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans,
                    Int32(rows), Int32(items), Int32(factors),
                    1, p.baseAddress! + users.lowerBound * factors, Int32(factors),
                    q.baseAddress!, Int32(factors),
                    0, buffer.baseAddress!, Int32(items))
            }
        }
    }
}
