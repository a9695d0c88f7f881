import NotebookDocument
import RecbookLanguage
import Testing
@testable import RecbookRuntime

/// Placeholders for names (`CanonicalNames`): statements rewritten, text realised exactly.
struct CanonicalNamesTests {
    static let dataKey = String(repeating: "a", count: 64)
    static let modelKey = String(repeating: "b", count: 64)

    var names: CanonicalNames {
        var names = CanonicalNames()
        names.add(name: "data", key: Self.dataKey)
        names.add(name: "bpr", key: Self.modelKey)
        return names
    }

    @Test func aPlaceholderIsTheKeysPrefixBetweenPrivateUseMarks() {
        #expect(CanonicalNames.placeholder(forKey: Self.dataKey) == "\u{E000}aaaaaaaaaaaaaaaaaaaa\u{E001}")
    }

    @Test func realisingReplacesEveryPlaceholderAndNothingElse() {
        let data = CanonicalNames.placeholder(forKey: Self.dataKey)
        let bpr = CanonicalNames.placeholder(forKey: Self.modelKey)
        #expect(names.realise("\(bpr) on \(data): 5 users") == "bpr on data: 5 users")
        #expect(names.realise("\(bpr)\(data)") == "bprdata")
        #expect(names.realise("no names here, data and bpr as words") == "no names here, data and bpr as words")
        // A token of no name in this run, and unbalanced marks, are left as they are.
        let unknown = CanonicalNames.placeholder(forKey: String(repeating: "c", count: 64))
        #expect(names.realise("x \(unknown) y") == "x \(unknown) y")
        #expect(names.realise("a \u{E000}b \(bpr)") == "a \u{E000}b bpr")
        #expect(names.realise("tail \u{E000}ab") == "tail \u{E000}ab")
    }

    @Test func aCanonicalStatementReadsAndBindsPlaceholders() throws {
        let source = "```recbook\ndata = load synthetic users=40 items=60 per-user=10\nbpr = train bprmf data epochs=1\ne = evaluate bpr on=data k=[5, 10]\n```\n"
        let notebook = try NotebookParser.parse(path: "names.md", source: source)
        guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard) else {
            throw CheckFailed(headlines: ["does not check"])
        }
        let statements = program.cells[0].statements
        let evaluate = names.canonical(statements[2])
        let bpr = CanonicalNames.placeholder(forKey: Self.modelKey)
        let data = CanonicalNames.placeholder(forKey: Self.dataKey)
        #expect(evaluate.subjects[0].value == .reference(bpr))
        #expect(evaluate.option("on").value == .reference(data))
        #expect(evaluate.option("k").value == .list([.integer(5), .integer(10)]))
        #expect(evaluate.dependencies == [bpr, data])
        // `e` is bound by no keyed statement here, so it keeps its name.
        #expect(evaluate.binding?.name == "e")
        #expect(names.canonical(statements[1]).binding?.name == bpr)
        #expect(names.canonical(statements[1]).binding?.dataset == data)
    }
}
