import JSON

/// What a language tells front ends about itself (`kernel_info_reply.language_info`,
/// plus the banner and help links of the reply).
public struct LanguageInfo: Sendable {
    public var name: String
    public var version: String
    public var mimetype: String
    /// With the leading dot, e.g. ".bp".
    public var fileExtension: String
    public var pygmentsLexer: String
    public var codemirrorMode: String
    /// The kernel implementation's name and version (`implementation`, `implementation_version`).
    public var implementation: String
    public var implementationVersion: String
    public var banner: String
    public var helpLinks: [(text: String, url: String)]

    public init(
        name: String, version: String, mimetype: String, fileExtension: String,
        pygmentsLexer: String, codemirrorMode: String, implementation: String,
        implementationVersion: String, banner: String, helpLinks: [(text: String, url: String)] = []
    ) {
        self.name = name
        self.version = version
        self.mimetype = mimetype
        self.fileExtension = fileExtension
        self.pygmentsLexer = pygmentsLexer
        self.codemirrorMode = codemirrorMode
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.banner = banner
        self.helpLinks = helpLinks
    }
}

/// Where a running cell sends its output; the kernel turns each call into an iopub
/// message whose parent is the execute request. Calls are thread-safe and return
/// at once (messages are queued for the iopub thread).
public protocol OutputSink: AnyObject {
    /// `name` is "stdout" or "stderr".
    func stream(name: String, text: String)
    /// `data` is a MIME bundle object; `displayID` lets later `updateDisplay` calls replace it.
    func display(data: JSONValue, metadata: JSONValue, displayID: String?)
    /// Replaces the output shown for `displayID` (keep the same MIME types).
    func updateDisplay(data: JSONValue, metadata: JSONValue, displayID: String)
    /// Clears the cell's output; with `wait`, only when the next output arrives.
    func clearOutput(wait: Bool)
}

/// How a cell (or a user expression) ended.
public enum ExecuteOutcome: Sendable {
    /// `result` is a MIME bundle object sent as `execute_result` (nil: no result);
    /// `payload` goes into the reply (e.g. `{"source": "page", "data": {...}, "start": 0}`).
    case ok(result: JSONValue?, payload: [JSONValue])
    case error(ename: String, evalue: String, traceback: [String])
}

/// Whether code typed so far can run (`is_complete_reply`).
public enum IsCompleteStatus: Sendable, Equatable {
    case complete
    /// More input needed; `indent` is what the front end should pre-fill on the next line.
    case incomplete(indent: String)
    case invalid
    case unknown
}

/// A language the kernel runs, as xeus's interpreter interface: the kernel core owns
/// the protocol (sockets, signatures, busy/idle, history, counters) and calls these.
///
/// Threading: every method except `interrupt()` is called on the kernel's shell thread,
/// one call at a time. `interrupt()` is called from the control thread or the signal
/// thread while `execute` may be running, so it must be thread-safe (set an atomic flag
/// that the running code polls).
///
/// Cursor positions (`cursorPos`, `cursorStart`, `cursorEnd`) count Unicode code points
/// (scalars), as protocol 5.2+ says, not UTF-16 units or bytes.
public protocol KernelLanguage: AnyObject {
    var languageInfo: LanguageInfo { get }
    func execute(code: String, executionCount: Int, output: OutputSink) -> ExecuteOutcome
    func complete(code: String, cursorPos: Int) -> (matches: [String], cursorStart: Int, cursorEnd: Int)
    /// A MIME bundle describing what is at the cursor, or nil when nothing is found.
    func inspect(code: String, cursorPos: Int, detailLevel: Int) -> JSONValue?
    func isComplete(code: String) -> IsCompleteStatus
    func interrupt()
    /// Evaluates one `user_expressions` entry; `.ok(result:)` carries its MIME bundle.
    func evaluate(expression: String) -> ExecuteOutcome
}
