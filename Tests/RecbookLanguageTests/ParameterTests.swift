import Testing
import NotebookDocument
@testable import RecbookLanguage

/// Front-matter parameters (declared on lines 3…, `  name: value`) and `--set` overrides.
@Suite struct ParameterTests {
    static func fixture(_ code: String) -> NotebookFixture {
        NotebookFixture(
            cells: [.init(code: code, fenceLine: 10)],
            parameters: [("path", "\"Data/ml\""), ("epochs", "5"), ("lr", "0.05"), ("ks", "[10, 100]"), ("opt", "adagrad")])
    }

    static let code = "data = load $path\nbpr = train bprmf data epochs=$epochs lr=$lr optimizer=$opt\ne = evaluate bpr k=$ks"

    @Test func referencesAreSubstituted() throws {
        let program = try #require(Self.fixture(Self.code).program())
        let load = program.cells[0].statements[0]
        #expect(load.subject(0).string == "Data/ml")
        #expect(load.subject(0).parameter == "path")
        let train = program.cells[0].statements[1]
        #expect(train.option("epochs").int == 5)
        #expect(train.option("epochs").parameter == "epochs")
        #expect(train.option("lr").double == 0.05)
        #expect(train.option("optimizer").word == "adagrad")
        #expect(program.cells[0].statements[2].option("k").ints == [10, 100])
        #expect(program.parameters.map { "\($0.name)=\($0.text)\($0.isOverridden ? " (set)" : "")" } == [
            "path=\"Data/ml\"", "epochs=5", "lr=0.05", "ks=[10, 100]", "opt=adagrad",
        ])
    }

    @Test func setOverridesDefaults() throws {
        let overrides = ["epochs=7", "lr=1", "path=Data/other set", "ks=[5]", "opt=sgd"]
        let program = try #require(Self.fixture(Self.code).program(overrides: overrides))
        let train = program.cells[0].statements[1]
        #expect(train.option("epochs").int == 7)
        #expect(train.option("lr").double == 1)
        #expect(train.option("optimizer").word == "sgd")
        #expect(program.cells[0].statements[0].subject(0).string == "Data/other set")
        #expect(program.parameters.map { "\($0.name)=\($0.text)\($0.isOverridden ? " (set)" : "")" } == [
            "path=\"Data/other set\" (set)", "epochs=7 (set)", "lr=1.0 (set)", "ks=[5] (set)", "opt=sgd (set)",
        ])
    }

    @Test func aQuotedStringIsAcceptedForAStringParameter() throws {
        let program = try #require(Self.fixture(Self.code).program(overrides: [#"path="a \"b\"""#]))
        #expect(program.cells[0].statements[0].subject(0).string == #"a "b""#)
    }

    @Test(arguments: [
        (["epocs=3"], ["--set:1:1: unknown-parameter: unknown parameter `epocs` in `--set` for nb.md; did you mean `epochs`?\n  note: declared parameters: `path`, `epochs`, `lr`, `ks`, `opt`"]),
        (["epochs=2.5"], ["--set:1:8: invalid-parameter-value: parameter `epochs` of nb.md expects an integer, got number `2.5`\n  note 4:11: `epochs` is declared here with default `5`"]),
        (["lr=fast"], ["--set:1:4: invalid-parameter-value: parameter `lr` of nb.md expects a number, got word `fast`\n  note 5:7: `lr` is declared here with default `0.05`"]),
        (["ks=[1, 2.5]"], ["--set:1:4: invalid-parameter-value: parameter `ks` of nb.md expects a list of integers, got list `[1, 2.5]`\n  note 6:7: `ks` is declared here with default `[10, 100]`"]),
        (["epochs"], ["--set:1:1: invalid-set: `--set` expects NAME=VALUE, got `epochs`"]),
        (["epochs=[1"], ["--set:1:8: invalid-parameter-value: parameter `epochs` of nb.md expects an integer, got `[1`\n  note 4:11: `epochs` is declared here with default `5`"]),
    ])
    func badOverrides(overrides: [String], expected: [String]) {
        #expect(Self.fixture(Self.code).diagnostics(overrides: overrides) == expected)
    }

    @Test func unknownSetFixItReplacesTheName() throws {
        guard case .failure(let diagnostics) = Self.fixture(Self.code).check(overrides: ["epocs=3"]) else {
            Issue.record("expected errors")
            return
        }
        let fixIt = try #require(diagnostics.first?.fixIts.first)
        #expect(diagnostics.first?.file == "--set")
        #expect("\(fixIt.range.lowerBound)-\(fixIt.range.upperBound)" == "1:1-1:6")
        #expect(fixIt.replacement == "epochs")
    }

    @Test(arguments: [
        ("m = train bprmf data epochs=$lr", [], "12:29: type-mismatch: option `epochs` expects an integer, got number `0.05`\n  note 5:7: `$lr` is `0.05`, declared here"),
        ("m = train bprmf data lr=$epochs", ["epochs=-2"], "12:25: out-of-range: `lr` must be greater than 0, got -2\n  note: `$epochs` is `-2`, set with `--set`"),
        ("m = train bprmf data epochs=$epoch", [], "12:29: unknown-parameter: unknown parameter `$epoch`; did you mean `$epochs`?"),
        ("m = train $opt data", [], "12:11: unknown-enum-word: unknown value `adagrad` for `train` ALGO\n  note: expected one of `bprmf`, `mostpop`, `random`, `itemknn`, `ease`, `ials`\n  note 7:8: `$opt` is `adagrad`, declared here"),
    ])
    func parameterReferencesAreTypeCheckedWhereUsed(statement: String, overrides: [String], expected: String) {
        let code = "data = load $path\n" + statement
        // Line 11 is the first code line (fence on line 10); the statement stands on line 12.
        #expect(Self.fixture(code).diagnostics(overrides: overrides) == [expected])
    }

    @Test func duplicateAndMalformedDeclarations() {
        let fixture = NotebookFixture(
            cells: [.init(code: "stats", fenceLine: 10)],
            parameters: [("a", "1"), ("a", "2"), ("b", "\"open")])
        #expect(fixture.diagnostics() == [
            "4:3: duplicate-parameter: parameter `a` is declared twice\n  note 3:3: `a` was first declared here",
            "5:6: unterminated-string: unterminated string",
            "11:1: wrong-subject-count: `stats` expects 1 subject, got 0\n  note: usage: stats DATASET [option=value…]",
        ])
    }

    /// A parameter whose default cannot be read is reported once, at its declaration: its
    /// uses and its `--set` are not reported again as unknown, and the other parameters and
    /// cells are still checked.
    @Test func anUnreadableDefaultIsReportedOnlyAtItsDeclaration() throws {
        let source = """
            ---
            params:
              lr: 1e999
              name: "abc
              n: [1, 2
              epochs: -3
            ---

            ```recbook
            data = load synthetic users=20 items=30
            m = train bprmf data lr=$lr epochs=$epochs
            d2 = load $name
            e = evaluate m k=$n
            ```
            """
        let error = try #require(throws: NotebookParseError.self) { try NotebookParser.parse(path: "nb.md", source: source) }
        #expect(error.diagnostics.map(NotebookFixture.describe) == [
            "4:9: front-matter-string: string is not closed: add \" at its end",
            "5:6: front-matter-list: list is not closed: add ']' at its end",
        ])
        let partial = try #require(error.partialNotebook)
        #expect(partial.frontMatter.unreadableParameters == ["name", "n"])
        guard case .failure(let diagnostics) = Checker.check(
            partial, overrides: ["n=[5]", "lr=0.1", "name=x"], catalogue: .standard)
        else { Issue.record("expected errors"); return }
        #expect(diagnostics.map(NotebookFixture.describe) == [
            "3:7: malformed-number: malformed number `1e999`",
            "11:36: out-of-range: `epochs` must be between 1 and 100000, got -3\n  note 6:11: `$epochs` is `-3`, declared here",
        ])
    }
}
