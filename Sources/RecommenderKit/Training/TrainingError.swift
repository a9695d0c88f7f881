/// Why training, adversarial training or an attack could not run or stopped.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A batch loss became NaN or infinite (`batch` is 1-based within `epoch`;
    /// `batch == 0` means the parameters were found non-finite at the end of the epoch).
    case diverged(epoch: Int, batch: Int, loss: Double, learningRate: Float)
    case invalidOption(name: String, reason: String)
    /// A user has every item in its training set, so no negative item can be sampled.
    case noNegativeItem(user: Int)
    /// The model's shape differs from the dataset's.
    case shapeMismatch(modelUsers: Int, modelItems: Int, dataUsers: Int, dataItems: Int)
    /// The dataset has fewer training pairs than one batch.
    case tooFewPairs(pairs: Int, batchSize: Int)
    /// The requested combination is not available.
    case unsupported(String)

    public var description: String {
        switch self {
        case let .diverged(epoch, batch, loss, learningRate):
            let place = batch == 0 ? "at the end of epoch \(epoch)" : "in epoch \(epoch), batch \(batch)"
            let what = batch == 0 ? "the parameters became non-finite" : "the batch loss became \(loss)"
            return "training diverged \(place): \(what); try a lower learning rate (now \(learningRate))"
        case let .invalidOption(name, reason):
            return "invalid option \(name): \(reason)"
        case let .noNegativeItem(user):
            return "user \(user) has every item in its training set, so no negative item can be sampled"
        case let .shapeMismatch(mu, mi, du, di):
            return "the model has \(mu) users and \(mi) items but the dataset has \(du) users and \(di) items"
        case let .tooFewPairs(pairs, batchSize):
            return "the dataset has \(pairs) training pairs, fewer than one batch of \(batchSize)"
        case let .unsupported(text):
            return text
        }
    }
}
