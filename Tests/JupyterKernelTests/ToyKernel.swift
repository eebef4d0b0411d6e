import JSON
import Testing
@testable import JupyterKernel

/// The in-process server with the toy language and a welcomed client (shared by the comm,
/// subshell and widget suites).
func withToyKernel(_ body: (TestClient, ToyLanguage) throws -> Void) throws {
    let language = ToyLanguage()
    let server = try KernelServer(connection: ConnectionInfo(key: KernelServerTests.key), language: language)
    let client = try TestClient(endpoints: try server.start(), key: KernelServerTests.key)
    defer {
        client.close()
        server.requestShutdown()
        #expect(server.waitUntilStopped())
    }
    var welcomed = false
    while let m = try client.receive(on: client.iopub, timeout: 3000) {
        if m.msgType == "iopub_welcome" { welcomed = true; break }
    }
    #expect(welcomed, "iopub_welcome expected after subscribing")
    try body(client, language)
}

extension TestClient {
    /// The shell reply to `id` (skipping replies to other requests).
    func shellReply(to id: String, timeout: Int = 5000) throws -> Message? {
        while let m = try receive(on: shell, timeout: timeout) {
            if m.parentHeader["msg_id"]?.stringValue == id { return m }
        }
        return nil
    }
}
