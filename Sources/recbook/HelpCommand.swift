import ArgumentParser

struct HelpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "help", abstract: "Describe recbook's commands and notebook language.")
    @Argument var topic: String?
    func run() throws {}
}
