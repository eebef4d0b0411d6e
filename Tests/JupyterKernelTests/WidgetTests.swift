#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON
import JupyterWidgets
import Testing
@testable import JupyterKernel

/// The widget protocol 2.1.0 (issue 14): models against ipywidgets' v8 schema, and the
/// messages on the in-process server.
@Suite(.serialized, .timeLimit(.minutes(1))) struct WidgetTests {
    /// Every model's attributes, defaults, nullability and enums equal the schema's (a copy of
    /// ipywidgets' packages/schema/jupyterwidgetmodels.latest.json, v8).
    @Test func modelsMatchTheV8Schema() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/widget_models_v8.json")
        let schema = try JSONParser().parse([UInt8](try Data(contentsOf: url)))
        let models = try #require(schema["models"]?.arrayValue)
        #expect(models.count == WidgetModel.known.count)
        for entry in models {
            let name = try #require(entry["model"]?["name"]?.stringValue)
            let model = try #require(WidgetModel.known.first { $0.modelName == name }, "\(name) missing")
            #expect(model.modelModule == entry["model"]?["module"]?.stringValue)
            #expect(model.modelModuleVersion == entry["model"]?["version"]?.stringValue)
            #expect(model.viewName == entry["view"]?["name"]?.stringValue)
            #expect(model.viewModule == entry["view"]?["module"]?.stringValue)
            #expect(model.viewModuleVersion == entry["view"]?["version"]?.stringValue)
            let all: [JSONValue] = entry["attributes"]?.arrayValue ?? []
            let attributes = all.filter { (a: JSONValue) -> Bool in
                let key = a["name"]?.stringValue ?? ""
                return !key.hasPrefix("_model_") && !key.hasPrefix("_view_")
            }
            let schemaKeys: [String] = attributes.compactMap { $0["name"]?.stringValue }
            let myKeys: [String] = model.attributes.map { $0.name }
            #expect(schemaKeys == myKeys, "\(name) keys")
            for a in attributes {
                let key = a["name"]?.stringValue ?? ""
                let mine = try #require(model.attribute(key))
                if a["type"] != "reference" {
                    #expect(mine.defaultValue == (a["default"] ?? .null), "\(name).\(key) default")
                }
                #expect(mine.nullable == (a["allow_none"]?.boolValue ?? false), "\(name).\(key) nullable")
                let oneOf: [String]? = a["enum"]?.arrayValue?.compactMap { $0.stringValue }
                #expect(mine.oneOf == oneOf, "\(name).\(key) enum")
            }
        }
    }

    @Test func sliderOpensWithFullStateAndIsShown() throws {
        try withToyKernel { client, _ in
            let id = try client.send("execute_request", content: ["code": "slider"])
            let messages = try client.iopubUntilIdle(parent: id)
            let opens = messages.filter { $0.msgType == "comm_open" }
            #expect(opens.map { $0.content["data"]?["state"]?["_model_name"]?.stringValue } == ["LayoutModel", "SliderStyleModel", "FloatSliderModel"])
            for open in opens {
                #expect(open.content["target_name"] == "jupyter.widget")
                #expect(open.metadata["version"] == "2.1.0")
                #expect(open.content["data"]?["buffer_paths"] == [])
            }
            let slider = try #require(opens.last)
            let state = try #require(slider.content["data"]?["state"])
            let keys = Set((state.objectValue ?? []).map(\.key))
            #expect(keys.count == 6 + WidgetModel.floatSlider.attributes.count)
            #expect(state["layout"]?.stringValue == "IPY_MODEL_" + (opens[0].content["comm_id"]?.stringValue ?? "?"))
            #expect(state["style"]?.stringValue == "IPY_MODEL_" + (opens[1].content["comm_id"]?.stringValue ?? "?"))
            #expect(state["min"] == -1.0 && state["max"] == 1.0 && state["value"] == 0.0 && state["description"] == "w")
            let result = try #require(messages.first { $0.msgType == "execute_result" })
            let view = try #require(result.content["data"]?["application/vnd.jupyter.widget-view+json"])
            #expect(view["model_id"] == slider.content["comm_id"])
            #expect(view["version_major"] == 2)
            #expect(result.content["data"]?["text/plain"]?.stringValue?.hasPrefix("FloatSlider(") == true)
        }
    }

    @Test func updatesEchoClampAndRequestState() throws {
        try withToyKernel { client, language in
            let run = try client.send("execute_request", content: ["code": "slider"])
            let opens = try client.iopubUntilIdle(parent: run).filter { $0.msgType == "comm_open" }
            let sliderID = try #require(opens.last?.content["comm_id"])

            let move = try client.send("comm_msg", content: ["comm_id": sliderID, "data": [
                "method": "update", "state": ["value": 0.25], "buffer_paths": []]])
            let moved = try client.iopubUntilIdle(parent: move).filter { $0.msgType == "comm_msg" }
            #expect(moved.map { $0.content["data"]?["method"] } == ["echo_update"])
            #expect(moved.first?.content["data"]?["state"] == ["value": 0.25])

            // Out of range: echoed as sent, then the kernel's clamped value as an update.
            let far = try client.send("comm_msg", content: ["comm_id": sliderID, "data": [
                "method": "update", "state": ["value": 7, "no_such_key": 1]]])
            let clamped = try client.iopubUntilIdle(parent: far).filter { $0.msgType == "comm_msg" }
            #expect(clamped.map { $0.content["data"]?["method"] } == ["echo_update", "update"])
            #expect(clamped.first?.content["data"]?["state"] == ["value": 7])
            #expect(clamped.last?.content["data"]?["state"] == ["value": 1.0])

            // Wrong type: refused, the kernel's value sent back, nothing changes.
            let bad = try client.send("comm_msg", content: ["comm_id": sliderID, "data": [
                "method": "update", "state": ["value": "high"]]])
            let refused = try client.iopubUntilIdle(parent: bad).filter { $0.msgType == "comm_msg" }
            #expect(refused.last?.content["data"]?["state"] == ["value": 1.0])

            let ask = try client.send("comm_msg", content: ["comm_id": sliderID, "data": ["method": "request_state"]])
            let full = try #require(try client.iopubUntilIdle(parent: ask).first { $0.msgType == "comm_msg" })
            #expect(full.content["data"]?["method"] == "update")
            #expect(full.content["data"]?["state"]?["value"] == 1.0)
            #expect(full.content["data"]?["state"]?["_model_name"] == "FloatSliderModel")
            #expect(language.events.all == ["change {\"value\":0.25}", "change {\"value\":1}"])
        }
    }

    @Test func buttonClickAndControlRequestStates() throws {
        try withToyKernel { client, language in
            let run = try client.send("execute_request", content: ["code": "button"])
            let opens = try client.iopubUntilIdle(parent: run).filter { $0.msgType == "comm_open" }
            #expect(opens.map { $0.content["data"]?["state"]?["_model_name"]?.stringValue } == ["LayoutModel", "ButtonStyleModel", "ButtonModel"])
            let buttonID = try #require(opens.last?.content["comm_id"])
            let click = try client.send("comm_msg", content: ["comm_id": buttonID, "data": ["method": "custom", "content": ["event": "click"]]])
            _ = try client.iopubUntilIdle(parent: click)
            #expect(language.events.all == ["click"])

            // A reloaded page: the control comm's request_states gets every widget back.
            _ = try client.send("comm_open", content: ["comm_id": "ctl", "target_name": "jupyter.widget.control", "data": .object([])],
                                metadata: ["version": "1.0.0"])
            let ask = try client.send("comm_msg", content: ["comm_id": "ctl", "data": ["method": "request_states"]])
            let reply = try #require(try client.iopubUntilIdle(parent: ask).first { $0.msgType == "comm_msg" })
            #expect(reply.content["comm_id"] == "ctl")
            #expect(reply.content["data"]?["method"] == "update_states")
            #expect(reply.content["data"]?["buffer_paths"] == [])
            let states = try #require(reply.content["data"]?["states"]?.objectValue)
            #expect(states.map { JSONValue.string($0.key) } == opens.map { $0.content["comm_id"] ?? .null })
            let button = try #require(states.last?.value)
            #expect(button["model_name"] == "ButtonModel")
            #expect(button["model_module"] == "@jupyter-widgets/controls")
            #expect(button["model_module_version"] == "2.0.0")
            #expect(button["state"] == opens.last?.content["data"]?["state"])
        }
    }

    /// The kernel-side API the language uses: an IntSlider keeps integers, a box references
    /// its children, a kernel-side `set` sends one update and refuses bad values whole.
    @Test func kernelSideSetAndBoxes() throws {
        try withToyKernel { client, language in
            let widgets = try #require(language.widgets)
            let run = try client.send("execute_request", content: ["code": "print setup"])
            _ = try client.iopubUntilIdle(parent: run)
            let count = try #require(widgets.create(.intSlider, [("max", 10)]))
            let label = try #require(widgets.create(.label, [("value", "loss")]))
            let box = try #require(widgets.create(.vBox, [("children", [count.reference, label.reference])]))
            #expect(box["children"] == [.string("IPY_MODEL_" + count.id), .string("IPY_MODEL_" + label.id)])
            #expect(box.style == nil && box.layout != nil)
            #expect(widgets.create(.intSlider, [("value", 1.5)]) == nil)
            #expect(widgets.create(.intSlider, [("no_such", 1)]) == nil)
            #expect(count.set([("value", 4)]))
            #expect(!count.set([("value", 5), ("orientation", "diagonal")]))
            #expect(count["value"] == 4)
            #expect(count.set([("value", 99)]))
            #expect(count["value"] == 10)
            // Messages sent from no request at all (this test thread) take the request during
            // which the widget was opened as parent: here none, so an empty parent.
            var updates: [Message] = []
            while let m = try client.receive(on: client.iopub, timeout: 500) {
                if m.msgType == "comm_msg", m.content["comm_id"]?.stringValue == count.id { updates.append(m) }
            }
            #expect(updates.map { $0.content["data"]?["state"] } == [["value": 4], ["value": 10]])
            #expect(updates.allSatisfy { $0.parentHeader == .object([]) })
            label.close()
            #expect(widgets.widget(id: label.id) == nil)
        }
    }
}
