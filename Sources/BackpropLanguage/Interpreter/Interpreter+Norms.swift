import Backprop
import JSON

/// norms: the size of each layer's gradient.
extension Interpreter {
    mutating func norms(_ statement: DeclaredStatement) throws -> [JSONValue] {
        let (network, x, y) = try requireExample()
        let (cache, grads) = try network.gradients(x: x, y: y)
        try checkFinite(cache)
        try checkFinite(grads)
        let scale = statement.options.text(StatementDeclaration.normsScale)?.value ?? "log"
        return [NormsRenderer.bundle(grads.layerNorms(of: network), network: network, examples: x.rows,
                                     logarithmic: scale == "log", format: format)]
    }
}
