import Backprop
import JSON
import Rendering

/// The names a session defines, for completion.
enum NameCatalog {
    /// Networks with more parameters than this offer matrices but not each weight.
    static let perParameterLimit = 200

    static func names(for state: SessionState) -> [String] {
        var names: [String] = []
        if state.x != nil { names.append("x") }
        if state.y != nil { names.append("y") }
        guard let network = state.network else { return names }
        var values: [ValueName] = [.output, .loss]
        for l in 1...network.depth {
            values += [.weights(layer: l), .biases(layer: l), .preActivations(layer: l), .activations(layer: l)]
        }
        if network.parameterCount <= perParameterLimit {
            values += network.parameterIDs.map(Names.valueName)
        }
        names += values.map(\.description)
        names += values.filter { $0 != .loss }.map { ValueName.gradient($0).description }
        return names
    }
}

/// Inspection (shift-tab in a notebook): help for a statement keyword, or the value and shape
/// of a name under the cursor.
enum Inspection {
    static func inspect(_ code: String, cursor: Int, state: SessionState) -> JSONValue? {
        // A name never spans lines: only the cursor's line is copied.
        let line = CursorLine(code, cursor: cursor)
        let scalars = line.scalars
        let cursor = line.cursor
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "/" || s == "∂" || s == "[" || s == "]" || s == ","
        }
        var start = cursor, end = cursor
        while start > 0, isNameScalar(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
        // A cursor just after a word on a line by itself: use the line's first word.
        var word = String(String.UnicodeScalarView(scalars[start..<end]))
        if word.isEmpty {
            let view = code.unicodeScalars
            let lastLine = view.lastIndex(of: "\n").map { view[view.index(after: $0)...] } ?? view[...]
            word = String(Substring(lastLine)).split(separator: " ").first.map(String.init) ?? ""
        }
        guard !word.isEmpty else { return nil }
        // Statement keywords first (`loss` is also a name), then names, then other help topics
        // (help maps every value name to its "names" topic, which would hide the value).
        let help = { Help.entry(for: word).map { HelpRenderer.bundle($0.text, topic: word) } }
        if Vocabulary.statements.contains(word) { return help() }
        guard let name = ValueName(word) else { return help() }
        guard let value = try? ValueLookup(state: state).value(of: name) else {
            let text = "\(name): not available yet (define the network and data first)"
            return RichOutput(plain: text, json: ["kind": "inspect", "name": .string(name.description), "available": false]).bundle
        }
        let bundle = ValueRenderer.bundle(name: name, value: value, format: .init(precision: state.precision))
        let shape: String
        switch value {
        case .scalar: shape = "a number"
        case let .vector(v): shape = "\(v.count) values"
        case let .matrix(m): shape = "\(m.rows)×\(m.cols)"
        }
        return bundle.setting(MIME.plain, to: .string((bundle[MIME.plain]?.stringValue ?? "") + "\n(\(shape))"))
    }
}
