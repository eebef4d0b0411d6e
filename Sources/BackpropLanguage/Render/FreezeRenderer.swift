import Backprop
import JSON
import Rendering

/// What `freeze`/`unfreeze` print: the frozen parameters, whole matrices and vectors by their
/// names (W1, b2), single entries one by one.
enum FreezeRenderer {
    static func bundle(_ network: Network) -> JSONValue {
        let plain = describe(network, name: Names.plain)
        let count = network.frozenCount
        let text = plain.isEmpty ? "nothing is frozen: step and train update every parameter"
            : "frozen (\(count) parameter\(count == 1 ? "" : "s")): \(plain.joined(separator: ", ")); step and train leave them unchanged"
        return RichOutput(plain: text,
                          json: ["kind": "freeze", "frozen": .array(describe(network, name: { .string($0.description) })),
                                 "count": .integer(count)]).bundle
    }

    /// The frozen parameters in network order, whole W_l / b_l where the whole is frozen.
    static func describe<T>(_ network: Network, name: (ValueName) -> T) -> [T] {
        var out: [T] = []
        for (k, layer) in network.layers.enumerated() {
            let l = k + 1
            if !layer.frozenWeights.isEmpty {
                if layer.frozenWeights.allSatisfy({ $0 }) {
                    out.append(name(.weights(layer: l)))
                } else {
                    for (index, isFrozen) in layer.frozenWeights.enumerated() where isFrozen {
                        out.append(name(.weight(layer: l, row: index / layer.inputs + 1, column: index % layer.inputs + 1)))
                    }
                }
            }
            if !layer.frozenBias.isEmpty {
                if layer.frozenBias.allSatisfy({ $0 }) {
                    out.append(name(.biases(layer: l)))
                } else {
                    for (i, isFrozen) in layer.frozenBias.enumerated() where isFrozen { out.append(name(.bias(layer: l, unit: i + 1))) }
                }
            }
        }
        return out
    }
}
