import RecbookRuntime
import Testing
@testable import RecbookLanguage

/// Mistakes in poisoning statements the checker finds before anything runs, with their exact
/// text and position (the statement under test stands on line 6).
@Suite struct PoisoningDiagnosticTests {
    static let prelude = """
        data = load "d"
        poisoned = poison bandwagon data targets="1"
        flags = detect pca poisoned
        pop = train mostpop poisoned
        """

    static func diagnostics(_ statement: String) -> [String] {
        NotebookFixture(prelude + "\n" + statement).diagnostics()
    }

    @Test func preludeIsValid() {
        #expect(Self.diagnostics("").isEmpty)
    }

    @Test(arguments: [
        // The budget: counts and shares have bounds.
        (#"p = poison random data targets="1" filler=0"#, ["6:43: out-of-range: `filler` must be between 1 and 1000000, got 0"]),
        (#"p = poison random data targets="1" share=0"#, ["6:42: out-of-range: `share` must be in (0, 1], got 0"]),
        (#"p = poison random data targets="1" filler-share=1.5"#, ["6:49: out-of-range: `filler-share` must be in (0, 1], got 1.5"]),
        (#"p = poison random data targets="1" users=100001"#, ["6:42: out-of-range: `users` must be between 1 and 100000, got 100001"]),
        // A count or a share, not both.
        (#"p = poison random data share=0.1 targets="1" users=3"#, ["6:46: exclusive-options: write `share` or `users`, not both\n  note 6:24: `share` is given here"]),
        (#"p = poison random data targets="1" filler=3 filler-share=0.1"#, ["6:45: exclusive-options: write `filler` or `filler-share`, not both\n  note 6:36: `filler` is given here"]),
        ("f = detect pca poisoned flag=3 flag-share=0.1", ["6:32: exclusive-options: write `flag` or `flag-share`, not both\n  note 6:25: `flag` is given here"]),
        // Targets: required, never empty, strings.
        ("p = poison random data", ["6:5: missing-option: `poison` requires option `targets` (item(s) every fake user takes, as raw ids in the data files)"]),
        ("p = poison random data targets=[]", ["6:32: empty-list: `targets` needs at least one value"]),
        // Selected items belong to the attacks that have them.
        (#"p = poison random data targets="1" selected=5"#, ["6:36: option-not-applicable: option `selected` does not apply to `poison random`\n  note: `selected` applies to `poison bandwagon` and `poison segment`"]),
        (#"f = detect similarity poisoned components=2"#, ["6:32: option-not-applicable: option `components` does not apply to `detect similarity`\n  note: `components` applies to `detect pca`"]),
        ("f = detect pca poisoned flag-share=0", ["6:36: out-of-range: `flag-share` must be in (0, 1], got 0"]),
        // Kinds: `remove` needs a detection, `poison` a dataset.
        ("c = remove poisoned flagged=data", ["6:29: wrong-kind: option `flagged` expects a detection, but `data` is a dataset\n  note 2:1: `data` was defined here"]),
        (#"p = poison random flags targets="1""#, ["6:19: wrong-kind: `poison` expects a dataset, but `flags` is a detection\n  note 4:1: `flags` was defined here"]),
        ("e = evaluate flags", ["6:14: wrong-kind: `evaluate` expects a model, but `flags` is a detection\n  note 4:1: `flags` was defined here"]),
        ("e = evaluate pop targets=[]", ["6:26: empty-list: `targets` needs at least one value"]),
    ] as [(String, [String])])
    func diagnostic(statement: String, expected: [String]) {
        #expect(Self.diagnostics(statement) == expected)
    }
}
