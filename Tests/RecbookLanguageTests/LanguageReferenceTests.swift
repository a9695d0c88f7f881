import RecbookRuntime
import FoundationEssentials
import Testing
@testable import RecbookLanguage

@Suite struct LanguageReferenceTests {
    /// docs/language.md, found from this file's path (Tests/RecbookLanguageTests/…).
    static let docsURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/language.md")

    /// The generated command reference in docs/language.md matches the catalogue.
    /// `RECBOOK_UPDATE_DOCS=1 swift test --filter LanguageReferenceTests` rewrites it.
    @Test func docsCommandReferenceIsUpToDate() throws {
        let text = try String(contentsOf: Self.docsURL, encoding: .utf8)
        let begin = try #require(text.firstRange(of: LanguageReference.beginMarker), "docs/language.md lacks the begin marker")
        let end = try #require(text.firstRange(of: LanguageReference.endMarker), "docs/language.md lacks the end marker")
        let committed = String(text[begin.upperBound..<end.lowerBound])
        let generated = "\n" + LanguageReference(catalogue: .standard).markdown() + "\n"
        if committed == generated { return }
        if ProcessInfo.processInfo.environment["RECBOOK_UPDATE_DOCS"] == "1" {
            let updated = String(text[..<begin.upperBound]) + generated + String(text[end.lowerBound...])
            try Data(updated.utf8).write(to: Self.docsURL)
            return
        }
        Issue.record("""
            docs/language.md's command reference differs from the catalogue. Regenerate it with
              RECBOOK_UPDATE_DOCS=1 swift test --filter LanguageReferenceTests
            """)
    }

    static func plain(_ text: String) -> String { text.filter { $0 != "`" } }

    /// Every command's help, checked against its declaration's own fields: usage, summary and
    /// result first; each subject with its type and doc; each option in declaration order with
    /// its type and default on one line and its doc (backticks dropped) on the next; the example.
    @Test(arguments: CommandCatalogue.standard.commands.map(\.name))
    func helpShowsEveryDeclaredSubjectAndOptionInOrder(name: String) throws {
        let command = try #require(CommandCatalogue.standard[name])
        let help = try #require(LanguageReference(catalogue: .standard).help(for: name))
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(3)) == [command.usage, "  " + command.summary, "  Result: " + command.result.kindName])
        for subject in command.subjects {
            #expect(lines.contains { $0.hasPrefix("  \(subject.placeholder) ") && $0.hasSuffix("\(subject.type.shortName) — \(subject.doc)") },
                    "\(name): subject \(subject.placeholder)")
        }
        var previous = try #require(lines.firstIndex(of: command.options.isEmpty ? "Example:" : "Options:"))
        for option in command.options {
            let index = try #require(
                lines.indices.first { $0 > previous && lines[$0].hasPrefix("  \(option.name) ") },
                "\(name): option \(option.name) missing or out of order")
            let afterName = lines[index].dropFirst(2 + option.name.count).drop { $0 == " " }
            #expect(afterName.hasPrefix(option.type.shortName), "\(name): \(lines[index])")
            #expect(lines[index].contains(", default \(Self.plain(option.defaultValue.documentation))"), "\(name): \(lines[index])")
            #expect(lines[index + 1] == "    " + Self.plain(option.doc))
            previous = index + 1
        }
        #expect(Array(lines.suffix(3)) == ["Example:", "  " + command.example, ""])
    }

    @Test func helpForAttackShowsPGDOnlyOptionsAsSuch() throws {
        // Hand-written from AttackCommand's declarations: `steps` is an int in 1…1000 with
        // default 10, `step` a float > 0 whose default is documented, both only for pgd.
        let help = try #require(LanguageReference(catalogue: .standard).help(for: "attack"))
        #expect(help.hasPrefix("attack METHOD MODEL [option=value…]\n"))
        #expect(help.contains("\n  steps    int 1…1000, default 10, only for attack pgd\n    Gradient steps.\n"))
        #expect(help.contains("\n  step     float > 0, default 2.5 × epsilon / steps (Madry et al.), only for attack pgd\n    Size of each gradient step.\n"))
        #expect(!help.contains("`"))
        #expect(LanguageReference(catalogue: .standard).help(for: "attak") == nil)
    }

    @Test func overviewListsEveryCommand() {
        let lines = LanguageReference(catalogue: .standard).overview().split(separator: "\n")
        #expect(lines.count == 1 + CommandCatalogue.standard.commands.count)
        #expect(lines[3] == "  evaluate MODEL [option=value…]         Ranks every candidate item for each test user and measures the test item's position.")
    }

    @Test func markdownEscapesPipesInTables() {
        let markdown = LanguageReference(catalogue: .standard).markdown()
        #expect(markdown.contains("| `optimizer` | `adagrad \\| sgd \\| adam \\| sgd-per-sample` |  | `adagrad` | Update rule. Only for `train bprmf`. |"))
        #expect(markdown.contains("| `step` | `float` | > 0 | 2.5 × `epsilon` / `steps` (Madry et al.) | Size of each gradient step. Only for `attack pgd`. |"))
    }
}
