import ArgumentParser

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check notebooks without running them.")
    @Argument var notebooks: [String]
    func run() throws {}
}
