import Foundation
import Testing
@testable import Rendering

/// The streaming downsampler against a brute-force reference: all values in memory, cut
/// into buckets of the final width, each keeping its first, lowest and highest value.
@Suite struct StreamingDownsamplerTests {
    /// A deterministic noisy series (no ties in practice), so buckets keep three points.
    static func value(_ i: Int) -> Double {
        let t = Double(i)
        let noise = (sin(t * 12.9898) * 43758.5453).truncatingRemainder(dividingBy: 1)
        return 1 / (1 + t / 1000) + 0.05 * noise
    }

    static func reference(count: Int, width: Int, index: (Int) -> Int) -> [StreamingDownsampler.Point] {
        var points: [StreamingDownsampler.Point] = []
        var start = 0
        while start < count {
            let end = min(start + width, count)
            var lo = start, hi = start
            for k in start..<end {
                if value(k) < value(lo) { lo = k }
                if value(k) > value(hi) { hi = k }
            }
            for k in Set([start, lo, hi]).sorted() { points.append(.init(index: index(k), value: value(k))) }
            start = end
        }
        if let last = points.last, last.index != index(count - 1) {
            points.append(.init(index: index(count - 1), value: value(count - 1)))
        }
        return points
    }

    @Test func keepsEveryValueUpToTheLimit() {
        var curve = StreamingDownsampler(maxPoints: 1000)
        for k in 0..<1000 { curve.add(Self.value(k), at: k + 1) }
        #expect(!curve.isDownsampled)
        #expect(curve.points == (0..<1000).map { .init(index: $0 + 1, value: Self.value($0)) })
    }

    @Test(arguments: [1001, 4321, 100_000, 1_000_000])
    func matchesTheBruteForceBuckets(count: Int) {
        var curve = StreamingDownsampler(maxPoints: 1000)
        // Epoch numbers as indices (1-based, with a stride so they are not positions).
        let index = { (k: Int) in 3 * k + 1 }
        for k in 0..<count { curve.add(Self.value(k), at: index(k)) }
        let points = curve.points
        #expect(curve.isDownsampled)
        #expect(curve.count == count)
        #expect(points.count <= 1000, "\(points.count) points")
        #expect(points.count > 500, "too few points kept: \(points.count)")
        #expect(points == Self.reference(count: count, width: curve.width, index: index))
        // First and last, and the global extremes, survive.
        #expect(points.first?.index == index(0))
        #expect(points.last?.index == index(count - 1))
        let all = (0..<count).map(Self.value)
        #expect(points.contains { $0.value == all.min() })
        #expect(points.contains { $0.value == all.max() })
    }

    @Test func nonFiniteValuesStayAsFirstButNeverAsExtremes() {
        var curve = StreamingDownsampler(maxPoints: 8)
        for k in 0..<64 { curve.add(k % 5 == 0 ? .nan : Double(k), at: k) }
        let points = curve.points
        #expect(points.count <= 8)
        #expect(points.contains { $0.value == 1 })  // the lowest finite value
        #expect(points.contains { $0.value == 63 })  // the highest, and the last
    }
}
