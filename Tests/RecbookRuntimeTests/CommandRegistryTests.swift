import NotebookDocument
import RecbookLanguage
import RecbookResults
import RecbookFiles
import Testing
@testable import RecbookRuntime

/// The registry is the one list of commands: the checker's catalogue is built from it,
/// and every command in it runs.
@Suite struct CommandRegistryTests {
    @Test func everyCommandIsRegisteredOnceAndTheCatalogueIsTheRegistry() {
        let names = CommandRegistry.commands.map { $0.signature.name }
        #expect(Set(names).count == names.count)
        #expect(CommandCatalogue.standard.names == names)
        for name in names {
            #expect(CommandRegistry.command(named: name) != nil)
        }
    }

    @Test func everyOptionIsDeclaredOnceWithADefaultThatChecks() {
        for command in CommandRegistry.commands {
            // A name may be declared again only for other forms of the command (`train bprmf reg`,
            // `train ials reg`): the declarations' subject words must not overlap.
            for (index, option) in command.signature.options.enumerated() {
                for other in command.signature.options[..<index] where other.name == option.name {
                    guard case .words(let mine)? = option.condition?.pattern, case .words(let theirs)? = other.condition?.pattern,
                        option.condition?.subject == other.condition?.subject
                    else {
                        Issue.record("\(command.signature.name) declares `\(option.name)` twice for the same forms")
                        continue
                    }
                    #expect(Set(mine).isDisjoint(with: theirs), "\(command.signature.name) declares `\(option.name)` twice for \(mine)")
                }
            }
            for option in command.signature.options {
                guard case .value(let value) = option.defaultValue, let bounds = option.bounds else { continue }
                let numbers: [Double] = switch value {
                case .integer(let x): [Double(x)]
                case .float(let x): [x]
                case .list(let items): items.compactMap { if case .integer(let x) = $0 { Double(x) } else { nil } }
                default: []
                }
                for x in numbers {
                    #expect(bounds.contains(x), "default of `\(command.signature.name) \(option.name)` is out of its own bounds")
                }
            }
        }
    }

    /// One notebook that uses every registered command (and asserts that it does).
    @Test func everyRegisteredCommandRuns() throws {
        let folder = temporaryDirectory()
        let source = """
            ```recbook
            \(tinyData)
            stats data
            \(tinyTrain)
            pop = train mostpop data
            hit = attack fgsm bpr epsilon=0.5
            apr = adv-train bpr epochs=1
            clean = evaluate bpr k=[5, 10]
            broken = evaluate hit k=[5, 10]
            compare clean broken
            curve = attack random bpr epsilon=sweep[0.1, 1]
            on_curve = evaluate curve k=[5]
            plot on_curve x=epsilon
            grid = train bprmf data factors=sweep[4, 8] lr=sweep[0.05, 0.1] epochs=1 batch=64
            on_grid = evaluate grid k=[5]
            heatmap on_grid rows=factors columns=lr
            table on_grid rows=factors columns=lr metric=auc
            recommend bpr user="1" n=3
            export pop to="pop" what=recommendations n=2
            val = split data validation=holdout ratio=0.3
            poisoned = poison bandwagon data targets="7" users=4 filler=5 selected=3
            flags = detect similarity poisoned flag=4 neighbours=3
            cleaned = remove poisoned flagged=flags
            pushed = evaluate bpr targets="7" k=[5]
            ```
            """
        let notebook = try NotebookParser.parse(path: "all.md", source: source)
        guard case .success(let program) = Checker.check(notebook, catalogue: .standard) else {
            Issue.record("the notebook should check")
            return
        }
        let used = Set(program.cells.flatMap(\.statements).compactMap(\.command))
        #expect(used == Set(CommandCatalogue.standard.names))
        let result = NotebookRunner(notebook: notebook, program: program, configuration: RunConfiguration(seed: 3, threads: 1, output: try OutputFolder(folder))).run()
        #expect(result.succeeded, "\(result.cells.compactMap(\.error?.headline))")
    }

    @Test func runtimeFailuresCarryAStableIdentifier() throws {
        let result = try runNotebook("""
            ```recbook
            \(tinyData)
            \(tinyTrain)
            recommend bpr user="no-such-user"
            ```
            """)
        let error = try #require(result.cells[0].error)
        #expect(error.identifier == "unknown-user")
        #expect(error.location == SourceLocation(line: 4, column: 20))
    }
}
