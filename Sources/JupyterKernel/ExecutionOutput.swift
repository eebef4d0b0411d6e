import JSON

/// The `OutputSink` handed to a running cell: each call becomes an iopub message whose
/// parent is the execute request. A silent request publishes nothing.
final class ExecutionOutput: OutputSink, @unchecked Sendable {
    private let publisher: IOPubPublisher
    private let parent: JSONValue
    private let silent: Bool

    init(publisher: IOPubPublisher, parent: JSONValue, silent: Bool) {
        self.publisher = publisher
        self.parent = parent
        self.silent = silent
    }

    func stream(name: String, text: String) {
        guard !silent, !text.isEmpty else { return }
        publisher.publish("stream", content: ["name": .string(name), "text": .string(text)], parent: parent)
    }

    func display(data: JSONValue, metadata: JSONValue, displayID: String?) {
        guard !silent else { return }
        var transient: JSONValue = .object([])
        if let displayID { transient = ["display_id": .string(displayID)] }
        publisher.publish("display_data", content: [
            "data": data, "metadata": metadata.objectValue == nil ? .object([]) : metadata, "transient": transient,
        ], parent: parent)
    }

    func updateDisplay(data: JSONValue, metadata: JSONValue, displayID: String) {
        guard !silent else { return }
        publisher.publish("update_display_data", content: [
            "data": data, "metadata": metadata.objectValue == nil ? .object([]) : metadata,
            "transient": ["display_id": .string(displayID)],
        ], parent: parent)
    }

    func clearOutput(wait: Bool) {
        guard !silent else { return }
        publisher.publish("clear_output", content: ["wait": .bool(wait)], parent: parent)
    }
}
