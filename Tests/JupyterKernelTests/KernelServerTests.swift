import JSON
import Testing
@testable import JupyterKernel
import ZeroMQ

/// The real server, in-process on loopback with free ports, driven by real sockets.
@Suite(.serialized, .timeLimit(.minutes(1))) struct KernelServerTests {
    static let key = "test-key-0123"

    func withKernel(_ body: (TestClient, ToyLanguage, KernelServer) throws -> Void) throws {
        let language = ToyLanguage()
        let server = try KernelServer(connection: ConnectionInfo(key: Self.key), language: language)
        let endpoints = try server.start()
        let client = try TestClient(endpoints: endpoints, key: Self.key)
        defer {
            client.close()
            server.requestShutdown()
            #expect(server.waitUntilStopped())
        }
        // Wait for the subscription to be seen: the welcome message proves it.
        var welcomed = false
        while let m = try client.receive(on: client.iopub, timeout: 3000) {
            if m.msgType == "iopub_welcome" { welcomed = true; break }
        }
        #expect(welcomed, "iopub_welcome expected after subscribing")
        try body(client, language, server)
    }

    @Test func kernelInfoOnShellAndControl() throws {
        try withKernel { client, _, _ in
            for socket in [client.shell, client.control] {
                let id = try client.send("kernel_info_request", on: socket)
                let reply = try #require(try client.receive(on: socket))
                #expect(reply.msgType == "kernel_info_reply")
                #expect(reply.parentHeader["msg_id"]?.stringValue == id)
                #expect(reply.content["protocol_version"] == "5.5")
                #expect(reply.content["language_info"]?["name"] == "toy")
                #expect(reply.header["version"] == "5.5")
                let statuses = try client.iopubUntilIdle(parent: id).map { $0.content["execution_state"]?.stringValue }
                #expect(statuses == ["busy", "idle"])
            }
        }
    }

    @Test func executeOrderAndOutputs() throws {
        try withKernel { client, _, _ in
            let id = try client.send("execute_request", content: ["code": "print hello", "silent": false])
            let reply = try #require(try client.receive(on: client.shell))
            #expect(reply.content["status"] == "ok")
            #expect(reply.content["execution_count"] == 1)
            let types = try client.iopubUntilIdle(parent: id).map(\.msgType)
            #expect(types == ["status", "execute_input", "stream", "status"])

            let id2 = try client.send("execute_request", content: ["code": "value 42", "user_expressions": ["a": "abc"]])
            let reply2 = try #require(try client.receive(on: client.shell))
            #expect(reply2.content["execution_count"] == 2)
            #expect(reply2.content["user_expressions"]?["a"]?["data"]?["text/plain"] == "ABC")
            let messages = try client.iopubUntilIdle(parent: id2)
            let result = try #require(messages.first { $0.msgType == "execute_result" })
            #expect(result.content["data"]?["text/plain"] == "42")
            #expect(result.content["execution_count"] == 2)

            let id3 = try client.send("history_request", content: ["hist_access_type": "tail", "n": 10, "output": true, "raw": true])
            let hist = try #require(try client.receive(on: client.shell))
            #expect(hist.parentHeader["msg_id"]?.stringValue == id3)
            #expect(hist.content["history"] == [[1, 1, ["print hello", nil]], [1, 2, ["value 42", "42"]]])
        }
    }

    @Test func errorAbortsQueuedExecutes() throws {
        try withKernel { client, language, _ in
            try client.send("execute_request", content: ["code": "fail", "stop_on_error": true])
            try client.send("execute_request", content: ["code": "print never"])
            let r1 = try #require(try client.receive(on: client.shell))
            #expect(r1.content["status"] == "error")
            #expect(r1.content["ename"] == "ToyError")
            let r2 = try #require(try client.receive(on: client.shell))
            #expect(r2.content["status"] == "aborted")
            #expect(language.executed.withLock { $0 } == ["fail"])
        }
    }

    @Test func interruptOnControlWhileExecuting() throws {
        try withKernel { client, _, _ in
            try client.send("execute_request", content: ["code": "spin"])
            // Control answers while shell is busy.
            usleepSeconds(0.2)
            try client.send("kernel_info_request", on: client.control)
            #expect(try client.receive(on: client.control, timeout: 1000)?.msgType == "kernel_info_reply")
            try client.send("interrupt_request", on: client.control)
            #expect(try client.receive(on: client.control, timeout: 1000)?.msgType == "interrupt_reply")
            let reply = try #require(try client.receive(on: client.shell, timeout: 2000))
            #expect(reply.content["ename"] == "Interrupted")
            try client.heartbeat.send([1, 2, 3])
            #expect(try poll([.socket(client.heartbeat)], timeout: 1000)[0])
            #expect(try client.heartbeat.receiveFrame().frame == [1, 2, 3])
        }
    }

    @Test func forgedSignatureGetsNoReplyAndRunsNothing() throws {
        try withKernel { client, language, _ in
            try client.send("execute_request", content: ["code": "print forged"], codec: WireCodec(key: "wrong"))
            try client.send("execute_request", content: ["code": "print unsigned"], codec: WireCodec(key: ""))
            #expect(try client.receive(on: client.shell, timeout: 500) == nil)
            try client.shell.send(multipart: [WireCodec.delimiter, [], Array("x".utf8)]) // malformed
            try client.shell.send(multipart: [[1, 2, 3]])
            try client.send("kernel_info_request")
            #expect(try client.receive(on: client.shell, timeout: 2000)?.msgType == "kernel_info_reply")
            #expect(language.executed.withLock { $0 }.isEmpty)
        }
    }

    @Test func completeInspectIsCompleteCommOpen() throws {
        try withKernel { client, _, _ in
            try client.send("complete_request", content: ["code": "pr", "cursor_pos": 2])
            let c = try #require(try client.receive(on: client.shell))
            #expect(c.content["matches"] == ["print"])
            #expect(c.content["cursor_end"] == 2)
            try client.send("inspect_request", content: ["code": "print", "cursor_pos": 5, "detail_level": 0])
            let i = try #require(try client.receive(on: client.shell))
            #expect(i.content["found"] == true)
            try client.send("is_complete_request", content: ["code": "a \\"])
            let ic = try #require(try client.receive(on: client.shell))
            #expect(ic.content["status"] == "incomplete")
            #expect(ic.content["indent"] == "  ")
            let id = try client.send("comm_open", content: ["comm_id": "c1", "target_name": "nothing", "data": .object([])])
            let types = try client.iopubUntilIdle(parent: id).map(\.msgType)
            #expect(types == ["status", "comm_close", "status"])
            try client.send("comm_info_request")
            #expect(try client.receive(on: client.shell)?.content["comms"] == .object([]))
        }
    }

    @Test func shutdownOnControlReplies() throws {
        let language = ToyLanguage()
        let server = try KernelServer(connection: ConnectionInfo(key: Self.key), language: language)
        let client = try TestClient(endpoints: try server.start(), key: Self.key)
        defer { client.close() }
        try client.send("shutdown_request", content: ["restart": true], on: client.control)
        let reply = try #require(try client.receive(on: client.control))
        #expect(reply.content["restart"] == true)
        #expect(server.waitUntilStopped())
        #expect(server.restartRequested)
    }
}

/// Every readable, validly signed request is answered (issue 10 §3), on the in-process server.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ReplyRuleServerTests {
    @Test func debugAndUnknownRequestsGetErrorReplies() throws {
        let language = ToyLanguage()
        let server = try KernelServer(connection: ConnectionInfo(key: KernelServerTests.key), language: language)
        let client = try TestClient(endpoints: try server.start(), key: KernelServerTests.key)
        defer {
            client.close()
            server.requestShutdown()
            #expect(server.waitUntilStopped())
        }
        for socket in [client.control, client.shell] {
            let id = try client.send("debug_request", content: ["command": "initialize"], on: socket)
            let debug = try #require(try client.receive(on: socket))
            #expect(debug.msgType == "debug_reply")
            #expect(debug.parentHeader["msg_id"]?.stringValue == id)
            #expect(debug.content["status"] == "error")
            try client.send("no_such_request", on: socket)
            let unknown = try #require(try client.receive(on: socket))
            #expect(unknown.msgType == "no_such_reply")
            #expect(unknown.content["status"] == "error")
        }
    }
}
