import Backprop

/// The names of the layers beyond dense, 1-based as W: `K1` (layer 1's kernels, F×C×kh×kw),
/// `k11123` / `k[1,1,1,2,3]` (layer, filter, channel, row, column), `gamma2` / `gamma21`,
/// `beta2` / `beta[2,13]`, `mask2` (dropout's mask), each also as a gradient `dL/dK1`.
public enum LayerName: Sendable, Hashable, CustomStringConvertible {
    case kernels(layer: Int)
    case kernel(layer: Int, filter: Int, channel: Int, row: Int, column: Int)
    case gammas(layer: Int)
    case gamma(layer: Int, unit: Int)
    case betas(layer: Int)
    case beta(layer: Int, unit: Int)
    case mask(layer: Int)
    indirect case gradient(LayerName)

    public init?(_ text: String) {
        var body = Substring(text)
        var isGradient = false
        for prefix in ["dL/d", "∂L/∂"] where body.hasPrefix(prefix) {
            body = body.dropFirst(prefix.count)
            isGradient = true
        }
        guard let plain = Self.plain(body) else { return nil }
        if isGradient {
            if case .mask = plain { return nil }
            self = .gradient(plain)
        } else {
            self = plain
        }
    }

    private static func plain(_ text: Substring) -> LayerName? {
        for prefix in ["gamma", "beta", "mask", "K", "k"] where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            let indices: [Int]
            if rest.first == "[" {
                guard rest.last == "]" else { return nil }
                let parts = rest.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
                var values: [Int] = []
                for part in parts {
                    guard !part.isEmpty, part.count <= 9, let v = Int(part) else { return nil }
                    values.append(v)
                }
                indices = values
            } else {
                guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isWholeNumber }) else { return nil }
                indices = prefix == "K" ? (rest.count <= 9 ? [Int(rest) ?? 0] : []) : rest.compactMap(\.wholeNumberValue)
            }
            guard !indices.isEmpty, indices.allSatisfy({ $0 >= 1 }) else { return nil }
            switch (prefix, indices.count) {
            case ("K", 1): return .kernels(layer: indices[0])
            case ("k", 5): return .kernel(layer: indices[0], filter: indices[1], channel: indices[2], row: indices[3], column: indices[4])
            case ("gamma", 1): return .gammas(layer: indices[0])
            case ("gamma", 2): return .gamma(layer: indices[0], unit: indices[1])
            case ("beta", 1): return .betas(layer: indices[0])
            case ("beta", 2): return .beta(layer: indices[0], unit: indices[1])
            case ("mask", 1): return .mask(layer: indices[0])
            default: return nil
            }
        }
        return nil
    }

    public var description: String {
        switch self {
        case let .kernels(l): return "K\(l)"
        case let .kernel(l, f, c, i, j): return UnitName.join("k", [l, f, c, i, j])
        case let .gammas(l): return UnitName.join("gamma", [l])
        case let .gamma(l, i): return UnitName.join("gamma", [l, i])
        case let .betas(l): return UnitName.join("beta", [l])
        case let .beta(l, i): return UnitName.join("beta", [l, i])
        case let .mask(l): return UnitName.join("mask", [l])
        case let .gradient(name): return "dL/d\(name)"
        }
    }

    /// The engine's parameter, for a single entry.
    public var parameter: LayerParameter? {
        switch self {
        case let .kernel(l, f, c, i, j): return .kernel(layer: l, filter: f, channel: c, row: i, column: j)
        case let .gamma(l, i): return .gamma(layer: l, unit: i)
        case let .beta(l, i): return .beta(layer: l, unit: i)
        default: return nil
        }
    }
}

extension Parser {
    /// A `LayerName` at the current token (its bracketed indices included), or nil leaving
    /// the position unchanged when the name is not one.
    mutating func parseLayerName() throws(SyntaxError) -> Located<LayerName>? {
        let start = current
        guard start.kind == .identifier || start.kind == .gradientName else { return nil }
        var text = start.text
        var ahead = 1
        if start.kind == .identifier, peek().kind == .leftBracket, !peek().spaceBefore,
           ["K", "k", "gamma", "beta", "mask"].contains(start.text) {
            text += "["
            var k = 2
            while [.number, .comma].contains(peek(k).kind) { text += peek(k).text; k += 1 }
            guard peek(k).kind == .rightBracket else { return nil }
            text += "]"
            ahead = k + 1
        }
        guard let name = LayerName(text) else { return nil }
        for _ in 0..<ahead { advance() }
        return Located(name, at: start.location)
    }
}
