import JSON

/// The parts of one MIME bundle, assembled in a fixed order.
struct RichOutput {
    var plain: String
    var html: String?
    var latex: String?
    var svg: String?
    var json: JSONValue

    var bundle: JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [(MIME.plain, .string(plain))]
        if let html { pairs.append((MIME.html, .string("<div class=\"backprop-output\">" + html + "</div>"))) }
        if let latex { pairs.append((MIME.latex, .string(latex))) }
        if let svg { pairs.append((MIME.svg, .string(svg))) }
        pairs.append((MIME.json, json))
        return .object(pairs)
    }
}

extension JSONValue {
    /// A matrix as rows of numbers.
    static func matrix(_ rows: [[Double]]) -> JSONValue { .array(rows.map { .numbers($0) }) }
}
