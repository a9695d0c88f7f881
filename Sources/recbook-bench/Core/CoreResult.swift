/// Everything measured for one benchmark size, passed from the child process to the parent
/// as JSON.
struct CoreSizeResult: Codable {
    var size: BenchSize
    var origin: String
    var users: Int
    var items: Int
    var trainingPairs: Int
    /// Seconds to load or generate the dataset.
    var loadSeconds: Double
    /// Epochs of each training measurement (repeats, capped on ML-20M).
    var epochs: Int
    /// Seed-faithful Adagrad mini-batch epochs (seconds) and the pairs one epoch trains.
    var bprAdagradEpoch: Samples
    var bprAdagradPairs: Int
    /// Per-sample SGD epochs (seconds) and the pairs one epoch trains.
    var sgdPerSampleEpoch: Samples
    var sgdPerSamplePairs: Int
    /// Blocks of the stratified per-sample epochs (`CoreThreadResult.sgdBlockedEpoch`).
    var sgdBlocks: Int
    /// What the per-sample models learnt in `epochs` epochs: one order, and the block grid
    /// (the same on every thread count; nil when no thread count was measured).
    var sgdPerSampleQuality: TrainedQuality
    var sgdBlockedQuality: TrainedQuality?
    /// Per-batch APR epochs (seconds), continuing the Adagrad model.
    var aprPerBatchEpoch: Samples
    var perThreads: [CoreThreadResult]
    /// Bytes of the reference product's own score buffer (part of the peak memory).
    var referenceBufferBytes: Double
    var referenceTiled: Bool
    /// Filled in by the parent from the child's rusage.
    var peakResidentBytes: Double = 0
}

/// The measurements that depend on the thread count.
struct CoreThreadResult: Codable {
    var threads: Int
    /// Stratified per-sample SGD epochs (`CoreSizeResult.sgdBlocks` blocks) on this many threads.
    var sgdBlockedEpoch: Samples
    var fgsm: Samples
    var evaluation: Samples
    var product: Samples
    /// One seed-variant APR epoch (ML-500 only).
    var aprSeedEpoch: Samples?
}

/// HR@100 and AUC on the test set, to show what a training variant costs in accuracy.
struct TrainedQuality: Codable {
    var hr100: Double
    var auc: Double
}
