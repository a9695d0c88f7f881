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

    // MARK: - Values

    static func definedHere(_ name: String) -> String {
        "`\(name)` was defined here"
    }
    static func usedBeforeDefinition(_ name: String) -> String {
        "`\(name)` is used before it is defined"
    }
    static func definedLaterHere(_ name: String) -> String {
        "`\(name)` is defined here, later in the notebook"
    }
    static func undefinedName(_ name: String, suggestion: String?) -> String {
        "undefined name `\(name)`" + didYouMean(suggestion)
    }

    static func unknownWord(_ word: String, context: ValueContext, suggestion: String?) -> String {
        "unknown value `\(word)` for \(context.option.map { "option `\($0)`" } ?? "`\(context.command)` \(context.placeholder ?? "")")"
            + didYouMean(suggestion)
    }
    static func expectedNote(_ type: ValueType) -> String {
        "expected \(type.description)"
    }
    static func typeMismatch(_ context: ValueContext, expected type: ValueType, found: String) -> String {
        "\(context.expecter) expects \(type.description), got \(found)"
    }
    static func wrongReference(_ name: String, type: BoundType, context: ValueContext, requirement: ReferenceRequirement) -> String {
        "\(context.expecter) expects \(requirement.description), but `\(name)` is \(type)"
    }

    static func emptyList(_ context: ValueContext) -> String {
        "\(context.shortName) needs at least one value"
    }
    static func listTooLong(_ context: ValueContext, maximum: Int, count: Int) -> String {
        "\(context.shortName) takes at most \(maximum) values, got \(count)"
    }
    static func outOfBounds(_ text: String, context: ValueContext, bounds: NumericBounds) -> String {
        "\(context.shortName) must be \(bounds.requirement), got \(text)"
    }
    static func notSinglePrecision(_ text: String, context: ValueContext, isTooSmall: Bool) -> String {
        "\(context.shortName) is \(text), which is \(isTooSmall ? "0" : "infinite") as a 32-bit float; "
            + "give a value between 1.2e-38 and 3.4e38 in magnitude"
    }

    static func emptyPath(_ context: ValueContext) -> String {
        "\(context.shortName) needs a path, got an empty string"
    }
    static func pathOutsideOutput(_ path: String, context: ValueContext) -> String {
        "\(context.shortName) `\(path)` leads outside the output folder; a notebook writes only inside it"
    }
    static let pathOutsideOutputNote = "write a relative path such as `exports/bpr`, or run with --allow-writes-outside to allow it"

    static func unknownAxis(_ axis: String, of name: String, axes: [String]) -> String {
        "`\(name)` has no axis `\(axis)`"
            + (axes.isEmpty ? "; it is a single value" : "; its axes: " + axes.map { "`\($0)`" }.joined(separator: ", "))
    }
    static func axisSelectedTwice(_ axis: String) -> String {
        "axis `\(axis)` is selected twice"
    }
    static func notOnAxis(_ text: String, axis: String, of name: String, values: [Value]) -> String {
        "axis `\(axis)` of `\(name)` has no value \(text); its values: " + values.map(\.description).joined(separator: ", ")
    }

    static func tooManyNegatives(_ n: Int, option: String, dataset: String, items: Int) -> String {
        "`\(option)` is \(n), but `\(dataset)` has only \(items) items; a user's negatives exclude at least their test item, so give at most \(items - 1)"
    }

    // MARK: - Families and sweeps

    static func readsWholeFamilies(_ command: String) -> String {
        "`\(command)` reads whole families; sweep the statements it reads instead"
    }
    static func notSweepable(_ option: String, type: ValueType) -> String {
        "option `\(option)` cannot be swept (it takes \(type.description))"
    }
    static func emptySweep(_ option: String) -> String {
        "`sweep[]` of option `\(option)` has no values"
    }
    static func duplicateSweepValue(_ text: String, option: String) -> String {
        "the sweep of `\(option)` lists `\(text)` twice"
    }
    static func misalignedFamilies(_ name: String, axes: String, first: String, firstAxes: String, command: String) -> String {
        "`\(name)` runs over \(axes), but `\(first)` over \(firstAxes); `\(command)` needs families with the same axes"
    }
    static func misalignedAxis(_ axis: String, of name: String, values: String, other: String, otherValues: String) -> String {
        "axis `\(axis)` of `\(name)` has the values \(values), but that of `\(other)` has \(otherValues)"
    }
    static func axisAlreadyPresent(_ option: String, from: String) -> String {
        "`\(option)` is already an axis of `\(from)`; a statement cannot sweep it again"
    }
    static func seedsAlreadyPresent(from: String) -> String {
        "`\(from)` already runs over seeds (axis `seed`), and its seeds carry through; remove `seeds=`"
    }
    static let seedAndSeeds = "`seed=` fixes one stream, `seeds=` asks for several; give one of them"
    static func familyTooLarge(_ size: Int, axes: String, limit: Int) -> String {
        "this statement would run \(size) times (\(axes)); the limit is \(limit)"
    }
    static func sameAxisTwice(_ axis: String, options first: String, _ second: String) -> String {
        "`\(first)` and `\(second)` both name axis `\(axis)`; choose two different axes"
    }

    // MARK: - Parameters

    static func unknownParameter(_ name: String, suggestion: String?) -> String {
        "unknown parameter `$\(name)`" + (suggestion.map { "; did you mean `$\($0)`?" } ?? "")
    }
    static let parametersAreDeclaredNote = "parameters are declared under `params:` in the front matter"
    static func parameterOrigin(_ name: String, value: String, isOverridden: Bool) -> String {
        isOverridden ? "`$\(name)` is `\(value)`, set with `--set`" : "`$\(name)` is `\(value)`, declared here"
    }
    static func parameterUsedHere(_ name: String) -> String {
        "`$\(name)` is used here"
    }

    static func duplicateParameter(_ name: String) -> String {
        "parameter `\(name)` is declared twice"
    }
    static func firstDeclaredHere(_ name: String) -> String {
        "`\(name)` was first declared here"
    }
    static func parameterDefaultIsReference(_ name: String) -> String {
        "the default of parameter `\(name)` must be a literal, not a parameter reference"
    }
    static func invalidSet(_ text: String) -> String {
        "`--set` expects NAME=VALUE, got `\(text)`"
    }
    static func unknownSetParameter(_ name: String, notebook: String, suggestion: String?) -> String {
        "unknown parameter `\(name)` in `--set` for \(notebook)" + didYouMean(suggestion)
    }
    static func declaredParametersNote(_ names: [String]) -> String {
        names.isEmpty
            ? "the notebook declares no parameters"
            : "declared parameters: " + names.map { "`\($0)`" }.joined(separator: ", ")
    }
    static func invalidSetValue(_ name: String, notebook: String, expected: String, got: String) -> String {
        "parameter `\(name)` of \(notebook) expects \(expected), got \(got)"
    }
    static func declaredWithDefault(_ name: String, default value: String) -> String {
        "`\(name)` is declared here with default `\(value)`"
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

    // MARK: - Phrases

    /// "string `"x"`", "number `0.5`", "dataset `data`", "word `foo`".
    static func found(_ syntax: ValueSyntax, boundType: BoundType?) -> String {
        switch syntax.form {
        case .integer: "integer `\(syntax.text)`"
        case .float: "number `\(syntax.text)`"
        case .string: "string `\(syntax.text)`"
        case .boolean: "boolean `\(syntax.text)`"
        case .list: "list `\(syntax.text)`"
        case .sweep: "sweep `\(syntax.text)`"
        case .selection: "selection `\(syntax.text)`"
        case .parameter: "parameter `\(syntax.text)`"
        case .word(let w): boundType.map { "\($0.description.droppingArticle) `\(w)`" } ?? "word `\(w)`"
        }
    }

    static func literalTypeName(_ value: ValueSyntax) -> String {
        switch value.form {
        case .integer: "integer"
        case .float: "number"
        case .string: "string"
        case .boolean: "boolean"
        case .word: "word"
        case .parameter: "parameter reference"
        case .list: "list"
        case .sweep: "sweep"
        case .selection: "selection"
        }
    }

    static func literalTypeDescription(_ value: ValueSyntax) -> String {
        switch value.form {
        case .integer: "an integer"
        case .float: "a number"
        case .string: "a string"
        case .boolean: "a boolean"
        case .word: "a word"
        case .parameter: "a parameter reference"
        case .list(let items): items.first.map { "a list of \(literalTypeName($0))s" } ?? "a list"
        case .sweep: "a sweep"
        case .selection: "a selection"
        }
    }

    /// "epsilon (6) × seed (10)", or "no axes".
    static func describe(_ axes: [Axis]) -> String {
        axes.isEmpty ? "no axes" : axes.map(\.description).joined(separator: " × ")
    }

    /// "[0.1, 0.5]".
    static func describe(_ values: [Value]) -> String {
        "[" + values.map(\.description).joined(separator: ", ") + "]"
    }

    /// Where a swept axis comes from when the statement itself sweeps it.
    static let thisStatement = "this statement"
}

extension ValueContext {
    /// The subject of "… expects an integer".
    var expecter: String {
        subjectPhrase ?? option.map { "option `\($0)`" } ?? "`\(command)`"
    }
    /// The short name of "`lr` must be greater than 0".
    var shortName: String {
        option.map { "`\($0)`" } ?? "`\(command)` \(placeholder ?? "subject")"
    }
}
