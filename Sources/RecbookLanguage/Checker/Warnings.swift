import NotebookDocument

/// Likely mistakes: checks that warn (the notebook still runs) and the embeddings a
/// statement needs. Texts are in `CheckerMessages`.
extension Checker {
    /// Records every `$name` a statement writes, so unused parameters can be found even
    /// when the statement has other errors.
    mutating func noteParameterUses(_ statement: StatementSyntax) {
        guard let command = statement.command else { return }
        func visit(_ value: ValueSyntax) {
            switch value.form {
            case .parameter(let name): usedParameters.insert(name)
            case .list(let items), .sweep(let items): items.forEach(visit)
            case .selection(_, let items): items.forEach { visit($0.value) }
            case .integer, .float, .string, .boolean, .word: break
            }
        }
        command.subjects.forEach(visit)
        command.options.forEach { visit($0.value) }
    }

    /// A front-matter parameter no statement reads: usually a typo or a leftover.
    mutating func warnAboutUnusedParameters(_ frontMatter: FrontMatter) {
        var seen: Set<String> = []
        for declaration in frontMatter.parameters where !usedParameters.contains(declaration.name) {
            guard seen.insert(declaration.name).inserted else { continue }
            warn(Diagnostic(
                file: file, range: declaration.nameRange, identifier: "unused-parameter",
                summary: CheckerMessages.unusedParameter(declaration.name)))
        }
    }

    /// `compare e e`: the same value given twice to a repeating subject.
    mutating func warnAboutRepeatedSubjects(_ command: CommandSyntax, signature: CommandSignature) {
        var first: [String: SourceRange] = [:]
        for (i, syntax) in command.subjects.enumerated() {
            guard signature.subject(at: i)?.minimumRepeats != nil, case .reference = signature.subject(at: i)?.type else { continue }
            switch syntax.form {
            case .word, .selection: break
            default: continue
            }
            if let earlier = first[syntax.text] {
                warn(Diagnostic(
                    file: file, range: syntax.range, identifier: "repeated-subject",
                    summary: CheckerMessages.repeatedSubject(syntax.text, command: signature.name),
                    notes: [Diagnostic.Note(range: earlier, message: CheckerMessages.repeatedSubjectNote)]))
            } else {
                first[syntax.text] = syntax.range
            }
        }
    }

    /// A name that is also a word of a subject taking a string or a word (`load synthetic`):
    /// written there, the word wins and the binding is silently not used. (Subjects that take
    /// only words, such as `train`'s ALGO, never take a name, so `bprmf = train bprmf …` is fine.)
    mutating func warnIfSubjectWord(_ name: String, at range: SourceRange) {
        for signature in catalogue.commands {
            for subject in signature.subjects {
                guard case .stringOrWord(let words) = subject.type, words.contains(name) else { continue }
                warn(Diagnostic(
                    file: file, range: range, identifier: "name-is-subject-word",
                    summary: CheckerMessages.nameIsSubjectWord(name, usage: "\(signature.name) \(subject.placeholder)", command: signature.name)))
                return
            }
        }
    }

    /// `"run $epochs"`: strings are literal, so a declared parameter's `$name` inside one is
    /// almost certainly meant as the parameter. Located at the `$`.
    mutating func warnAboutParametersInStrings(_ syntax: ValueSyntax) {
        switch syntax.form {
        case .string:
            // The literal's text as written, on one line: column = start + offset.
            guard syntax.range.lowerBound.line == syntax.range.upperBound.line else { return }
            let scalars = Array(syntax.text.unicodeScalars)
            var i = 0
            while i < scalars.count {
                defer { i += 1 }
                guard scalars[i] == "$" else { continue }
                var end = i + 1
                while end < scalars.count, scalars[end].properties.isAlphabetic || scalars[end] == "_" || scalars[end] == "-"
                    || ("0"..."9").contains(scalars[end]) { end += 1 }
                let name = String(String.UnicodeScalarView(scalars[(i + 1)..<end]))
                guard parameters[name] != nil || parameterOrder.contains(name) else { continue }
                let start = SourceLocation(line: syntax.range.lowerBound.line, column: syntax.range.lowerBound.column + i)
                let stop = SourceLocation(line: start.line, column: start.column + end - i)
                warn(Diagnostic(
                    file: file, range: start..<stop, identifier: "parameter-in-string",
                    summary: CheckerMessages.parameterInString(name)))
            }
        case .list(let items), .sweep(let items):
            items.forEach { warnAboutParametersInStrings($0) }
        default:
            break
        }
    }

    /// `export pop to=… what=embeddings`: a family without embeddings has none to write.
    mutating func checkEmbeddingsExist(_ options: [CheckedOption], signature: CommandSignature, subjects: [CheckedSubject?]) {
        for option in options where option.isExplicit {
            guard let words = signature.option(named: option.name)?.wordsNeedingEmbeddings, case .word(let word)? = option.value,
                words.contains(word), let range = option.valueRange ?? option.range
            else { continue }
            for name in subjects.compactMap({ $0?.reference }) {
                guard let binding = bound[name], binding.type.kind == .model, let family = binding.type.family,
                    !family.hasEmbeddings
                else { continue }
                report(Diagnostic(
                    file: file, range: range, identifier: "no-embeddings",
                    summary: CheckerMessages.noEmbeddings(model: name, type: binding.type, option: option.name, word: word),
                    notes: [
                        Diagnostic.Note(range: binding.range, message: CheckerMessages.definedHere(name)),
                        Diagnostic.Note(message: CheckerMessages.noEmbeddingsNote(command: signature.name)),
                    ]))
            }
        }
    }
}
