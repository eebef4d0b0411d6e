/// Which layers a deep network's tables show: all of them up to 48 layers, else the first and
/// last 16. A 100 000-layer `backward` rendered 600 000 matrices (1.2 GB, minutes); the
/// machine-readable part still lists every layer (within `NumberCap`), and `show` reaches any one.
enum LayerElision {
    static let edge = 16

    static func isShown(_ l: Int, depth: Int) -> Bool { depth <= 3 * edge || l <= edge || l > depth - edge }

    /// The rows left out, or nil when every layer is shown.
    static func note(depth: Int) -> String? {
        guard depth > 3 * edge else { return nil }
        return "layers \(edge + 1) to \(depth - edge) of \(depth) are not shown here; "
            + "`show a\(edge + 1)`, `show h\(edge + 1)` or `show dL/dW\(edge + 1)` shows one"
    }
}
