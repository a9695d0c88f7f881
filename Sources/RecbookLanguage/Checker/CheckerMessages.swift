/// The text of the checker's hints and warnings about likely mistakes, kept together so
/// their wording is consistent and can be reviewed in one place.
enum CheckerMessages {
    static func noEmbeddings(model: String, type: BoundType, option: String, word: String) -> String {
        "`\(model)` is \(type), which has no embeddings; `\(option)=\(word)` needs a model with embeddings ("
            + ModelFamily.allCases.filter(\.hasEmbeddings).map { "`\($0.rawValue)`" }.joined(separator: ", ") + ")"
    }
    static func noEmbeddingsNote(command: String) -> String {
        "`\(command)` without `what=` writes this model's recommendations only"
    }

    static func unusedParameter(_ name: String) -> String {
        "parameter `\(name)` is declared but no statement uses `$\(name)`"
    }

    static func repeatedSubject(_ name: String, command: String) -> String {
        command == "compare"
            ? "`\(name)` is compared with itself: the same evaluation is given twice"
            : "`\(name)` is given twice to `\(command)`"
    }
    static let repeatedSubjectNote = "first given here"

    static func nameIsSubjectWord(_ name: String, usage: String, command: String) -> String {
        "`\(name)` is also a word of `\(usage)`: `\(command) \(name)` means that word, not this name; choose another name"
    }

    static func parameterInString(_ name: String) -> String {
        "`$\(name)` inside a string is taken literally, not replaced by the parameter's value; to use the parameter, write `$\(name)` outside the quotes"
    }

    static func literalBinding(_ name: String, value: String) -> String {
        "a name stands for a command's result; a named value belongs in the front matter: declare `\(name): \(value)` under `params:` and write `$\(name)` where it is used"
    }

    static func cutoffInMetric(_ metric: String, cutoff: String) -> String {
        "cut-offs are not part of a metric's name: write `metrics=\(metric) k=\(cutoff)`"
    }

    /// "users", "items" or "users and items".
    static func differingParts(users: Bool, items: Bool) -> String {
        [users ? "users" : nil, items ? "items" : nil].compactMap { $0 }.joined(separator: " and ")
    }

    static func otherIDs(_ dataset: String, trainedOn: String, model: String, users: (Int, Int)?, items: (Int, Int)?) -> String {
        let counts = [users.map { "\($0.0) users, not \($0.1)" }, items.map { "\($0.0) items, not \($0.1)" }].compactMap { $0 }
        return "`\(dataset)` has other \(differingParts(users: users != nil, items: items != nil)) than `\(trainedOn)`, which `\(model)` was trained on ("
            + counts.joined(separator: "; ") + "); a model scores only the users and items of its training data"
    }

    static func extraAxis(_ axis: String, command: String, evaluation: String) -> String {
        "`\(command)` averages over seeds only, but `\(evaluation)` also runs over `\(axis)`; "
            + "show it with `rows=` or `columns=`, or select one value of it, e.g. `\(evaluation)[\(axis)=…]`"
    }

    static func otherUsers(
        _ name: String, dataset: String, baseline: String, baselineDataset: String, users: (Int, Int), itemsDiffer: Bool
    ) -> String {
        "`\(name)` is an evaluation of `\(dataset)` and `\(baseline)` of `\(baselineDataset)`, whose "
            + differingParts(users: true, items: itemsDiffer) + " differ (\(users.0) users, not \(users.1)); "
            + "`compare` pairs the evaluations user by user, so compare evaluations of one dataset's users"
    }
}
