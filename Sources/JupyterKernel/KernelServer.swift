#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import JSON
import Synchronization
import ZeroMQ

/// The kernel: binds the five channels of a connection file and serves a language.
///
/// Threads: shell (+ stdin) runs requests and the language; control answers
/// kernel_info, interrupt and shutdown even while a cell runs; iopub owns the XPUB
/// socket and publishes what the others queue; heartbeat echoes; an optional watcher
/// takes SIGINT/SIGTERM and notices a dead parent. Run it from a function (not
/// top-level globals) so sockets close and the last replies leave on shutdown.
public final class KernelServer: Sendable {
    public struct Configuration: Sendable {
        /// Largest accepted request, all frames together (bytes). libzmq refuses a larger
        /// frame before reading it (ZMQ_MAXMSGSIZE, the peer is disconnected); a message
        /// whose frames add up to more is discarded frame by frame without being kept.
        public var maxMessageBytes: Int = 16 << 20
        /// Complete messages libzmq may queue per peer on shell, control and stdin before it
        /// stops reading that peer's connection (ZMQ_RCVHWM). With the message limit this
        /// bounds what one peer pins: about (queue + 2) × maxMessageBytes.
        public var requestQueueMessages: Int32 = 1
        /// Code longer than this (bytes) is not recorded in the history, and is_complete,
        /// complete and inspect answer it at once without calling the language.
        public var maxCellBytes: Int = 8 << 20
        /// The history keeps at most this many bytes of cells (oldest forgotten first).
        public var historyBytes: Int = 4 << 20
        /// A subscriber whose connection is this many bytes behind is disconnected (its
        /// libzmq reconnects and is welcomed again): what one non-reading subscriber pins.
        public var iopubSubscriberBytes: Int = 16 << 20
        /// A signed request whose header `date` is older than this (seconds) is refused as a
        /// replay; 0 turns the check off.
        public var replayWindowSeconds: Double = 300
        /// Milliseconds sockets keep unsent messages after close (the last replies).
        public var linger: Int32 = 1000
        /// Take SIGINT/SIGTERM with sigtimedwait (call `SignalWatcher.blockTerminationSignals()` first).
        public var handleSignals: Bool = false
        /// Shut down when the parent process exits.
        public var watchParent: Bool = false
        public init() {}
    }

    /// The endpoints actually bound (ports resolved when the connection file said 0).
    public struct Endpoints: Sendable {
        public var shell = "", control = "", stdin = "", iopub = "", heartbeat = ""
    }

    let connection: ConnectionInfo
    let configuration: Configuration
    let state: KernelState
    let codec: WireCodec
    let context: Context
    let session: String
    let watch: ConnectionWatch
    let threads = Mutex<[(name: String, thread: KernelThread)]>([])
    private let bound = Locked(Endpoints())
    /// Set when `waitUntilStopped` has finished its clean-up.
    let stopped = Atomic<Bool>(false)

    public init(connection: ConnectionInfo, language: KernelLanguage, configuration: Configuration = Configuration()) throws {
        if let secret = connection.curveSecretKey {
            guard Curve.isAvailable else { throw KernelError.curveUnavailable }
            guard Curve.publicKey(secretZ85: secret) == connection.curvePublicKey else { throw KernelError.curveKeysMismatch }
        }
        self.connection = connection
        self.configuration = configuration
        var codec = WireCodec(key: connection.key, maxMessageBytes: configuration.maxMessageBytes,
                              replayWindowSeconds: configuration.replayWindowSeconds)
        // JSON escapes at most double ordinary code (jupyter_client writes UTF-8 as is).
        codec.maxLookupContentBytes = 2 * configuration.maxCellBytes + (64 << 10)
        self.codec = codec
        self.session = MessageHeader.newUUID()
        // A legitimate peer is at most one queued message, one in libzmq's hands and what its
        // socket buffer holds ahead of the kernel.
        self.watch = ConnectionWatch(maxUndelivered: 2 * configuration.maxMessageBytes + (4 << 20),
                                     channels: ["shell", "control", "stdin"], session: session)
        self.context = try Context()
        let publisher = try IOPubPublisher(codec: codec, session: session)
        let outbox = try ShellOutbox(codec: codec, session: session)
        state = KernelState(language: LanguageBox(language), publisher: publisher, outbox: outbox,
                            kernelInfo: kernelInfoContent(language.languageInfo), configuration: configuration)
        state.language.attach(comms: state.comms)
    }

    public var endpoints: Endpoints { bound.value }

    /// Binds every channel and starts the threads; returns once all are bound.
    @discardableResult
    public func start() throws -> Endpoints {
        let c = connection
        try startWatch()
        // Every channel's thread creates and binds its socket at once, shell first: a client that
        // connects before a port is bound waits for libzmq's reconnect (100-200 ms in
        // jupyter_client), so the ports are listening as early as the process can make them.
        var pending: [PendingChannel] = []
        // The shell router owns stdin too (this kernel never asks for input).
        let stdinEndpoint = c.endpoint(port: c.stdinPort)
        pending.append(try startChannel("shell", type: .router, endpoint: c.endpoint(port: c.shellPort), store: { $0.shell = $1 }) {
            [state, codec, session, configuration, bound, watch] socket in
            try Self.watchConnections(socket, "shell", watch)
            let stdin = try Socket(context: socket.context, type: .router)
            try Self.configureSocket(stdin, configuration, c)
            try Self.watchConnections(stdin, "stdin", watch)
            do { try stdin.bind(stdinEndpoint) } catch { throw KernelError.bindFailed(channel: "stdin", "\(error)") }
            let stdinEndpoint = (try? stdin.lastEndpoint) ?? stdinEndpoint
            bound.withLock { $0.stdin = stdinEndpoint }
            let shell = RequestChannel(name: "shell", socket: socket, codec: codec, session: session, watch: watch)
            let stdinChannel = RequestChannel(name: "stdin", socket: stdin, codec: codec, session: session, watch: watch)
            return { runShellRouter(shell: shell, stdin: stdinChannel, state: state) }
        })
        pending.append(try startChannel("iopub", type: .xpub, endpoint: c.endpoint(port: c.iopubPort), store: { $0.iopub = $1 }) {
            [state, configuration] socket in
            try socket.setXPubVerbose(true)
            try socket.setSendHighWaterMark(100_000)
            // Incoming iopub frames are subscriptions: Jupyter's are empty or short, and libzmq
            // stores each at tens of bytes per topic byte (see SubscriberGuard).
            try socket.setMaxMessageSize(Int64(SubscriberGuard.maxTopicBytes + 1))
            try socket.setReceiveHighWaterMark(16)
            let guardian = SubscriberGuard(maxBehindBytes: configuration.iopubSubscriberBytes)
            return { runIOPub(socket: socket, publisher: state.publisher, guardian: guardian,
                              shouldStop: { state.shouldStop && state.iopubMayStop }) }
        })
        pending.append(try startChannel("heartbeat", type: .rep, endpoint: c.endpoint(port: c.hbPort), store: { $0.heartbeat = $1 }) {
            [state] socket in
            // Pings are tiny (jupyter_client sends b"ping"); bound what a peer can make us echo.
            try socket.setMaxMessageSize(Int64(heartbeatMaxBytes))
            try socket.setReceiveHighWaterMark(16)
            try socket.setSendHighWaterMark(16)
            return { runHeartbeat(socket: socket, shouldStop: { state.shouldStop }) }
        })
        pending.append(try startChannel("control", type: .router, endpoint: c.endpoint(port: c.controlPort), store: { $0.control = $1 }) {
            [state, codec, session, watch] socket in
            try Self.watchConnections(socket, "control", watch)
            let channel = RequestChannel(name: "control", socket: socket, codec: codec, session: session, watch: watch)
            return { runControl(channel: channel, state: state) }
        })
        // The main shell's thread (the router queues its requests until it runs); subshells get theirs from create_subshell_request.
        let mainShell = try KernelThread(name: "kernel-shell-main") { [state] in runShellWorker(state.shells.main, state: state) }
        threads.withLock { $0.append(("shell-main", mainShell)) }
        try awaitChannels(pending)
        if configuration.handleSignals || configuration.watchParent {
            let t = try KernelThread(name: "kernel-signals") { [state, configuration, self] in
                SignalWatcher.run(state: state, handleSignals: configuration.handleSignals,
                                  watchParent: configuration.watchParent, parentDied: { self.parentDied() })
            }
            threads.withLock { $0.append(("signals", t)) }
        }
        let e = endpoints
        state.connectContent.withLock {
            $0 = ["status": "ok", "shell_port": .integer(Self.port(e.shell)), "iopub_port": .integer(Self.port(e.iopub)),
                  "stdin_port": .integer(Self.port(e.stdin)), "hb_port": .integer(Self.port(e.heartbeat)),
                  "control_port": .integer(Self.port(e.control))]
        }
        if let registration = c.registrationEndpoint, let id = c.kernelID {
            do { try register(at: registration, kernelID: id, endpoints: e) } catch {
                state.requestStop(restart: false)
                state.iopubMayStopFlag.store(true, ordering: .releasing)
                throw error
            }
        }
        return e
    }

    /// Asks the kernel to stop (as a shutdown_request does).
    public func requestShutdown(restart: Bool = false) { state.requestStop(restart: restart) }

    public var isStopping: Bool { state.shouldStop }
    public var restartRequested: Bool { state.restartRequested.load(ordering: .acquiring) }

    /// Blocks until shutdown: waits for the threads, gives a shell thread stuck in user
    /// code a grace period, lets iopub publish the last idle, then terminates the
    /// context so lingering replies are flushed. Returns whether every thread finished.
    @discardableResult
    public func waitUntilStopped(shellGrace: Double = 3) -> Bool {
        while !state.shouldStop { usleepSeconds(0.05) }
        let all = threads.withLock { $0 }
        var clean = true
        for (name, thread) in all where name != "iopub" {
            if !thread.join(timeout: name.hasPrefix("shell") ? shellGrace : 5) {
                KernelLog.warning("\(name) thread did not finish")
                clean = false
            }
        }
        state.iopubMayStopFlag.store(true, ordering: .releasing)
        for (name, thread) in all where name == "iopub" && !thread.join(timeout: 5) { clean = false }
        if clean {
            context.terminate()
        } else {
            usleepSeconds(0.5) // let the I/O threads flush what was queued
        }
        removeSocketFiles()
        KernelLog.flush()
        stopped.store(true, ordering: .releasing)
        return clean
    }

    /// `start()` then `waitUntilStopped()`.
    public func run() throws {
        try start()
        waitUntilStopped()
    }

    // MARK: - Channel threads

    /// A channel thread started by `startChannel`: it signals `ready` once its socket is
    /// bound, with a failure text in `failure` when it could not.
    final class PendingChannel: Sendable {
        let name: String
        let ready = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        init(name: String) { self.name = name }
    }

    /// Starts the thread that owns channel `name`: it creates and binds the socket, reports
    /// the endpoint, then runs the loop `setup` returns. `awaitChannels` waits until it is bound.
    private func startChannel(_ name: String, type: SocketType, endpoint: String,
                              store: @escaping @Sendable (inout Endpoints, String) -> Void,
                              setup: @escaping @Sendable (Socket) throws -> (() -> Void)) throws -> PendingChannel {
        let pending = PendingChannel(name: name)
        let ready = pending.ready
        let context = self.context, configuration = self.configuration, bound = self.bound
        let connection = self.connection
        let thread = try KernelThread(name: "kernel-\(name)") { [pending] in
            let loop: () -> Void
            let socket: Socket
            do {
                socket = try Socket(context: context, type: type)
                try Self.configureSocket(socket, configuration, connection)
                loop = try setup(socket)
                try socket.bind(endpoint)
                let actual = try socket.lastEndpoint
                bound.withLock { store(&$0, actual) }
            } catch {
                pending.failure.withLock { $0 = "\(error)" }
                ready.signal()
                return
            }
            ready.signal()
            loop()
            socket.close()
        }
        threads.withLock { $0.append((name, thread)) }
        return pending
    }

    /// Waits until every channel in `pending` is bound; stops the kernel on the first failure.
    private func awaitChannels(_ pending: [PendingChannel]) throws {
        let deadline = DispatchTime.now() + 10
        for channel in pending {
            guard channel.ready.wait(timeout: deadline) == .success else {
                state.requestStop(restart: false)
                state.iopubMayStopFlag.store(true, ordering: .releasing)
                throw KernelError.startTimedOut
            }
        }
        for channel in pending {
            if let failure = channel.failure.withLock({ $0 }) {
                state.requestStop(restart: false)
                state.iopubMayStopFlag.store(true, ordering: .releasing)
                throw KernelError.bindFailed(channel: channel.name, failure)
            }
        }
    }

    static func port(_ endpoint: String) -> Int {
        guard let colon = endpoint.lastIndex(of: ":") else { return 0 }
        return Int(endpoint[endpoint.index(after: colon)...]) ?? 0
    }
}

func usleepSeconds(_ seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 { request = remaining }
}

extension KernelState {
    /// iopub keeps running until the other threads are done, so their last messages go out.
    var iopubMayStop: Bool { iopubMayStopFlag.load(ordering: .acquiring) }
}
