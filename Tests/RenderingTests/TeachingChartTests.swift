import Testing
import Foundation
@testable import Rendering

/// The bar chart of gradient norms and the decision-region map: well-formed, the expected
/// bars, regions and points, and bounded in size.
@Suite struct TeachingChartTests {
    @Test func barsOnALogAxisOnePerPositiveValue() throws {
        let chart = BarChart(groups: [.init(label: "layer 1", values: [1e-7, 3e-6]), .init(label: "layer 2", values: [0.02, 0]),
                                      .init(label: "layer <3>", values: [.nan, 1.5])],
                             seriesNames: ["‖∇W‖", "‖∇b‖"], title: "Gradient norms")
        let svg = chart.svg()
        let doc = try #require(ElementCounter.parse(svg), "not well-formed")
        let bars = (doc.attributes["rect"] ?? []).filter { $0["class"] == "bar" }
        #expect(bars.count == 4 && chart.barCount == 4)
        #expect(doc.texts.contains("0") && doc.texts.contains("—"))     // the 0 and the NaN: a mark, no bar
        #expect(doc.texts.contains("layer <3>"))                          // escaped in the XML, read back
        #expect(doc.texts.contains("norm (log scale)"))
        // Log axis: decades from 10⁻⁷ to 10¹ as ticks; the bars grow with the value.
        #expect(doc.texts.contains("10⁻⁷"))
        let heights = bars.compactMap { $0["height"].flatMap(Double.init) }
        #expect(heights == heights.sorted() || heights[0] < heights[2])
        #expect(heights[0] < heights[1] && heights[1] < heights[2] && heights[2] < heights[3])
    }

    @Test func linearBarsStartAtZero() throws {
        let chart = BarChart(groups: [.init(label: "1", values: [1, 2])], seriesNames: ["a", "b"], logarithmic: false)
        let doc = try #require(ElementCounter.parse(chart.svg()))
        let heights = (doc.attributes["rect"] ?? []).filter { $0["class"] == "bar" }.compactMap { $0["height"].flatMap(Double.init) }
        #expect(heights.count == 2)
        #expect(abs(heights[1] / heights[0] - 2) < 0.05)
    }

    static func map(cells: Int, classes: (Int, Int) -> Int, points: Int = 0) -> RegionMap {
        let grid = (0..<(cells * cells)).map { classes($0 / cells, $0 % cells) }
        let pts = (0..<points).map { RegionMap.Point(x: Double($0 % 10) / 10, y: Double($0 / 10 % 10) / 10, label: $0 % 2) }
        return RegionMap(cells: cells, classes: grid, classNames: ["no", "yes"], xLow: 0, xHigh: 1, yLow: 0, yHigh: 1, points: pts)
    }

    @Test func oneRegionPathPerClassWithRowsMergedIntoRuns() throws {
        // Left half class 0, right half class 1: one run per row and class.
        let halves = Self.map(cells: 40, classes: { _, c in c < 20 ? 0 : 1 }, points: 30)
        let doc = try #require(ElementCounter.parse(halves.svg()))
        let regions = (doc.attributes["path"] ?? []).filter { $0["class"] == "region" }
        #expect(regions.count == 2)
        #expect(regions.allSatisfy { ($0["d"] ?? "").filter { $0 == "z" }.count == 40 })
        #expect((doc.attributes["circle"] ?? []).filter { $0["class"] == "point" }.count == 30)
        #expect(doc.texts.contains("no") && doc.texts.contains("yes"))
        // One class everywhere: one path.
        let uniform = try #require(ElementCounter.parse(Self.map(cells: 10, classes: { _, _ in 1 }).svg()))
        #expect((uniform.attributes["path"] ?? []).filter { $0["class"] == "region" }.count == 1)
    }

    @Test func theWorstBoundaryIsBoundedByTheGrid() throws {
        // A checkerboard: every cell its own run, the most the grid can need.
        let board = Self.map(cells: 40, classes: { r, c in (r + c) % 2 }, points: 5000)
        let svg = board.svg()
        let doc = try #require(ElementCounter.parse(svg))
        let runs = (doc.attributes["path"] ?? []).map { ($0["d"] ?? "").filter { $0 == "z" }.count }.reduce(0, +)
        #expect(runs == 1600)
        #expect((doc.attributes["circle"] ?? []).count <= RegionMap.maxPoints)
        #expect(svg.utf8.count < 120_000)
        let fine = Self.map(cells: 100, classes: { r, c in (r + c) % 2 }).svg()
        #expect(fine.utf8.count < 400_000)
    }
}
