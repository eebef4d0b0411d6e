import ArgumentParser

// Under construction: replaced by the real command.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install")
    func run() throws { throw ValidationError("not built yet") }
}
