import Testing
@testable import RecommenderKit

private let (train, test) = randomInteractions(users: 20, items: 30, trainPerUser: 6, testPerUser: 1...2, seed: 41)
private let data: Dataset = {
    var rows = train
    rows[3] = [7]  // a single training item: nothing can be held out
    return makeDataset(itemCount: 30, train: rows, test: test)
}()

@Test(arguments: [ValidationMethod.leaveOneOut, .holdout])
func validationSplitPartitionsTraining(method: ValidationMethod) {
    let split = data.validationSplit(method, ratio: 0.5, generator: SeededGenerator(seed: 1))
    #expect(split.users == data.users && split.items == data.items)
    for u in 0..<data.userCount {
        // Held-out items come from training only.
        let original = Set(data.train.items(of: u)), kept = Set(split.train.items(of: u)), held = Set(split.test.items(of: u))
        #expect(kept.isDisjoint(with: held))
        #expect(kept.union(held) == original)
        #expect(!kept.isEmpty)
        let n = original.count
        let expectedHeld = n < 2 ? 0 : method == .leaveOneOut ? 1 : min(n - 1, max(1, Int((0.5 * Double(n)).rounded())))
        #expect(held.count == expectedHeld, "user \(u): \(n) training items")
    }
}

@Test func validationSplitIsSeeded() {
    let a = data.validationSplit(.holdout, ratio: 0.3, generator: SeededGenerator(seed: 1))
    let b = data.validationSplit(.holdout, ratio: 0.3, generator: SeededGenerator(seed: 1))
    let c = data.validationSplit(.holdout, ratio: 0.3, generator: SeededGenerator(seed: 2))
    #expect(a == b)
    #expect(a.test != c.test)
}
