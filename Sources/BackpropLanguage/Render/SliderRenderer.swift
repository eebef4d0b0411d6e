import Backprop
import JSON
import Rendering

/// `slider`'s outputs: the live view (the loss, then the chosen pass), the text a front end
/// without widgets gets instead, and notes that replace the view when a move cannot apply.
///
/// Every view has the same MIME parts (text/plain, text/html, the JSON part), as
/// update_display_data needs.
enum SliderRenderer {
    /// The view: "L = … at w212 = …", then the parts (forward, explain or backward).
    static func view(_ parts: [JSONValue], state: SessionState, moved: [(ValueName, Double)]) -> JSONValue {
        let format = NumberFormat(precision: state.precision)
        let loss = loss(state)
        var head: [Cell] = loss.map { ["L = ", .number($0)] } ?? ["(no targets y: set y to see the loss)"]
        for (k, (name, value)) in moved.enumerated() {
            head.append(.text(k == 0 ? (loss == nil ? "  " : " at ") : ", "))
            head += [.text(Names.plain(name) + " = "), .number(value)]
        }
        var document = Document(format: format)
        document.headline(head)
        let json: JSONValue = [
            "kind": "slider_view", "loss": loss.map { .number($0) } ?? .null,
            "parameters": .object(moved.map { ($0.0.description, .number($0.1)) }),
            "view": .array(parts.compactMap { $0[MIME.json] }),
        ]
        // The exact loss rides on the view as data-loss (a test reads it; the text is rounded).
        // The exact numbers ride on the view as data-* attributes (a test reads them; the text is
        // rounded): the loss, and the parameters as JSON.
        let parameters = (json["parameters"] ?? .null).serialized().replacing("\"", with: "&quot;")
        return combine(document, parts, json: json,
                       attribute: (loss.map { " data-loss=\"\($0)\"" } ?? "") + " data-parameters=\"\(parameters)\"")
    }

    /// One live bundle from a headline document and statements' bundles: text/plain, text/html
    /// and the JSON part only, so every update has the same MIME parts.
    static func combine(_ head: Document, _ parts: [JSONValue], json: JSONValue, attribute: String = "") -> JSONValue {
        let top = RichOutput(document: head, json: .null).bundle
        let plain = ([top[MIME.plain]?.stringValue] + parts.map { $0[MIME.plain]?.stringValue })
            .compactMap { $0 }.joined(separator: "\n\n")
        let html = "<div class=\"backprop-live\"\(attribute)>"
            + ([top[MIME.html]?.stringValue] + parts.map { $0[MIME.html]?.stringValue }).compactMap { $0 }.joined()
            + "</div>"
        return [MIME.plain: .string(plain), MIME.html: .string(html), MIME.json: json]
    }

    /// The loss at the state's parameters (nil without matching targets).
    static func loss(_ state: SessionState) -> Double? {
        guard let network = state.network, let x = state.x, let y = state.y,
              (try? network.validate(x: x, y: y)) != nil,
              let cache = try? network.forward(x, targets: y) else { return nil }
        return cache.loss
    }

    /// In place of the view, with the same MIME parts.
    static func note(_ text: String, format: NumberFormat) -> JSONValue {
        let bundle = RichOutput(plain: text, json: ["kind": "slider_note", "text": .string(text)]).bundle
        return [MIME.plain: bundle[MIME.plain] ?? .string(text),
                MIME.html: .string("<div class=\"backprop-live\">" + (bundle[MIME.html]?.stringValue ?? "") + "</div>"),
                MIME.json: bundle[MIME.json] ?? .null]
    }

    /// What a console (no widgets) is told.
    static func unavailable(_ values: [(ValueName, Double)], format: NumberFormat) -> JSONValue {
        let text = fallbackText(values, format: format)
        return RichOutput(plain: text, json: [
            "kind": "slider", "available": false,
            "parameters": .object(values.map { ($0.0.description, .number($0.1)) }),
        ]).bundle
    }

    /// The text/plain of the sliders: what to type instead.
    static func fallbackText(_ values: [(ValueName, Double)], format: NumberFormat) -> String {
        let now = values.map { "\($0.0) = \(format.string($0.1))" }.joined(separator: ", ")
        let example = values.first.map { "\($0.0)" } ?? "w212"
        return "sliders need a notebook front end (JupyterLab or Notebook with ipywidgets); use `\(example) = …` "
            + "and `forward` instead (now \(now))"
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let failure as StatementFailure: failure.message
        case let failure as LanguageError: failure.message
        case let failure as BackpropError: failure.description
        default: "\(error)"
        }
    }
}
