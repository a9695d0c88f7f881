import RecbookRuntime
import Testing
import NotebookDocument
@testable import RecbookLanguage

/// Every kind of diagnostic, with its exact text and file position. The cell's fence is on
/// line 1, so the prelude takes lines 2–7 and the statement under test stands on line 8.
@Suite struct CheckerDiagnosticTests {
    static let prelude = """
    data = load "d"
    bpr = train bprmf data
    pop = train mostpop data
    hit = attack fgsm bpr
    e1 = evaluate bpr
    e2 = evaluate hit
    """

    static func diagnostics(_ statement: String) -> [String] {
        NotebookFixture(prelude + "\n" + statement).diagnostics()
    }

    @Test func negativesBeyondAKnownItemCountAreErrors() {
        // 30 items, written in the notebook: at most 29 negatives, for the dataset itself,
        // for models trained on it and for datasets split from it. Line 8 on is the statement.
        let source = """
            small = load synthetic users=20 items=30
            val = split small
            m = train mostpop small
            s1 = evaluate m candidates=sampled negatives=30
            s2 = evaluate bpr on=data candidates=sampled negatives=30
            s3 = evaluate m on=val candidates=sampled negatives=29
            s4 = evaluate m on=val candidates=sampled negatives=40
            """
        #expect(Self.diagnostics(source) == [
            "11:46: out-of-range: `negatives` is 30, but `small` has only 30 items; a user's negatives exclude at least their test item, so give at most 29",
            "14:53: out-of-range: `negatives` is 40, but `val` has only 30 items; a user's negatives exclude at least their test item, so give at most 29",
        ])
    }

    @Test func preludeIsValid() {
        #expect(Self.diagnostics("").isEmpty)
    }

    @Test(arguments: [
        // Unknown commands, options and enum words, with suggestions.
        ("x = evalute bpr", ["8:5: unknown-command: unknown command `evalute`; did you mean `evaluate`?"]),
        ("frobnicate bpr", ["8:1: unknown-command: unknown command `frobnicate`\n  note: commands: load, train, evaluate, attack, adv-train, compare, plot, heatmap, table, stats, recommend, export, split, poison, detect, remove"]),
        ("m = train bprmf data epoch=5", ["8:22: unknown-option: unknown option `epoch`; did you mean `epochs`?"]),
        ("stats data k=1", ["8:12: unknown-option: unknown option `k`\n  note: options of `stats`: output"]),
        ("m = train bprmf data optimizer=adagard", ["8:32: unknown-enum-word: unknown value `adagard` for option `optimizer`; did you mean `adagrad`?\n  note: expected one of `adagrad`, `sgd`, `adam`, `sgd-per-sample`"]),
        ("m = train bprm data", ["8:11: unknown-enum-word: unknown value `bprm` for `train` ALGO; did you mean `bprmf`?\n  note: expected one of `bprmf`, `mostpop`, `random`, `itemknn`, `ease`, `ials`"]),
        ("e = evaluate bpr metrics=[hr, ndgc]", ["8:31: unknown-enum-word: unknown value `ndgc` for option `metrics`; did you mean `ndcg`?\n  note: expected one of `hr`, `ndcg`, `auc`, `precision`, `recall`, `mrr`, `map`, `coverage`, `gini`, `arp`, `aplt`, `novelty`"]),
        ("d = load synthtic", ["8:10: unknown-enum-word: unknown value `synthtic` for `load` PATH; did you mean `synthetic`?\n  note: expected a string or `synthetic`"]),
        // A block grid splits per-sample SGD only.
        ("m = train bprmf data blocks=8", ["8:22: option-not-applicable: option `blocks` applies only with `optimizer=sgd-per-sample`, but this statement has `optimizer=adagrad`\n  note: add `optimizer=sgd-per-sample` to the statement, or remove `blocks`"]),
        ("m = train bprmf data optimizer=sgd-per-sample blocks=300", ["8:54: out-of-range: `blocks` must be between 1 and 256, got 300"]),
        ("m = train bprmf data optimizer=sgd-per-sample blocks=8", []),
        // Evaluation protocols: sampling options need `candidates=sampled`; words are the library's.
        ("e = evaluate bpr negatives=50", ["8:18: option-not-applicable: option `negatives` applies only with `candidates=sampled`, but this statement has `candidates=all`\n  note: add `candidates=sampled` to the statement, or remove `negatives`"]),
        ("e = evaluate bpr candidates=all sampling=popularity", ["8:33: option-not-applicable: option `sampling` applies only with `candidates=sampled`, but this statement has `candidates=all`\n  note: add `candidates=sampled` to the statement, or remove `sampling`"]),
        ("e = evaluate bpr candidates=sampled negatives=50 sampling=popularity seed=3", []),
        ("e = evaluate bpr candidates=sampled negatives=0", ["8:47: out-of-range: `negatives` must be between 1 and 1000000, got 0"]),
        ("e = evaluate bpr candidates=sample", ["8:29: unknown-enum-word: unknown value `sample` for option `candidates`; did you mean `sampled`?\n  note: expected one of `all`, `sampled`"]),
        ("e = evaluate bpr candidates=sampled sampling=unifrom", ["8:46: unknown-enum-word: unknown value `unifrom` for option `sampling`; did you mean `uniform`?\n  note: expected one of `uniform`, `popularity`"]),
        ("e = evaluate bpr ties=random", ["8:23: unknown-enum-word: unknown value `random` for option `ties`\n  note: expected one of `pessimistic`, `optimistic`, `expected`"]),
        ("e = evaluate bpr mask=no", ["8:23: type-mismatch: option `mask` expects a boolean, got word `no`"]),
        ("e = evaluate bpr groups=activity ties=expected mask=false metrics=[hr, coverage, gini] k=[5, 10]", []),
        ("v = split data ratio=0.3", ["8:16: option-not-applicable: option `ratio` applies only with `validation=holdout`, but this statement has `validation=leave-one-out`\n  note: add `validation=holdout` to the statement, or remove `ratio`"]),
        ("v = split data validation=holdout ratio=1", ["8:41: out-of-range: `ratio` must be between 0 and 1 (exclusive), got 1"]),
        ("v = split data validation=loo", ["8:27: unknown-enum-word: unknown value `loo` for option `validation`\n  note: expected one of `leave-one-out`, `holdout`"]),
        // Sizes have upper bounds (D4: these used to crash the run).
        ("d = load synthetic users=9223372036854775807", ["8:26: out-of-range: `users` must be between 2 and 10000000, got 9223372036854775807"]),
        ("d = load synthetic per-user=1e19", ["8:29: out-of-range: `per-user` must be in (0, 100000], got 1e19"]),
        ("d = load synthetic items=3", ["8:26: out-of-range: `items` must be between 4 and 10000000, got 3"]),
        // Values the 32-bit numeric core would turn into 0 or infinity.
        ("m = train bprmf data lr=1e-50", ["8:25: out-of-range: `lr` is 1e-50, which is 0 as a 32-bit float; give a value between 1.2e-38 and 3.4e38 in magnitude"]),
        ("m = train bprmf data reg=1e39", ["8:26: out-of-range: `reg` is 1e39, which is infinite as a 32-bit float; give a value between 1.2e-38 and 3.4e38 in magnitude"]),
        // Training continues from a trained model, not from an attacked copy.
        ("t = train bprmf data from=hit", ["8:27: attacked-model: option `from` expects a bprmf model that is not attacked, but `hit` is an attacked bprmf model\n  note 5:1: `hit` was defined here"]),
        // Perturbations do not stack: an attacked model cannot be attacked again.
        ("h2 = attack fgsm hit", ["8:18: attacked-model: `attack` expects a bprmf or ials model that is not attacked, but `hit` is an attacked bprmf model\n  note 5:1: `hit` was defined here"]),
        // A cut-off the evaluations did not compute is known before the run.
        ("compare e1 e2 k=50", ["8:17: cutoff-not-computed: `e1` has no cut-off 50; it computes k = 100"]),
        ("compare e1 e2 k=100", []),
        // Huge requests: a 200,000-element `k` used 1.7 GB.
        ("e = evaluate bpr k=100001", ["8:20: out-of-range: `k` must be between 1 and 100000, got 100001"]),
        ("e = evaluate bpr k=[" + (1...1001).map(String.init).joined(separator: ", ") + "]", ["8:20: list-too-long: `k` takes at most 1000 values, got 1001"]),
        // Empty lists (issue D3: `k=[]` used to pass the checker and crash the run).
        ("e = evaluate bpr k=[]", ["8:20: empty-list: `k` needs at least one value"]),
        ("e = evaluate bpr metrics=[]", ["8:26: empty-list: `metrics` needs at least one value"]),
        // Where a notebook may write: inside the output folder, never an empty path.
        ("export bpr to=\"\"", ["8:15: empty-path: `to` needs a path, got an empty string"]),
        ("export bpr to=\"/tmp/x\"", ["8:15: path-outside-output: `to` `/tmp/x` leads outside the output folder; a notebook writes only inside it\n  note: write a relative path such as `exports/bpr`, or run with --allow-writes-outside to allow it"]),
        ("export bpr to=\"a/../../x\"", ["8:15: path-outside-output: `to` `a/../../x` leads outside the output folder; a notebook writes only inside it\n  note: write a relative path such as `exports/bpr`, or run with --allow-writes-outside to allow it"]),
        ("export bpr to=\"a/../b/./c\"", []),
        // Options that do not apply to this form of the command.
        ("m = train mostpop data lr=0.1", ["8:24: option-not-applicable: option `lr` does not apply to `train mostpop`\n  note: `lr` applies to `train bprmf`"]),
        ("a = attack fgsm bpr steps=3", ["8:21: option-not-applicable: option `steps` does not apply to `attack fgsm`\n  note: `steps` applies to `attack pgd`"]),
        ("d = load \"x\" preset=ml-1m", ["8:14: option-not-applicable: option `preset` does not apply to `load \"x\"`\n  note: `preset` applies to `load synthetic`"]),
        // Subject counts.
        ("m = train bprmf", ["8:5: wrong-subject-count: `train` expects 2 subjects, got 1\n  note: usage: train ALGO DATASET [option=value…]"]),
        ("stats data bpr", ["8:12: wrong-subject-count: `stats` expects 1 subject, got 2\n  note: usage: stats DATASET [option=value…]"]),
        ("compare e1", ["8:1: wrong-subject-count: `compare` expects at least 2 subjects, got 1\n  note: usage: compare EVAL EVAL… [option=value…]"]),
        ("stats", ["8:1: wrong-subject-count: `stats` expects 1 subject, got 0\n  note: usage: stats DATASET [option=value…]"]),
        // Types and ranges.
        ("m = train bprmf data epochs=\"5\"", ["8:29: type-mismatch: option `epochs` expects an integer, got string `\"5\"`"]),
        ("m = train bprmf data epochs=2.5", ["8:29: type-mismatch: option `epochs` expects an integer, got number `2.5`"]),
        ("m = train bprmf data lr=-1", ["8:25: out-of-range: `lr` must be greater than 0, got -1"]),
        ("m = train bprmf data factors=0", ["8:30: out-of-range: `factors` must be between 1 and 4096, got 0"]),
        ("e = evaluate bpr k=[10, 0]", ["8:25: out-of-range: `k` must be between 1 and 100000, got 0"]),
        ("d = load \"x\" split=holdout ratio=1", ["8:34: out-of-range: `ratio` must be between 0 and 1 (exclusive), got 1"]),
        ("d = load data", ["8:10: type-mismatch: `load` expects a string or `synthetic`, got dataset `data`"]),
        ("recommend bpr user=42", ["8:20: type-mismatch: option `user` expects a string, got integer `42`"]),
        // Kinds and families of bound values.
        ("e = evaluate data", ["8:14: wrong-kind: `evaluate` expects a model, but `data` is a dataset\n  note 2:1: `data` was defined here"]),
        ("e = evaluate bpr on=bpr", ["8:21: wrong-kind: option `on` expects a dataset, but `bpr` is a bprmf model\n  note 3:1: `bpr` was defined here"]),
        ("a = attack fgsm pop", ["8:17: wrong-model-family: `attack` expects a bprmf or ials model that is not attacked, but `pop` is a mostpop model\n  note 4:1: `pop` was defined here"]),
        ("a = adv-train hit", ["8:15: attacked-model: `adv-train` expects a bprmf model that is not attacked, but `hit` is an attacked bprmf model\n  note 5:1: `hit` was defined here"]),
        ("c = compare e1 bpr", ["8:16: wrong-kind: `compare` expects an evaluation, but `bpr` is a bprmf model\n  note 3:1: `bpr` was defined here"]),
        ("m = train bprmf data from=pop", ["8:27: wrong-model-family: option `from` expects a bprmf model that is not attacked, but `pop` is a mostpop model\n  note 4:1: `pop` was defined here"]),
        // Names.
        ("e = evaluate bprr", ["8:14: undefined-name: undefined name `bprr`; did you mean `bpr`?"]),
        ("nothing", ["8:1: undefined-name: undefined name `nothing`"]),
        ("e = evaluate later\nlater = train bprmf data", ["8:14: use-before-definition: `later` is used before it is defined\n  note 9:1: `later` is defined here, later in the notebook"]),
        ("bpr = train bprmf data", ["8:1: duplicate-binding: `bpr` is already defined; values are immutable, choose a new name\n  note 3:1: `bpr` was first defined here"]),
        ("s = stats data", ["8:1: binding-produces-nothing: `stats` only displays its result; there is no value to bind to `s`"]),
        ("train = load \"x\"", ["8:1: reserved-name: `train` is a command and cannot be used as a name"]),
        // Options given twice or missing.
        ("m = train bprmf data epochs=1 epochs=2", ["8:31: duplicate-option: option `epochs` is given twice\n  note 8:22: `epochs` was first given here"]),
        ("recommend bpr", ["8:1: missing-option: `recommend` requires option `user` (the user's raw id, as in the data files)"]),
    ])
    func diagnostic(statement: String, expected: [String]) {
        #expect(Self.diagnostics(statement) == expected)
    }

    @Test func fixItsReplaceTheMisspelledWord() throws {
        let notebook = NotebookFixture(Self.prelude + "\nx = evalute bpr k=1 metrics=[hr, ndgc]\ny = evaluate bprr").notebook
        guard case .failure(let diagnostics) = Checker.check(notebook, catalogue: .standard) else {
            Issue.record("expected errors")
            return
        }
        let fixIts = diagnostics.flatMap(\.fixIts).map { "\($0.range.lowerBound)-\($0.range.upperBound) \($0.replacement)" }
        #expect(fixIts == ["8:5-8:12 evaluate", "9:14-9:18 bpr"])
    }

    @Test func bindingNothingOffersToRemoveTheBinding() throws {
        guard case .failure(let diagnostics) = NotebookFixture(Self.prelude + "\ns = stats data").check() else {
            Issue.record("expected errors")
            return
        }
        let fixIt = try #require(diagnostics.first?.fixIts.first)
        #expect("\(fixIt.range.lowerBound)-\(fixIt.range.upperBound)" == "8:1-8:5")
        #expect(fixIt.replacement == "")
    }

    @Test func everyErrorOfTheNotebookIsReportedInOrder() {
        let fixture = NotebookFixture(cells: [
            .init(code: "data = load \"d\" min-ratin=3\nbpr = train bprmf data lr=0", fenceLine: 4),
            .init(code: "e = evaluate bprr k=[1\nbpr = train mostpop data\nx = \"unterminated", fenceLine: 10),
            .init(code: "compare e\nstats data", fenceLine: 20),
        ])
        #expect(fixture.diagnostics() == [
            "5:17: unknown-option: unknown option `min-ratin`; did you mean `min-rating`?",
            "6:27: out-of-range: `lr` must be greater than 0, got 0",
            // The bad `k=` does not hide the statement's other error.
            "11:14: undefined-name: undefined name `bprr`",
            "11:21: unclosed-list: unclosed list: expected `]`",
            "12:1: duplicate-binding: `bpr` is already defined; values are immutable, choose a new name\n  note 6:1: `bpr` was first defined here",
            "13:5: unterminated-string: unterminated string",
            // `e`'s statement (line 11) failed, so its use is not reported again.
            "21:1: wrong-subject-count: `compare` expects at least 2 subjects, got 1\n  note: usage: compare EVAL EVAL… [option=value…]",
        ])
    }

    @Test func positionsFollowCellsIndentedInListsAndLateInTheFile() {
        let fixture = NotebookFixture(cells: [
            .init(code: "data = load \"d\"", fenceLine: 3, indent: 3),
            .init(code: "# a comment\nbpr = train bprmf data epoch=5", fenceLine: 29, indent: 0),
            .init(code: "stats\n  bpr2 = evaluate bpr metrics=[hr,\n    nDCG]", fenceLine: 40, indent: 4),
        ])
        #expect(fixture.diagnostics() == [
            "31:24: unknown-option: unknown option `epoch`; did you mean `epochs`?",
            "41:5: wrong-subject-count: `stats` expects 1 subject, got 0\n  note: usage: stats DATASET [option=value…]",
            "43:9: unknown-enum-word: unknown value `nDCG` for option `metrics`\n  note: expected one of `hr`, `ndcg`, `auc`, `precision`, `recall`, `mrr`, `map`, `coverage`, `gini`, `arp`, `aplt`, `novelty`",
        ])
    }

    @Test func errorsInADefinitionAreNotRepeatedAtEachUse() {
        // `bpr` fails to check, so its type is unknown: its uses are not reported again.
        let fixture = NotebookFixture("data = load \"d\"\nbpr = train bprmf data lr=0\ne = evaluate bpr\nstats bpr")
        #expect(fixture.diagnostics() == ["3:27: out-of-range: `lr` must be greater than 0, got 0"])
    }

    @Test func writesOutsideTheOutputFolderNeedTheUsersLeave() {
        let fixture = NotebookFixture(Self.prelude + "\nexport bpr to=\"/tmp/x\"")
        guard case .success = Checker.check(fixture.notebook, catalogue: .standard, allowsWritesOutsideOutput: true) else {
            Issue.record("an absolute export path should check when writes outside are allowed")
            return
        }
        #expect(fixture.diagnostics().first?.hasPrefix("8:15: path-outside-output:") == true)
    }

    @Test func anEmptyListThroughAParameterIsLocatedAtItsUse() {
        let fixture = NotebookFixture(cells: [.init(code: "data = load \"d\"\nm = train bprmf data\ne = evaluate m k=$ks", fenceLine: 5)],
                                      parameters: [(name: "ks", defaultText: "[10]")])
        #expect(fixture.diagnostics(overrides: ["ks=[]"]) == [
            "8:18: empty-list: `k` needs at least one value\n  note: `$ks` is `[]`, set with `--set`",
        ])
    }
}
