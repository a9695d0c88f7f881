/// How one drawn mini-batch becomes its loss and one optimizer step (see `miniBatchEpoch`).
protocol MiniBatchStep {
    /// The current batch's BPR loss and L2 term at the current parameters; fills the
    /// gradient buffers with their gradient.
    mutating func losses(_ session: inout TrainingSession) -> (bpr: Double, regularization: Double)
    /// One optimizer step along the gradient of the batch whose `losses` were just taken.
    /// `drawNext` fills the batch buffers with the next batch; the step calls it once, after it
    /// has read the buffers for the last time (possibly while other threads finish the step).
    mutating func update(_ session: inout TrainingSession, drawNext: (inout TrainingSession) -> Void)
}

/// The batch on the calling thread: gradients summed pair by pair, then one step on the touched rows.
struct SequentialBatchStep: MiniBatchStep {
    func losses(_ session: inout TrainingSession) -> (bpr: Double, regularization: Double) {
        let bpr = session.accumulateBatchLoss()
        return (bpr, session.accumulateRegularization())
    }

    func update(_ session: inout TrainingSession, drawNext: (inout TrainingSession) -> Void) {
        session.step()
        drawNext(&session)
    }
}
