/// Protocol 5.2+ counts cursor positions in Unicode code points; these clamp what
/// clients send so a language never sees an out-of-range cursor.
enum CodePoints {
    static func clamp(_ position: Int?, in code: String) -> Int {
        let count = code.unicodeScalars.count
        guard let position else { return count }
        return min(max(position, 0), count)
    }
}
