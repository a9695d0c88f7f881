/// The training pairs on a fixed grid of user and item blocks, so that per-sample SGD can run
/// on several threads and still give the same bits on any number of them (stratified SGD,
/// as DSGD: Gemulla et al., KDD 2011).
///
/// User `u` is in block `u mod B` and item `i` in block `i mod B`, so popular items and
/// heavy users spread over the blocks. Cell `(a, b)` holds the pairs of block-`a` users with
/// block-`b` items, in the matrix's row order. Stratum `s` is the `B` cells `(a, (a + s) mod B)`:
/// no two of them share a user or an item, so they can be trained at once in any order.
struct BlockGrid: Sendable {
    let blocks: Int
    /// Packed pairs (`TrainingPairs.pack`) grouped by cell `a · B + b`.
    let pairs: [UInt64]
    /// Cell `c` is `pairs[cellStarts[c]..<cellStarts[c + 1]]`.
    let cellStarts: [Int]
    /// Items in each item block: `i = b + B · k` for `k` in `0..<itemsInBlock[b]`.
    let itemsInBlock: [Int]

    /// Fails when some user has every item of a block it has a positive in (no negative there).
    init(_ matrix: InteractionMatrix, blocks: Int) throws(TrainingError) {
        precondition(blocks >= 2, "one block is the plain per-sample epoch")
        let itemCount = matrix.itemCount
        let itemsInBlock = (0..<blocks).map { b in b < itemCount ? (itemCount - b + blocks - 1) / blocks : 0 }
        var counts = [Int](repeating: 0, count: blocks * blocks)
        var userPositives = [Int](repeating: 0, count: blocks)
        for u in 0..<matrix.userCount {
            for b in 0..<blocks { userPositives[b] = 0 }
            let row = (u % blocks) * blocks
            for item in matrix.items(of: u) {
                let b = Int(item) % blocks
                userPositives[b] += 1
                counts[row + b] += 1
            }
            for b in 0..<blocks where userPositives[b] > 0 && userPositives[b] == itemsInBlock[b] {
                throw .noNegativeItemInBlock(user: u, block: b, blocks: blocks)
            }
        }
        var starts = [Int](repeating: 0, count: blocks * blocks + 1)
        for cell in 0..<blocks * blocks { starts[cell + 1] = starts[cell] + counts[cell] }
        var next = Array(starts.dropLast())
        var pairs = [UInt64](repeating: 0, count: matrix.count)
        for u in 0..<matrix.userCount {
            let row = (u % blocks) * blocks
            for item in matrix.items(of: u) {
                let cell = row + Int(item) % blocks
                pairs[next[cell]] = TrainingPairs.pack(user: Int32(u), item: item)
                next[cell] += 1
            }
        }
        self.blocks = blocks
        self.pairs = pairs
        self.cellStarts = starts
        self.itemsInBlock = itemsInBlock
    }

    func cellRange(_ cell: Int) -> Range<Int> { cellStarts[cell]..<cellStarts[cell + 1] }
}

extension TrainingSession {
    /// One epoch of per-sample SGD on a block grid. Every cell shuffles its own pairs (from the
    /// grid's order, with `shuffle` derived by the cell's index); then, stratum by stratum, each
    /// cell takes its pairs in that order, draws each pair's negative uniformly from the cell's
    /// item block (again while the user has it, from `negatives` derived by the cell's index)
    /// and updates the three rows as `perSampleEpoch` does. A stratum's cells touch disjoint
    /// rows, so which thread runs which cell, and when, changes nothing. The loss is the
    /// cells' sums added in cell order.
    mutating func blockedPerSampleEpoch(_ grid: BlockGrid, context: ComputeContext) throws(TrainingError) -> EpochRecord {
        let clock = Stopwatch()
        let epoch = history.count + 1
        let stream = epochStream(epoch, phase: .bpr)
        let shuffles = stream.derived("shuffle"), negatives = stream.derived("negatives")
        let blocks = grid.blocks, cellCount = blocks * blocks
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, grid.pairs.count))
        defer { buffer.deallocate() }
        let order = SharedRows(base: buffer)
        // From the grid's order each epoch, so continuing a model equals training it longer.
        context.forEachChunk(cellCount) { cell in
            let range = grid.cellRange(cell)
            // An empty array's buffer may have no base address.
            guard !range.isEmpty else { return }
            grid.pairs.withUnsafeBufferPointer { source in
                (order.base + range.lowerBound).initialize(from: source.baseAddress! + range.lowerBound, count: range.count)
            }
            var generator = shuffles.derived(UInt64(cell))
            TrainingPairs.shuffle(UnsafeMutableBufferPointer(start: order.base + range.lowerBound, count: range.count), using: &generator)
        }
        let cellLosses = DisjointWrites<Double>(count: cellCount, repeating: 0)
        let p = SharedRows(base: users.values.base), q = SharedRows(base: items.values.base)
        let d = self.d, lr = configuration.learningRate, reg = configuration.regularization
        let sampler = self.sampler
        for stratum in 0..<blocks {
            context.forEachChunk(blocks) { userBlock in
                let itemBlock = (userBlock + stratum) % blocks
                let cell = userBlock * blocks + itemBlock
                let blockItems = grid.itemsInBlock[itemBlock]
                var generator = negatives.derived(UInt64(cell))
                var loss = LossSum()
                for k in grid.cellRange(cell) {
                    let (u, i) = TrainingPairs.unpack(order.base[k])
                    let j = sampler.draw(for: u, inBlock: itemBlock, of: blocks, blockSize: blockItems, using: &generator)
                    let rowU = p.base + u * d, rowI = q.base + i * d, rowJ = q.base + j * d
                    let slope = loss.add(RowKernels.dotDifference(rowU, rowI, rowJ, d))
                    RowKernels.perSampleStep(rowU, rowI, rowJ, d: d, slope: slope, lr: lr, reg: reg)
                }
                cellLosses.write(loss.total, at: cell)
            }
        }
        let total = cellLosses.finish().reduce(0, +)
        guard total.isFinite else { throw divergence(epoch: epoch, batch: 0, loss: total) }
        try checkFinite(epoch: epoch)
        return EpochRecord(epoch: epoch, phase: .bpr, loss: total, samples: grid.pairs.count, seconds: clock.seconds)
    }
}
