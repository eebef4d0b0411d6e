/// One weight w_{l i j} = W_l[i, j] or bias b_{l i}, with 1-based indices as in the notes.
public enum ParameterID: Hashable, Sendable, CustomStringConvertible {
    case weight(layer: Int, row: Int, column: Int)
    case bias(layer: Int, unit: Int)

    public var layer: Int {
        switch self {
        case let .weight(l, _, _), let .bias(l, _): return l
        }
    }

    /// The unit the parameter feeds (i).
    public var unit: Int {
        switch self {
        case let .weight(_, i, _), let .bias(_, i): return i
        }
    }

    /// `w212`, `b13`, or with a multi-digit index `w[2,1,12]`, `b[1,13]`.
    public var description: String {
        switch self {
        case let .weight(l, i, j): return UnitName.join("w", [l, i, j])
        case let .bias(l, i): return UnitName.join("b", [l, i])
        }
    }
}

/// Names of nodes in the network graph, in the notes' compact style. The one naming rule:
/// indices run together when every index is one digit (`212`), else they are separated by
/// commas (`2,1,12`). Every spelling of a name (ASCII, subscripts, LaTeX) uses it.
public enum UnitName {
    /// Whether the indices are written run together.
    public static func isCompact(_ indices: [Int]) -> Bool { indices.allSatisfy { (0...9).contains($0) } }

    /// `212` or `2,1,12`.
    public static func indexText(_ indices: [Int]) -> String {
        indices.map(String.init).joined(separator: isCompact(indices) ? "" : ",")
    }

    /// `a21` when every index is one digit, else `a[2,13]`.
    public static func join(_ prefix: String, _ indices: [Int]) -> String {
        isCompact(indices) ? prefix + indexText(indices) : prefix + "[" + indexText(indices) + "]"
    }
}
