import Testing
import NotebookDocument
@testable import RecbookLanguage

@Suite struct CheckedProgramTests {
    static let fixture = NotebookFixture(cells: [
        .init(code: "data = load \"Data/ml\"\nbpr = train bprmf data epochs=3 lr=1", fenceLine: 1),
        .init(code: "hit = attack pgd bpr epsilon=0.4\nclean = evaluate bpr k=[10, 100]\nbroken = evaluate hit\ncompare clean broken\nbpr", fenceLine: 10),
    ])

    @Test func defaultsAreFilledInAndMarked() throws {
        let program = try #require(Self.fixture.program())
        let train = program.cells[0].statements[1]
        #expect(train.command == "train")
        #expect(train.subject(0).word == "bprmf")
        #expect(train.subject(1).reference == "data")
        #expect(train.options.map(\.name) == ["factors", "lr", "reg", "epochs", "batch", "optimizer", "from", "seed", "seeds", "output"])
        #expect(train.option("epochs").int == 3)
        #expect(train.option("epochs").isExplicit)
        // An integer written for a float option is widened.
        #expect(train.option("lr").value == .float(1))
        #expect(train.option("factors").int == 64)
        #expect(!train.option("factors").isExplicit)
        #expect(train.option("factors").range == nil)
        #expect(train.option("optimizer").word == "adagrad")
        #expect(train.option("batch").int == 512)
        #expect(train.option("from").value == nil)
        #expect(train.option("epochs").range.map { "\($0.lowerBound)-\($0.upperBound)" } == "3:24-3:32")
    }

    @Test func derivedDefaults() throws {
        let program = try #require(Self.fixture.program())
        let attack = program.cells[1].statements[0]
        // `step` is left to the library (2.5 · ε / steps, as documented); `steps` defaults to 10.
        #expect(attack.option("step").value == nil)
        #expect(attack.option("steps").int == 10)
        // `on` defaults to the dataset the model was trained on, also through an attack.
        let broken = program.cells[1].statements[2]
        #expect(broken.option("on").reference == "data")
        #expect(!broken.option("on").isExplicit)
        #expect(broken.dependencies == ["hit", "data"])
        #expect(broken.option("k").ints == [100])
        #expect(broken.option("metrics").words == ["hr", "ndcg", "auc"])
        let clean = program.cells[1].statements[1]
        #expect(clean.option("k").ints == [10, 100])
    }

    @Test func bindingsCarryTheirTypes() throws {
        let program = try #require(Self.fixture.program())
        #expect(program.bindings.map(\.name) == ["data", "bpr", "hit", "clean", "broken"])
        #expect(program.bindings.map(\.type.description) == [
            "a dataset", "a bprmf model", "an attacked bprmf model", "an evaluation", "an evaluation",
        ])
        #expect(program.binding(named: "hit")?.cellIndex == 1)
        #expect(program.binding(named: "hit")?.dataset == "data")
        let compare = program.cells[1].statements[3]
        #expect(compare.binding == nil)
        #expect(compare.resultType == .comparison)
        #expect(compare.subjects.map(\.reference) == ["clean", "broken"])
        let show = program.cells[1].statements[4]
        #expect(show.action == .show(name: "bpr"))
        #expect(show.resultType == .model(.bprmf))
    }

    @Test(arguments: [
        ("m = train mostpop data", ["seed"] as [String], "a mostpop model"),
        ("m = train random data seed=3", ["seed", "seeds"], "a random model"),
        ("d2 = load synthetic users=10", ["preset", "users", "items", "per-user", "seed", "seeds"], "a dataset"),
        ("m = adv-train bpr", ["epsilon", "alpha", "epochs", "variant", "lr", "seed", "seeds"], "a bprmf model"),
    ])
    func optionsOfEachForm(statement: String, options: [String], type: String) throws {
        let fixture = NotebookFixture("data = load \"d\"\nbpr = train bprmf data\n" + statement)
        let program = try #require(fixture.program())
        let checked = try #require(program.cells[0].statements.last)
        // `output` is every statement's; `train mostpop` has no other option.
        #expect(checked.options.map(\.name) == (statement.contains("mostpop") ? [] : options) + ["output"])
        #expect(checked.binding?.type.description == type)
    }

    @Test func displayOnlyCommandsHaveNoResult() throws {
        let fixture = NotebookFixture("data = load \"d\"\nbpr = train bprmf data\nrecommend bpr user=\"7\"\nexport bpr to=\"out\"")
        let program = try #require(fixture.program())
        let recommend = program.cells[0].statements[2]
        #expect(recommend.resultType == nil)
        #expect(recommend.option("user").string == "7")
        #expect(recommend.option("n").int == 10)
        #expect(program.cells[0].statements[3].option("what").word == "all")
    }
}
