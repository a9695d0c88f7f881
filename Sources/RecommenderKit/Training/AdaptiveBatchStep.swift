/// Runs each batch on the team or on the calling thread, whichever has lately been faster.
///
/// Both give the same bits, so the choice changes only the time. It matters: a model whose
/// batches stay in one core's cache (ML-500 at d = 64) gains little from the team, since the
/// threads then spend the time saved moving rows between their caches, and on a busy machine
/// a team whose threads wait for each other can be slower than one thread (docs/performance.md).
@available(macOS 15.0, *)
struct AdaptiveBatchStep: MiniBatchStep {
    private let parallel: ParallelBatchStep
    private var chooser: StepChooser
    private var teamRunsThisBatch = true
    private var clock = Stopwatch()

    init(_ parallel: ParallelBatchStep, chooser: StepChooser = StepChooser()) {
        self.parallel = parallel
        self.chooser = chooser
    }

    mutating func losses(_ session: inout TrainingSession) -> (bpr: Double, regularization: Double) {
        teamRunsThisBatch = chooser.nextBatchUsesTeam()
        clock = Stopwatch()
        return teamRunsThisBatch ? parallel.losses(&session) : SequentialBatchStep().losses(&session)
    }

    mutating func update(_ session: inout TrainingSession, drawNext: (inout TrainingSession) -> Void) {
        if teamRunsThisBatch {
            parallel.update(&session, drawNext: drawNext)
        } else {
            SequentialBatchStep().update(&session, drawNext: drawNext)
        }
        chooser.record(seconds: clock.seconds)
    }
}

/// Times short trials of both ways of running a batch, then runs the faster one for a while,
/// and starts over (the machine's load changes).
struct StepChooser {
    /// Batches the team runs untimed at first: its helpers start with cold caches.
    let startBatches: Int
    /// Batches per trial; the first `warmUp` of each are not timed (sleeping helpers wake up).
    let trialBatches: Int
    let warmUp: Int
    /// Batches run the faster way between two rounds of trials.
    let runBatches: Int

    private var batch = 0
    private var teamSeconds = 0.0
    private var aloneSeconds = 0.0
    private var teamIsFaster = true

    init(startBatches: Int = 32, trialBatches: Int = 16, warmUp: Int = 2, runBatches: Int = 256) {
        precondition(startBatches >= 0 && trialBatches > warmUp && warmUp >= 0 && runBatches >= 0)
        self.startBatches = startBatches
        self.trialBatches = trialBatches
        self.warmUp = warmUp
        self.runBatches = runBatches
    }

    /// Where the next batch stands in its round (team trial, alone trial, run), or nil at the start.
    private var position: Int? {
        batch < startBatches ? nil : (batch - startBatches) % (2 * trialBatches + runBatches)
    }

    func nextBatchUsesTeam() -> Bool {
        guard let k = position else { return true }
        if k < trialBatches { return true }
        if k < 2 * trialBatches { return false }
        return teamIsFaster
    }

    /// The time of the batch just run (as `nextBatchUsesTeam` said).
    mutating func record(seconds: Double) {
        defer { batch += 1 }
        guard let k = position else { return }
        if k < trialBatches {
            if k == 0 { teamSeconds = 0 }
            if k >= warmUp { teamSeconds += seconds }
        } else if k < 2 * trialBatches {
            if k == trialBatches { aloneSeconds = 0 }
            if k - trialBatches >= warmUp { aloneSeconds += seconds }
            if k == 2 * trialBatches - 1 { teamIsFaster = teamSeconds < aloneSeconds }
        }
    }
}
