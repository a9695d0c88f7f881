import Testing
@testable import RecbookLanguage

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("evalute", "evaluate", 1),
        ("evaluate", "evaluate", 0),
        ("epcohs", "epochs", 1),  // transposition counts once
        ("lr", "", 2),
        ("kitten", "sitting", 3),
        ("ca", "abc", 3),  // optimal string alignment: no edit after a transposition
    ])
    func distance(a: String, b: String, expected: Int) {
        #expect(Suggestions.distance(Array(a.unicodeScalars), Array(b.unicodeScalars)) == expected)
    }

    @Test(arguments: [
        ("epoch", ["factors", "epochs", "lr"], "epochs"),
        ("adagard", ["adagrad", "sgd", "adam"], "adagrad"),
        ("frobnicate", ["load", "train"], nil),
        ("x", ["k", "n"], nil),  // replacing every character is no suggestion
        ("ndgc", ["hr", "ndcg", "auc"], "ndcg"),
        ("bp", ["bpr", "bp2"], "bpr"),  // ties: the first candidate wins
    ] as [(String, [String], String?)])
    func closest(word: String, candidates: [String], expected: String?) {
        #expect(Suggestions.closest(to: word, among: candidates) == expected)
    }
}
