import RecbookRuntime
import Testing
import NotebookDocument
@testable import RecbookLanguage

/// What the checker allows the baselines: their own options only, `attack` on iALS (it has
/// embeddings) but not on ItemKNN or EASE, `adv-train` and `from=` on BPR-MF only.
/// The fence is on line 1, the prelude takes lines 2–7, the statement under test is line 8.
@Suite struct BaselineCheckerTests {
    static let prelude = """
    data = load "d"
    ease = train ease data
    knn = train itemknn data
    als = train ials data
    bpr = train bprmf data
    ahit = attack fgsm als
    """

    static func diagnostics(_ statement: String) -> [String] {
        NotebookFixture(prelude + "\n" + statement).diagnostics()
    }

    @Test(arguments: [
        "m = train ials data factors=8 reg=0.1 alpha=2 iterations=3 cg-steps=2 seeds=2",
        "m = train itemknn data neighbours=20 shrink=0",
        "m = train ease data lambda=10",
        "g = train ials data reg=sweep[0.01, 0.1] iterations=2",
        "a = attack pgd als epsilon=0.1",
        "e = evaluate ahit",
        "recommend knn user=\"1\" n=3",
        "export ease to=\"out/ease\" what=recommendations",
    ])
    func baselineStatementsCheck(statement: String) {
        #expect(Self.diagnostics(statement) == [])
    }

    @Test(arguments: [
        ("a = attack fgsm ease", ["8:17: wrong-model-family: `attack` expects a bprmf or ials model that is not attacked, but `ease` is an ease model\n  note 3:1: `ease` was defined here"]),
        ("a = attack random knn", ["8:19: wrong-model-family: `attack` expects a bprmf or ials model that is not attacked, but `knn` is an itemknn model\n  note 4:1: `knn` was defined here"]),
        ("a = attack fgsm ahit", ["8:17: attacked-model: `attack` expects a bprmf or ials model that is not attacked, but `ahit` is an attacked ials model\n  note 7:1: `ahit` was defined here"]),
        ("a = adv-train als", ["8:15: wrong-model-family: `adv-train` expects a bprmf model that is not attacked, but `als` is an ials model\n  note 5:1: `als` was defined here"]),
        ("m = train bprmf data from=als", ["8:27: wrong-model-family: option `from` expects a bprmf model that is not attacked, but `als` is an ials model\n  note 5:1: `als` was defined here"]),
        ("m = train ease data neighbours=5", ["8:21: option-not-applicable: option `neighbours` does not apply to `train ease`\n  note: `neighbours` applies to `train itemknn`"]),
        ("m = train ease data reg=1", ["8:21: option-not-applicable: option `reg` does not apply to `train ease`\n  note: `reg` applies to `train bprmf` and `train ials`"]),
        ("m = train ials data lr=0.1", ["8:21: option-not-applicable: option `lr` does not apply to `train ials`\n  note: `lr` applies to `train bprmf`"]),
        ("m = train itemknn data seed=3", ["8:24: option-not-applicable: option `seed` does not apply to `train itemknn`\n  note: `seed` applies to `train bprmf` and `train random` and `train ials`"]),
        ("m = train ials data cg-steps=0", ["8:30: out-of-range: `cg-steps` must be between 1 and 1000, got 0"]),
        ("m = train ease data lambda=0", ["8:28: out-of-range: `lambda` must be greater than 0, got 0"]),
        ("m = train itemknn data shrink=-1", ["8:31: out-of-range: `shrink` must be at least 0, got -1"]),
        ("m = train ials data reg=-1", ["8:25: out-of-range: `reg` must be at least 0, got -1"]),
    ])
    func diagnostic(statement: String, expected: [String]) {
        #expect(Self.diagnostics(statement) == expected)
    }
}
