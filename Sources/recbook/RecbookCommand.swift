import RecbookFiles
import RecbookResults
import ArgumentParser
import RecbookRuntime
import RecommenderKit

@main
struct RecbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recbook",
        abstract: "Run literate recommender-systems notebooks.",
        discussion: """
            A notebook is a Markdown file whose ```recbook blocks hold commands (load, train, \
            evaluate, attack, adv-train, compare, …). recbook checks the whole notebook before \
            anything runs, runs it, and writes HTML, Markdown and JSON reports.

            Exit codes: 0 success; 1 a cell failed while running; 3 recbook stopped abruptly \
            while running a statement (the reports of the cells before it are written); 64 bad \
            usage, or a notebook that does not check.
            """,
        version: RecbookVersion.current,
        subcommands: [RunCommand.self, CheckCommand.self, PreviewCommand.self, GenerateCommand.self, HelpCommand.self]
    )

    static func main() {
        CPUSupport.checkOrExit()
        SignalCleanup.install()
        BLASKernels.stopThreadPool()
        // The kernels are chosen (`BLASKernels.ensurePreferredCore`, a re-execution) only by
        // the commands that compute, as they start: `preview`, and `run` when it has no worker;
        // a worker starts with them chosen. The others (check, help, generate, which draws
        // without OpenBLAS) start once.
        if RunJournalWriter.isWorker {
            RunSupervisor.followSupervisor()
        } else if CommandLine.arguments.dropFirst().first == RunCommand.configuration.commandName {
            switch RunSupervisor.runFirstWorker() {
            case .ended(let worker, let supervisor):
                RunSupervisor.finish(worker, supervisor: supervisor)
            case .notStarted(let reason):
                // This process runs the notebooks itself, as recbook did before workers.
                BLASKernels.ensurePreferredCore()
                Terminal().line(Terminal().styled("warning:", .yellow) + " " + CrashMessages.noWorker(reason))
            }
        }
        main(nil)
    }
}
