import ArgumentParser

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Check, run and report notebooks.")
    @Argument var notebooks: [String]
    func run() throws {}
}
