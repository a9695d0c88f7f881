/// The batch on a `WorkerTeam`, bit-identical to `SequentialBatchStep` for every team size.
///
/// A batch's gradient is taken at the pre-batch parameters, and the rows are split into one
/// fixed partition per thread, so the work splits without changing a single operation or its
/// order:
/// 1. per partition: walk all pairs in order; for every pair with a row in the partition,
///    compute its score difference and loss term (a pure function of the rows, so whoever
///    computes it gets the same bits; the user row's partition keeps it, with the rows'
///    squared norms under L2) and add the terms of the partition's rows, then their L2 terms,
///    so each gradient row gets its terms in the sequential order;
/// 2. one thread sums the pairs' loss terms (and norms) in pair order, as `LossSum` does;
/// 3. per partition, in chunks: the optimizer step of the rows touched (row-local). Meanwhile
///    the calling thread first draws the next batch's negatives (one thread, the same stream
///    and order), then joins in.
/// Thread t starts with partition t, so a row's gradient and optimizer slots stay in one
/// core's cache; whoever takes a partition or chunk, the results are the same.
@available(macOS 15.0, *)
struct ParallelBatchStep: MiniBatchStep {
    private let team: WorkerTeam
    private let scratch: BatchScratch

    /// For training `model` (its batch size, shape and L2 weight) on `threads` threads.
    init(threads: Int, model: BPRModel) {
        team = WorkerTeam(count: threads)
        scratch = BatchScratch(
            partitions: threads, batchSize: model.configuration.batchSize, users: model.userCount, items: model.itemCount,
            regularized: model.configuration.regularization > 0)
    }

    /// Stops the team and frees the scratch memory.
    func deallocate() {
        team.shutDown()
        scratch.deallocate()
    }

    func losses(_ session: inout TrainingSession) -> (bpr: Double, regularization: Double) {
        let phases = BatchPhases(session, scratch)
        team.forEach(blocks: { _ in 1 }) { phases.accumulatePartition($0) }
        return phases.summedLosses()
    }

    func update(_ session: inout TrainingSession, drawNext: (inout TrainingSession) -> Void) {
        session.steps += 1
        let step = OptimizerStep(session.kind, learningRate: session.configuration.learningRate, step: session.steps)
        let phases = BatchPhases(session, scratch)
        // The step reads no batch buffer, so the next batch can be drawn into them meanwhile.
        team.forEach(blocks: { phases.rowChunks(ofPartition: $0) }, callerFirst: { drawNext(&session) }) {
            phases.applyRowChunk($0, step)
        }
    }
}

/// Memory the parallel step keeps between batches: one block per row partition, written
/// only by the thread working on that partition, so that threads never write the same cache line.
struct BatchScratch {
    let partitions: Int
    private let blocks: [PartitionScratch]

    init(partitions: Int, batchSize: Int, users: Int, items: Int, regularized: Bool) {
        precondition(partitions >= 1, "at least one partition")
        self.partitions = partitions
        blocks = (0..<partitions).map { _ in
            PartitionScratch(batchSize: max(1, batchSize), users: users, items: items, regularized: regularized)
        }
    }

    subscript(partition: Int) -> PartitionScratch { blocks[partition] }

    /// The partition of a row: a multiplicative hash scaled to `0..<partitions` (cheaper than
    /// a division, and it spreads popular rows). Any map gives the same results.
    @inline(__always)
    func partition(of row: Int32) -> Int {
        let hash = UInt64(UInt32(bitPattern: row) &* 0x9E37_79B9)
        return Int(truncatingIfNeeded: (hash &* UInt64(partitions)) >> 32)
    }

    func deallocate() {
        for block in blocks { block.deallocate() }
    }
}

/// One partition's scratch, in one cache-aligned allocation.
struct PartitionScratch {
    /// Per pair whose user row is in the partition: its loss term and (with L2 only) Σv² of
    /// its user, positive and negative row; other pairs' slots are unused.
    let terms: UnsafeMutablePointer<PairLoss>
    let norms: UnsafeMutablePointer<Double>?
    /// The partition's rows touched by the current batch, and a mark per row of the matrix.
    let userRows: UnsafeMutablePointer<Int32>
    let itemRows: UnsafeMutablePointer<Int32>
    let userTouched: UnsafeMutablePointer<Bool>
    let itemTouched: UnsafeMutablePointer<Bool>
    /// How many rows `userRows` and `itemRows` hold.
    let counts: UnsafeMutablePointer<Int>
    private let base: UnsafeMutableRawPointer

    init(batchSize b: Int, users: Int, items: Int, regularized: Bool) {
        // Each piece starts on a cache line of its own.
        let sizes = [
            b * MemoryLayout<PairLoss>.stride, regularized ? 3 * b * 8 : 0, min(users, b) * 4, min(items, 2 * b) * 4,
            users, items, 2 * 8,
        ].map { ($0 + 63) / 64 * 64 }
        let base = UnsafeMutableRawPointer.allocate(byteCount: max(64, sizes.reduce(0, +)), alignment: 64)
        var starts: [UnsafeMutableRawPointer] = []
        var offset = 0
        for size in sizes {
            starts.append(base + offset)
            offset += size
        }
        self.base = base
        terms = starts[0].bindMemory(to: PairLoss.self, capacity: b)
        norms = regularized ? starts[1].bindMemory(to: Double.self, capacity: 3 * b) : nil
        userRows = starts[2].bindMemory(to: Int32.self, capacity: min(users, b))
        itemRows = starts[3].bindMemory(to: Int32.self, capacity: min(items, 2 * b))
        userTouched = starts[4].bindMemory(to: Bool.self, capacity: users)
        userTouched.initialize(repeating: false, count: users)
        itemTouched = starts[5].bindMemory(to: Bool.self, capacity: items)
        itemTouched.initialize(repeating: false, count: items)
        counts = starts[6].bindMemory(to: Int.self, capacity: 2)
        counts.initialize(repeating: 0, count: 2)
    }

    func deallocate() { base.deallocate() }
}

/// The phases of one batch over the session's memory and the scratch.
///
/// Shared raw memory, hence `@unchecked Sendable`: a partition's thread writes only the
/// partition's gradient rows and its own scratch block; a chunk of the step only its own rows
/// (and their marks). The team's `forEach` separates the phases.
struct BatchPhases: @unchecked Sendable {
    let scratch: BatchScratch
    let batchSize: Int
    let d: Int
    let regularization: Float
    let batchUsers: UnsafeMutablePointer<Int32>
    let batchPositives: UnsafeMutablePointer<Int32>
    let batchNegatives: UnsafeMutablePointer<Int32>
    let users: ParameterRows
    let items: ParameterRows
    let userGradient: UnsafeMutablePointer<Float>
    let itemGradient: UnsafeMutablePointer<Float>

    /// Rows per chunk of the step: a few microseconds of work, so that handing one out (an
    /// atomic add) costs little.
    static let rowsPerChunk = 32

    init(_ session: TrainingSession, _ scratch: BatchScratch) {
        self.scratch = scratch
        batchSize = session.configuration.batchSize
        d = session.d
        regularization = session.configuration.regularization
        batchUsers = session.batchUsers
        batchPositives = session.batchPositives
        batchNegatives = session.batchNegatives
        users = session.users
        items = session.items
        userGradient = session.userGradient.values
        itemGradient = session.itemGradient.values
    }

    /// Phase 1, partition `p`: walks all pairs in order and, for those with a row in `p`, adds
    /// their terms to the partition's gradient rows (then, with L2, the regularisation terms)
    /// and records the rows touched; keeps the loss terms (and norms) of pairs whose user is in `p`.
    func accumulatePartition(_ p: Int) {
        let mine = scratch[p]
        var userCount = 0, itemCount = 0
        for s in 0..<batchSize {
            let ownsU = scratch.partition(of: batchUsers[s]) == p
            let ownsI = scratch.partition(of: batchPositives[s]) == p
            let ownsJ = scratch.partition(of: batchNegatives[s]) == p
            guard ownsU || ownsI || ownsJ else { continue }
            let u = Int(batchUsers[s]), i = Int(batchPositives[s]), j = Int(batchNegatives[s])
            let pu = users.row(u), qi = items.row(i), qj = items.row(j)
            let term = PairLoss(RowKernels.dotDifference(pu, qi, qj, d))
            // Every row of the batch is touched, whatever its slope (Adam moves touched rows even at g = 0).
            if ownsU {
                mine.terms[s] = term
                if let norms = mine.norms {
                    norms[3 * s] = TrainingSession.squaredRowNorm(pu, nil, d)
                    norms[3 * s + 1] = TrainingSession.squaredRowNorm(qi, nil, d)
                    norms[3 * s + 2] = TrainingSession.squaredRowNorm(qj, nil, d)
                }
                Self.touch(u, mine.userTouched, mine.userRows, &userCount)
            }
            if ownsI { Self.touch(i, mine.itemTouched, mine.itemRows, &itemCount) }
            if ownsJ { Self.touch(j, mine.itemTouched, mine.itemRows, &itemCount) }
            let slope = term.slope
            if slope == 0 { continue }
            if ownsU { RowKernels.accumulateUserRow(slope: slope, qi: qi, qj: qj, gu: userGradient + u * d, d: d) }
            if ownsI { RowKernels.accumulatePositiveRow(slope: slope, pu: pu, gi: itemGradient + i * d, d: d) }
            if ownsJ { RowKernels.accumulateNegativeRow(slope: slope, pu: pu, gj: itemGradient + j * d, d: d) }
        }
        if regularization > 0 { addRegularization(partition: p) }
        mine.counts[0] = userCount
        mine.counts[1] = itemCount
    }

    /// The L2 terms of partition `p`'s rows, in pair order, after all loss terms (as
    /// `accumulateRegularization` adds them after `accumulateBatchLoss`).
    private func addRegularization(partition p: Int) {
        let scale = TrainingSession.regularizationScale(regularization, size: batchSize, d: d)
        for s in 0..<batchSize {
            let u = batchUsers[s], i = batchPositives[s], j = batchNegatives[s]
            if scratch.partition(of: u) == p {
                TrainingSession.addRegularizationGradient(users.row(Int(u)), nil, userGradient + Int(u) * d, scale, d)
            }
            if scratch.partition(of: i) == p {
                TrainingSession.addRegularizationGradient(items.row(Int(i)), nil, itemGradient + Int(i) * d, scale, d)
            }
            if scratch.partition(of: j) == p {
                TrainingSession.addRegularizationGradient(items.row(Int(j)), nil, itemGradient + Int(j) * d, scale, d)
            }
        }
    }

    /// After phase 1, on one thread: the batch's BPR loss and L2 term, summed in pair order
    /// exactly as `accumulateBatchLoss` and `accumulateRegularization` sum them.
    func summedLosses() -> (bpr: Double, regularization: Double) {
        var loss = LossSum()
        for s in 0..<batchSize { loss.add(scratch[scratch.partition(of: batchUsers[s])].terms[s]) }
        guard regularization > 0 else { return (loss.total, 0) }
        var squares = 0.0
        for s in 0..<batchSize {
            guard let norms = scratch[scratch.partition(of: batchUsers[s])].norms else { continue }
            squares += norms[3 * s]
            squares += norms[3 * s + 1]
            squares += norms[3 * s + 2]
        }
        return (loss.total, TrainingSession.regularizationValue(regularization, squares: squares, size: batchSize, d: d))
    }

    /// After phase 1: the chunks of partition `p`'s touched rows (its users, then its items).
    func rowChunks(ofPartition p: Int) -> Int {
        let counts = scratch[p].counts
        return Self.chunks(counts[0]) + Self.chunks(counts[1])
    }

    /// Phase 3, chunk `k` (numbered partition by partition): the optimizer step of its rows,
    /// zeroing their gradients and touch marks.
    func applyRowChunk(_ k: Int, _ step: OptimizerStep) {
        var k = k, p = 0
        while k >= rowChunks(ofPartition: p) {
            k -= rowChunks(ofPartition: p)
            p += 1
        }
        let mine = scratch[p]
        let userChunks = Self.chunks(mine.counts[0])
        if k < userChunks {
            let rows = Self.chunk(k, of: mine.userRows, count: mine.counts[0])
            users.apply(step, rows: rows, gradient: userGradient)
            for r in rows { mine.userTouched[Int(r)] = false }
        } else {
            let rows = Self.chunk(k - userChunks, of: mine.itemRows, count: mine.counts[1])
            items.apply(step, rows: rows, gradient: itemGradient)
            for r in rows { mine.itemTouched[Int(r)] = false }
        }
    }

    private static func chunks(_ rows: Int) -> Int { (rows + rowsPerChunk - 1) / rowsPerChunk }

    private static func chunk(_ k: Int, of list: UnsafeMutablePointer<Int32>, count: Int) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(start: list + k * rowsPerChunk, count: min(rowsPerChunk, count - k * rowsPerChunk))
    }

    @inline(__always)
    private static func touch(
        _ row: Int, _ isTouched: UnsafeMutablePointer<Bool>, _ list: UnsafeMutablePointer<Int32>, _ count: inout Int
    ) {
        if !isTouched[row] {
            isTouched[row] = true
            list[count] = Int32(row)
            count += 1
        }
    }
}
