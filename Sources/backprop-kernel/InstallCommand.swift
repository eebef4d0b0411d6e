import ArgumentParser
import Glibc
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `backprop-kernel install`: writes the Jupyter kernelspec (kernel.json + logos) that
/// points at this very binary, so Jupyter can start it from anywhere.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the Jupyter kernelspec for this binary.",
        discussion: """
            Default location: /usr/local/share/jupyter/kernels/NAME. --user uses the per-user \
            Jupyter data directory, --sys-prefix the active virtualenv or conda environment (else the \
            prefix of the jupyter or python3 on PATH, as in a docker-stacks image), \
            --prefix P uses P/share/jupyter/kernels.
            """
    )

    @Flag(help: "Install for the current user.") var user = false
    @Flag(help: "Install into the Python environment: VIRTUAL_ENV, CONDA_PREFIX, else the prefix of the jupyter (or python3) on PATH.") var sysPrefix = false
    @Option(help: "Install under PREFIX/share/jupyter/kernels.") var prefix: String?
    @Flag(help: "Replace an existing, different kernelspec of the same name.") var force = false
    @Option(help: "The kernelspec name.") var name = "backprop"

    func validate() throws {
        if [user, sysPrefix, prefix != nil].filter({ $0 }).count > 1 {
            throw ValidationError("use only one of --user, --sys-prefix, --prefix")
        }
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }) else {
            throw ValidationError("kernel name must be letters, digits, '.', '_' or '-'")
        }
        guard name != ".", name != ".." else {
            throw ValidationError("kernel name cannot be '.' or '..'")
        }
    }

    func run() throws {
        let directory = try kernelsDirectory().appendingPathComponent(name, isDirectory: true)
        let files: [(String, Data)] = [
            ("kernel.json", try KernelSpec.json(binary: try Self.executablePath())),
            ("logo-32x32.png", Data(Logos.png32)),
            ("logo-64x64.png", Data(Logos.png64)),
        ]
        try KernelSpec.write(files, to: directory, force: force)
        print("Installed kernelspec \(name) in \(directory.path)")
    }

    func kernelsDirectory() throws -> URL {
        let env = ProcessInfo.processInfo.environment
        if let prefix {
            return URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter/kernels")
        }
        if sysPrefix {
            guard let p = Self.environmentPrefix(env) else {
                throw ValidationError("--sys-prefix needs an active virtualenv or conda environment, or jupyter or python3 on PATH (or use --prefix)")
            }
            return URL(fileURLWithPath: p).appendingPathComponent("share/jupyter/kernels")
        }
        if user {
            if let d = env["JUPYTER_DATA_DIR"], !d.isEmpty { return URL(fileURLWithPath: d).appendingPathComponent("kernels") }
            let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? (FileManager.default.homeDirectoryForCurrentUser.path + "/.local/share")
            return URL(fileURLWithPath: base).appendingPathComponent("jupyter/kernels")
        }
        return URL(fileURLWithPath: "/usr/local/share/jupyter/kernels")
    }

    /// sys.prefix of the Python environment Jupyter runs in. A docker-stacks image activates
    /// no environment (no VIRTUAL_ENV or CONDA_PREFIX in a Dockerfile RUN) but has
    /// /opt/conda/bin/jupyter on PATH: an environment's scripts live in PREFIX/bin, so the
    /// prefix is the parent of the directory PATH finds `jupyter` (else `python3`) in. The
    /// path is not resolved: a venv's python3 is a symlink out of the venv.
    static func environmentPrefix(_ env: [String: String]) -> String? {
        for key in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
            if let p = env[key], !p.isEmpty { return p }
        }
        let path = (env["PATH"] ?? "").split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
        for program in ["jupyter", "python3"] {
            for dir in path where access(dir + "/" + program, X_OK) == 0 {
                let bin = URL(fileURLWithPath: dir).standardizedFileURL
                return bin.deletingLastPathComponent().path
            }
        }
        return nil
    }

    /// The absolute path of the running binary (symlinks resolved), so kernel.json keeps
    /// working whatever the current directory or PATH.
    static func executablePath() throws -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), path.hasPrefix("/") {
            return path
        }
        let arg0 = CommandLine.arguments.first ?? ""
        guard arg0.contains("/") else { throw ValidationError("cannot determine this binary's absolute path") }
        return URL(fileURLWithPath: arg0).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
