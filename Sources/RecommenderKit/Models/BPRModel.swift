/// A BPR-MF model as training leaves it: the factors, the optimizer's memory, how it was
/// trained, and what happened in every epoch. A value: training it further returns a new model.
public struct BPRModel: Sendable, Equatable, Codable {
    public var factors: FactorModel
    public var optimizer: OptimizerState
    public var configuration: BPRConfiguration
    /// Every epoch so far, BPR and APR, in order.
    public var history: [EpochRecord]
    /// The root of the model's random streams: epoch `e` shuffles and samples from
    /// `generator.derived("epoch").derived(e)`, so continuing training draws what one
    /// longer training would have drawn.
    public var generator: SeededGenerator

    public init(
        factors: FactorModel, optimizer: OptimizerState, configuration: BPRConfiguration,
        history: [EpochRecord] = [], generator: SeededGenerator
    ) {
        self.factors = factors
        self.optimizer = optimizer
        self.configuration = configuration
        self.history = history
        self.generator = generator
    }

    /// Epochs trained so far (BPR and APR).
    public var epochsTrained: Int { history.count }
    public var userCount: Int { factors.userFactors.rows }
    public var itemCount: Int { factors.itemFactors.rows }
}
