/// "Did you mean" suggestions based on the optimal-string-alignment (restricted
/// Damerau–Levenshtein) distance: insertions, deletions, substitutions, transpositions.
enum Suggestions {
    static let maximumDistance = 2

    /// The closest candidate within distance 2 (earliest wins ties), or nil.
    /// A candidate that would replace every character of the word is not offered.
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        var best: (candidate: String, distance: Int)?
        let a = Array(word.unicodeScalars)
        for candidate in candidates where candidate != word {
            let b = Array(candidate.unicodeScalars)
            guard abs(a.count - b.count) <= maximumDistance else { continue }
            let d = distance(a, b)
            guard d <= maximumDistance, d < max(a.count, b.count) else { continue }
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        return best?.candidate
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        var previous2 = [Int](repeating: 0, count: width)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d = min(d, previous2[j - 2] + 1)
                }
                current[j] = d
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
