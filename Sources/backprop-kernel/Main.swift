import ArgumentParser

/// `backprop-kernel`: a Jupyter kernel for learning backpropagation.
@main
struct BackpropKernelCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "backprop-kernel",
        abstract: "A Jupyter kernel for neural-network backpropagation, and a script runner.",
        version: version,
        subcommands: [KernelCommand.self, InstallCommand.self, RunCommand.self],
        defaultSubcommand: nil
    )

    /// The kernelspec's own command line (`kernel -f FILE`) skips ArgumentParser: building its
    /// command tree by reflection costs about 6 M instructions (2 ms) before the ports are bound,
    /// and a client that connects before then waits 100-200 ms for libzmq's reconnect.
    static func main() {
        if let file = KernelCommand.connectionFile(fromArguments: Array(CommandLine.arguments.dropFirst())) {
            var command = KernelCommand()
            command.connectionFile = file
            do { try command.run() } catch { KernelCommand.exit(withError: error) }
            return
        }
        main(nil)
    }
}
