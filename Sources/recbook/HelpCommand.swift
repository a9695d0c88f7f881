import RecbookRuntime
import ArgumentParser
import RecbookLanguage

/// `recbook help [TOPIC]`: the command line and the notebook language, from the same
/// catalogue the checker uses.
struct HelpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "help",
        abstract: "Describe recbook's commands and its notebook language.",
        discussion: "TOPIC is `language` (the notebook syntax), a command-line command (run, check, preview, generate) or a notebook command (load, train, …).")

    @Argument(help: "What to describe.")
    var topic: String?

    func run() throws {
        let reference = LanguageReference(catalogue: .standard)
        guard let topic else {
            printOut(RecbookCommand.helpMessage())
            printOut("")
            printOut("NOTEBOOK LANGUAGE (docs/language.md):")
            printOut(reference.overview())
            return
        }
        let subcommands: [String: ParsableCommand.Type] = [
            "run": RunCommand.self, "check": CheckCommand.self, "preview": PreviewCommand.self, "generate": GenerateCommand.self, "help": HelpCommand.self,
        ]
        if topic == LanguageReference.languageTopic {
            printOut(LanguageReference.syntaxHelp)
        } else if let command = subcommands[topic] {
            printOut(RecbookCommand.helpMessage(for: command))
        } else if let text = reference.help(for: topic) {
            printOut(text)
        } else {
            let known = ([LanguageReference.languageTopic] + Array(subcommands.keys).sorted() + CommandCatalogue.standard.names)
                .joined(separator: ", ")
            throw ValidationError("no help topic `\(topic)`; topics: \(known)")
        }
    }
}
