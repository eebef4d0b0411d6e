/// "nothing in the cell ran (lines 1–3 and 5 did not run)": the lines of a cell that hold a
/// statement (not blank, not only a comment), as ranges.
enum NothingRan {
    /// Lines listed one by one or as ranges up to this many groups; after that, a count.
    static let maxGroups = 6

    static func note(in source: String) -> String {
        var lines: [Int] = []
        var number = 0
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let code = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            if !code.isEmpty, code.first != "#" { lines.append(number) }
        }
        guard lines.count > 1 else { return "nothing in the cell ran" }
        var groups: [ClosedRange<Int>] = []
        for line in lines {
            if let last = groups.last, last.upperBound + 1 == line {
                groups[groups.count - 1] = last.lowerBound...line
            } else {
                groups.append(line...line)
            }
        }
        guard groups.count <= maxGroups else {
            return "nothing in the cell ran (none of its \(lines.count) lines of statements)"
        }
        let parts = groups.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
        let listed = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
        return "nothing in the cell ran (lines \(listed) did not run)"
    }
}
