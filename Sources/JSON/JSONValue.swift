/// A JSON value with ordered object keys.
///
/// Objects keep their keys in insertion order so that machine-readable output has
/// stable, readable keys (`{"kind": "forward", ...}`); look-up is linear, which is
/// the right trade for the small objects of the Jupyter wire format and of results.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integer that fits in `Int`.
    case integer(Int)
    /// A floating-point number; non-finite values are written as `null`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])
    /// Already-serialised JSON text written verbatim (for example an exact integer
    /// larger than `Int`). The caller guarantees it is valid JSON.
    case raw(String)

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.number(a), .number(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.integer(a), .number(b)), let (.number(b), .integer(a)): return Double(a) == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.raw(a), .raw(b)): return a == b
        default: return false
        }
    }
}

// MARK: - Building

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }

    /// A vector of doubles.
    public static func numbers(_ values: [Double]) -> JSONValue { .array(values.map { .number($0) }) }
}

// MARK: - Reading

extension JSONValue {
    /// The value under `key` when this is an object (the first, if a key repeats).
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first(where: { $0.key == key })?.value
    }

    public var stringValue: String? { if case let .string(s) = self { return s }; return nil }
    public var boolValue: Bool? { if case let .bool(b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case let .array(a) = self { return a }; return nil }
    public var objectValue: [(key: String, value: JSONValue)]? {
        if case let .object(o) = self { return o }; return nil
    }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// The number as a `Double` (integers included); nil for anything else.
    public var doubleValue: Double? {
        switch self {
        case let .number(d): return d
        case let .integer(i): return Double(i)
        default: return nil
        }
    }

    /// The number as an `Int` when it is integral and in range; nil otherwise.
    public var intValue: Int? {
        switch self {
        case let .integer(i): return i
        case let .number(d):
            guard d.isFinite, d.rounded() == d, abs(d) < 9.0e15 else { return nil }
            return Int(d)
        default: return nil
        }
    }

    /// Returns a copy of this object with `key` set to `value` (replacing or appending).
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case var .object(pairs) = self else { return self }
        if let i = pairs.firstIndex(where: { $0.key == key }) {
            pairs[i].value = value
        } else {
            pairs.append((key: key, value: value))
        }
        return .object(pairs)
    }
}
