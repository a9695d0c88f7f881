import Testing
import NotebookDocument
@testable import RecbookLanguage

/// Likely mistakes the checker catches before anything runs: errors where the statement
/// cannot work, warnings where it runs but probably not as meant. Each with its exact text
/// and `line:column` (one cell, fence on line 1, so code line n is file line n + 1, unless
/// front-matter parameters push the fence to line 10).
@Suite struct LikelyMistakeTests {
    // MARK: - export of a model without embeddings

    @Test(arguments: [("mostpop", "a"), ("random", "a"), ("itemknn", "an"), ("ease", "an")])
    func exportingEmbeddingsOfABaselineIsAnError(family: String, article: String) {
        // Line 4: `export m to="x" what=` is 21 characters, so the word starts at column 22.
        let code = "data = load \"d\"\nm = train \(family) data\nexport m to=\"x\" what=embeddings"
        #expect(NotebookFixture(code).diagnostics() == [
            "4:22: no-embeddings: `m` is \(article) \(family) model, which has no embeddings; `what=embeddings` needs a model with embeddings (`bprmf`, `ials`)"
                + "\n  note 3:1: `m` was defined here"
                + "\n  note: `export` without `what=` writes this model's recommendations only",
        ])
    }

    @Test(arguments: [
        "m = train mostpop data\nexport m to=\"x\"",
        "m = train mostpop data\nexport m to=\"x\" what=recommendations",
        "m = train bprmf data\nexport m to=\"x\" what=embeddings",
        "m = train ials data\nexport m to=\"x\" what=embeddings",
    ])
    func exportsThatCanWorkAreAccepted(code: String) {
        #expect(NotebookFixture("data = load \"d\"\n" + code).diagnostics() == [])
    }

    // MARK: - Datasets with other ids

    @Test func evaluatingOnAGeneratedDatasetOfOtherCountsIsAnError() {
        let code = """
            a = load synthetic users=20 items=30
            b = load synthetic users=25 items=30
            c = load synthetic users=25 items=40
            d = load synthetic items=40
            m = train mostpop a
            e1 = evaluate m on=b
            e2 = evaluate m on=c
            e3 = evaluate m on=d
            a2 = load synthetic users=20 items=30 seed=2
            e4 = evaluate m on=a2
            e5 = evaluate m on=a
            """
        // `e1 = evaluate m on=` is 19 characters: the dataset at column 20 (lines 7–9).
        let tail = "; a model scores only the users and items of its training data"
        #expect(NotebookFixture(code).diagnostics() == [
            "7:20: dataset-ids-differ: `b` has other users than `a`, which `m` was trained on (25 users, not 20)" + tail
                + "\n  note 3:1: `b` was defined here\n  note 2:1: `a` was defined here",
            "8:20: dataset-ids-differ: `c` has other users and items than `a`, which `m` was trained on (25 users, not 20; 40 items, not 30)" + tail
                + "\n  note 4:1: `c` was defined here\n  note 2:1: `a` was defined here",
            "9:20: dataset-ids-differ: `d` has other items than `a`, which `m` was trained on (40 items, not 30)" + tail
                + "\n  note 5:1: `d` was defined here\n  note 2:1: `a` was defined here",
        ])
    }

    @Test func comparingEvaluationsOfGeneratedDatasetsWithOtherUsersIsAnError() {
        let code = """
            a = load synthetic users=20 items=30
            b = load synthetic users=25 items=40
            c = load synthetic users=20 items=40
            m = train mostpop a
            n = train mostpop b
            o = train mostpop c
            ea = evaluate m
            eb = evaluate n
            ec = evaluate o
            compare ea eb ec
            """
        // Line 11: `eb` at column 12. `ec` has the same 20 users as `ea` (its items differ,
        // which pairing users does not mind).
        #expect(NotebookFixture(code).diagnostics() == [
            "11:12: evaluated-users-differ: `eb` is an evaluation of `b` and `ea` of `a`, whose users and items differ (25 users, not 20); "
                + "`compare` pairs the evaluations user by user, so compare evaluations of one dataset's users",
        ])
    }

    // MARK: - Tables and heat maps average over seeds only

    @Test func anAxisATableWouldAverageOverIsAnError() {
        let code = """
            data = load synthetic users=20 items=30
            m = train bprmf data epochs=sweep[1, 2] factors=sweep[4, 8] seeds=2
            e = evaluate m
            table e rows=epochs
            heatmap e rows=epochs columns=factors
            table e[factors=4] rows=epochs
            table e rows=factors columns=epochs
            """
        // Line 5: `table e rows=epochs` leaves `factors` (the seeds may be averaged); `e` at column 7.
        #expect(NotebookFixture(code).diagnostics() == [
            "5:7: extra-axis: `table` averages over seeds only, but `e` also runs over `factors`; show it with `rows=` or `columns=`, or select one value of it, e.g. `e[factors=…]`",
        ])
    }

    // MARK: - Every error of a statement

    @Test func aBadOptionValueDoesNotHideTheStatementsOtherErrors() {
        // Line 3: `-1` at column 29, `]` at 35, `0` at 45. Line 4: `]` at 13; `to` is written
        // (badly), so it is not also reported missing, and `m` (whose statement failed) is not
        // reported again.
        let code = "data = load \"d\"\nm = train bprmf data epochs=-1 lr=] factors=0\nexport m to=]"
        #expect(NotebookFixture(code).diagnostics() == [
            "3:29: out-of-range: `epochs` must be between 1 and 100000, got -1",
            "3:35: unexpected-token: expected a value, found `]`",
            "3:45: out-of-range: `factors` must be between 1 and 4096, got 0",
            "4:13: unexpected-token: expected a value, found `]`",
        ])
    }

    @Test func aStatementWithABadOptionValueDoesNotRun() {
        // No other error: the statement still fails, so nothing is bound.
        let code = "data = load \"d\"\nm = train bprmf data lr=]"
        #expect(NotebookFixture(code).diagnostics() == ["3:25: unexpected-token: expected a value, found `]`"])
    }

    @Test func aBadSubjectDoesNotHideTheStatementsOtherErrors() {
        // Line 3: `[data` is unclosed before `factors` (column 23); `0` at 31, `-1` at 36.
        // Line 4: `)` at 18, `-1` at 28, `bogus` at 31. Line 5: `metrics` at 22, `bogus` at 30.
        // Line 6: the `=` of `what=` at 21. The subject count is not checked after a bad subject,
        // and `m`, `a` and `x`, whose statements failed, are not reported again where used.
        let code = """
            data = load "d"
            m = train bprmf [data factors=0 lr=-1
            a = attack fgsm m) epsilon=-1 bogus=3
            e = evaluate m k=[10 metrics=bogus
            export m to="x" what=
            stats a
            x = 0.5
            stats x
            """
        #expect(NotebookFixture(code).diagnostics() == [
            "3:23: unexpected-token: expected `,` or `]` in the list, found `factors`",
            "3:31: out-of-range: `factors` must be between 1 and 4096, got 0",
            "3:36: out-of-range: `lr` must be greater than 0, got -1",
            "4:18: unexpected-character: unexpected character `)`",
            "4:28: out-of-range: `epsilon` must be greater than 0, got -1",
            "4:31: unknown-option: unknown option `bogus`\n  note: options of `attack`: epsilon, seed, seeds, output",
            "5:22: unexpected-token: expected `,` or `]` in the list, found `metrics`",
            "5:30: unknown-enum-word: unknown value `bogus` for option `metrics`\n  note: expected one of `hr`, `ndcg`, `auc`, `precision`, `recall`, `mrr`, `map`, `coverage`, `gini`, `arp`, `aplt`, `novelty`",
            "6:21: missing-value: missing value after `=` for option `what`",
            "8:5: unexpected-token: expected a command after `=`, found `0.5`\n  note: " + CheckerMessages.literalBinding("x", value: "0.5"),
        ])
    }

    @Test func anOptionRequiredOnlyByTheFormOfABadSubjectIsNotReportedMissing() {
        // A command whose option `radius` is required for `draw circle` only: after a bad first
        // subject the form is unknown, so `radius` is not reported missing; `size=0` still is
        // out of range (`draw [circle ` is 13 characters: `size` at 14, `0` at 19).
        let draw = CommandSignature(
            name: "draw", summary: "Draws a shape.", subjects: [SubjectSignature("SHAPE", .word(["circle", "square"]), doc: "The shape.")],
            options: [
                OptionSignature("radius", .integer, default: .required, doc: "The radius.", when: .subject(0, is: "circle")),
                OptionSignature("size", .integer, bounds: .between(1, 9), default: .value(.integer(1)), doc: "The size."),
            ],
            result: .nothing, example: "draw circle radius=1")
        let catalogue = CommandCatalogue(commands: [draw])
        func diagnostics(_ code: String) -> [String] {
            guard case .failure(let found) = Checker.check(NotebookFixture(code).notebook, catalogue: catalogue) else { return [] }
            return found.map(NotebookFixture.describe)
        }
        #expect(diagnostics("draw [circle size=0") == [
            "2:14: unexpected-token: expected `,` or `]` in the list, found `size`",
            "2:19: out-of-range: `size` must be between 1 and 9, got 0",
        ])
        #expect(diagnostics("draw circle size=0") == [
            "2:1: missing-option: `draw` requires option `radius` (the radius)",
            "2:18: out-of-range: `size` must be between 1 and 9, got 0",
        ])
    }

    // MARK: - Warnings

    @Test func anUnusedParameterIsAWarningAtItsDeclaration() throws {
        // `lr` is declared on front-matter line 4 (`  lr: 0.1`), name at column 3.
        let fixture = NotebookFixture(
            cells: [.init(code: "data = load \"d\"\nm = train bprmf data epochs=$epochs", fenceLine: 10)],
            parameters: [("epochs", "5"), ("lr", "0.1")])
        #expect(fixture.warnings() == ["4:3: unused-parameter: parameter `lr` is declared but no statement uses `$lr`"])
        // A warning does not stop the notebook.
        #expect(try #require(fixture.program()).warnings.count == 1)
    }

    @Test func aParameterUsedInAStatementWithErrorsIsNotUnused() {
        let fixture = NotebookFixture(
            cells: [.init(code: "data = load \"d\"\nm = trian bprmf data epochs=$epochs", fenceLine: 10)],
            parameters: [("epochs", "5")])
        #expect(fixture.warnings() == [])
        #expect(fixture.diagnostics() == ["12:5: unknown-command: unknown command `trian`; did you mean `train`?"])
    }

    @Test func comparingAnEvaluationWithItselfIsAWarning() throws {
        let fixture = NotebookFixture("data = load \"d\"\nm = train mostpop data\ne = evaluate m\nf = evaluate m k=5\ncompare e f e")
        // Line 6 `compare e f e`: the first `e` at column 9, the repeated one at column 13.
        #expect(fixture.warnings() == [
            "6:13: repeated-subject: `e` is compared with itself: the same evaluation is given twice\n  note 6:9: first given here",
        ])
        #expect(fixture.program() != nil)
    }

    @Test func aNameThatIsALoadWordIsAWarning() {
        let fixture = NotebookFixture("synthetic = load \"d\"\nd2 = load synthetic users=10 items=10")
        #expect(fixture.warnings() == [
            "2:1: name-is-subject-word: `synthetic` is also a word of `load PATH`: `load synthetic` means that word, not this name; choose another name",
        ])
    }

    @Test func aModelNamedAfterItsAlgorithmIsFine() {
        // `train`'s ALGO takes only words, never a name: nothing is ambiguous.
        #expect(NotebookFixture("data = load \"d\"\nbprmf = train bprmf data").warnings() == [])
    }

    @Test func aDeclaredParameterInsideAStringIsAWarningAtTheDollar() {
        // Line 11: `data = load "runs/` puts `"` at column 13 and `$` at column 19.
        let fixture = NotebookFixture(
            cells: [.init(code: "data = load \"runs/$epochs/$other\"\nm = train bprmf data epochs=$epochs", fenceLine: 10)],
            parameters: [("epochs", "5")])
        #expect(fixture.warnings() == [
            "11:19: parameter-in-string: `$epochs` inside a string is taken literally, not replaced by the parameter's value; to use the parameter, write `$epochs` outside the quotes",
        ])
    }

    // MARK: - Hints

    @Test func bindingALiteralHintsAtParams() {
        #expect(NotebookFixture("eps = 0.5").diagnostics() == [
            "2:7: unexpected-token: expected a command after `=`, found `0.5`\n  note: a name stands for a command's result; "
                + "a named value belongs in the front matter: declare `eps: 0.5` under `params:` and write `$eps` where it is used",
        ])
    }

    @Test func aCutoffInAMetricNameHintsAtK() {
        // `e = evaluate m metrics=ndcg` is 27 characters: `@` at column 28 of line 4.
        #expect(NotebookFixture("data = load \"d\"\nm = train mostpop data\ne = evaluate m metrics=ndcg@10").diagnostics() == [
            "4:28: unexpected-character: unexpected character `@`\n  note: cut-offs are not part of a metric's name: write `metrics=ndcg k=10`",
        ])
    }

    // MARK: - `--set`

    @Test func aSetListElementOutOfRangeIsLocatedInTheSetArgument() {
        let fixture = NotebookFixture(
            cells: [.init(code: "data = load \"d\"\nm = train mostpop data\ne = evaluate m k=$ks", fenceLine: 10)],
            parameters: [("ks", "[5, 10]")])
        // `ks=[5,0]`: the 0 is column 7 of `--set` line 1; `$ks` is at column 18 of line 13.
        #expect(fixture.diagnostics(overrides: ["ks=[5,0]"]) == [
            "--set:1:7: out-of-range: `k` must be between 1 and 100000, got 0\n  note 13:18: `$ks` is used here",
        ])
    }
}
