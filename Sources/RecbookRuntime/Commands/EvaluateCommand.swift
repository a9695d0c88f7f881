import RecbookResults
import RecbookLanguage
import RecommenderKit

/// `evaluate MODEL`: full-ranking evaluation on the test part of a dataset.
enum EvaluateCommand: NotebookCommand {
    static let mayStartEarly = true
    static let model = Subject<BoundName>(0, "MODEL", type: .reference(ReferenceRequirement(kind: .model)), doc: "The model to evaluate.")
    static let cutoffs = ValueOption<[Int]>(
        "k", default: [100], bounds: .between(1, 100_000), type: .oneOrList(.integer), doc: "Cut-off(s) of the top-K metrics.")
    static let metrics = ValueOption<[Metric]>("metrics", default: [.hr, .ndcg, .auc], doc: "Metrics to compute.")
    static let on = OptionalOption<BoundName>(
        "on", type: .reference(ReferenceRequirement(kind: .dataset)), default: .datasetOfSubject(0),
        doc: "Dataset whose test set is used.")
    // Poisoning (see EvaluateCommand+Targets.swift).
    static let targets = OptionalOption<[String]>(
        "targets", type: .oneOrList(.string), absent: "none: the test items are measured",
        doc: "Measure these items (raw ids) instead: each ranked for every genuine user who has not interacted with it.")
    static let injected = ValueOption<Bool>(
        "injected", default: false, doc: "Evaluate the fake users a poisoning attack injected too.")

    static let ties = ValueOption<TiePolicy>(
        "ties", default: .pessimistic,
        doc: "Where a test item tied in score with other candidates goes: after them (`pessimistic`), before them (`optimistic`), or the exact mean over every order of the tie (`expected`).")
    static let mask = ValueOption<Bool>(
        "mask", default: true, doc: "Remove each user's training items from the candidates (and from the top-K lists).")

    /// Which candidates a test item is ranked against.
    enum CandidateSet: String, WordArgument {
        case all, sampled
    }
    static let candidates = ValueOption<CandidateSet>(
        "candidates", default: .all,
        doc: "`all`: every item (full ranking); `sampled`: the test items against `negatives` sampled items, the same for every model on the dataset.")
    static let negatives = ValueOption<Int>(
        "negatives", default: 100, bounds: .between(1, 1_000_000),
        doc: "Sampled negatives per user, none of them a training or test item of the user.",
        requires: OptionRequirement("candidates", is: "sampled")
    ).itemCount(.staysBelow)
    static let sampling = ValueOption<SamplingLaw>(
        "sampling", default: .uniform, doc: "How negatives are drawn: `uniform`, or in proportion to training popularity.",
        requires: OptionRequirement("candidates", is: "sampled"))
    static let negativesSeed = OptionalOption<Int>(
        "seed", bounds: .atLeast(0), absent: "derived from the notebook's seed and the dataset (not the model)",
        doc: "Seed of the negatives' draws.", requires: OptionRequirement("candidates", is: "sampled"))

    /// How per-user metrics are broken down in the report.
    enum Grouping: String, WordArgument {
        case none, activity
    }
    static let groups = ValueOption<Grouping>(
        "groups", default: .none,
        doc: "`activity`: also tabulate each metric over the quartiles of users' training interactions, with n per group.",
        affectsValue: false)

    static let signature = CommandSignature(
        name: "evaluate",
        summary: "Ranks every candidate item for each test user and measures the test item's position.",
        subjects: [model],
        options: [cutoffs, metrics, on, ties, mask, candidates, negatives, sampling, negativesSeed, groups, targets, injected],
        result: .value(.evaluation),
        example: "clean = evaluate bpr k=[10, 100]")

    static func run(_ invocation: Invocation) throws(RunFailure) -> CommandOutcome {
        let statement = invocation.statement
        let modelName = invocation[model]
        let model = invocation.model(modelName)
        let datasetName = invocation[on]?.name ?? model.datasetName
        let dataset = invocation.dataset(named: datasetName).dataset
        if datasetName != model.datasetName {
            // Scores are indexed by the training data's ids: another dataset must use the same ones.
            let own = invocation.dataset(named: model.datasetName).dataset
            guard own.users == dataset.users, own.items == dataset.items else {
                throw .otherIDs(
                    datasetName, trainedOn: model.datasetName, model: modelName.name,
                    usersDiffer: own.users != dataset.users, itemsDiffer: own.items != dataset.items,
                    at: statement.valueRange(of: on) ?? statement.range(of: Self.model))
            }
        }
        var configuration = EvaluationConfiguration(cutoffs: invocation[cutoffs], metrics: Set(invocation[metrics]))
        configuration.ties = invocation[ties]
        configuration.masksTraining = invocation[mask]
        var negativesDraw: String?
        if invocation[candidates] == .sampled {
            let count = invocation[negatives]
            if let fewest = Evaluator.fewestEligibleNegatives(in: dataset), fewest < count {
                throw .tooFewNegatives(count, available: fewest, dataset: datasetName, at: statement.range(of: negatives) ?? statement.range)
            }
            let (generator, draw) = negativesGenerator(invocation, dataset: datasetName)
            configuration.sampling = CandidateSampling(count: count, law: invocation[sampling], generator: generator)
            negativesDraw = draw
        }
        configuration.includesInjectedUsers = invocation[injected]
        if let targetIDs = invocation[targets] {
            return try evaluateTargets(targetIDs, model: model, modelName: modelName.name, dataset: dataset, datasetName: datasetName,
                                       configuration: configuration, invocation: invocation)
        }
        let result = Evaluator.evaluate(model.recommender, on: dataset, configuration: configuration, context: invocation.compute)
        if result.evaluatedUserCount == 0 {
            throw .nothingToEvaluate(datasetName, at: statement.range)
        }
        let value = EvaluationValue(
            result: result, modelName: modelName.name, datasetName: datasetName, sampledNegatives: configuration.sampling?.count,
            negativesDraw: negativesDraw, ties: configuration.ties, masksTraining: configuration.masksTraining)
        let outputs = EvaluationReport.outputs(value)
        var outcome = CommandOutcome(value: .evaluation(value), outputs: outputs)
        if invocation[groups] == .activity {
            let table = EvaluationReport.activityTable(value, dataset: dataset)
            outcome.outputs.append(.table(table))
            outcome.seedAveragedTables = [table]
        }
        return outcome
    }

    /// The negatives' stream: `seed=` when written, else the notebook's seed and the evaluated
    /// dataset's derivation with the sampling options. The model is not part of it, so every
    /// model evaluated on one dataset with the same sampling ranks against the same negatives.
    /// Also returns the draw's identity (shown in the report): equal identities, equal negatives.
    private static func negativesGenerator(_ invocation: Invocation, dataset name: String) -> (SeededGenerator, String) {
        let dataset = invocation.environment.element(name, at: invocation.coordinates).derivation
        let source = invocation[negativesSeed].map { "seed=\($0)" } ?? "notebook-seed"
        let text = "negatives @\(dataset.digest) negatives=\(invocation[negatives]) sampling=\(invocation[sampling].rawValue) \(source)"
        let derivation = Derivation(text: text)
        let generator = invocation[negativesSeed].map { SeededGenerator(seed: UInt64($0)).derived(derivation.streamLabel) }
            ?? invocation.environment.root.derived(derivation.streamLabel)
        return (generator, String(derivation.digest.prefix(12)))
    }
}

/// How an evaluation is shown: headline figures at the largest cut-off, and a metric × K
/// table when there are several cut-offs.
enum EvaluationReport {
    static func outputs(_ value: EvaluationValue) -> [CellOutput] {
        let result = value.result
        var outputs: [CellOutput] = []
        var note = "\(value.modelName) on \(value.datasetName): \(NumberFormat.integer.format(Double(result.evaluatedUserCount))) users evaluated"
        if result.skippedUserCount > 0 {
            note += ", \(result.skippedUserCount) skipped (test items but no training rows)"
        }
        // The protocol, when it is not the default one.
        var protocolParts: [String] = []
        if let count = value.sampledNegatives { protocolParts.append("against \(count) sampled negatives per user") }
        if value.ties != .pessimistic { protocolParts.append("ties \(value.ties.rawValue)") }
        if !value.masksTraining { protocolParts.append("training items not masked") }
        if !protocolParts.isEmpty { note += "; " + protocolParts.joined(separator: ", ") }
        if let targets = value.targets { note += " on \(targets.count) target item\(targets.count == 1 ? "" : "s")" }
        outputs.append(.text(note))
        if let count = value.sampledNegatives {
            outputs.append(.notice(EvaluationReport.sampledNotice(count)))
            outputs.append(.text("Negatives draw \(value.negativesDraw ?? ""): every evaluation with the same draw ranked against the same negatives."))
        }
        let largest = result.cutoffs.last
        let headline = result.keys.filter { $0.cutoff == nil || $0.cutoff == largest }
        outputs.append(.figures(headline.map { Figure(label: $0.description, value: result.mean($0.metric, at: $0.cutoff)) }))
        if result.cutoffs.count > 1 {
            let metrics = uniqueMetrics(result.keys.filter { $0.cutoff != nil })
            let rows: [[TableValue]] = result.cutoffs.map { k in
                [.number(Double(k), .integer)] + metrics.map { .number(result.mean($0, at: k), .fixed(4)) }
            }
            outputs.append(.table(Table(title: "“\(value.modelName)” at every cut-off", columns: ["K"] + metrics.map(\.displayName), rows: rows)))
        }
        if let targets = value.targets { outputs.append(.table(targetTable(targets, cutoffs: result.cutoffs))) }
        return outputs
    }

    /// Shown (and so recorded in the JSON report) with every sampled evaluation.
    static func sampledNotice(_ count: Int) -> String {
        "Sampled metrics (each test item ranked against \(count) sampled negatives) need not preserve the order "
            + "of models under full ranking (Krichene & Rendle, KDD 2020); compare models on full ranking before concluding."
    }

    /// Each per-user metric over the quartiles of evaluated users' training interactions:
    /// users sorted by activity (ties: lower index first) and cut into four groups of equal
    /// size (±1), least active first.
    static func activityTable(_ value: EvaluationValue, dataset: Dataset) -> Table {
        let result = value.result
        let groups = ActivityGroups(users: result.users, dataset: dataset)
        let largest = result.cutoffs.last
        let keys = result.keys.filter { ($0.cutoff == nil || $0.cutoff == largest) && result.hasPerUserValues($0) }
        let rows: [[TableValue]] = [[.text("n")] + groups.members.map { .number(Double($0.count), .integer) }]
            + keys.map { key in
                let perUser = result.perUser(key.metric, at: key.cutoff)
                return [.text(key.description)] + groups.members.map { members in
                    members.isEmpty ? .empty : .number(members.reduce(0) { $0 + perUser[$1] } / Double(members.count), .fixed(4))
                }
            }
        return Table(
            title: "“\(value.modelName)” by user activity (quartiles of training interactions)",
            columns: ["Metric"] + groups.labels, rows: rows)
    }

    static func uniqueMetrics(_ keys: [MetricKey]) -> [Metric] {
        var seen: [Metric] = []
        for key in keys where !seen.contains(key.metric) { seen.append(key.metric) }
        return seen
    }
}

/// Evaluated users in four activity quartiles: positions into `users`, by training interactions.
struct ActivityGroups {
    var members: [[Int]]
    var labels: [String]

    init(users: [Int], dataset: Dataset) {
        let activity = users.map { dataset.train.items(of: $0).count }
        let order = users.indices.sorted { activity[$0] != activity[$1] ? activity[$0] < activity[$1] : $0 < $1 }
        let n = order.count
        members = (0..<4).map { q in Array(order[(q * n / 4)..<((q + 1) * n / 4)]) }
        labels = members.enumerated().map { q, group in
            guard let first = group.first, let last = group.last else { return "Q\(q + 1)" }
            return "Q\(q + 1) (\(activity[first])–\(activity[last]) items)"
        }
    }
}
