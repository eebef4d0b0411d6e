/// Reduces a long series to a drawable number of points without losing its shape.
enum Downsampling {
    /// Indices to draw, in order, with `nil` where the line breaks (around values that are
    /// nil: non-finite, or not positive on a log scale).
    ///
    /// Up to `maxPoints` values come back as they are. Beyond that the indices are cut
    /// into `maxPoints / 2` buckets and each bucket keeps its minimum and its maximum (in
    /// index order), so spikes and the overall extremes survive; the first and last
    /// valid points are kept as well.
    static func minMax(_ values: [Double?], maxPoints: Int) -> [Int?] {
        var output: [Int?] = []
        func emitGap() {
            if let last = output.last, last != nil { output.append(nil) }
        }
        let count = values.count
        if count <= max(maxPoints, 2) {
            for index in 0..<count {
                if values[index] == nil { emitGap() } else { output.append(index) }
            }
            return trimmed(output)
        }
        let buckets = max(1, maxPoints / 2)
        let firstValid = values.firstIndex { $0 != nil }
        let lastValid = values.lastIndex { $0 != nil }
        for bucket in 0..<buckets {
            let start = bucket * count / buckets
            let end = (bucket + 1) * count / buckets
            guard start < end else { continue }
            var minIndex: Int?
            var maxIndex: Int?
            var gapIndex: Int?
            for index in start..<end {
                guard let value = values[index] else {
                    if gapIndex == nil { gapIndex = index }
                    continue
                }
                if let m = minIndex, let current = values[m], current <= value {} else { minIndex = index }
                if let m = maxIndex, let current = values[m], current >= value {} else { maxIndex = index }
            }
            var kept = Set([minIndex, maxIndex].compactMap { $0 })
            if let firstValid, (start..<end).contains(firstValid) { kept.insert(firstValid) }
            if let lastValid, (start..<end).contains(lastValid) { kept.insert(lastValid) }
            var events: [(index: Int, isGap: Bool)] = kept.map { ($0, false) }
            if let gapIndex { events.append((gapIndex, true)) }
            events.sort { $0.index < $1.index }
            for event in events {
                if event.isGap { emitGap() } else { output.append(event.index) }
            }
        }
        return trimmed(output)
    }

    private static func trimmed(_ indices: [Int?]) -> [Int?] {
        var result = indices
        while let last = result.last, last == nil { result.removeLast() }
        return result
    }
}
