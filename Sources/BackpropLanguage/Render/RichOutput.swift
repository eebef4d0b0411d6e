import JSON
import Rendering

/// One statement's output: the format-neutral document (written by every backend in
/// `DocumentBackends.all`, one MIME part each) and its machine-readable part.
struct RichOutput {
    var document: Document
    var json: JSONValue

    init(document: Document, json: JSONValue) {
        self.document = document
        self.json = json
    }

    /// A one-line output (a confirmation, "not available yet").
    init(plain text: String, json: JSONValue) {
        self.init(document: Document([.paragraph(.text(text))]), json: json)
    }

    var bundle: JSONValue {
        var pairs: [(key: String, value: JSONValue)] = []
        for backend in DocumentBackends.all {
            if let text = backend.render(document) { pairs.append((backend.mime, .string(text))) }
        }
        // The first picture also as its own part, for front ends that show images but not HTML.
        if let svg = document.pictures.first(where: \.asImagePart)?.svg { pairs.append((MIME.svg, .string(svg))) }
        pairs.append((MIME.json, json))
        return .object(pairs)
    }
}

extension JSONValue {
    /// A matrix as rows of numbers.
    static func matrix(_ rows: [[Double]]) -> JSONValue { .array(rows.map { .numbers($0) }) }
}
