import Backprop
import JSON
import Rendering

/// `boundary` and `train … boundary`: the decision regions of a 2-input network with the data.
enum BoundaryRenderer {
    /// The names of the classes a grid can give.
    static func classNames(_ grid: DecisionGrid, outputs: Int, dataClasses: [String]?) -> [String] {
        if outputs == 1 { return ["ŷ < 0.5", "ŷ ≥ 0.5"] }
        if let dataClasses, dataClasses.count == outputs { return dataClasses }
        return (1...max(outputs, 1)).map { "ŷ" + Names.sub([$0]) + " largest" }
    }

    /// The target class of each example (as accuracy counts it), nil without fitting targets.
    static func labels(_ y: Matrix?, rows: Int) -> [Int?] {
        guard let y, y.rows == rows else { return Array(repeating: nil, count: rows) }
        return (0..<rows).map { r in DecisionGrid.outputClass(y.storage[(r * y.cols)..<((r + 1) * y.cols)]) }
    }

    static func map(_ grid: DecisionGrid, x: Matrix, y: Matrix?, names: [String], title: String) -> RegionMap {
        let labels = labels(y, rows: x.rows)
        let points = (0..<x.rows).map { RegionMap.Point(x: x[$0, 0], y: x[$0, 1], label: labels[$0]) }
        return RegionMap(cells: grid.cells, classes: grid.classes, classNames: names, xLow: grid.xLow, xHigh: grid.xHigh,
                         yLow: grid.yLow, yHigh: grid.yHigh, points: points, title: title)
    }

    /// The picture with a caption table; `live` marks a frame of a live view (HTML image only).
    static func bundle(_ grid: DecisionGrid, x: Matrix, y: Matrix?, outputs: Int, dataClasses: [String]?,
                       title: String, format: NumberFormat, live: Bool = false) -> JSONValue {
        let names = classNames(grid, outputs: outputs, dataClasses: dataClasses)
        let regions = map(grid, x: x, y: y, names: names, title: title)
        let labels = labels(y, rows: x.rows)
        // Agreement of the regions with the targets, at the examples themselves.
        var counts = Array(repeating: 0, count: grid.classCount)
        for c in grid.classes where c >= 0 && c < counts.count { counts[c] += 1 }
        let total = grid.classes.count
        var table = DocumentTable(caption: .text(title), columns: [.init("class"), .init("cells", .right), .init("share", .right)])
        for (k, name) in names.enumerated() where k < counts.count {
            table.addRow([.text(name), .text("\(counts[k])"), .text(NumberFormat(precision: 1).fixed(100 * Double(counts[k]) / Double(max(total, 1))) + " %")])
        }
        let fmt = NumberFormat(precision: 3)
        let plane = "x₁ from \(fmt.string(grid.xLow)) to \(fmt.string(grid.xHigh)), x₂ from \(fmt.string(grid.yLow)) to \(fmt.string(grid.yHigh))"
        let drawn = regions.drawnPoints.count
        table.footnotes = [.text("\(grid.cells) × \(grid.cells) grid over \(plane) (the inputs' range plus 10 %); each cell has the class of its centre"),
                           .text("points: the \(x.rows) example\(x.rows == 1 ? "" : "s") of x\(drawn < x.rows ? " (\(drawn) drawn, every \((x.rows + drawn - 1) / max(drawn, 1))th)" : ""), coloured by their target class")]
        let shown = regions.classesShown.compactMap { $0 < names.count ? names[$0] : nil }
        let alt = "Decision regions over \(plane): \(shown.count == 1 ? "one class everywhere (\(shown[0]))" : "\(shown.count) classes (\(shown.joined(separator: ", ")))"), with \(drawn) data points coloured by their target class"
        var document = Document(format: format)
        document.headline([.text(shown.count == 1 ? "one region: the network gives \(shown[0]) everywhere on the plane"
                                                   : "\(shown.count) regions: \(shown.joined(separator: ", "))")])
        document.add(.picture(Picture(svg: regions.svg(), alt: alt, text: nil, asImagePart: !live)))
        document.add(.table(table))
        var json: JSONValue = [
            "kind": "boundary", "cells": .integer(grid.cells), "class_count": .integer(grid.classCount),
            "x_range": .numbers([grid.xLow, grid.xHigh]), "y_range": .numbers([grid.yLow, grid.yHigh]),
            "classes": .array((0..<grid.cells).map { r in .array(grid.classes[(r * grid.cells)..<((r + 1) * grid.cells)].map { .integer($0) }) }),
            "points": .integer(x.rows),
        ]
        if labels.contains(where: { $0 != nil }) { json = json.setting("labelled", to: .bool(true)) }
        return RichOutput(document: document, json: json).bundle
    }
}
