import NotebookDocument
import RecommenderKit

/// The runtime's failure messages, in one place (as the checker's are in its diagnostics).
extension RunFailure {
    static func dataUnreadable(_ path: String, location: String, reason: String, at range: SourceRange?) -> RunFailure {
        RunFailure("data-unreadable", "cannot load `\(path)`: \(location): \(reason)", at: range)
    }
    static func dataFileUnreadable(_ reason: String, at range: SourceRange?) -> RunFailure {
        RunFailure("data-unreadable", reason, at: range)
    }
    static func splitOptionOnFolder(_ option: String, path: String, at range: SourceRange?) -> RunFailure {
        RunFailure(
            "split-option-on-folder",
            "option `\(option)` applies to a single ratings file, but `\(path)` is a folder (ECIR layout: it is already split)",
            at: range)
    }
    static func ratioWithoutHoldout(at range: SourceRange?) -> RunFailure {
        RunFailure("ratio-without-holdout", "option `ratio` applies to `split=holdout` only", at: range)
    }
    static func syntheticInvalid(_ reason: String, at range: SourceRange?) -> RunFailure {
        RunFailure("synthetic-invalid", "cannot generate this dataset: \(reason)", at: range)
    }
    static func notABPRModel(_ name: String, at range: SourceRange?) -> RunFailure {
        RunFailure("not-a-bprmf-model", "`\(name)` is not a trained BPR-MF model", at: range)
    }
    static func continuationShapeMismatch(
        _ name: String, users: Int, items: Int, datasetUsers: Int, datasetItems: Int, at range: SourceRange?
    ) -> RunFailure {
        RunFailure(
            "continuation-shape-mismatch",
            "`\(name)` has \(users) users × \(items) items, but the dataset has \(datasetUsers) × \(datasetItems)", at: range)
    }
    static func continuationChanges(_ option: String, from name: String, current: String, at range: SourceRange?) -> RunFailure {
        RunFailure(
            "continuation-changes-\(option)",
            "`\(option)` cannot change when continuing from `\(name)` (it \(current))", at: range)
    }
    static func training(_ error: any Error, at range: SourceRange?) -> RunFailure {
        RunFailure("training-failed", "\(error)", at: range)
    }
    static func ease(_ error: EASEError, at range: SourceRange?) -> RunFailure {
        switch error {
        case .tooManyItems: RunFailure("ease-too-many-items", "\(error)", at: range)
        case .notPositiveDefinite: RunFailure("ease-not-positive-definite", "\(error)", at: range)
        }
    }
    static func attack(_ error: any Error, at range: SourceRange?) -> RunFailure {
        RunFailure("attack-failed", "\(error)", at: range)
    }
    static func noEmbeddings(_ name: String, summary: String? = nil, action: String, at range: SourceRange?) -> RunFailure {
        RunFailure(
            "no-embeddings", "`\(name)`\(summary.map { " (\($0))" } ?? "") has no embeddings to \(action)", at: range)
    }
    static func otherIDs(
        _ dataset: String, trainedOn: String, model: String, usersDiffer: Bool, itemsDiffer: Bool, at range: SourceRange?
    ) -> RunFailure {
        let parts = [usersDiffer ? "users" : nil, itemsDiffer ? "items" : nil].compactMap { $0 }.joined(separator: " and ")
        return RunFailure(
            "dataset-ids-differ",
            "`\(dataset)` has other \(parts) than `\(trainedOn)`, which `\(model)` was trained on; "
                + "a model scores only the users and items of its training data",
            at: range)
    }
    static func nothingToEvaluate(_ dataset: String, at range: SourceRange?) -> RunFailure {
        RunFailure("nothing-to-evaluate", "`\(dataset)` has no user with both training and test items to evaluate", at: range)
    }
    static func cutoffNotComputed(_ k: Int, at range: SourceRange?) -> RunFailure {
        RunFailure("cutoff-not-computed", "not every evaluation was computed at K = \(k)", at: range)
    }
    static func nothingShared(at range: SourceRange?) -> RunFailure {
        RunFailure("no-shared-metric", "these evaluations share no metric at a common cut-off", at: range)
    }
    static func otherUsers(
        _ name: String, dataset: String, baseline: String, baselineDataset: String, at range: SourceRange?
    ) -> RunFailure {
        RunFailure(
            "evaluated-users-differ",
            "`\(name)` (of `\(dataset)`) was evaluated on other users than `\(baseline)` (of `\(baselineDataset)`); "
                + "`compare` pairs users, so compare evaluations of the same dataset's users", at: range)
    }
    static func unknownUser(_ user: String, dataset: String, examples: String, at range: SourceRange?) -> RunFailure {
        RunFailure("unknown-user", "no user \"\(user)\" in `\(dataset)` (its ids look like \(examples))", at: range)
    }
    static func axisNotNumeric(_ axis: String, at range: SourceRange?) -> RunFailure {
        RunFailure("axis-not-numeric", "axis `\(axis)` has values that are not numbers, so it cannot be a chart's x axis", at: range)
    }
    static func extraAxis(_ axis: String, command: String, at range: SourceRange?) -> RunFailure {
        RunFailure(
            "extra-axis", "\(command) averages over seeds only, but this evaluation also runs over `\(axis)`; select one value of it",
            at: range)
    }
    static func writeFailed(_ error: any Error, at range: SourceRange?) -> RunFailure {
        RunFailure("write-failed", "\(error)", at: range)
    }
    static func tooFewNegatives(_ count: Int, available: Int, dataset: String, at range: SourceRange?) -> RunFailure {
        RunFailure(
            "too-few-negatives",
            "cannot sample \(count) negatives per user: a user of `\(dataset)` has only \(available) items outside their training and test items",
            at: range)
    }
}

// MARK: Poisoning

extension RunFailure {
    static func poisoning(_ error: PoisoningError, at range: SourceRange?) -> RunFailure {
        RunFailure("poisoning-failed", "cannot poison: \(error)", at: range)
    }
    static func detectionOfOtherDataset(_ detection: String, detectedOn: String, dataset: String, at range: SourceRange?) -> RunFailure {
        RunFailure(
            "detection-of-other-dataset",
            "`\(detection)` flagged users of `\(detectedOn)`, not of `\(dataset)`; detect on `\(dataset)` to remove its users", at: range)
    }
    static func unknownTargetItem(_ item: String, dataset: String, examples: String, at range: SourceRange?) -> RunFailure {
        RunFailure("unknown-item", "no item \"\(item)\" in `\(dataset)` (its ids look like \(examples))", at: range)
    }
}
