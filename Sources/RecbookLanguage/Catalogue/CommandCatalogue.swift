/// Every command of the language, as data. The checker, `recbook help` and
/// docs/language.md are all generated from these tables.
public struct CommandCatalogue: Sendable {
    public var commands: [CommandSignature]
    private var index: [String: Int]

    public init(commands: [CommandSignature]) {
        self.commands = commands
        index = Dictionary(uniqueKeysWithValues: commands.enumerated().map { ($1.name, $0) })
    }

    public subscript(name: String) -> CommandSignature? {
        index[name].map { commands[$0] }
    }

    public var names: [String] { commands.map(\.name) }

    /// The language's commands.
    public static let standard = CommandCatalogue(commands: [
        load, train, evaluate, attack, advTrain, compare, stats, recommend, export,
    ])
}

// MARK: - Shared pieces

private let anyModel = ValueType.reference(ReferenceRequirement(kind: .model))
private let bprmfModel = ValueType.reference(ReferenceRequirement(kind: .model, families: [.bprmf]))
private let dataset = ValueType.reference(ReferenceRequirement(kind: .dataset))

private func seedOption(_ condition: OptionCondition? = nil) -> OptionSignature {
    OptionSignature(
        "seed", .integer, bounds: .atLeast(0),
        default: .absent("derived from the notebook's seed"),
        doc: "Seed of this command's random choices.", when: condition)
}

// MARK: - Commands

extension CommandCatalogue {
    static let load = CommandSignature(
        name: "load",
        summary: "Loads a dataset from disk, or generates a synthetic one.",
        subjects: [
            SubjectSignature(
                "PATH", .stringOrWord(["synthetic"]),
                doc: "A folder in the ECIR layout (trainingset.tsv + testset.tsv), a ratings file, or `synthetic`."),
        ],
        options: [
            OptionSignature(
                "test", .string, default: .absent("none: PATH is a folder or a ratings file to split"),
                doc: "Test file; PATH is then the training file.", when: .subjectIsString(0)),
            OptionSignature(
                "split", .word(["loo", "holdout"]), default: .value(.word("loo")),
                doc: "How a single ratings file is split: leave-one-out or random holdout.", when: .subjectIsString(0)),
            OptionSignature(
                "ratio", .float, bounds: .openInterval(0, 1), default: .value(.float(0.2)),
                doc: "Share of each user's interactions held out (holdout split).", when: .subjectIsString(0)),
            OptionSignature(
                "min-rating", .float, default: .absent("none: every row is a positive"),
                doc: "Rows rated below this are dropped.", when: .subjectIsString(0)),
            OptionSignature(
                "preset", .word(["ml-500", "ml-1m", "ml-20m"]), default: .value(.word("ml-500")),
                doc: "Size and shape to imitate.", when: .subject(0, is: "synthetic")),
            OptionSignature(
                "users", .integer, bounds: .atLeast(2), default: .absent("the preset's"),
                doc: "Number of users.", when: .subject(0, is: "synthetic")),
            OptionSignature(
                "items", .integer, bounds: .atLeast(2), default: .absent("the preset's"),
                doc: "Number of items.", when: .subject(0, is: "synthetic")),
            OptionSignature(
                "per-user", .float, bounds: .greaterThan(0), default: .absent("the preset's"),
                doc: "Mean number of interactions per user.", when: .subject(0, is: "synthetic")),
            seedOption(),
        ],
        result: .value(.dataset),
        example: #"data = load "Data/movielens-500""#)

    static let train = CommandSignature(
        name: "train",
        summary: "Trains a recommender on a dataset.",
        subjects: [
            SubjectSignature("ALGO", .word(ModelFamily.allCases.map(\.rawValue)), doc: "The algorithm."),
            SubjectSignature("DATASET", dataset, doc: "The training data."),
        ],
        options: [
            OptionSignature(
                "factors", .integer, bounds: .between(1, 4096), default: .value(.integer(64)),
                doc: "Embedding size.", when: .subject(0, is: "bprmf")),
            OptionSignature(
                "lr", .float, bounds: .greaterThan(0), default: .value(.float(0.05)),
                doc: "Learning rate.", when: .subject(0, is: "bprmf")),
            OptionSignature(
                "reg", .float, bounds: .atLeast(0), default: .value(.float(0)),
                doc: "L2 regularisation of the embeddings.", when: .subject(0, is: "bprmf")),
            OptionSignature(
                "epochs", .integer, bounds: .between(1, 100_000), default: .value(.integer(5)),
                doc: "Passes over the training pairs.", when: .subject(0, is: "bprmf")),
            OptionSignature(
                "batch", .integer, bounds: .between(1, 1_000_000), default: .value(.integer(512)),
                doc: "Training pairs per mini-batch.", when: .subject(0, is: "bprmf")),
            OptionSignature(
                "optimizer", .word(["adagrad", "sgd", "adam"]), default: .value(.word("adagrad")),
                doc: "Update rule.", when: .subject(0, is: "bprmf")),
            OptionSignature(
                "from", bprmfModel, default: .absent("none: start from random embeddings"),
                doc: "Continue training this model (optimizer state included).", when: .subject(0, is: "bprmf")),
            seedOption(.subject(0, is: "bprmf", "random")),
        ],
        result: .modelOfAlgorithm(subject: 0),
        example: "bpr = train bprmf data factors=64 epochs=5")

    static let evaluate = CommandSignature(
        name: "evaluate",
        summary: "Ranks every candidate item for each test user and measures the test item's position.",
        subjects: [SubjectSignature("MODEL", anyModel, doc: "The model to evaluate.")],
        options: [
            OptionSignature(
                "k", .oneOrList(.integer), bounds: .atLeast(1), default: .value(.integer(100)),
                doc: "Cut-off(s) of the top-K metrics."),
            OptionSignature(
                "metrics", .list(.word(["hr", "ndcg", "auc", "precision", "recall", "mrr", "map"])),
                default: .value(.list([.word("hr"), .word("ndcg"), .word("auc")])),
                doc: "Metrics to compute."),
            OptionSignature(
                "on", dataset, default: .datasetOfSubject(0),
                doc: "Dataset whose test set is used."),
        ],
        result: .value(.evaluation),
        example: "clean = evaluate bpr k=[10, 100]")

    static let attack = CommandSignature(
        name: "attack",
        summary: "Perturbs a model's embeddings; the original model is left untouched.",
        subjects: [
            SubjectSignature("METHOD", .word(["fgsm", "random", "pgd"]), doc: "The perturbation."),
            SubjectSignature("MODEL", bprmfModel, doc: "The model to perturb."),
        ],
        options: [
            OptionSignature(
                "epsilon", .float, bounds: .greaterThan(0), default: .value(.float(0.5)),
                doc: "L2 norm of each embedding's perturbation."),
            OptionSignature(
                "steps", .integer, bounds: .between(1, 1000), default: .value(.integer(10)),
                doc: "Gradient steps.", when: .subject(0, is: "pgd")),
            OptionSignature(
                "step", .float, bounds: .greaterThan(0), default: .scaled(option: "epsilon", factor: 0.25),
                doc: "Size of each gradient step.", when: .subject(0, is: "pgd")),
            seedOption(),
        ],
        result: .attackedModel(subject: 1),
        example: "hit = attack fgsm bpr epsilon=0.5")

    static let advTrain = CommandSignature(
        name: "adv-train",
        summary: "Continues training a model adversarially (APR, He et al. 2018).",
        subjects: [
            SubjectSignature(
                "MODEL", .reference(ReferenceRequirement(kind: .model, families: [.bprmf], allowsAttacked: false)),
                doc: "The model to start from."),
        ],
        options: [
            OptionSignature(
                "epsilon", .float, bounds: .greaterThan(0), default: .value(.float(0.5)),
                doc: "L2 norm of the adversarial perturbation."),
            OptionSignature(
                "alpha", .float, bounds: .atLeast(0), default: .value(.float(1)),
                doc: "Weight of the adversarial loss."),
            OptionSignature(
                "epochs", .integer, bounds: .between(1, 100_000), default: .value(.integer(1)),
                doc: "Passes over the training pairs."),
            OptionSignature(
                "variant", .word(["per-batch", "seed"]), default: .value(.word("per-batch")),
                doc: "`per-batch`: perturbation from each batch's gradient (the paper); `seed`: full-data FGSM per batch."),
            OptionSignature(
                "lr", .float, bounds: .greaterThan(0), default: .absent("the model's own learning rate"),
                doc: "Learning rate."),
            seedOption(),
        ],
        result: .value(.model(.bprmf)),
        example: "apr = adv-train bpr epsilon=0.5 alpha=1 epochs=1")

    static let compare = CommandSignature(
        name: "compare",
        summary: "Tabulates evaluations side by side, with a significance test against the first.",
        subjects: [SubjectSignature("EVAL", .reference(ReferenceRequirement(kind: .evaluation)), doc: "Evaluations to compare.", minimumRepeats: 2)],
        options: [
            OptionSignature(
                "test", .word(["t-test", "wilcoxon", "none"]), default: .value(.word("t-test")),
                doc: "Paired test over users."),
            OptionSignature(
                "k", .integer, bounds: .atLeast(1), default: .absent("every cut-off the evaluations share"),
                doc: "The cut-off to show."),
        ],
        result: .value(.comparison),
        example: "compare clean broken")

    static let stats = CommandSignature(
        name: "stats",
        summary: "Shows a dataset's statistics.",
        subjects: [SubjectSignature("DATASET", dataset, doc: "The dataset.")],
        options: [],
        result: .nothing,
        example: "stats data")

    static let recommend = CommandSignature(
        name: "recommend",
        summary: "Shows a user's top-N recommendations (training items excluded).",
        subjects: [SubjectSignature("MODEL", anyModel, doc: "The model.")],
        options: [
            OptionSignature("user", .string, default: .required, doc: "The user's raw id, as in the data files."),
            OptionSignature("n", .integer, bounds: .between(1, 1000), default: .value(.integer(10)), doc: "List length."),
        ],
        result: .nothing,
        example: #"recommend bpr user="42" n=10"#)

    static let export = CommandSignature(
        name: "export",
        summary: "Writes a model's embeddings and/or recommendations to a folder.",
        subjects: [SubjectSignature("MODEL", anyModel, doc: "The model.")],
        options: [
            OptionSignature("to", .string, default: .required, doc: "Destination folder."),
            OptionSignature(
                "what", .word(["embeddings", "recommendations", "all"]), default: .value(.word("all")),
                doc: "What to write."),
            OptionSignature(
                "n", .integer, bounds: .between(1, 10_000), default: .value(.integer(100)),
                doc: "Recommendations per user."),
        ],
        result: .nothing,
        example: #"export bpr to="out/bpr" what=embeddings"#)
}
