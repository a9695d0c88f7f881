import COpenBLAS

/// OpenBLAS runs single-threaded inside recbook: parallelism comes from
/// `ComputeContext` over fixed user blocks, so results never depend on the core count.
/// Global `let`s are initialised once, thread-safely, on first use.
private let openBLASSingleThreaded: Void = BLASKernels.useOneThread()

extension FactorModel: Recommender {
    public var userCount: Int { userFactors.rows }
    public var itemCount: Int { itemFactors.rows }

    /// Users per `cblas_sgemm` call. OpenBLAS picks different kernels for different
    /// matrix shapes (small-matrix kernels round differently), so a user's scores would
    /// depend on how many users share a call. Scoring always goes through the same
    /// tiles, rows `[t·256, (t+1)·256)`, so every user's row comes from the same call
    /// shape whatever range is asked for.
    public static let scoringTileRows = 256

    /// Scores of a range of users for every item: `P[users] · Qᵀ`, one `cblas_sgemm` per tile.
    /// Tiles the range covers completely are written in place; a partly covered tile is
    /// computed whole into a temporary and the requested rows are copied.
    public func scores(forUsers users: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>) {
        precondition(users.lowerBound >= 0 && users.upperBound <= userCount, "users \(users) outside 0..<\(userCount)")
        let items = itemCount
        precondition(buffer.count >= users.count * items, "score buffer holds \(buffer.count) values, needs \(users.count * items)")
        guard !users.isEmpty, items > 0 else { return }
        let tileRows = FactorModel.scoringTileRows
        var tileStart = (users.lowerBound / tileRows) * tileRows
        while tileStart < users.upperBound {
            let tile = tileStart..<min(tileStart + tileRows, userCount)
            let wanted = tile.clamped(to: users)
            let destination = buffer.baseAddress! + (wanted.lowerBound - users.lowerBound) * items
            if wanted == tile {
                multiply(tile, into: destination)
            } else {
                let temporary = UnsafeMutablePointer<Float>.allocate(capacity: tile.count * items)
                defer { temporary.deallocate() }
                multiply(tile, into: temporary)
                destination.update(from: temporary + (wanted.lowerBound - tile.lowerBound) * items, count: wanted.count * items)
            }
            tileStart += tileRows
        }
    }

    /// `P[rows] · Qᵀ` into `destination` (row-major, `rows.count × itemCount`).
    private func multiply(_ rows: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        let factors = factorCount, items = itemCount
        guard factors > 0 else {
            destination.update(repeating: 0, count: rows.count * items)
            return
        }
        _ = openBLASSingleThreaded
        userFactors.storage.withUnsafeBufferPointer { p in
            itemFactors.storage.withUnsafeBufferPointer { q in
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans,
                    Int32(rows.count), Int32(items), Int32(factors),
                    1, p.baseAddress! + rows.lowerBound * factors, Int32(factors),
                    q.baseAddress!, Int32(factors),
                    0, destination, Int32(items))
            }
        }
    }
}
