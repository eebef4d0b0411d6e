import Backprop
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON

/// graph, data, save, load, help.
extension Interpreter {
    mutating func graph() throws -> [JSONValue] {
        let network = try requireNetwork()
        var gradients: Gradients? = nil
        if state.gradientsShown, let x = state.x, let y = state.y, (try? network.validate(x: x, y: y)) != nil {
            // Overflowing gradients (they are an error in backward) fall back to the weights.
            gradients = (try? network.gradients(x: x, y: y).1).flatMap { $0.firstNonFinite == nil ? $0 : nil }
        }
        return [GraphRenderer.bundle(network, gradients: gradients, format: format)]
    }

    /// Resolves a path against the session's directory.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            return home + String(path.dropFirst())
        }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).path
    }

    /// Reads a whole file as UTF-8, with errors a learner can act on.
    func readText(_ path: Located<String>, what: String) throws -> String {
        let full = resolve(path.value)
        guard FileManager.default.fileExists(atPath: full) else {
            throw StatementFailure("FileNotFoundError", "no such file: \"\(path.value)\" (looked for \(full))", at: path.location,
                                   length: path.value.count + 2)
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: full)
        guard (attributes?[.type] as? FileAttributeType) != .typeDirectory else {
            throw StatementFailure("FileError", "\"\(path.value)\" is a directory, not a \(what)", at: path.location, length: path.value.count + 2)
        }
        if let size = attributes?[.size] as? Int, size > Interpreter.maxFileBytes {
            throw StatementFailure("FileError", "\"\(path.value)\" is \(size / 1_048_576) MiB; the limit is \(Interpreter.maxFileBytes / 1_048_576) MiB",
                                   at: path.location, length: path.value.count + 2)
        }
        guard let data = FileManager.default.contents(atPath: full) else {
            throw StatementFailure("FileError", "cannot read \"\(path.value)\" (permission denied?)", at: path.location, length: path.value.count + 2)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw StatementFailure("FileError", "\"\(path.value)\" is not UTF-8 text", at: path.location, length: path.value.count + 2)
        }
        return text
    }

    static let maxFileBytes = 64 * 1_048_576

    mutating func loadData(_ declaration: DataDeclaration) throws -> [JSONValue] {
        let text = try readText(declaration.path, what: "CSV file")
        let table: CSVData
        do {
            table = try CSVData(text: text, target: declaration.target?.value, onehot: declaration.onehot,
                                normalize: declaration.normalize)
        } catch let error as CSVData.Failure {
            let place = error.pointsAtTarget ? declaration.target?.location ?? declaration.path.location : declaration.path.location
            throw StatementFailure("DataError", "\(declaration.path.value): \(error.message)", at: place)
        }
        state.x = table.x
        state.y = table.y
        state.data = DataSummary(path: declaration.path.value, rows: table.x.rows, inputColumns: table.inputColumns,
                                 target: declaration.target?.value, classes: table.classes, normalized: declaration.normalize)
        if let network = state.network, let warning = dataMismatch(network) {
            emit(.stream(.stderr, "warning: \(warning); define a matching `net`\n"))
        }
        return [DataRenderer.bundle(table, path: declaration.path.value, target: declaration.target?.value, format: format)]
    }

    mutating func save(_ path: Located<String>) throws -> [JSONValue] {
        let network = try requireNetwork()
        let file = ModelFile(network: network, x: state.x, y: state.y, precision: state.precision)
        let full = resolve(path.value)
        do {
            try Data(file.json.serialized().utf8).write(to: URL(fileURLWithPath: full), options: .atomic)
        } catch {
            throw StatementFailure("FileError", "cannot write \"\(path.value)\": \(error)", at: path.location,
                                   length: path.value.count + 2)
        }
        let message = "saved the network (\(network.parameterCount) parameters)\(state.x == nil ? "" : " and its data") to \(path.value)"
        return [RichOutput(plain: message, html: HTMLText.paragraph(message),
                           json: ["kind": "save", "path": .string(path.value), "parameters": .integer(network.parameterCount)]).bundle]
    }

    mutating func load(_ path: Located<String>) throws -> [JSONValue] {
        let text = try readText(path, what: "model file")
        let file: ModelFile
        do {
            file = try ModelFile(text: text)
        } catch let error as ModelFile.Failure {
            throw StatementFailure("FileError", "\(path.value) is not a valid model file: \(error.message)", at: path.location,
                                   length: path.value.count + 2)
        } catch let error as BackpropError {
            throw StatementFailure("FileError", "\(path.value) is not a valid model file: \(error.description)", at: path.location,
                                   length: path.value.count + 2)
        }
        state.network = file.network
        state.loss = file.network.loss
        state.x = file.x
        state.y = file.y
        state.data = nil
        if let p = file.precision { state.precision = p }
        parametersChanged()
        return [NetRenderer.bundle(file.network, format: format)]
    }

    func help(_ topic: Located<String>?) -> [JSONValue] {
        let text: String
        if let topic, let entry = Help.entry(for: topic.value) {
            text = entry.text
        } else {
            text = Help.overview
        }
        // Help goes to the pager (a notebook shows it below the cell; a terminal prints it).
        emit(.page(HelpRenderer.bundle(text, topic: topic?.value)))
        return []
    }
}
