import ArgumentParser

// Under construction: replaced by the real command.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run")
    func run() throws { throw ValidationError("not built yet") }
}
