import ArgumentParser
import Glibc
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON
import JupyterKernel

/// The kernelspec's content and its careful installation.
enum KernelSpec {
    /// kernel.json for `binary` (the same shape as kernelspec/kernel.json).
    static func json(binary: String) throws -> Data {
        let spec: JSONValue = [
            "argv": [.string(binary), "kernel", "-f", "{connection_file}"],
            "display_name": "Backprop",
            "language": "backprop",
            "interrupt_mode": "message",
            // jupyter_client 8.9+ provisions CurveZMQ keys for kernels that declare it.
            "metadata": KernelServer.supportsCurve ? ["debugger": false, "supported_encryption": ["curve"]] : ["debugger": false],
        ]
        return Data((spec.serialized() + "\n").utf8)
    }

    /// Writes `files` into `directory` (0755), each file 0644 via a temporary file and
    /// rename. An existing spec with different content is left alone unless `force`.
    static func write(_ files: [(String, Data)], to directory: URL, force: Bool) throws {
        let fm = FileManager.default
        if !force {
            for (name, data) in files {
                let path = directory.appendingPathComponent(name).path
                if fm.fileExists(atPath: path), fm.contents(atPath: path) != data {
                    throw ValidationError("a different kernelspec exists at \(directory.path); use --force to replace it")
                }
            }
        }
        try fm.createDirectory(at: directory, withIntermediateDirectories: true,
                               attributes: [.posixPermissions: 0o755])
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        for (name, data) in files {
            let target = directory.appendingPathComponent(name)
            let temporary = directory.appendingPathComponent(".\(name).tmp-\(getpid())")
            guard fm.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o644]) else {
                throw ValidationError("cannot write \(temporary.path)")
            }
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temporary.path)
            guard rename(temporary.path, target.path) == 0 else {
                try? fm.removeItem(at: temporary)
                throw ValidationError("cannot write \(target.path)")
            }
        }
    }
}
