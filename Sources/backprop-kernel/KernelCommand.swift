import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import BackpropLanguage
import JupyterKernel

/// `backprop-kernel kernel -f CONNECTION_FILE`: what a Jupyter front end runs
/// (kernel.json's argv). Serves until shutdown_request, SIGTERM or the parent's death.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run as a Jupyter kernel (started by Jupyter with a connection file)."
    )

    @Option(name: [.customShort("f"), .customLong("connection-file")], help: "The connection file Jupyter wrote.")
    var connectionFile: String

    /// The connection file when `arguments` are exactly `kernel -f FILE` (or `--connection-file
    /// FILE`, `--connection-file=FILE`); nil for anything else, which ArgumentParser handles.
    static func connectionFile(fromArguments arguments: [String]) -> String? {
        guard arguments.first == "kernel" else { return nil }
        let rest = Array(arguments.dropFirst())
        if rest.count == 2, rest[0] == "-f" || rest[0] == "--connection-file", !rest[1].hasPrefix("-") {
            return rest[1]
        }
        if rest.count == 1, rest[0].hasPrefix("--connection-file="), rest[0].count > "--connection-file=".count {
            return String(rest[0].dropFirst("--connection-file=".count))
        }
        return nil
    }

    func run() throws {
        // Before any thread exists, so every thread inherits the mask and only the
        // signal thread receives SIGINT/SIGTERM (SIGINT must never kill the kernel).
        SignalWatcher.blockTerminationSignals()

        guard let data = FileManager.default.contents(atPath: connectionFile) else {
            throw ValidationError("cannot read connection file \(connectionFile)")
        }
        let connection: ConnectionInfo
        do { connection = try ConnectionInfo(json: [UInt8](data)) } catch {
            throw ValidationError(error.description)
        }
        if connection.keyMissing {
            StartupLog.warn("warning: the connection file has no \"key\": messages are not signed, so anyone "
                + "who can reach the kernel's ports can run code")
        }
        var configuration = KernelServer.Configuration()
        configuration.maxCellBytes = Session.maxCellBytes
        configuration.handleSignals = true
        configuration.watchParent = true
        // getenv, not ProcessInfo.environment: that builds a dictionary of the whole
        // environment (1.4 M instructions in a debug build) before the ports are bound.
        if let text = Self.environment("BACKPROP_KERNEL_MAX_MESSAGE_BYTES"),
           let limit = Int(text), limit > 0 {
            configuration.maxMessageBytes = limit
        }
        if let text = Self.environment("BACKPROP_KERNEL_REPLAY_WINDOW"),
           let seconds = Double(text), seconds >= 0, seconds.isFinite {
            configuration.replayWindowSeconds = seconds
        }
        try serve(connection: connection, configuration: configuration)
        // Threads stuck in user code must not keep the process alive after shutdown.
        fflush(nil)
        Glibc.exit(0)
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Inside a function, not top-level globals: the server (and its sockets) must be
    /// released at the end so the last replies are flushed (see platform facts).
    private func serve(connection: ConnectionInfo, configuration: KernelServer.Configuration) throws {
        let server = try KernelServer(connection: connection, language: BackpropKernelLanguage(),
                                      configuration: configuration)
        try server.run()
    }
}

/// One line to standard error, written directly (before the kernel's own log exists).
enum StartupLog {
    static func warn(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
