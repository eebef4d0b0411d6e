import Backprop
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON

/// graph, data, save, load, help.
extension Interpreter {
    mutating func graph(_ statement: GraphStatement = GraphStatement()) throws -> [JSONValue] {
        let network = try requireNetwork()
        var paths: ParameterID? = nil
        if let name = statement.paths {
            guard let parameter = ValueLookup.parameterID(name.value) else {
                throw StatementFailure(.nameError, "graph paths takes one weight or bias, such as w131 or b13", at: name.location)
            }
            try engine(at: name.location, length: name.value.description.count) { () throws(BackpropError) in
                try network.validate(parameter)
            }
            paths = parameter
        }
        var gradients: Gradients? = nil
        if state.gradientsShown, let x = state.x, let y = state.y, (try? network.validate(x: x, y: y)) != nil {
            // Overflowing gradients (they are an error in backward) fall back to the weights.
            gradients = (try? network.gradients(x: x, y: y).1).flatMap { $0.firstNonFinite == nil ? $0 : nil }
        }
        return [GraphRenderer.bundle(network, gradients: gradients, format: format, paths: paths)]
    }

    /// Resolves a path against the session's directory.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            return home + String(path.dropFirst())
        }
        // A plain join: URL would percent-encode a NUL into "%00" and hide it from the checks.
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// Reads a whole regular file of at most `maxFileBytes`, with errors a learner can act on.
    /// The size is checked on the opened file before reading; an interrupt stops the read.
    func readBytes(_ path: Located<String>, what: String) throws -> [UInt8] {
        let full = resolve(path.value)
        let quoted = path.value.count + 2
        guard !path.value.utf8.contains(0) else {
            throw StatementFailure(.fileError, "the file name contains a NUL character", at: path.location, length: quoted)
        }
        do {
            return try BoundedFileReader(limit: Interpreter.maxFileBytes).contents(of: full, shouldStop: shouldStop)
        } catch .notFound {
            throw StatementFailure(.fileNotFoundError, "no such file: \"\(path.value)\" (looked for \(full))", at: path.location,
                                   length: quoted)
        } catch let .notRegular(kind) {
            throw StatementFailure(.fileError, "\"\(path.value)\" is \(kind), not a \(what)", at: path.location, length: quoted)
        } catch let .tooLarge(size) {
            throw StatementFailure(.fileError, "\"\(path.value)\" is \(size / 1_048_576) MiB; the limit is \(Interpreter.maxFileBytes / 1_048_576) MiB",
                                   at: path.location, length: quoted)
        } catch let .system(code) {
            throw StatementFailure(.fileError, "cannot read \"\(path.value)\": \(FileErrorWording.describe(errno: code))", at: path.location,
                                   length: quoted)
        } catch .stopped {
            throw StatementFailure.interrupted
        }
    }

    func notUTF8(_ path: Located<String>) -> StatementFailure {
        StatementFailure(.fileError, "\"\(path.value)\" is not UTF-8 text", at: path.location, length: path.value.count + 2)
    }

    static let maxFileBytes = 64 * 1_048_576

    mutating func loadData(_ declaration: DataDeclaration) throws -> [JSONValue] {
        let bytes = try readBytes(declaration.path, what: "CSV file")
        let table: CSVData
        do {
            table = try CSVData(bytes: bytes, target: declaration.target?.value, onehot: declaration.onehot,
                                normalize: declaration.normalize, shouldStop: shouldStop)
        } catch let error as CSVData.Failure {
            if error.isStop { throw StatementFailure.interrupted }
            if error.isNotUTF8 { throw notUTF8(declaration.path) }
            let place = error.pointsAtTarget ? declaration.target?.location ?? declaration.path.location : declaration.path.location
            throw StatementFailure(.dataError, "\(declaration.path.value): \(error.message)", at: place)
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
        guard !path.value.utf8.contains(0) else {
            throw StatementFailure(.fileError, Interpreter.saveFailure(.nulInName, name: path.value), at: path.location,
                                   length: path.value.count + 2)
        }
        do {
            try AtomicFileWriter.write(Array(file.json.serialized().utf8), to: resolve(path.value))
        } catch {
            throw StatementFailure(.fileError, Interpreter.saveFailure(error, name: path.value), at: path.location,
                                   length: path.value.count + 2)
        }
        let message = "saved the network (\(network.parameterCount) parameters)\(state.x == nil ? "" : " and its data") to \(path.value)"
        return [RichOutput(plain: message,
                           json: ["kind": "save", "path": .string(path.value), "parameters": .integer(network.parameterCount)]).bundle]
    }

    mutating func load(_ path: Located<String>) throws -> [JSONValue] {
        let bytes = try readBytes(path, what: "model file")
        let file: ModelFile
        do {
            file = try ModelFile(bytes: bytes, shouldStop: shouldStop)
        } catch let error as ModelFile.Failure {
            if error.isStop { throw StatementFailure.interrupted }
            if error.isNotUTF8 { throw notUTF8(path) }
            throw StatementFailure(.fileError, "\(path.value) is not a valid model file: \(error.message)", at: path.location,
                                   length: path.value.count + 2)
        } catch let error as BackpropError {
            throw StatementFailure(.fileError, "\(path.value) is not a valid model file: \(error.description)", at: path.location,
                                   length: path.value.count + 2)
        }
        state.network = file.network
        state.loss = file.network.loss
        state.x = file.x
        state.y = file.y
        state.data = nil
        if let p = file.precision { state.precision = p }
        parametersChanged()
        resetOptimizerState()
        return [NetRenderer.bundle(file.network, format: format)]
    }

    /// What went wrong in a `save`, in the words of the file system, and what became of the old file.
    static func saveFailure(_ failure: AtomicFileWriter.Failure, name: String) -> String {
        switch failure {
        case .nulInName:
            return "the file name contains a NUL character; nothing was written"
        case let .symbolicLink(destination):
            return "\"\(name)\" is a symbolic link\(destination.map { " (to \($0))" } ?? ""); save does not write through links: "
                + "name the file itself, or remove the link"
        case let .notRegular(kind):
            return "\"\(name)\" is \(kind), not a regular file; save writes only regular files"
        case .noFolder:
            return "the folder of \"\(name)\" does not exist; nothing was written"
        case let .system(code, previousExists):
            return "\(FileErrorWording.describe(errno: code)) while writing \(name); "
                + (previousExists ? "the previous file is unchanged" : "nothing was written")
        }
    }

    func help(_ topic: Located<String>?, page: Bool = false) -> [JSONValue] {
        let text: String
        if let topic, let entry = Help.entry(for: topic.value) {
            text = entry.text
        } else {
            text = Help.overview
        }
        // Help is a display output, not a pager payload: nbclient/nbconvert save displays (a
        // payload is dropped, so saved notebooks showed nothing), JupyterLab and Notebook 7
        // show a page payload in the output area anyway (both would show it twice), and
        // jupyter console prints a display's text/plain. `help … page` asks for the pager.
        let bundle = HelpRenderer.bundle(text, topic: topic?.value)
        emit(page ? .page(bundle) : .display(bundle, displayID: nil))
        return []
    }
}
