/// Renders the command catalogue as documentation: plain text for `recbook help` and
/// `recbook help COMMAND`, Markdown for the command reference in docs/language.md.
public struct LanguageReference: Sendable {
    public var catalogue: CommandCatalogue

    public init(catalogue: CommandCatalogue) {
        self.catalogue = catalogue
    }

    /// Markers around the generated section of docs/language.md.
    public static let beginMarker = "<!-- BEGIN GENERATED COMMAND REFERENCE -->"
    public static let endMarker = "<!-- END GENERATED COMMAND REFERENCE -->"

    // MARK: - Plain text

    /// The list of commands with their one-line summaries.
    public func overview() -> String {
        let width = catalogue.commands.map(\.usage.count).max() ?? 0
        var text = "Commands (recbook help COMMAND for details):\n"
        for command in catalogue.commands {
            text += "  " + command.usage.padding(to: width) + "  " + command.summary + "\n"
        }
        return text
    }

    /// A command's usage, result, subjects and options; nil for an unknown command.
    public func help(for name: String) -> String? {
        guard let command = catalogue[name] else { return nil }
        var text = "\(command.usage)\n  \(command.summary)\n  Result: \(command.result.kindName)\n"
        text += "\nSubjects:\n"
        let subjectWidth = command.subjects.map(\.placeholder.count).max() ?? 0
        for subject in command.subjects {
            text += "  \(subject.placeholder.padding(to: subjectWidth))  \(subject.type.shortName) — \(subject.doc)\n"
        }
        if !command.options.isEmpty {
            text += "\nOptions:\n"
            let nameWidth = command.options.map(\.name.count).max() ?? 0
            for option in command.options {
                var line = "  \(option.name.padding(to: nameWidth))  \(option.type.shortName)"
                if let bounds = option.bounds { line += " \(bounds.notation)" }
                line += ", default \(option.defaultValue.documentation.replacingBackticks)"
                if let condition = option.condition { line += ", only for \(condition.documentation(command).replacingBackticks)" }
                if let requirement = option.requirement { line += ", only with \(requirement.documentation.replacingBackticks)" }
                text += line + "\n    " + option.doc.replacingBackticks + "\n"
            }
        }
        text += "\nExample:\n  \(command.example)\n"
        return text
    }

    // MARK: - Markdown

    /// The generated command reference (what stands between the markers in docs/language.md).
    public func markdown() -> String {
        var text = "## Command reference\n\n"
        text += "| Command | Result | Summary |\n|---|---|---|\n"
        for command in catalogue.commands {
            text += "| [`\(command.name)`](#\(command.name)) | \(command.result.kindName) | \(command.summary) |\n"
        }
        for command in catalogue.commands {
            text += "\n### \(command.name)\n\n"
            text += "\(command.summary)\n\n"
            text += "`\(command.usage)` → \(command.result.kindName)\n\n"
            text += "| Subject | Type | Description |\n|---|---|---|\n"
            for subject in command.subjects {
                let repeats = subject.minimumRepeats.map { " (\($0) or more)" } ?? ""
                text += "| `\(subject.placeholder)`\(repeats) | \(cell(subject.type.shortName)) | \(subject.doc) |\n"
            }
            if !command.options.isEmpty {
                text += "\n| Option | Type | Range | Default | Description |\n|---|---|---|---|---|\n"
                for option in command.options {
                    var doc = option.doc
                    if let condition = option.condition { doc += " Only for \(condition.documentation(command))." }
                    if let requirement = option.requirement { doc += " Only with \(requirement.documentation)." }
                    text += "| `\(option.name)` | \(cell(option.type.shortName)) | \(option.bounds?.notation ?? "") "
                        + "| \(option.defaultValue.documentation) | \(doc) |\n"
                }
            }
            text += "\n```recbook\n\(command.example)\n```\n"
        }
        return text
    }

    /// A table cell showing code: backticks, and pipes escaped so they do not split the cell.
    private func cell(_ code: String) -> String {
        "`" + code.replacingPipes + "`"
    }
}

extension OptionCondition {
    /// "`train bprmf`", "`load` with a PATH string".
    func documentation(_ command: CommandSignature) -> String {
        switch pattern {
        case .words(let words): words.map { "`\(command.name) \($0)`" }.joined(separator: ", ")
        case .string: "`\(command.name)` with a \(command.subject(at: subject)?.placeholder ?? "subject") string"
        }
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
    fileprivate var replacingBackticks: String {
        split(separator: "`", omittingEmptySubsequences: false).joined()
    }
    fileprivate var replacingPipes: String {
        split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
