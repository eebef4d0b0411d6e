/// A scalar expression's graph as SVG, in the manner of micrograd's `draw_dot`: one box per
/// sub-expression (its definition and value), an arrow from each operand to the operation
/// that uses it labelled with the local derivative, and the paths from one variable to the
/// result highlighted — the products of their labels, summed, are the derivative.
///
/// Layered left to right: a node's column is the longest chain of operands below it, so
/// every arrow points right; within a column nodes are ordered by the mean row of their
/// operands (a barycentre pass), which keeps expression trees free of crossings.
///
/// ```swift
/// let graph = ExpressionGraph(
///     nodes: [.init(name: "x", value: "0.5"), .init(name: "h1", definition: "x^2", value: "0.25"),
///             .init(name: "y", definition: "exp(h1)", value: "1.284")],
///     edges: [.init(from: 0, to: 1, label: "∂h1/∂x = 1", value: 1),
///             .init(from: 1, to: 2, label: "∂y/∂h1 = 1.284", value: 1.284)],
///     highlightFrom: 0)
/// let svg = graph.svg()
/// ```
public struct ExpressionGraph: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        public var name: String
        /// `x^2`, `exp(h1)`; nil for a variable.
        public var definition: String?
        /// The value as it should read.
        public var value: String

        public init(name: String, definition: String? = nil, value: String) {
            self.name = name
            self.definition = definition
            self.value = value
        }

        var heading: String { definition.map { "\(name) = \($0)" } ?? name }
    }

    /// `from` is an operand of `to` (indices into `nodes`); `value` the local derivative
    /// ∂to/∂from, `label` how it reads.
    public struct Edge: Sendable, Hashable {
        public var from: Int
        public var to: Int
        public var label: String
        public var value: Double

        public init(from: Int, to: Int, label: String, value: Double) {
            self.from = from
            self.to = to
            self.label = label
            self.value = value
        }
    }

    /// A node's place in the picture: its column, its row in the column, its box.
    public struct Placement: Sendable, Hashable {
        public var column: Int
        public var row: Int
        public var x: Double, y: Double, width: Double, height: Double
    }

    public var nodes: [Node]
    public var edges: [Edge]
    /// The variable whose paths to the result are highlighted (an index into `nodes`).
    public var highlightFrom: Int?
    /// The result: the last node unless said otherwise.
    public var result: Int?
    public var title: String?
    /// Extra legend lines under the picture.
    public var notes: [String]

    public init(nodes: [Node], edges: [Edge], highlightFrom: Int? = nil, result: Int? = nil,
                title: String? = nil, notes: [String] = []) {
        self.nodes = nodes
        self.edges = edges.filter { nodes.indices.contains($0.from) && nodes.indices.contains($0.to) && $0.from != $0.to }
        self.highlightFrom = highlightFrom
        self.result = result ?? (nodes.isEmpty ? nil : nodes.count - 1)
        self.title = title
        self.notes = notes
    }

    // MARK: paths

    /// Nodes reachable from `start` along the edges (forward) or reaching it (backward).
    private func reach(_ start: Int, forward: Bool) -> Set<Int> {
        var seen: Set<Int> = [start], stack = [start]
        while let n = stack.popLast() {
            for e in edges where (forward ? e.from : e.to) == n {
                let next = forward ? e.to : e.from
                if seen.insert(next).inserted { stack.append(next) }
            }
        }
        return seen
    }

    /// Whether each edge lies on a path from `highlightFrom` to `result`.
    public var highlightedEdges: [Bool] {
        guard let s = highlightFrom, let r = result, nodes.indices.contains(s) else {
            return edges.map { _ in false }
        }
        let below = reach(s, forward: true), above = reach(r, forward: false)
        return edges.map { below.contains($0.from) && above.contains($0.to) }
    }

    /// The paths from `highlightFrom` to `result`: how many, and the sum of the products of
    /// their edge values (the chain rule's derivative). Nil for a cyclic graph or without a
    /// highlight; a count beyond `Int` is nil too.
    public var highlightedPaths: (count: Int, sum: Double)? {
        guard let s = highlightFrom, let r = result, nodes.indices.contains(s), let order = topologicalOrder() else { return nil }
        var count = [Int](repeating: 0, count: nodes.count)
        var sum = [Double](repeating: 0, count: nodes.count)
        count[s] = 1
        sum[s] = 1
        for n in order {
            for e in edges where e.from == n && count[n] > 0 {
                let (c, overflow) = count[e.to].addingReportingOverflow(count[n])
                if overflow { return nil }
                count[e.to] = c
                sum[e.to] += sum[n] * e.value
            }
        }
        return (count[r], sum[r])
    }

    /// Nodes with every operand before its user; nil when the edges have a cycle.
    func topologicalOrder() -> [Int]? {
        var indegree = [Int](repeating: 0, count: nodes.count)
        for e in edges { indegree[e.to] += 1 }
        var ready = nodes.indices.filter { indegree[$0] == 0 }.reversed().map { $0 }
        var order: [Int] = []
        while let n = ready.popLast() {
            order.append(n)
            for e in edges where e.from == n {
                indegree[e.to] -= 1
                if indegree[e.to] == 0 { ready.append(e.to) }
            }
        }
        return order.count == nodes.count ? order : nil
    }

    // MARK: layout

    static let rowGap = 34.0, boxHeight = 44.0, margin = 16.0

    /// Every node's column, row and box (nil for a cyclic graph).
    public func layout() -> [Placement]? {
        guard let order = topologicalOrder() else { return nil }
        var column = [Int](repeating: 0, count: nodes.count)
        for n in order {
            for e in edges where e.from == n { column[e.to] = max(column[e.to], column[n] + 1) }
        }
        let columns = (column.max() ?? -1) + 1
        var members: [[Int]] = Array(repeating: [], count: columns)
        for n in nodes.indices { members[column[n]].append(n) }
        // Barycentre ordering, one pass left to right: a node sits near its operands.
        var row = [Double](repeating: 0, count: nodes.count)
        for c in 0..<columns {
            if c > 0 {
                members[c].sort { a, b in
                    let ka = barycentre(a, row), kb = barycentre(b, row)
                    return ka == kb ? a < b : ka < kb
                }
            }
            for (k, n) in members[c].enumerated() { row[n] = Double(k) }
        }
        let widths = nodes.map { boxWidth($0) }
        // Each gap between columns leaves room for the labels of the edges that cross it.
        var x = Self.margin
        var columnX: [Double] = []
        var columnWidth: [Double] = []
        for c in 0..<columns {
            if c > 0 {
                let labels = edges.filter { column[$0.to] == c }.map { SVGCanvas.textWidth($0.label, size: SVGCanvas.labelSize) }
                x += max(56, (labels.max() ?? 0) + 28)
            }
            columnX.append(x)
            let w = members[c].map { widths[$0] }.max() ?? 0
            columnWidth.append(w)
            x += w
        }
        let tallest = Double(members.map(\.count).max() ?? 0)
        let top = (title == nil ? Self.margin : 40)
        let height = tallest * Self.boxHeight + max(tallest - 1, 0) * Self.rowGap
        var placements: [Placement] = []
        for n in nodes.indices {
            let c = column[n], count = Double(members[c].count)
            let columnHeight = count * Self.boxHeight + max(count - 1, 0) * Self.rowGap
            let y = top + (height - columnHeight) / 2 + row[n] * (Self.boxHeight + Self.rowGap)
            let px = columnX[c] + (columnWidth[c] - widths[n]) / 2
            placements.append(Placement(column: c, row: Int(row[n]), x: px, y: y, width: widths[n], height: Self.boxHeight))
        }
        return placements
    }

    private func barycentre(_ n: Int, _ row: [Double]) -> Double {
        let operands = edges.filter { $0.to == n }.map { row[$0.from] }
        return operands.isEmpty ? row[n] : operands.reduce(0, +) / Double(operands.count)
    }

    private func boxWidth(_ node: Node) -> Double {
        max(SVGCanvas.textWidth(node.heading), SVGCanvas.textWidth("= " + node.value, size: SVGCanvas.labelSize)) + 20
    }

    // MARK: drawing

    /// The lines under the picture: what is highlighted, then `notes`.
    var legend: [String] {
        var lines: [String] = []
        if let s = highlightFrom, let r = result, nodes.indices.contains(s), let paths = highlightedPaths {
            let count = paths.count == 1 ? "the 1 path" : "the \(paths.count) paths"
            lines.append("highlighted: \(count) from \(nodes[s].name) to \(nodes[r].name); "
                         + "∂\(nodes[r].name)/∂\(nodes[s].name) is the sum of the products of their edge labels")
        }
        return lines + notes
    }

    /// The graph as an SVG document.
    public func svg() -> String {
        guard let places = layout() else {
            var canvas = SVGCanvas(width: 320, height: 40)
            canvas.text("the expression graph has a cycle", 160, 20)
            return canvas.document(title: title)
        }
        let legend = legend
        let right = places.map { $0.x + $0.width }.max() ?? 0
        let bottom = places.map { $0.y + $0.height }.max() ?? 0
        let legendTop = bottom + 26
        let width = max(right + Self.margin, 32 + (legend.map { SVGCanvas.textWidth($0, size: SVGCanvas.labelSize) }.max() ?? 0))
        let height = legendTop + Double(legend.count) * 18 + 6
        var canvas = SVGCanvas(width: width, height: height)
        canvas.add("<defs>" + Self.marker("arrow", "currentColor") + Self.marker("arrow-path", SVGCanvas.highlight) + "</defs>")
        if let title {
            canvas.text(title, Self.margin, 18, anchor: "start",
                        "font-size=\"\(SVGCanvas.number(SVGCanvas.titleSize))\" font-weight=\"600\"")
        }
        let onPath = highlightedEdges
        var onPathNodes = Set<Int>()
        for (e, on) in zip(edges, onPath) where on { onPathNodes.insert(e.from); onPathNodes.insert(e.to) }
        // Edges as curves from the right side of the operand to the left side of its user;
        // the highlighted ones last, on top.
        let drawOrder = edges.indices.sorted { (onPath[$0] ? 1 : 0, $0) < (onPath[$1] ? 1 : 0, $1) }
        // An operand used twice (x*x) gets two arrows: spread them apart.
        var twins: [[Int]: [Int]] = [:]
        for (k, e) in edges.enumerated() { twins[[e.from, e.to], default: []].append(k) }
        var labels: [(text: String, x: Double, y: Double, onPath: Bool, column: Int)] = []
        for k in drawOrder {
            let e = edges[k], a = places[e.from], b = places[e.to]
            let group = twins[[e.from, e.to]] ?? [k]
            let spread = (Double(group.firstIndex(of: k) ?? 0) - Double(group.count - 1) / 2) * 26
            let x1 = a.x + a.width, y1 = a.y + a.height / 2 + spread / 3
            let x2 = b.x - 2, y2 = b.y + b.height / 2 + spread / 3
            let bend = max(24, (x2 - x1) / 2)
            let d = "M\(SVGCanvas.number(x1)) \(SVGCanvas.number(y1)) C\(SVGCanvas.number(x1 + bend)) \(SVGCanvas.number(y1 + spread)) "
                + "\(SVGCanvas.number(x2 - bend)) \(SVGCanvas.number(y2 + spread)) \(SVGCanvas.number(x2)) \(SVGCanvas.number(y2))"
            let style = onPath[k]
                ? "stroke=\"\(SVGCanvas.highlight)\" stroke-width=\"2.4\" marker-end=\"url(#arrow-path)\" class=\"path\""
                : "stroke=\"currentColor\" stroke-opacity=\"0.55\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\""
            // The exact local derivative rides along (SVG 2 allows data-* attributes), so the
            // picture can be checked against the chain rule without reading rounded labels.
            let data = "data-from=\"\(XML.escape(nodes[e.from].name))\" data-to=\"\(XML.escape(nodes[e.to].name))\" "
                + "data-value=\"\(e.value)\""
            canvas.add("<path d=\"\(d)\" fill=\"none\" \(style) \(data)/>")
            // The label where the curve crosses the middle of the gap before its user.
            // The label sits in the gap just before the user (an arrow spanning several columns
            // would otherwise have it under a box), on the curve: the point whose x is the
            // middle of that gap, found by bisection (x grows along the curve).
            let previousRight = places.filter { $0.column == b.column - 1 }.map { $0.x + $0.width }.max() ?? x1
            let target = (max(previousRight, x1) + x2) / 2
            func point(_ t: Double) -> (Double, Double) {
                let u = 1 - t
                let px = u * u * u * x1 + 3 * u * u * t * (x1 + bend) + 3 * u * t * t * (x2 - bend) + t * t * t * x2
                let py = u * u * u * y1 + 3 * u * u * t * (y1 + spread) + 3 * u * t * t * (y2 + spread) + t * t * t * y2
                return (px, py)
            }
            var low = 0.0, high = 1.0
            for _ in 0..<30 {
                let mid = (low + high) / 2
                if point(mid).0 < target { low = mid } else { high = mid }
            }
            let (mx, my) = point((low + high) / 2)
            labels.append((e.label, mx, my - 9, onPath[k], b.column))
        }
        for (n, node) in nodes.enumerated() {
            let p = places[n]
            let isResult = n == result
            let stroke = onPathNodes.contains(n) || n == highlightFrom
                ? "stroke=\"\(SVGCanvas.highlight)\" stroke-width=\"\(isResult ? 2.8 : 2)\""
                : "stroke=\"currentColor\" stroke-width=\"\(isResult ? 2 : 1.2)\""
            canvas.add("<rect x=\"\(SVGCanvas.number(p.x))\" y=\"\(SVGCanvas.number(p.y))\" width=\"\(SVGCanvas.number(p.width))\" "
                       + "height=\"\(SVGCanvas.number(p.height))\" rx=\"7\" fill=\"\(SVGCanvas.background)\" \(stroke) class=\"node\" data-name=\"\(XML.escape(node.name))\"/>")
            canvas.text(node.heading, p.x + p.width / 2, p.y + 14, isResult ? "font-weight=\"600\"" : "")
            canvas.text("= " + node.value, p.x + p.width / 2, p.y + 31, SVGCanvas.labelAttribute)
        }
        // Labels in the same gap are pushed apart to a line each.
        labels.sort { ($0.column, $0.y) < ($1.column, $1.y) }
        for k in labels.indices.dropFirst() where labels[k].column == labels[k - 1].column {
            labels[k].y = max(labels[k].y, labels[k - 1].y + 16)
        }
        for (label, lx, ly, on, _) in labels {
            let colour = on ? " fill=\"\(SVGCanvas.highlight)\"" : ""
            canvas.text(label, lx, ly, SVGCanvas.labelAttribute + colour
                        + " stroke=\"\(SVGCanvas.background)\" stroke-width=\"4\" paint-order=\"stroke\"")
        }
        var y = legendTop
        for line in legend {
            canvas.text(line, Self.margin, y, anchor: "start", SVGCanvas.labelAttribute)
            y += 18
        }
        return canvas.document(title: title ?? "expression graph")
    }

    private static func marker(_ id: String, _ colour: String) -> String {
        "<marker id=\"\(id)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
            + "orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"\(colour)\"/></marker>"
    }
}
