import JSON
import Testing
@testable import JupyterKernel
import ZeroMQ

/// Kernel subshells (JEP 91, protocol 5.5) on the in-process server.
@Suite(.serialized, .timeLimit(.minutes(1))) struct SubshellTests {
    @Test func createListDelete() throws {
        try withToyKernel { client, _ in
            #expect(try client.control("list_subshell_request")?.content["subshell_id"] == [])
            let a = try #require(try client.control("create_subshell_request")?.content["subshell_id"]?.stringValue)
            let b = try #require(try client.control("create_subshell_request")?.content["subshell_id"]?.stringValue)
            #expect(a != b)
            #expect(try client.control("list_subshell_request")?.content["subshell_id"] == [.string(a), .string(b)])
            #expect(try client.control("delete_subshell_request", content: ["subshell_id": .string(a)])?.content["status"] == "ok")
            #expect(try client.control("list_subshell_request")?.content["subshell_id"] == [.string(b)])
            let again = try #require(try client.control("delete_subshell_request", content: ["subshell_id": .string(a)]))
            #expect(again.content["status"] == "error")
            #expect(again.content["ename"] == "SubshellNotFound")
            let missing = try #require(try client.control("delete_subshell_request"))
            #expect(missing.content["status"] == "error")

            // A request for the deleted (or any unknown) subshell gets an error reply.
            let id = try client.send("execute_request", content: ["code": "print x"], subshell: a)
            let reply = try #require(try client.shellReply(to: id))
            #expect(reply.msgType == "execute_reply")
            #expect(reply.content["ename"] == "SubshellNotFound")
            // On shell, the subshell messages are not served (they belong on control).
            let onShell = try client.send("create_subshell_request")
            #expect(try client.shellReply(to: onShell)?.content["status"] == "error")
        }
    }

    @Test func subshellAnswersWhileTheMainShellRuns() throws {
        try withToyKernel { client, language in
            let sub = try #require(try client.control("create_subshell_request")?.content["subshell_id"]?.stringValue)
            let spin = try client.send("execute_request", content: ["code": "spin"])
            usleepSeconds(0.2)
            let clock = ContinuousClock()
            let start = clock.now
            let info = try client.send("kernel_info_request", subshell: sub)
            let infoReply = try #require(try client.shellReply(to: info, timeout: 2000))
            #expect(infoReply.parentHeader["subshell_id"]?.stringValue == sub)
            _ = try client.send("comm_open", content: ["comm_id": "s1", "target_name": "toy.echo"], subshell: sub)
            let msg = try client.send("comm_msg", content: ["comm_id": "s1", "data": "ping"], subshell: sub)
            let messages = try client.iopubUntilIdle(parent: msg, timeout: 2000)
            let elapsed = clock.now - start
            #expect(messages.map(\.msgType) == ["status", "comm_msg", "display_data", "status"])
            // busy/idle of a subshell request carry its header (with the subshell_id) as parent.
            #expect(messages.first?.parentHeader["subshell_id"]?.stringValue == sub)
            #expect(elapsed < .milliseconds(300), "subshell answered in \(elapsed) while the main shell ran")
            // The main shell is still running the cell.
            #expect(try client.receive(on: client.shell, timeout: 0) == nil)
            #expect(language.executed.withLock { $0 } == ["spin"])
            try client.send("interrupt_request", on: client.control)
            _ = try client.receive(on: client.control)
            #expect(try client.shellReply(to: spin)?.content["ename"] == "Interrupted")
        }
    }

    @Test func eachSubshellCountsItsOwnExecutions() throws {
        try withToyKernel { client, _ in
            let sub = try #require(try client.control("create_subshell_request")?.content["subshell_id"]?.stringValue)
            for _ in 0..<2 {
                let id = try client.send("execute_request", content: ["code": "print main"])
                _ = try client.shellReply(to: id)
            }
            let id = try client.send("execute_request", content: ["code": "print sub"], subshell: sub)
            let reply = try #require(try client.shellReply(to: id))
            #expect(reply.content["execution_count"] == 1)
            let outputs = try client.iopubUntilIdle(parent: id)
            #expect(outputs.first { $0.msgType == "stream" }?.content["text"] == "sub\n")
            // Null subshell_id means the main shell.
            var header = MessageHeader.make(msgType: "execute_request", session: client.session, username: "t")
            header = header.setting("subshell_id", to: .null)
            try client.shell.send(multipart: client.codec.encode(Message(header: header, content: ["code": "print m"])))
            let main = try #require(try client.receive(on: client.shell))
            #expect(main.content["execution_count"] == 3)
        }
    }

    @Test func subshellCountIsBounded() throws {
        try withToyKernel { client, _ in
            for _ in 0..<ShellRegistry.maxSubshells {
                #expect(try client.control("create_subshell_request")?.content["status"] == "ok")
            }
            let refused = try #require(try client.control("create_subshell_request"))
            #expect(refused.content["status"] == "error")
            #expect(try client.control("list_subshell_request")?.content["subshell_id"]?.arrayValue?.count == ShellRegistry.maxSubshells)
            // The kernel still serves, and shuts down with every subshell thread finished.
            let id = try client.send("kernel_info_request")
            #expect(try client.shellReply(to: id)?.msgType == "kernel_info_reply")
        }
    }
}
