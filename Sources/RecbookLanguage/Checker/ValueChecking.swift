import NotebookDocument

/// Where a value stands, for messages: "option `epochs`" or "`evaluate`".
struct ValueContext {
    var command: String
    var option: String?
    var placeholder: String?
    /// Replaces "`command`" as the subject of messages ("a citation expects …").
    var subjectPhrase: String? = nil
    // Its phrases in messages, `expecter` and `shortName`, are in CheckerMessages.swift.
}

/// A checked value and the parameter it came from.
struct TypedValue {
    var value: Value?
    var parameter: String?
}

extension Checker {
    /// Checks a written value against the expected type and bounds; nil after reporting a problem.
    mutating func checkValue(_ syntax: ValueSyntax, type: ValueType, bounds: NumericBounds?, context: ValueContext) -> TypedValue? {
        if case .parameter(let name) = syntax.form {
            guard let parameter = parameters[name] else {
                if unreadableParameters.contains(name) { return nil }  // its declaration's error is reported
                let suggestion = Suggestions.closest(to: name, among: parameterOrder)
                report(Diagnostic(
                    file: file, range: syntax.range, identifier: "unknown-parameter",
                    summary: CheckerMessages.unknownParameter(name, suggestion: suggestion),
                    notes: parameterOrder.isEmpty ? [Diagnostic.Note(message: CheckerMessages.parametersAreDeclaredNote)] : [],
                    fixIts: suggestion.map { [Diagnostic.FixIt(range: syntax.range, replacement: "$" + $0)] } ?? []))
                return nil
            }
            // Check the parameter's value as if written here, then point back at its declaration.
            var substituted = parameter.value
            substituted.range = syntax.range
            let errorsBefore = diagnostics.count
            let typed = checkLiteral(substituted, type: type, bounds: bounds, context: context)
            let origin = CheckerMessages.parameterOrigin(name, value: parameter.value.text, isOverridden: parameter.isOverridden)
            for i in errorsBefore..<diagnostics.count {
                if parameter.isOverridden, diagnostics[i].range != syntax.range {
                    // An element of a `--set` list: located in the `--set` argument itself.
                    diagnostics[i].file = Self.setFile
                    diagnostics[i].notes.append(Diagnostic.Note(range: syntax.range, message: CheckerMessages.parameterUsedHere(name), file: file))
                    continue
                }
                diagnostics[i].notes.append(Diagnostic.Note(
                    range: parameter.isOverridden ? nil : parameter.declaration.valueRange, message: origin))
            }
            return typed.map { TypedValue(value: $0, parameter: name) }
        }
        warnAboutParametersInStrings(syntax)
        return checkLiteral(syntax, type: type, bounds: bounds, context: context).map { TypedValue(value: $0, parameter: nil) }
    }

    private mutating func checkLiteral(_ syntax: ValueSyntax, type: ValueType, bounds: NumericBounds?, context: ValueContext) -> Value? {
        switch (type, syntax.form) {
        case (.integer, .integer(let x)), (.cutoff, .integer(let x)):
            return checkBounds(Double(x), syntax: syntax, bounds: bounds, context: context) ? .integer(x) : nil
        case (.float, .integer(let x)):
            return checkBounds(Double(x), syntax: syntax, bounds: bounds, context: context)
                && checkSinglePrecision(Double(x), syntax: syntax, context: context) ? .float(Double(x)) : nil
        case (.float, .float(let x)):
            return checkBounds(x, syntax: syntax, bounds: bounds, context: context)
                && checkSinglePrecision(x, syntax: syntax, context: context) ? .float(x) : nil
        case (.string, .string(let s)), (.stringOrWord, .string(let s)):
            return .string(s)
        case (.boolean, .boolean(let b)):
            return .boolean(b)
        case (.word(let words), .word(let w)), (.stringOrWord(let words), .word(let w)):
            if words.contains(w) { return .word(w) }
            if case .stringOrWord = type, bound[w] != nil || firstDefinitions[w] != nil {
                break  // a name where a path belongs: a type mismatch below
            }
            let suggestion = Suggestions.closest(to: w, among: words)
            report(Diagnostic(
                file: file, range: syntax.range, identifier: "unknown-enum-word",
                summary: CheckerMessages.unknownWord(w, context: context, suggestion: suggestion),
                notes: [Diagnostic.Note(message: CheckerMessages.expectedNote(type))],
                fixIts: suggestion.map { [Diagnostic.FixIt(range: syntax.range, replacement: $0)] } ?? []))
            return nil
        case (.list, .list(let items)) where items.isEmpty, (.oneOrList, .list(let items)) where items.isEmpty:
            // `k=[]` would evaluate nothing: a list option needs a value.
            report(Diagnostic(
                file: file, range: syntax.range, identifier: "empty-list",
                summary: CheckerMessages.emptyList(context)))
            return nil
        case (.list, .list(let items)) where items.count > Checker.maximumListLength,
             (.oneOrList, .list(let items)) where items.count > Checker.maximumListLength:
            report(Diagnostic(
                file: file, range: syntax.range, identifier: "list-too-long",
                summary: CheckerMessages.listTooLong(context, maximum: Checker.maximumListLength, count: items.count)))
            return nil
        case (.outputPath, .string(let path)):
            return checkOutputPath(path, syntax: syntax, context: context) ? .string(path) : nil
        case (.list(let element), .list(let items)), (.oneOrList(let element), .list(let items)):
            var values: [Value] = []
            var ok = true
            for item in items {
                if let v = checkValue(item, type: element, bounds: bounds, context: context)?.value { values.append(v) } else { ok = false }
            }
            return ok ? .list(values) : nil
        case (.list(let element), _):
            // A single value where a list is expected is a list of one.
            return checkLiteral(syntax, type: element, bounds: bounds, context: context).map { .list([$0]) }
        case (.oneOrList(let element), _):
            return checkLiteral(syntax, type: element, bounds: bounds, context: context)
        case (.axis, .word(let name)):
            return .word(name)  // checked against the subjects' axes by `checkAxisOptions`
        case (.reference(let requirement), .word(let name)):
            return checkReference(name, range: syntax.range, requirement: requirement, context: context)
        case (.reference(let requirement), .selection(let name, let items)):
            guard checkReference(name, range: syntax.range, requirement: requirement, context: context) != nil,
                let binding = bound[name]
            else { return nil }
            return checkSelection(items, of: binding).map { .element(of: name, at: $0) }
        default:
            break
        }
        report(Diagnostic(
            file: file, range: syntax.range, identifier: "type-mismatch",
            summary: CheckerMessages.typeMismatch(context, expected: type, found: found(syntax))))
        return nil
    }

    /// The value as messages name it: "number `0.5`", "dataset `data`".
    private func found(_ syntax: ValueSyntax) -> String {
        if case .word(let w) = syntax.form { return CheckerMessages.found(syntax, boundType: bound[w]?.type) }
        return CheckerMessages.found(syntax, boundType: nil)
    }

    /// An output path: not empty; relative and inside the output folder unless writes outside are allowed.
    private mutating func checkOutputPath(_ path: String, syntax: ValueSyntax, context: ValueContext) -> Bool {
        guard !path.isEmpty else {
            report(Diagnostic(file: file, range: syntax.range, identifier: "empty-path", summary: CheckerMessages.emptyPath(context)))
            return false
        }
        guard !allowsWritesOutsideOutput else { return true }
        var depth = 0
        var escapes = path.hasPrefix("/")
        for part in path.split(separator: "/") where part != "." {
            depth += part == ".." ? -1 : 1
            if depth < 0 { escapes = true }
        }
        guard escapes else { return true }
        report(Diagnostic(
            file: file, range: syntax.range, identifier: "path-outside-output",
            summary: CheckerMessages.pathOutsideOutput(path, context: context),
            notes: [Diagnostic.Note(message: CheckerMessages.pathOutsideOutputNote)]))
        return false
    }

    /// The numeric core computes in 32-bit floats: a value that would become 0 or infinity
    /// there (`lr=1e-50`, `reg=1e39`) is refused rather than run silently as something else.
    private mutating func checkSinglePrecision(_ x: Double, syntax: ValueSyntax, context: ValueContext) -> Bool {
        guard x != 0, x.isFinite else { return true }
        let magnitude = abs(x)
        guard magnitude < Double(Float.leastNormalMagnitude) || magnitude > Double(Float.greatestFiniteMagnitude) else { return true }
        report(Diagnostic(
            file: file, range: syntax.range, identifier: "out-of-range",
            summary: CheckerMessages.notSinglePrecision(syntax.text, context: context, isTooSmall: magnitude < 1)))
        return false
    }

    private mutating func checkBounds(_ x: Double, syntax: ValueSyntax, bounds: NumericBounds?, context: ValueContext) -> Bool {
        guard let bounds, !bounds.contains(x) else { return true }
        report(Diagnostic(
            file: file, range: syntax.range, identifier: "out-of-range",
            summary: CheckerMessages.outOfBounds(syntax.text, context: context, bounds: bounds)))
        return false
    }

    private mutating func checkReference(
        _ name: String, range: SourceRange, requirement: ReferenceRequirement, context: ValueContext
    ) -> Value? {
        guard let binding = resolveName(name, range: range) else { return nil }
        let type = binding.type
        let identifier: String
        if type.kind != requirement.kind {
            identifier = "wrong-kind"
        } else if !requirement.families.isEmpty, let family = type.family, !requirement.families.contains(family) {
            identifier = "wrong-model-family"
        } else if !requirement.allowsAttacked, type.isAttacked {
            identifier = "attacked-model"
        } else {
            return .reference(name)
        }
        report(Diagnostic(
            file: file, range: range, identifier: identifier,
            summary: CheckerMessages.wrongReference(name, type: type, context: context, requirement: requirement),
            notes: [Diagnostic.Note(range: binding.range, message: CheckerMessages.definedHere(name))]))
        return nil
    }

    /// The coordinates of `name[axis=value, …]`: each axis one of the family's, each value on it.
    private mutating func checkSelection(_ items: [ValueSyntax.SelectionItem], of binding: CheckedBinding) -> [Coordinate]? {
        var coordinates: [Coordinate] = []
        var ok = true
        for item in items {
            guard let axis = binding.axes.first(where: { $0.name == item.axis }) else {
                let names = binding.axes.map(\.name)
                report(Diagnostic(
                    file: file, range: item.axisRange, identifier: "unknown-axis",
                    summary: CheckerMessages.unknownAxis(item.axis, of: binding.name, axes: names),
                    fixIts: Suggestions.closest(to: item.axis, among: names).map { [Diagnostic.FixIt(range: item.axisRange, replacement: $0)] } ?? []))
                ok = false
                continue
            }
            if coordinates.contains(where: { $0.axis == item.axis }) {
                report(Diagnostic(
                    file: file, range: item.axisRange, identifier: "duplicate-option",
                    summary: CheckerMessages.axisSelectedTwice(item.axis)))
                ok = false
                continue
            }
            let sample = axis.values.first
            let type: ValueType = switch sample {
            case .integer?: .integer
            case .float?: .float
            case .boolean?: .boolean
            case .string?: .string
            case .word?: .word(axis.values.compactMap(\.stringValue))
            default: .string
            }
            let context = ValueContext(command: binding.name, option: item.axis, placeholder: nil)
            guard let value = checkValue(item.value, type: type, bounds: nil, context: context)?.value else { ok = false; continue }
            guard axis.values.contains(value) else {
                report(Diagnostic(
                    file: file, range: item.value.range, identifier: "not-on-axis",
                    summary: CheckerMessages.notOnAxis(item.value.text, axis: axis.name, of: binding.name, values: axis.values)))
                ok = false
                continue
            }
            coordinates.append(Coordinate(axis: axis.name, value: value))
        }
        return ok ? coordinates : nil
    }

    /// The binding a name refers to at this point; reports undefined names and uses before definition.
    mutating func resolveName(_ name: String, range: SourceRange) -> CheckedBinding? {
        if let binding = bound[name] { return binding }
        if poisoned.contains(name) { return nil }  // its definition already has an error
        if let later = firstDefinitions[name] {
            report(Diagnostic(
                file: file, range: range, identifier: "use-before-definition",
                summary: CheckerMessages.usedBeforeDefinition(name),
                notes: [Diagnostic.Note(range: later, message: CheckerMessages.definedLaterHere(name))]))
            return nil
        }
        let suggestion = Suggestions.closest(to: name, among: boundOrder)
        report(Diagnostic(
            file: file, range: range, identifier: "undefined-name", summary: CheckerMessages.undefinedName(name, suggestion: suggestion),
            fixIts: suggestion.map { [Diagnostic.FixIt(range: range, replacement: $0)] } ?? []))
        return nil
    }
}

extension String {
    /// "a dataset" → "dataset", "an attacked bprmf model" → "attacked bprmf model".
    var droppingArticle: String {
        if hasPrefix("an ") { return String(dropFirst(3)) }
        if hasPrefix("a ") { return String(dropFirst(2)) }
        return self
    }
}
