import Backprop

/// Shape errors of an assignment that say what the shape means and what to write: x written as
/// a column, W transposed, a bias of the wrong length. The caret covers the whole literal.
enum ShapeMistakes {
    static func input(_ x: Matrix, network: Network, written: @autoclosure () -> String? = nil) -> String? {
        let n = network.inputSize
        guard x.cols != n else { return nil }
        if x.cols == 1, x.rows == n {
            return "each row of x is one example and needs \(n) inputs; you wrote a \(n)×1 column: did you mean `x = [\(written() ?? row(x.storage))]`?"
        }
        return "each row of x is one example and needs \(n) input\(n == 1 ? "" : "s"): x must be \(x.rows)×\(n); you wrote \(x.rows)×\(x.cols)"
    }

    static func targets(_ y: Matrix, network: Network, examples: Int?, written: @autoclosure () -> String? = nil) -> String? {
        let n = network.outputSize
        guard y.cols != n else { return nil }
        if y.cols == 1, y.rows == n, examples != y.rows {
            return "each row of y holds one example's \(n) targets; you wrote a \(n)×1 column: did you mean `y = [\(written() ?? row(y.storage))]`?"
        }
        return "each row of y holds one example's targets, one per output: y must be \(y.rows)×\(n); you wrote \(y.rows)×\(y.cols)"
    }

    static func weights(_ w: Matrix, layer l: Int, network: Network) -> String? {
        guard l >= 1, l <= network.depth else { return nil }
        let layer = network.layers[l - 1]
        guard w.shape != layer.weights.shape else { return nil }
        var message = "W\(l) of layer \(l) must be \(layer.units)×\(layer.inputs) (\(layer.units) unit\(layer.units == 1 ? "" : "s"), each with \(layer.inputs) input\(layer.inputs == 1 ? "" : "s") from layer \(l - 1)); you wrote \(w.rows)×\(w.cols)"
        if w.rows == layer.inputs, w.cols == layer.units, layer.units != layer.inputs {
            message += ": it looks transposed (row i holds the weights into unit i)"
        }
        return message
    }

    static func bias(count: Int, layer l: Int, network: Network) -> String? {
        guard l >= 1, l <= network.depth else { return nil }
        let units = network.layers[l - 1].units
        guard count != units else { return nil }
        return "b\(l) of layer \(l) has \(units) entr\(units == 1 ? "y" : "ies"), one per unit; you wrote \(count)"
    }

    /// Numbers as a row literal: `0.05 0.1`.
    private static func row(_ values: [Double]) -> String {
        values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" }.joined(separator: " ")
    }
}
