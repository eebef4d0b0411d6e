import ArgumentParser

// Under construction: replaced by the real command.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kernel")
    func run() throws { throw ValidationError("not built yet") }
}
