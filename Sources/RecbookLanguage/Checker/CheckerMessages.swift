/// The text of the checker's diagnostics (errors, notes, hints and warnings), kept together
/// so their wording is consistent and can be reviewed in one place.
enum CheckerMessages {
    // MARK: - Names and commands

    /// "; did you mean `x`?" after an unknown word, or nothing.
    static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean `\($0)`?" } ?? ""
    }

    static func reservedName(_ name: String) -> String {
        "`\(name)` is a command and cannot be used as a name"
    }
    static func alreadyDefined(_ name: String) -> String {
        "`\(name)` is already defined; values are immutable, choose a new name"
    }
    static func firstDefinedHere(_ name: String) -> String {
        "`\(name)` was first defined here"
    }

    static func unknownCommand(_ name: String, suggestion: String?) -> String {
        "unknown command `\(name)`" + didYouMean(suggestion)
    }
    static func commandsNote(_ names: [String]) -> String {
        "commands: " + names.joined(separator: ", ")
    }

    // MARK: - Subjects and options

    static func wrongSubjectCount(_ command: String, minimum: Int, isVariadic: Bool, count: Int) -> String {
        let expected = isVariadic ? "at least \(minimum)" : "\(minimum)"
        let noun = minimum == 1 && !isVariadic ? "subject" : "subjects"
        return "`\(command)` expects \(expected) \(noun), got \(count)"
    }
    static func usageNote(_ usage: String) -> String {
        "usage: \(usage)"
    }

    static func duplicateOption(_ name: String) -> String {
        "option `\(name)` is given twice"
    }
    static func firstGivenHere(_ name: String) -> String {
        "`\(name)` was first given here"
    }

    static func unknownOption(_ name: String, suggestion: String?) -> String {
        "unknown option `\(name)`" + didYouMean(suggestion)
    }
    static func takesNoOptions(_ command: String) -> String {
        "`\(command)` takes no options"
    }
    static func optionsNote(_ command: String, options: [String]) -> String {
        "options of `\(command)`: " + options.joined(separator: ", ")
    }

    static func optionNotApplicable(_ name: String, command: String, subject: String) -> String {
        "option `\(name)` does not apply to `\(command) \(subject)`"
    }
    static func optionAppliesTo(_ name: String, forms: String) -> String {
        "`\(name)` applies to \(forms)"
    }
    /// "`split holdout` and `split leave-one-out`".
    static func wordForms(_ command: String, words: [String]) -> String {
        words.map { "`\(command) \($0)`" }.joined(separator: " and ")
    }
    static func stringForm(_ command: String, placeholder: String) -> String {
        "`\(command)` with a \(placeholder) string"
    }

    static func missingOption(_ name: String, command: String, doc: String) -> String {
        "`\(command)` requires option `\(name)` (\(doc.lowercasedFirst))"
    }

    static func exclusiveOptions(_ first: String, _ second: String) -> String {
        "write `\(first)` or `\(second)`, not both"
    }
    static func givenHere(_ name: String) -> String {
        "`\(name)` is given here"
    }

    static func bindingProducesNothing(_ command: String, binding: String) -> String {
        "`\(command)` only displays its result; there is no value to bind to `\(binding)`"
    }

    static func optionNeedsWord(_ name: String, requirement: OptionRequirement, current: Value?) -> String {
        let current = current.map { "`\(requirement.option)=\($0)`" } ?? "no `\(requirement.option)`"
        return "option `\(name)` applies only with \(requirement.documentation), but this statement has \(current)"
    }
    static func optionNeedsWordNote(_ name: String, requirement: OptionRequirement) -> String {
        "add \(requirement.documentation) to the statement, or remove `\(name)`"
    }

    // MARK: - Cell options

    static func unknownCellOption(_ key: String, known: [String]) -> String {
        "unknown cell option `\(key)`; cell options: " + known.map { "`\($0)`" }.joined(separator: ", ")
    }
    static let emptyCellName = "`#| name:` needs a name"
    static func duplicateCellName(_ name: String) -> String {
        "another cell is already named “\(name)”"
    }
    static func firstCellNamed(_ name: String) -> String {
        "the first cell named “\(name)”"
    }

    // MARK: - Likely mistakes

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
