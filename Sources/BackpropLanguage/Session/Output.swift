import JSON

/// MIME types of the bundles this language produces.
public enum MIME {
    public static let plain = "text/plain"
    public static let html = "text/html"
    public static let latex = "text/latex"
    public static let svg = "image/svg+xml"
    /// The machine-readable part: the spec's JSON objects at full precision.
    ///
    /// A vendor type rather than `application/json`: JupyterLab and Notebook 7 rank
    /// `application/json` above `text/html` (its JSON viewer has rank 0), so a bundle carrying
    /// it would show a JSON tree instead of the tables. `backprop-kernel run --json` prints this
    /// part, one object per line.
    public static let json = "application/vnd.backprop+json"
}

/// One thing a cell produces, in order.
public enum Output: Sendable {
    public enum Stream: String, Sendable { case stdout, stderr }

    /// Text to standard output or standard error (`print`, `warn`, warnings).
    case stream(Stream, String)
    /// A MIME bundle shown in the output area, with an id when it will be updated (training progress).
    case display(JSONValue, displayID: String?)
    /// Replaces an earlier display with the same id.
    case updateDisplay(JSONValue, displayID: String)
    /// Clears the cell's output (`clear`).
    case clear(wait: Bool)
    /// The cell's result: the last statement's bundle.
    case result(JSONValue)
    /// Text for the pager (`help`).
    case page(JSONValue)
    /// `exit`/`quit`: the front end should end the session (jupyter console closes).
    case exit

    /// The machine-readable object of this output, if it has one (for `run --json`).
    public var machineReadable: JSONValue? {
        switch self {
        case let .display(bundle, _), let .result(bundle), let .page(bundle):
            return bundle[MIME.json]
        case let .stream(stream, text):
            return ["kind": "stream", "name": .string(stream.rawValue), "text": .string(text)]
        case .updateDisplay, .clear, .exit:
            return nil
        }
    }

    /// The text/plain form, if any.
    public var plainText: String? {
        switch self {
        case let .display(bundle, _), let .result(bundle), let .page(bundle), let .updateDisplay(bundle, _):
            return bundle[MIME.plain]?.stringValue
        case let .stream(_, text): return text
        case .clear, .exit: return nil
        }
    }
}
