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
            let d = distance(a, b, limit: maximumDistance)
            guard d <= maximumDistance, d < max(a.count, b.count) else { continue }
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        return best?.candidate
    }

    /// The distance, or `limit + 1` when it exceeds `limit`. Only the band of cells within
    /// `limit` of the diagonal is computed, and a row entirely over `limit` stops early, so two
    /// long names cost O(length · limit) instead of O(length²).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = .max) -> Int {
        let beyond = limit == .max ? Int.max / 2 : limit + 1
        if a.isEmpty { return min(b.count, beyond) }
        if b.isEmpty { return min(a.count, beyond) }
        if abs(a.count - b.count) >= beyond { return beyond }
        let width = b.count + 1
        var previous2 = [Int](repeating: beyond, count: width)
        var previous = (0...b.count).map { min($0, beyond) }
        var current = [Int](repeating: beyond, count: width)
        let band = limit == .max ? max(a.count, b.count) : limit
        for i in 1...a.count {
            let low = max(1, i - band), high = min(b.count, i + band)
            current[0] = i <= band ? i : beyond
            if low > 1 { current[low - 1] = beyond }
            var rowMinimum = current[0]
            if low <= high {
                for j in low...high {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        d = min(d, previous2[j - 2] + 1)
                    }
                    current[j] = min(d, beyond)
                    rowMinimum = min(rowMinimum, current[j])
                }
            }
            if high < b.count { current[high + 1] = beyond }
            if rowMinimum >= beyond { return beyond }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return min(previous[b.count], beyond)
    }
}
