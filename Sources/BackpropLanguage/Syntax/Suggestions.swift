/// "Did you mean …?" for misspelled names, by edit distance.
public enum Suggestions {
    /// The candidate nearest to `word`, if it is close enough to be a plausible typo:
    /// at most 1 edit for words up to 4 scalars, 2 up to 8, else 3. Ties go to the
    /// candidate listed first, so vocabulary order decides.
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        let source = Array(word.lowercased().unicodeScalars)
        guard source.count >= 3, source.count <= 40 else { return nil }
        let limit = source.count <= 4 ? 1 : (source.count <= 8 ? 2 : 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let target = Array(candidate.lowercased().unicodeScalars)
            guard abs(target.count - source.count) <= limit else { continue }
            let distance = editDistance(source, target)
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        guard let best, best.distance > 0 || best.name != word else { return nil }
        return best.name
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transposition,
    /// so `sigmoid`/`sigmiod` is one edit).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
