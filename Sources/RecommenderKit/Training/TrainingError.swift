/// Why training, adversarial training or an attack could not run or stopped.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A batch loss became NaN or infinite (`batch` is 1-based within `epoch`;
    /// `batch == 0` means the parameters were found non-finite at the end of the epoch).
    /// `regularization` is the L2 weight in effect (0 when none), for the advice.
    case diverged(epoch: Int, batch: Int, loss: Double, learningRate: Float, regularization: Float = 0)
    case invalidOption(name: String, reason: String)
    /// A user has every item in its training set, so no negative item can be sampled.
    case noNegativeItem(user: Int)
    /// With `blocks` > 1, a user has every item of one item block, so no negative can be drawn there.
    case noNegativeItemInBlock(user: Int, block: Int, blocks: Int)
    /// The model's shape differs from the dataset's.
    case shapeMismatch(modelUsers: Int, modelItems: Int, dataUsers: Int, dataItems: Int)
    /// The dataset has fewer training pairs than one batch.
    case tooFewPairs(pairs: Int, batchSize: Int)
    /// The requested combination is not available.
    case unsupported(String)

    public var description: String {
        switch self {
        case let .diverged(epoch, batch, loss, learningRate, regularization):
            let place = batch == 0 ? "at the end of epoch \(epoch)" : "in epoch \(epoch), batch \(batch)"
            let what = batch == 0 ? "the parameters became non-finite" : "the batch loss became \(loss)"
            return "training diverged \(place): \(what); "
                + Self.divergenceAdvice(learningRate: learningRate, regularization: regularization)
        case let .invalidOption(name, reason):
            return "invalid option \(name): \(reason)"
        case let .noNegativeItem(user):
            return "user \(user) has every item in its training set, so no negative item can be sampled"
        case let .noNegativeItemInBlock(user, block, blocks):
            return "user \(user) has every item of item block \(block + 1) of \(blocks) in its training set, "
                + "so no negative item can be drawn in that block; use fewer blocks"
        case let .shapeMismatch(mu, mi, du, di):
            return "the model has \(mu) users and \(mi) items but the dataset has \(du) users and \(di) items"
        case let .tooFewPairs(pairs, batchSize):
            return "the dataset has \(pairs) training pairs, fewer than one batch of \(batchSize)"
        case let .unsupported(text):
            return text
        }
    }

    /// A step shrinks each parameter by about learning rate × regularization of itself: from
    /// 1 on, the step overshoots zero, so a large regularization is the likely cause.
    static func divergenceAdvice(learningRate: Float, regularization: Float) -> String {
        let product = learningRate * regularization
        if regularization > 0, product >= 1 {
            return "the regularization (now \(regularization)) is the likely cause: learning rate × regularization is \(product), "
                + "at least 1, so each step overshoots; lower the regularization, or the learning rate (now \(learningRate))"
        }
        if regularization > 0 {
            return "try a lower learning rate (now \(learningRate)) or a lower regularization (now \(regularization))"
        }
        return "try a lower learning rate (now \(learningRate))"
    }
}
