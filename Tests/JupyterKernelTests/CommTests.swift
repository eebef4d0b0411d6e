import JSON
import Testing
@testable import JupyterKernel

/// Comms in both directions through the toy language's targets (issue 14).
@Suite(.serialized, .timeLimit(.minutes(1))) struct CommTests {
    @Test func unknownTargetIsClosedAndNothingIsListed() throws {
        try withToyKernel { client, _ in
            let id = try client.send("comm_open", content: ["comm_id": "c1", "target_name": "nothing", "data": .object([])])
            let messages = try client.iopubUntilIdle(parent: id)
            #expect(messages.map(\.msgType) == ["status", "comm_close", "status"])
            #expect(messages[1].content["comm_id"] == "c1")
            let info = try client.send("comm_info_request")
            #expect(try client.shellReply(to: info)?.content["comms"] == .object([]))
        }
    }

    @Test func frontEndCommOpenMessageInfoClose() throws {
        try withToyKernel { client, language in
            let open = try client.send("comm_open", content: ["comm_id": "e1", "target_name": "toy.echo", "data": ["a": 1]])
            #expect(try client.iopubUntilIdle(parent: open).map(\.msgType) == ["status", "status"])

            for (filter, expected) in [(nil, ["e1": ["target_name": "toy.echo"]]), ("toy.echo", ["e1": ["target_name": "toy.echo"]]),
                                       ("other", JSONValue.object([]))] as [(String?, JSONValue)] {
                let content: JSONValue = filter.map { ["target_name": .string($0)] } ?? .object([])
                let info = try client.send("comm_info_request", content: content)
                let reply = try #require(try client.shellReply(to: info))
                #expect(reply.content["status"] == "ok")
                #expect(reply.content["comms"] == expected, "filter \(filter ?? "none")")
            }
            // comm_info on control too.
            let viaControl = try #require(try client.control("comm_info_request"))
            #expect(viaControl.content["comms"]?["e1"]?["target_name"] == "toy.echo")

            let msg = try client.send("comm_msg", content: ["comm_id": "e1", "data": ["x": 2]])
            let messages = try client.iopubUntilIdle(parent: msg)
            #expect(messages.map(\.msgType) == ["status", "comm_msg", "display_data", "status"])
            #expect(messages[1].content["data"] == ["echo": ["x": 2]])
            #expect(messages[1].content["comm_id"] == "e1")

            let close = try client.send("comm_close", content: ["comm_id": "e1", "data": .object([])])
            _ = try client.iopubUntilIdle(parent: close)
            let info = try client.send("comm_info_request")
            #expect(try client.shellReply(to: info)?.content["comms"] == .object([]))
            #expect(language.events.all == ["open e1 {\"a\":1}", "msg {\"x\":2}", "close e1"])

            // A message to the closed comm reaches no handler.
            let late = try client.send("comm_msg", content: ["comm_id": "e1", "data": ["x": 3]])
            #expect(try client.iopubUntilIdle(parent: late).map(\.msgType) == ["status", "status"])
        }
    }

    @Test func kernelOpensACommFromACell() throws {
        try withToyKernel { client, _ in
            let id = try client.send("execute_request", content: ["code": "open toy.kernel"])
            let reply = try #require(try client.shellReply(to: id))
            #expect(reply.content["status"] == "ok")
            let messages = try client.iopubUntilIdle(parent: id)
            let open = try #require(messages.first { $0.msgType == "comm_open" })
            #expect(open.content["target_name"] == "toy.kernel")
            #expect(open.content["data"] == ["hello": 1])
            let commID = try #require(open.content["comm_id"]?.stringValue)
            #expect(messages.first { $0.msgType == "execute_result" }?.content["data"]?["text/plain"]?.stringValue == commID)
            let info = try client.send("comm_info_request", content: ["target_name": "toy.kernel"])
            #expect(try client.shellReply(to: info)?.content["comms"]?[commID]?["target_name"] == "toy.kernel")
        }
    }

    @Test func badCommMessagesChangeNothing() throws {
        try withToyKernel { client, language in
            for content: JSONValue in [["target_name": "toy.echo"], ["comm_id": 5, "target_name": "toy.echo"],
                                       ["comm_id": "", "target_name": "toy.echo"]] {
                let id = try client.send("comm_open", content: content)
                #expect(try client.iopubUntilIdle(parent: id).map(\.msgType) == ["status", "status"])
            }
            let id = try client.send("comm_msg", content: ["comm_id": "nobody", "data": 1])
            #expect(try client.iopubUntilIdle(parent: id).map(\.msgType) == ["status", "status"])
            #expect(language.events.all.isEmpty)
            let k = try client.send("kernel_info_request")
            #expect(try client.shellReply(to: k)?.content["supported_features"] == ["iopub_welcome", "kernel subshells"])
        }
    }

    @Test func secondOpenOfAnOpenCommIsIgnored() throws {
        try withToyKernel { client, language in
            for _ in 0..<2 {
                let id = try client.send("comm_open", content: ["comm_id": "d1", "target_name": "toy.echo", "data": 1])
                #expect(try client.iopubUntilIdle(parent: id).map(\.msgType) == ["status", "status"])
            }
            #expect(language.events.all == ["open d1 1"])
            let info = try client.send("comm_info_request")
            #expect(try client.shellReply(to: info)?.content["comms"] == ["d1": ["target_name": "toy.echo"]])
        }
    }
}
