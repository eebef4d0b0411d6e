import ArgumentParser
import Glibc
import BackpropLanguage
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON

/// `backprop-kernel run FILE.bp`: runs a script without Jupyter.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a .bp script: text tables to standard output, errors to standard error.",
        discussion: "Exits with status 1 when a statement fails. With --json, prints one JSON object per output line.")

    @Flag(name: .long, help: "Print the machine-readable object of each output, one per line.")
    var json = false

    @Argument(help: "The script to run, or - for standard input.")
    var file: String

    func run() throws {
        let bytes: Data
        let directory: String
        if file == "-" {
            bytes = Self.readStandardInput()
            directory = FileManager.default.currentDirectoryPath
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                Self.fail("cannot read \(file): no such file or not readable")
                throw ExitCode(1)
            }
            bytes = data
            directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        }
        guard let source = String(validating: bytes, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8(bytes)
            if json {
                Self.printLine(["error": ["ename": "EncodingError", "message": .string("the input is not UTF-8 (bad byte at offset \(offset))"), "line": 1, "column": 1]])
            } else {
                Self.fail("EncodingError: \(file) is not UTF-8 text (bad byte at offset \(offset))")
            }
            throw ExitCode(1)
        }
        let session = Session(directory: directory)
        var progressIDs = Set<String>()
        let error = session.execute(source) { output in
            switch output {
            case let .display(_, id?):
                progressIDs.insert(id)  // live progress is for notebooks
            case .updateDisplay, .clear:
                break
            case let .stream(stream, text):
                if json {
                    if let object = output.machineReadable { Self.printLine(object) }
                } else if stream == .stderr {
                    Self.write(text, to: 2)
                } else {
                    Self.write(text)
                }
            default:
                if json {
                    if let object = output.machineReadable { Self.printLine(object) }
                } else if let text = output.plainText {
                    Self.write(text + "\n\n")
                }
            }
        }
        if let error {
            if json {
                Self.printLine(error.json)
            } else {
                Self.fail(error.traceback.joined(separator: "\n"))
            }
            throw ExitCode(1)
        }
    }

    static func write(_ text: String, to fd: Int32 = 1) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
            bytes = bytes.dropFirst(n)
        }
    }

    static func readStandardInput() -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return data }
            data.append(contentsOf: buffer[0..<n])
        }
    }

    static func printLine(_ value: JSONValue) { write(value.serialized() + "\n") }

    static func fail(_ message: String) { write(message + "\n", to: 2) }

    /// The byte offset of the first byte that does not start a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ data: Data) -> Int {
        let b = [UInt8](data)
        var i = 0
        while i < b.count {
            let c = b[i]
            let n = c < 0x80 ? 1 : c >> 5 == 0b110 ? 2 : c >> 4 == 0b1110 ? 3 : c >> 3 == 0b11110 ? 4 : 0
            if n == 0 || i + n > b.count { return i }
            for k in 1..<max(n, 1) where b[i + k] >> 6 != 0b10 { return i }
            i += n
        }
        return i
    }
}
