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

    @Test func helpForACommand() throws {
        let help = try #require(LanguageReference(catalogue: .standard).help(for: "attack"))
        #expect(help == """
            attack METHOD MODEL [option=value…]
              Perturbs a model's embeddings; the original model is left untouched.
              Result: attacked model (same family as MODEL)

            Subjects:
              METHOD  fgsm | random | pgd — The perturbation.
              MODEL   model (bprmf, ials) — The model to perturb (not one already attacked: perturbations do not stack).

            Options:
              epsilon  float > 0, default 0.5
                L2 norm of each embedding's perturbation.
              steps    int 1…1000, default 10, only for attack pgd
                Gradient steps.
              step     float > 0, default 2.5 × epsilon / steps (Madry et al.), only for attack pgd
                Size of each gradient step.
              seed     int ≥ 0, default derived from the notebook's seed and the statement's derivation
                Seed of this command's random choices.
              seeds    int 1…1000, default one run
                Repeat the statement, and everything computed from it, over this many seeds (axis seed).
              output   full | summary | none, default full
                What the cell shows of this statement: full, summary (figures and tables, no logs or charts) or none.

            Example:
              hit = attack fgsm bpr epsilon=0.5

            """)
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
