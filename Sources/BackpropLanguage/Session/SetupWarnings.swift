import Backprop

/// Setups that run but make no sense: each gets a warning on standard error, and the cell
/// still runs. `Session.run` holds one `Watch` per cell; a check runs only for what the cell
/// changed, so a warning is said once, by the cell (or line) that caused it.
enum SetupWarnings {
    /// Units above which the dead-relu check (one more forward pass) is skipped.
    static let deadReluCellLimit = 4_000_000

    /// Follows one cell: what each statement changed, and what to check when the cell ends.
    /// The network-against-loss checks wait for the end of the cell, since `loss` usually
    /// comes before the `net` it is meant for.
    struct Watch {
        private var setupChanged = false
        private var targetsChanged = false
        /// A pass ran: dead relu units are looked for once, on the state the cell leaves (a cell
        /// of 200 000 `step`s does not pay a forward pass for each).
        private var passRan = false

        /// Warnings caused by the statement that just succeeded (said by its line).
        mutating func statementRan(_ keyword: String, before: SessionState, after state: SessionState) -> [String] {
            let netChanged = ["net", "load"].contains(keyword)
            if netChanged || keyword == "loss" { setupChanged = true }
            if netChanged || keyword == "data" || (keyword == "=" && !SetupWarnings.sameMatrix(before.y, state.y)) {
                targetsChanged = true
            }
            guard let network = state.network else { return [] }
            var warnings: [String] = []
            if keyword == "net", let mismatch = SetupWarnings.dataMismatch(state) { warnings.append(mismatch) }
            if ["forward", "backward", "step", "train"].contains(keyword) { passRan = true }
            return warnings
        }

        /// Warnings about the setup the cell leaves.
        func cellEnded(_ state: SessionState) -> [String] {
            guard let network = state.network else { return [] }
            var warnings: [String] = []
            if setupChanged {
                warnings += SetupWarnings.outputLayer(network)
            }
            if setupChanged || targetsChanged, let targets = SetupWarnings.targets(network, state.y) {
                warnings.append(targets)
            }
            if passRan, let dead = SetupWarnings.deadRelu(network, state.x) { warnings.append(dead) }
            return warnings
        }
    }

    /// A 1-unit softmax; binary_cross_entropy on a softmax or on several outputs.
    static func outputLayer(_ network: Network) -> [String] {
        var warnings: [String] = []
        for (k, layer) in network.layers.enumerated() where layer.activation == .softmax && layer.units == 1 {
            warnings.append("layer \(k + 1) is a softmax of 1 unit: its output is always 1, so every gradient through it is 0 (for a yes/no output write `-> 1 sigmoid`)")
        }
        if network.loss == .binaryCrossEntropy {
            if network.outputActivation == .softmax, network.outputSize > 1 {
                warnings.append("binary_cross_entropy on a softmax output: softmax outputs share one class between them; write `loss cross_entropy` with softmax, or use sigmoid outputs with binary_cross_entropy")
            } else if network.outputSize > 1 {
                warnings.append("binary_cross_entropy on \(network.outputSize) outputs treats each output as its own yes/no question; for one class out of \(network.outputSize) write `-> \(network.outputSize) softmax` and `loss cross_entropy`")
            }
        }
        return warnings
    }

    /// cross_entropy targets whose rows do not sum to 1 (with more than one output).
    static func targets(_ network: Network, _ y: Matrix?) -> String? {
        guard network.loss == .crossEntropy, network.outputSize > 1, let y, y.cols == network.outputSize else { return nil }
        for r in 0..<y.rows {
            let sum = (0..<y.cols).reduce(0) { $0 + y[r, $1] }
            if abs(sum - 1) > 1e-6 {
                return "cross_entropy expects each row of y to sum to 1 (one-hot such as [0 1 0], or probabilities); row \(r + 1) of y sums to \(short(sum))"
            }
        }
        return nil
    }

    /// x or y that no longer fits the network (after `net` changed it).
    static func dataMismatch(_ state: SessionState) -> String? {
        guard let network = state.network else { return nil }
        if let x = state.x, x.cols != network.inputSize {
            return "x has \(x.cols) column\(x.cols == 1 ? "" : "s") but the network takes \(network.inputSize) input\(network.inputSize == 1 ? "" : "s"): set x again (or load data) before forward"
        }
        if let y = state.y, y.cols != network.outputSize {
            return "y has \(y.cols) column\(y.cols == 1 ? "" : "s") but the network has \(network.outputSize) output\(network.outputSize == 1 ? "" : "s"): set y again (or load data) before backward"
        }
        return nil
    }

    /// relu units whose pre-activation is ≤ 0 for every example: their gradients are all 0.
    static func deadRelu(_ network: Network, _ x: Matrix?) -> String? {
        guard let x, x.cols == network.inputSize, network.layers.contains(where: { $0.activation == .relu }),
              x.rows * network.sizes.reduce(0, +) <= deadReluCellLimit,
              let cache = try? network.forward(x) else { return nil }
        var dead: [String] = []
        for (k, layer) in network.layers.enumerated() where layer.activation == .relu {
            let a = cache.a(k + 1)
            for i in 0..<layer.units where (0..<a.rows).allSatisfy({ a[$0, i] <= 0 }) {
                dead.append(ValueName.activation(layer: k + 1, unit: i + 1).description)
            }
        }
        guard !dead.isEmpty else { return nil }
        let shown = dead.prefix(8).joined(separator: ", ") + (dead.count > 8 ? ", …" : "")
        let noun = dead.count == 1 ? "relu unit \(shown) is" : "\(dead.count) relu units (\(shown)) are"
        return "\(noun) dead: its input is ≤ 0 for every example, so all its gradients are 0 and training cannot change it (try `init xavier seed 2`, smaller steps, or leaky_relu)"
    }

    static func sameMatrix(_ a: Matrix?, _ b: Matrix?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return a.shape == b.shape && a.storage == b.storage
        default: return false
        }
    }

    private static func short(_ v: Double) -> String {
        let rounded = (v * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
