import ArgumentParser

/// `recbook check`: report every problem in the notebooks without running anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check notebooks without running them.",
        discussion: "Exit code 0 when every notebook checks, 64 when any has errors.")

    @Argument(help: "Notebook files (Markdown), or folders of them (their *.md files with a ```recbook block).")
    var notebooks: [String]

    @OptionGroup var common: CommonOptions

    func run() throws {
        let terminal = Terminal()
        var frontend = NotebookFrontend(terminal: terminal, overrides: common.set)
        frontend.allowsWritesOutside = common.allowWritesOutside
        let selection: NotebookSelection
        do {
            selection = try NotebookSelection(arguments: notebooks)
        } catch {
            terminal.line(terminal.styled("error:", .red) + " \(error)")
            throw RecbookExit.usage
        }
        var ok = true
        for path in selection.paths {
            guard let checked = frontend.check(path) else {
                ok = false
                continue
            }
            let statements = checked.program.cells.reduce(0) { $0 + $1.statements.count }
            let cells = checked.notebook.cells.count
            printOut("\(path): ok (\(cells) cell\(cells == 1 ? "" : "s"), \(statements) statement\(statements == 1 ? "" : "s"))")
        }
        if !ok { throw RecbookExit.usage }
    }
}
