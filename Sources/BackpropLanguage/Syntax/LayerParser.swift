/// The layers of `net` beyond dense: `conv F KxK [stride S] [padding P]`, `maxpool HxW
/// [stride S]`, `dropout P [seed S]`, and sizes written `3x3` or `1x6x6`.
extension Parser {
    static let layerWords = ["conv", "maxpool", "dropout"]
    /// The largest kernel, window, stride or padding `net` reads (a typo, not a design).
    static let maxWindow = 1_000

    mutating func parseLayerBeyondDense() throws(SyntaxError) -> NetDeclaration.Layer {
        let word = advance()
        var layer = NetDeclaration.Layer(units: 1, activation: nil, location: word.location)
        switch word.text {
        case "conv":
            let filters = try parseInteger("the number of filters", minimum: 1, maximum: 100_000)
            let size = try parseInteger("the kernel size", minimum: 1, maximum: Self.maxWindow)
            let dims = try parseDimensions(after: size.value, what: "the kernel", count: 2) ?? [size.value, size.value]
            var stride = 1, padding = 0
            while current.kind == .identifier, ["stride", "padding"].contains(current.text) {
                let option = advance()
                skipEquals()
                if option.text == "stride" {
                    stride = try parseInteger("the stride", minimum: 1, maximum: Self.maxWindow).value
                } else {
                    padding = try parseInteger("the padding", minimum: 0, maximum: Self.maxWindow).value
                }
            }
            layer.units = filters.value
            layer.kind = .conv(filters: filters.value, kernelHeight: dims[0], kernelWidth: dims[1], stride: stride, padding: padding)
        case "maxpool":
            let size = try parseInteger("the pooling window", minimum: 1, maximum: Self.maxWindow)
            let dims = try parseDimensions(after: size.value, what: "the window", count: 2) ?? [size.value, size.value]
            var stride: Int? = nil
            if current.kind == .identifier, current.text == "stride" {
                advance()
                skipEquals()
                stride = try parseInteger("the stride", minimum: 1, maximum: Self.maxWindow).value
            }
            layer.kind = .maxPool(height: dims[0], width: dims[1], stride: stride)
        default:
            let token = current
            let p = try parseNumber("the dropout probability")
            guard p.value.isFinite, p.value >= 0, p.value < 1 else {
                throw SyntaxError("the dropout probability p must be in [0, 1), not \(p.value)", at: token.location,
                                  length: max(1, current.location.offset - token.location.offset),
                                  expected: "a probability such as 0.5 (0 keeps everything; 1 is not allowed)")
            }
            var seed = 1
            if current.kind == .identifier, current.text == "seed" {
                advance()
                skipEquals()
                seed = try parseInteger("the seed", minimum: 0).value
            }
            layer.kind = .dropout(p: p.value, seed: seed)
        }
        if current.kind == .identifier, current.text == "batchnorm" {
            throw error("batchnorm follows a dense layer (BatchNorm1d), not \(word.text)", expected: "e.g. `8 batchnorm relu`")
        }
        return layer
    }

    /// After a whole number, `x6x6` (written without spaces, `1x6x6`): the `count` sizes, or
    /// nil when none follow.
    mutating func parseDimensions(after first: Int, what: String, count: Int) throws(SyntaxError) -> [Int]? {
        guard current.kind == .identifier, !current.spaceBefore, current.text.first == "x" else { return nil }
        let token = advance()
        let parts = token.text.dropFirst().split(separator: "x", omittingEmptySubsequences: false)
        let sizes = parts.map { Int($0) }
        guard sizes.count == count - 1, sizes.allSatisfy({ $0 != nil }) else {
            let shape = count == 3 ? "channels×height×width, e.g. 1x6x6" : "height×width, e.g. 3x3"
            throw SyntaxError("\(what) is written as \(shape), not \(first)\(token.text)", at: token.location,
                              length: token.length, expected: shape)
        }
        let dims = [first] + sizes.compactMap { $0 }
        if let bad = dims.first(where: { $0 < 1 || $0 > 100_000 }) {
            throw SyntaxError("every size of \(what) must be from 1 to 100000, not \(bad)", at: token.location,
                              length: token.length, expected: "sizes of at least 1")
        }
        return dims
    }
}
