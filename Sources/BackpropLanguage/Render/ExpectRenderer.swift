import Backprop
import JSON
import Rendering

/// What a passing `expect` shows: one ✓ line (a display, not the cell's result).
enum ExpectRenderer {
    static func passed(_ name: ValueName, check: String, json: KeyValuePairs<String, JSONValue>) -> JSONValue {
        var object: [(key: String, value: JSONValue)] = [("kind", "expect"), ("name", .string(name.description)), ("passed", true)]
        object += json.map { (key: $0.key, value: $0.value) }
        return RichOutput(plain: "✓ \(Names.plain(name)) \(check)", json: .object(object)).bundle
    }
}
