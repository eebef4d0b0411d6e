/// A long series reduced while it is produced, in memory that does not grow with it.
///
/// Values arrive one at a time (a training run's epoch losses, whose count may be unknown
/// with `until`). They fall into consecutive buckets of `width` values; each bucket keeps
/// its first value, its minimum and its maximum, with their indices. Up to `maxPoints`
/// values are kept as they are (width 1). When the buckets would hold more than about
/// `maxPoints` points, neighbouring buckets merge pairwise and the width doubles, so memory
/// stays O(maxPoints) however many values come. `points` adds the last value, so the first
/// and the last of the series are always there.
///
/// ```swift
/// var curve = StreamingDownsampler(maxPoints: 1000)
/// for (epoch, loss) in losses.enumerated() { curve.add(loss, at: epoch + 1) }
/// curve.points   // at most 1000 points, in index order
/// ```
public struct StreamingDownsampler: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var index: Int
        public var value: Double

        public init(index: Int, value: Double) {
            self.index = index
            self.value = value
        }
    }

    private struct Bucket: Sendable, Equatable {
        var first: Point
        /// The extremes among finite values (nil while the bucket has none).
        var min: Point?
        var max: Point?

        init(_ point: Point) {
            first = point
            if point.value.isFinite { min = point; max = point }
        }

        mutating func add(_ point: Point) {
            guard point.value.isFinite else { return }
            if min.map({ point.value < $0.value }) ?? true { min = point }
            if max.map({ point.value > $0.value }) ?? true { max = point }
        }

        /// This bucket followed by `next` (ties keep the earlier point).
        func merged(with next: Bucket) -> Bucket {
            var result = self
            if let m = next.min, result.min.map({ m.value < $0.value }) ?? true { result.min = m }
            if let m = next.max, result.max.map({ m.value > $0.value }) ?? true { result.max = m }
            return result
        }

        var points: [Point] {
            var kept = [first]
            for p in [min, max].compactMap({ $0 }) where !kept.contains(where: { $0.index == p.index }) { kept.append(p) }
            return kept.sorted { $0.index < $1.index }
        }
    }

    /// About the most points `points` returns (never more).
    public let maxPoints: Int
    /// How many values were added.
    public private(set) var count = 0
    /// Values per bucket: 1 until more than `maxPoints` values came, then doubling.
    public private(set) var width = 1
    public private(set) var first: Point?
    public private(set) var last: Point?
    private var buckets: [Bucket] = []

    public init(maxPoints: Int = 1000) {
        self.maxPoints = Swift.max(maxPoints, 8)
        buckets.reserveCapacity(self.maxPoints)
    }

    /// The most buckets of the current width: each holds at most min(width, 3) points,
    /// and (once buckets hold several values) one point is kept back for the last value.
    private var bucketLimit: Int { width == 1 ? maxPoints : (maxPoints - 1) / Swift.min(width, 3) }

    public mutating func add(_ value: Double, at index: Int) {
        let point = Point(index: index, value: value)
        let position = count
        count += 1
        if first == nil { first = point }
        last = point
        var bucket = position / width
        while bucket >= bucketLimit {
            mergePairs()
            bucket = position / width
        }
        if bucket == buckets.count {
            buckets.append(Bucket(point))
        } else {
            buckets[bucket].add(point)
        }
    }

    private mutating func mergePairs() {
        var merged: [Bucket] = []
        merged.reserveCapacity(maxPoints)
        var k = 0
        while k < buckets.count {
            merged.append(k + 1 < buckets.count ? buckets[k].merged(with: buckets[k + 1]) : buckets[k])
            k += 2
        }
        buckets = merged
        width *= 2
    }

    /// The kept points in index order: every bucket's first, minimum and maximum, and the
    /// last value. Exactly the values added while there were at most `maxPoints`.
    public var points: [Point] {
        var result: [Point] = []
        result.reserveCapacity(maxPoints)
        for bucket in buckets { result += bucket.points }
        if let last, result.last?.index != last.index { result.append(last) }
        return result
    }

    /// True once values were merged (the points are a subset of the series).
    public var isDownsampled: Bool { width > 1 }
}
