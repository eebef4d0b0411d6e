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
}
