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

/// Where a running cell (or a comm handler) sends its output; the kernel turns each call
/// into an iopub message whose parent is the request being handled (the execute request, or
/// the comm message). Calls are thread-safe, from any thread, and return at once (messages
/// are queued for the iopub thread).
public protocol OutputSink: AnyObject, Sendable {
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
/// Threading. Shell requests run on the main shell's thread or, with subshells (JEP 91), on
/// a subshell's thread, so calls can come from several threads:
/// - `execute`, `complete`, `inspect`, `isComplete` and `evaluate` are called one at a time
///   (the kernel holds one lock across all shells around them) unless
///   `allowsConcurrentRequests` is true.
/// - Comm callbacks (targets' open handlers, `Comm.onMessage`, `Comm.onClose`) run on the
///   thread of the shell that received the message, outside that lock, so they run while an
///   `execute` is running (on another shell) and must never wait for it: guard shared state
///   with short critical sections, and signal the running cell through flags it polls.
/// - `interrupt()` is called from the control or signal thread at any time: make it
///   thread-safe (set an atomic flag that the running code polls).
/// - `attach(comms:)` is called once, before the kernel serves anything.
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
    /// Gives the language the kernel's comms: register targets (`comms.registerTarget`) and keep
    /// `comms` to open comms from a cell later (`comms.open`). Default: no comms.
    func attach(comms: CommManager)
    /// True when the request methods above are safe to call concurrently from several shells.
    /// Default false: the kernel serialises them.
    var allowsConcurrentRequests: Bool { get }
}

extension KernelLanguage {
    public func attach(comms: CommManager) {}
    public var allowsConcurrentRequests: Bool { false }
}
