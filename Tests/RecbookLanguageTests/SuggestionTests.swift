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

    /// The banded distance equals the full one up to the limit, and is `limit + 1` beyond it:
    /// every pair of words over {a, b, c} up to 4 letters (14,641 pairs, transpositions included).
    @Test func theBandedDistanceAgreesWithTheFullOne() {
        var words: [[Unicode.Scalar]] = [[]]
        var frontier: [[Unicode.Scalar]] = [[]]
        for _ in 1...4 {
            frontier = frontier.flatMap { word in "abc".unicodeScalars.map { word + [$0] } }
            words += frontier
        }
        for a in words {
            for b in words {
                let full = Suggestions.distance(a, b)
                for limit in 0...3 where Suggestions.distance(a, b, limit: limit) != min(full, limit + 1) {
                    Issue.record("\(a) \(b) limit \(limit): \(Suggestions.distance(a, b, limit: limit)), expected \(min(full, limit + 1))")
                }
            }
        }
    }

    /// D6: a 100,000-character name used to take 45 s to check (quadratic "did you mean").
    @Test(.timeLimit(.minutes(1))) func longNamesAreSuggestedInLinearTime() {
        let long = String(repeating: "a", count: 100_000)
        #expect(Suggestions.closest(to: long + "b", among: [long, "data"]) == long)
    }
}
