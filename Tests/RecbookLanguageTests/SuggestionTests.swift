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

    /// The banded distance equals the full one up to the limit, and is `limit + 1` beyond it.
    @Test func theBandedDistanceAgreesWithTheFullOne() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abc".unicodeScalars)
        for _ in 0..<2000 {
            let a = (0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let b = (0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let full = Suggestions.distance(a, b)
            for limit in 0...3 {
                #expect(Suggestions.distance(a, b, limit: limit) == min(full, limit + 1), "\(a) \(b) limit \(limit)")
            }
        }
    }

    /// D6: a 100,000-character name used to take 45 s to check (quadratic "did you mean").
    @Test(.timeLimit(.minutes(1))) func longNamesAreSuggestedInLinearTime() {
        let long = String(repeating: "a", count: 100_000)
        #expect(Suggestions.closest(to: long + "b", among: [long, "data"]) == long)
    }
}
