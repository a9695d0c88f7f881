import NotebookDocument

/// Checks a whole notebook before anything runs: syntax, commands, subjects, options,
/// types, ranges, names and parameters. Every problem is reported, sorted by position;
/// a program is produced only when there are none.
public struct Checker {
    public enum Outcome: Sendable {
        case success(CheckedProgram)
        case failure([Diagnostic])
    }

    /// Checks `notebook` with the given `--set NAME=VALUE` overrides. Paths a notebook writes
    /// must lead inside the output folder unless `allowsWritesOutsideOutput`.
    public static func check(
        _ notebook: Notebook, overrides: [String] = [], catalogue: CommandCatalogue, allowsWritesOutsideOutput: Bool = false
    ) -> Outcome {
        var checker = Checker(file: notebook.path, catalogue: catalogue)
        checker.allowsWritesOutsideOutput = allowsWritesOutsideOutput
        return checker.run(notebook, overrides: overrides)
    }

    let file: String
    let catalogue: CommandCatalogue
    var allowsWritesOutsideOutput = false
    var diagnostics: [Diagnostic] = []
    /// Likely mistakes that do not stop the notebook from running.
    var warnings: [Diagnostic] = []
    /// Parameters some statement reads as `$name` (as written, whether or not the statement checks).
    var usedParameters: Set<String> = []
    var parameterOrder: [String] = []
    var parameters: [String: ResolvedParameter] = [:]
    /// Parameters declared with a default that had an error (already reported): uses are not reported again.
    var unreadableParameters: Set<String> = []
    /// Names bound so far, in the order statements are checked.
    var bound: [String: CheckedBinding] = [:]
    var boundOrder: [String] = []
    /// The statement that bound each name.
    var boundStatements: [String: CheckedStatement] = [:]
    /// Names whose binding statement had an error: uses are not reported again.
    var poisoned: Set<String> = []
    /// The first binding of every name anywhere in the notebook (for "used before defined").
    var firstDefinitions: [String: SourceRange] = [:]

    init(file: String, catalogue: CommandCatalogue) {
        self.file = file
        self.catalogue = catalogue
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    mutating func warn(_ diagnostic: Diagnostic) {
        var warning = diagnostic
        warning.severity = .warning
        warnings.append(warning)
    }

    private mutating func run(_ notebook: Notebook, overrides: [String]) -> Outcome {
        parameters = resolveParameters(notebook.frontMatter, overrides: overrides)

        let parsedCells = notebook.cells.map { cell in
            (cell, Parser.parse(cell.code, file: file, mapper: SourceMapper(cell: cell)))
        }
        for (_, parsed) in parsedCells {
            diagnostics += parsed.diagnostics
            for statement in parsed.statements { noteParameterUses(statement) }
            for statement in parsed.statements {
                switch statement.form {
                case .binding(let name, let range, _), .brokenBinding(let name, let range): noteDefinition(name, at: range)
                case .command, .show: break
                }
            }
        }

        checkCellOptions(notebook.cells)
        var cells: [CheckedCell] = []
        for (cell, parsed) in parsedCells {
            var statements: [CheckedStatement] = []
            for statement in parsed.statements {
                if let checked = checkStatement(statement, cellIndex: cell.index) {
                    statements.append(checked)
                }
            }
            cells.append(CheckedCell(index: cell.index, statements: statements))
        }
        // Prose is rendered after the run, so a citation may name any value of the notebook.
        let citations = checkCitations(in: notebook)
        warnAboutUnusedParameters(notebook.frontMatter)

        guard diagnostics.isEmpty else {
            return .failure(Self.sorted(diagnostics + warnings))
        }
        let parameterValues = parameterOrder.compactMap { name -> ParameterValue? in
            guard let p = parameters[name], let value = literalValue(p.value) else { return nil }
            return ParameterValue(name: name, value: value, isOverridden: p.isOverridden)
        }
        return .success(CheckedProgram(
            cells: cells, parameters: parameterValues, bindings: boundOrder.compactMap { bound[$0] }, citations: citations,
            warnings: Self.sorted(warnings)))
    }

    /// Diagnostics of the notebook file first, ordered by position; `--set` ones last.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.file != y.file { return y.file == setFile }
            if x.range.lowerBound != y.range.lowerBound { return x.range.lowerBound < y.range.lowerBound }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// A parameter's literal as a value (words stay words).
    func literalValue(_ syntax: ValueSyntax) -> Value? {
        switch syntax.form {
        case .integer(let x): .integer(x)
        case .float(let x): .float(x)
        case .string(let s): .string(s)
        case .boolean(let b): .boolean(b)
        case .word(let w): .word(w)
        case .parameter, .selection: nil
        case .list(let items), .sweep(let items):
            .list(items.compactMap { literalValue($0) })
        }
    }

    // MARK: - Statements

    private mutating func checkStatement(_ statement: StatementSyntax, cellIndex: Int) -> CheckedStatement? {
        switch statement.form {
        case .show(let name, let nameRange):
            if let command = catalogue[name], bound[name] == nil {
                // A command written alone, e.g. `stats`.
                let syntax = CommandSyntax(name: name, nameRange: nameRange, subjects: [], options: [], range: nameRange)
                return checkCommand(syntax, binding: nil, statement: statement, signature: command, cellIndex: cellIndex)
            }
            guard let binding = resolveName(name, range: nameRange) else { return nil }
            return CheckedStatement(
                action: .show(name: name), binding: nil, resultType: binding.type, subjects: [], options: [],
                range: statement.range, dependencies: [name])

        case .command(let command):
            guard let signature = lookUpCommand(command) else { return nil }
            return checkCommand(command, binding: nil, statement: statement, signature: signature, cellIndex: cellIndex)

        case .binding(let name, let nameRange, let command):
            let checked: CheckedStatement?
            if let signature = lookUpCommand(command) {
                checked = checkCommand(
                    command, binding: (name, nameRange), statement: statement, signature: signature, cellIndex: cellIndex)
            } else {
                checked = nil
            }
            return bind(name, at: nameRange, checked: checked)

        case .brokenBinding(let name, let nameRange):
            return bind(name, at: nameRange, checked: nil)
        }
    }

    /// The first definition of each name, wherever it stands in the notebook.
    private mutating func noteDefinition(_ name: String, at range: SourceRange) {
        if let first = firstDefinitions[name], first.lowerBound <= range.lowerBound { return }
        firstDefinitions[name] = range
    }

    /// Binds `name` to a checked statement's result; a name whose statement had an error
    /// (`checked` nil) is poisoned, so its uses are not reported again.
    private mutating func bind(_ name: String, at nameRange: SourceRange, checked: CheckedStatement?) -> CheckedStatement? {
        if catalogue[name] != nil {
            report(Diagnostic(
                file: file, range: nameRange, identifier: "reserved-name",
                summary: CheckerMessages.reservedName(name)))
            poisoned.insert(name)
            return nil
        }
        if let first = bound[name] {
            report(Diagnostic(
                file: file, range: nameRange, identifier: "duplicate-binding",
                summary: CheckerMessages.alreadyDefined(name),
                notes: [Diagnostic.Note(range: first.range, message: CheckerMessages.firstDefinedHere(name))]))
            return nil
        }
        if poisoned.contains(name) {
            // Already reported at its first (failed) binding; still a second binding.
            if let first = firstDefinitions[name], first != nameRange {
                report(Diagnostic(
                    file: file, range: nameRange, identifier: "duplicate-binding",
                    summary: CheckerMessages.alreadyDefined(name),
                    notes: [Diagnostic.Note(range: first, message: CheckerMessages.firstDefinedHere(name))]))
            }
            return nil
        }
        guard let checked, let binding = checked.binding else {
            poisoned.insert(name)
            return nil
        }
        warnIfSubjectWord(name, at: nameRange)
        bound[name] = binding
        boundOrder.append(name)
        boundStatements[name] = checked
        return checked
    }

    private mutating func lookUpCommand(_ command: CommandSyntax) -> CommandSignature? {
        if let signature = catalogue[command.name] { return signature }
        let suggestion = Suggestions.closest(to: command.name, among: catalogue.names)
        report(Diagnostic(
            file: file, range: command.nameRange, identifier: "unknown-command",
            summary: CheckerMessages.unknownCommand(command.name, suggestion: suggestion),
            notes: suggestion == nil ? [Diagnostic.Note(message: CheckerMessages.commandsNote(catalogue.names))] : [],
            fixIts: suggestion.map { [Diagnostic.FixIt(range: command.nameRange, replacement: $0)] } ?? []))
        return nil
    }

    private mutating func checkCommand(
        _ command: CommandSyntax, binding: (name: String, range: SourceRange)?, statement: StatementSyntax,
        signature: CommandSignature, cellIndex: Int
    ) -> CheckedStatement? {
        let errorsBefore = diagnostics.count
        var dependencies: [String] = []
        /// Each name read and where, to place axis errors.
        var references: [(name: String, range: SourceRange, selected: [Coordinate])] = []

        // Subjects.
        let (minimum, isVariadic) = signature.subjectCount
        let count = command.subjects.count
        // After a subject with a syntax error the count is unknown.
        if command.unparsedSubject == nil, count < minimum || (!isVariadic && count > minimum) {
            let range = count > minimum ? command.subjects[minimum].range.lowerBound..<command.subjects[count - 1].range.upperBound : command.range
            report(Diagnostic(
                file: file, range: range, identifier: "wrong-subject-count",
                summary: CheckerMessages.wrongSubjectCount(signature.name, minimum: minimum, isVariadic: isVariadic, count: count),
                notes: [Diagnostic.Note(message: CheckerMessages.usageNote(signature.usage))]))
        }
        var subjects: [CheckedSubject?] = []
        for (i, syntax) in command.subjects.enumerated() {
            guard let subjectSignature = signature.subject(at: i) else { subjects.append(nil); continue }
            let context = ValueContext(command: signature.name, option: nil, placeholder: subjectSignature.placeholder)
            let typed = checkValue(syntax, type: subjectSignature.type, bounds: nil, context: context)
            if let reference = typed?.value?.referencedName {
                dependencies.append(reference.name)
                references.append((reference.name, syntax.range, reference.selection))
            }
            subjects.append(typed.map { CheckedSubject(value: $0.value, range: syntax.range, parameter: $0.parameter) })
        }
        warnAboutRepeatedSubjects(command, signature: signature)

        // Options as written.
        var written: [String: (OptionSyntax, TypedValue?)] = [:]
        var sweeps: [String: [Value]] = [:]
        for option in command.options {
            if let (first, _) = written[option.name] {
                report(Diagnostic(
                    file: file, range: option.nameRange, identifier: "duplicate-option",
                    summary: CheckerMessages.duplicateOption(option.name),
                    notes: [Diagnostic.Note(range: first.range, message: CheckerMessages.firstGivenHere(option.name))]))
                continue
            }
            // A name may be declared for several forms with different defaults (`reg`): take the one that applies.
            let declared = signature.options.first { $0.name == option.name && applies($0, subjects: subjects) }
            guard let optionSignature = declared ?? signature.option(named: option.name) else {
                let applicable = signature.options.filter { applies($0, subjects: subjects) }.map(\.name)
                let suggestion = Suggestions.closest(to: option.name, among: applicable)
                    ?? Suggestions.closest(to: option.name, among: signature.options.map(\.name))
                let notes = suggestion == nil
                    ? [Diagnostic.Note(message: signature.options.isEmpty
                        ? CheckerMessages.takesNoOptions(signature.name)
                        : CheckerMessages.optionsNote(signature.name, options: applicable))]
                    : []
                report(Diagnostic(
                    file: file, range: option.nameRange, identifier: "unknown-option",
                    summary: CheckerMessages.unknownOption(option.name, suggestion: suggestion), notes: notes,
                    fixIts: suggestion.map { [Diagnostic.FixIt(range: option.nameRange, replacement: $0)] } ?? []))
                written[option.name] = (option, nil)
                continue
            }
            if !applies(optionSignature, subjects: subjects), let condition = optionSignature.condition,
                condition.subject < command.subjects.count
            {
                report(Diagnostic(
                    file: file, range: option.nameRange, identifier: "option-not-applicable",
                    summary: CheckerMessages.optionNotApplicable(option.name, command: signature.name, subject: command.subjects[condition.subject].text),
                    notes: [Diagnostic.Note(message: CheckerMessages.optionAppliesTo(
                        option.name, forms: describe(allForms(of: option.name, in: signature) ?? condition, of: signature)))]))
                written[option.name] = (option, nil)
                continue
            }
            let context = ValueContext(command: signature.name, option: option.name, placeholder: nil)
            if let items = sweepItems(option.value) {
                written[option.name] = (option, nil)
                if let values = checkSweep(items, at: option, signature: optionSignature, command: signature, context: context) {
                    sweeps[option.name] = values
                }
                continue
            }
            let typed = checkValue(option.value, type: optionSignature.type, bounds: optionSignature.bounds, context: context)
            if let reference = typed?.value?.referencedName {
                dependencies.append(reference.name)
                references.append((reference.name, option.value.range, reference.selection))
            }
            written[option.name] = (option, typed)
        }

        // Every applicable option, defaults filled in.
        var options: [CheckedOption] = []
        for optionSignature in signature.options where applies(optionSignature, subjects: subjects) {
            if let (syntax, typed) = written[optionSignature.name] {
                options.append(CheckedOption(
                    name: optionSignature.name, value: typed?.value, isExplicit: true, range: syntax.range,
                    valueRange: syntax.value.range, parameter: typed?.parameter, affectsValue: optionSignature.affectsValue,
                    sweep: sweeps[optionSignature.name]))
                continue
            }
            var value: Value?
            switch optionSignature.defaultValue {
            case .value(let v): value = v
            case .absent: value = nil
            case .required where command.unparsedOptions.contains(optionSignature.name):
                break  // written, with a syntax error already reported
            case .required where command.unparsedSubject.map({ broken in optionSignature.condition.map { $0.subject >= broken } ?? false }) ?? false:
                break  // required for a form of a subject that had a syntax error: maybe not this one
            case .required:
                let end = command.range.upperBound
                report(Diagnostic(
                    file: file, range: command.nameRange, identifier: "missing-option",
                    summary: CheckerMessages.missingOption(optionSignature.name, command: signature.name, doc: optionSignature.doc),
                    fixIts: [Diagnostic.FixIt(range: end..<end, replacement: " \(optionSignature.name)=\(placeholderLiteral(optionSignature.type))")]))
            case .datasetOfSubject(let index):
                if index < subjects.count, let name = subjects[index]?.reference, let dataset = bound[name]?.dataset {
                    value = .reference(dataset)
                    dependencies.append(dataset)
                }
            }
            options.append(CheckedOption(
                name: optionSignature.name, value: value, isExplicit: false, range: nil, valueRange: nil, parameter: nil,
                affectsValue: optionSignature.affectsValue))
        }

        options = checkRequirements(options, signature: signature, unparsed: command.unparsedOptions)
        // At most one way of saying each thing (`users` or `share`).
        for group in signature.exclusiveOptions {
            let given = options.filter { group.contains($0.name) && $0.isExplicit && $0.range != nil }
                .sorted { $0.range!.lowerBound < $1.range!.lowerBound }
            guard given.count > 1, let first = given.first, let firstRange = first.range, let second = given.dropFirst().first,
                let range = second.range
            else { continue }
            report(Diagnostic(
                file: file, range: range, identifier: "exclusive-options",
                summary: CheckerMessages.exclusiveOptions(first.name, second.name),
                notes: [Diagnostic.Note(range: firstRange, message: CheckerMessages.givenHere(first.name))]))
        }

        // The result.
        var resultType: BoundType?
        var datasetName: String?
        switch signature.result {
        case .nothing:
            if let binding {
                report(Diagnostic(
                    file: file, range: binding.range, identifier: "binding-produces-nothing",
                    summary: CheckerMessages.bindingProducesNothing(signature.name, binding: binding.name),
                    fixIts: [Diagnostic.FixIt(range: binding.range.lowerBound..<command.nameRange.lowerBound, replacement: "")]))
            }
        case .value(let type):
            resultType = type
            if type.kind == .model, let source = subjects.first??.reference { datasetName = bound[source]?.dataset }
            if type.kind == .dataset { datasetName = binding?.name }
        case .modelOfAlgorithm(let index):
            if index < subjects.count, let word = subjects[index]?.word, let family = ModelFamily(rawValue: word) {
                resultType = .model(family)
            }
            datasetName = subjects.compactMap { $0?.reference }.first
        case .attackedModel(let index):
            if index < subjects.count, let source = subjects[index]?.reference, let type = bound[source]?.type {
                resultType = BoundType(kind: .model, family: type.family, isAttacked: true)
                datasetName = bound[source]?.dataset
            }
        }

        checkAxisOptions(options, signature: signature, references: references)
        checkCutoffOptions(options, signature: signature, references: references)
        checkItemCountBounds(options, signature: signature, subjects: subjects)
        checkEmbeddingsExist(options, signature: signature, subjects: subjects)
        checkSameIDs(options, signature: signature, subjects: subjects)
        checkSameUsers(command, signature: signature, subjects: subjects)
        // The axes the statement runs over.
        let replicates = options.first { option in
            signature.option(named: option.name)?.isReplicateCount == true && option.isExplicit
        }
        let axes = familyAxes(
            references: references, sweeps: options.filter { $0.sweep != nil }, replicates: replicates,
            signature: signature, statement: statement)

        guard diagnostics.count == errorsBefore, command.unparsedOptions.isEmpty, command.unparsedSubject == nil else { return nil }
        let checkedSubjects = subjects.compactMap { $0 }
        var checked = CheckedStatement(
            action: .run(command: signature.name),
            binding: binding.flatMap { b in
                resultType.map {
                    CheckedBinding(name: b.name, range: b.range, type: $0, dataset: datasetName, cellIndex: cellIndex, axes: axes)
                }
            },
            resultType: resultType, subjects: checkedSubjects, options: options, range: statement.range,
            dependencies: dependencies)
        checked.axes = axes
        checked.replicates = replicates?.value.flatMap { if case .integer(let n) = $0 { n } else { nil } }
        return checked
    }

    static func referencedName(_ value: Value) -> String? {
        value.referencedName?.name
    }

    /// Whether an option applies to the command's form (unknown when its subject failed to check: yes).
    private func applies(_ option: OptionSignature, subjects: [CheckedSubject?]) -> Bool {
        guard let condition = option.condition else { return true }
        guard condition.subject < subjects.count, let subject = subjects[condition.subject] else { return true }
        switch condition.pattern {
        case .words(let words): return subject.word.map(words.contains) ?? false
        case .string: return subject.string != nil
        }
    }

    /// Options that need another option's word (`negatives` needs `candidates=sampled`):
    /// written without it, an error at the option; left out, they are not part of the statement.
    private mutating func checkRequirements(
        _ options: [CheckedOption], signature: CommandSignature, unparsed: [String]
    ) -> [CheckedOption] {
        options.filter { option in
            guard let requirement = signature.option(named: option.name)?.requirement else { return true }
            if unparsed.contains(requirement.option) { return true }  // its value had a syntax error
            let other = options.first { $0.name == requirement.option }
            if case .word(requirement.word)? = other?.value { return true }
            if option.isExplicit, let range = option.range {
                report(Diagnostic(
                    file: file, range: range,
                    identifier: "option-not-applicable",
                    summary: CheckerMessages.optionNeedsWord(option.name, requirement: requirement, current: other?.value),
                    notes: [Diagnostic.Note(message: CheckerMessages.optionNeedsWordNote(option.name, requirement: requirement))]))
            }
            return false
        }
    }

    /// The forms every declaration of an option name covers, when they all name words of one subject.
    private func allForms(of name: String, in signature: CommandSignature) -> OptionCondition? {
        let conditions = signature.options.filter { $0.name == name }.compactMap(\.condition)
        guard conditions.count > 1, let subject = conditions.first?.subject else { return nil }
        var words: [String] = []
        for condition in conditions {
            guard condition.subject == subject, case .words(let more) = condition.pattern else { return nil }
            words += more
        }
        return OptionCondition(subject: subject, pattern: .words(words))
    }

    private func describe(_ condition: OptionCondition, of signature: CommandSignature) -> String {
        let placeholder = signature.subject(at: condition.subject)?.placeholder ?? "subject"
        switch condition.pattern {
        case .words(let words): return CheckerMessages.wordForms(signature.name, words: words)
        case .string: return CheckerMessages.stringForm(signature.name, placeholder: placeholder)
        }
    }

    private func placeholderLiteral(_ type: ValueType) -> String {
        switch type {
        case .string: "\"\""
        case .integer: "1"
        case .float: "1.0"
        case .boolean: "true"
        case .word(let words): words.first ?? "x"
        default: "…"
        }
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst().dropLast(hasSuffix(".") ? 1 : 0)
    }
}

extension Checker {
    /// The cell options recbook knows.
    static let cellOptionKeys = [CellOption.nameKey]

    /// Cell options: known keys, non-empty names, each name used once.
    mutating func checkCellOptions(_ cells: [Cell]) {
        var names: [String: SourceRange] = [:]
        for cell in cells {
            for option in cell.options {
                guard Self.cellOptionKeys.contains(option.key) else {
                    let suggestion = Suggestions.closest(to: option.key, among: Self.cellOptionKeys)
                    report(Diagnostic(
                        file: file, range: option.keyRange, identifier: "unknown-cell-option",
                        summary: CheckerMessages.unknownCellOption(option.key, known: Self.cellOptionKeys),
                        fixIts: suggestion.map { [Diagnostic.FixIt(range: option.keyRange, replacement: $0)] } ?? []))
                    continue
                }
                guard !option.value.isEmpty else {
                    report(Diagnostic(
                        file: file, range: option.keyRange, identifier: "empty-cell-name", summary: CheckerMessages.emptyCellName))
                    continue
                }
                if let first = names[option.value] {
                    report(Diagnostic(
                        file: file, range: option.valueRange, identifier: "duplicate-cell-name",
                        summary: CheckerMessages.duplicateCellName(option.value),
                        notes: [Diagnostic.Note(range: first, message: CheckerMessages.firstCellNamed(option.value))]))
                } else {
                    names[option.value] = option.valueRange
                }
            }
        }
    }
}
