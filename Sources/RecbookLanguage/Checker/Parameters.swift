import NotebookDocument

/// A front-matter parameter with its value in effect (default or `--set`), as syntax so
/// a `$name` reference is checked exactly like a literal written in its place.
struct ResolvedParameter {
    var name: String
    var declaration: FrontMatter.Parameter
    var value: ValueSyntax
    var isOverridden: Bool
}

extension Checker {
    /// The file name diagnostics about `--set` values carry.
    public static let setFile = "--set"

    /// Parses every parameter default, then applies the `--set NAME=VALUE` overrides.
    mutating func resolveParameters(_ frontMatter: FrontMatter, overrides: [String]) -> [String: ResolvedParameter] {
        var parameters: [String: ResolvedParameter] = [:]
        for declaration in frontMatter.parameters {
            if let first = parameters[declaration.name] {
                report(Diagnostic(
                    file: file, range: declaration.nameRange, identifier: "duplicate-parameter",
                    summary: CheckerMessages.duplicateParameter(declaration.name),
                    notes: [Diagnostic.Note(range: first.declaration.nameRange, message: CheckerMessages.firstDeclaredHere(declaration.name))]))
                continue
            }
            let mapper = SourceMapper(lineStarts: [declaration.valueRange.lowerBound])
            let (value, problems) = Parser.parseValue(declaration.defaultText, file: file, mapper: mapper)
            problems.forEach { report($0) }
            guard let value else { continue }
            if case .parameter = value.form {
                report(Diagnostic(
                    file: file, range: value.range, identifier: "invalid-parameter",
                    summary: CheckerMessages.parameterDefaultIsReference(declaration.name)))
                continue
            }
            parameters[declaration.name] = ResolvedParameter(name: declaration.name, declaration: declaration, value: value, isOverridden: false)
        }
        parameterOrder = frontMatter.parameters.map(\.name)
        // Declared, but the default could not be read: in the front matter, or here.
        unreadableParameters = Set(frontMatter.unreadableParameters + parameterOrder.filter { parameters[$0] == nil })

        // The n-th `--set` is line n of the pseudo-file `--set`, so each diagnostic names its own.
        for (index, override) in overrides.enumerated() {
            applyOverride(override, line: index + 1, to: &parameters)
        }
        return parameters
    }

    private mutating func applyOverride(_ text: String, line: Int, to parameters: inout [String: ResolvedParameter]) {
        let setFile = Self.setFile
        let scalars = Array(text.unicodeScalars)
        guard let equals = scalars.firstIndex(of: "=") else {
            let end = SourceLocation(line: line, column: scalars.count + 1)
            report(Diagnostic(
                file: setFile, range: SourceLocation(line: line, column: 1)..<end, identifier: "invalid-set",
                summary: CheckerMessages.invalidSet(text),
                fixIts: [Diagnostic.FixIt(range: end..<end, replacement: "=VALUE")]))
            return
        }
        let name = String(String.UnicodeScalarView(scalars[..<equals]))
        let valueText = String(String.UnicodeScalarView(scalars[(equals + 1)...]))
        let nameRange = SourceLocation(line: line, column: 1)..<SourceLocation(line: line, column: equals + 1)
        guard var parameter = parameters[name] else {
            if unreadableParameters.contains(name) { return }  // its declaration's error is reported
            let suggestion = Suggestions.closest(to: name, among: parameterOrder)
            report(Diagnostic(
                file: setFile, range: nameRange, identifier: "unknown-parameter",
                summary: CheckerMessages.unknownSetParameter(name, notebook: file, suggestion: suggestion),
                notes: [Diagnostic.Note(message: CheckerMessages.declaredParametersNote(parameterOrder))],
                fixIts: suggestion.map { [Diagnostic.FixIt(range: nameRange, replacement: $0)] } ?? []))
            return
        }
        let valueStart = SourceLocation(line: line, column: equals + 2)
        let valueEnd = SourceLocation(line: line, column: scalars.count + 1)
        let mapper = SourceMapper(lineStarts: [valueStart])
        let declared = parameter.value
        var parsed = Parser.parseValue(valueText, file: setFile, mapper: mapper).0
        // A string parameter accepts bare text: `--set data=Data/ml-500`.
        if case .string = declared.form {
            if parsed == nil || !Self.isString(parsed!) {
                parsed = ValueSyntax(form: .string(valueText), text: Lexer.quote(valueText), range: valueStart..<valueEnd)
            }
        }
        guard let value = parsed, Self.literal(value, fits: declared) else {
            report(Diagnostic(
                file: setFile, range: valueStart..<valueEnd, identifier: "invalid-parameter-value",
                summary: CheckerMessages.invalidSetValue(
                    name, notebook: file, expected: CheckerMessages.literalTypeDescription(declared),
                    got: parsed.map { CheckerMessages.literalTypeName($0) + " `\($0.text)`" } ?? "`\(valueText)`"),
                notes: [Diagnostic.Note(
                    range: parameter.declaration.valueRange,
                    message: CheckerMessages.declaredWithDefault(name, default: declared.text), file: file)]))
            return
        }
        parameter.value = Self.widen(value, like: declared)
        parameter.isOverridden = true
        parameters[name] = parameter
    }

    static func isString(_ value: ValueSyntax) -> Bool {
        if case .string = value.form { true } else { false }
    }

    /// Whether a `--set` literal has the declared default's type (integers widen to floats).
    static func literal(_ value: ValueSyntax, fits declared: ValueSyntax) -> Bool {
        switch (value.form, declared.form) {
        case (.integer, .integer), (.float, .float), (.integer, .float), (.string, .string),
            (.boolean, .boolean), (.word, .word):
            return true
        case (.list(let items), .list(let model)):
            guard let first = model.first else { return true }
            return items.allSatisfy { literal($0, fits: first) }
        // A sweep may replace a sweep or a single value, and a single value a sweep:
        // `--set epsilon=sweep[0.1, 1]` turns a statement into a family, `--set epsilons=0.5` back.
        case (.sweep(let items), .sweep(let model)):
            guard let first = model.first else { return true }
            return items.allSatisfy { literal($0, fits: first) }
        case (.sweep(let items), _):
            return items.allSatisfy { literal($0, fits: declared) }
        case (_, .sweep(let model)):
            guard let first = model.first else { return false }
            return literal(value, fits: first)
        default:
            return false
        }
    }

    static func widen(_ value: ValueSyntax, like declared: ValueSyntax) -> ValueSyntax {
        switch (value.form, declared.form) {
        case (.integer(let x), .float):
            return ValueSyntax(form: .float(Double(x)), text: value.text, range: value.range)
        case (.list(let items), .list(let model)) where !model.isEmpty:
            return ValueSyntax(form: .list(items.map { widen($0, like: model[0]) }), text: value.text, range: value.range)
        case (.sweep(let items), .sweep(let model)) where !model.isEmpty:
            return ValueSyntax(form: .sweep(items.map { widen($0, like: model[0]) }), text: value.text, range: value.range)
        case (.sweep(let items), _):
            return ValueSyntax(form: .sweep(items.map { widen($0, like: declared) }), text: value.text, range: value.range)
        case (_, .sweep(let model)) where !model.isEmpty:
            return widen(value, like: model[0])
        default:
            return value
        }
    }
}
