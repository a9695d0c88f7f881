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

@Test func aUsersValidationItemsDoNotDependOnOtherUsers() {
    // The same three users, then the same three behind a newcomer whose id sorts first (index 0).
    let rows: [[Int32]] = [[0, 2, 4, 6, 8], [1, 3, 5, 7], [0, 1, 2, 3, 4, 5]]
    let items = IDMap(rawIDs: (0..<10).map { "i\($0)" })
    func dataset(_ names: [String], _ rows: [[Int32]]) -> Dataset {
        let pairs = rows.enumerated().flatMap { u, row in row.map { (user: u, item: Int($0)) } }
        return Dataset(
            name: "d", users: IDMap(rawIDs: names), items: items,
            train: InteractionMatrix(userCount: names.count, itemCount: 10, pairs: pairs),
            test: InteractionMatrix(userCount: names.count, itemCount: 10, pairs: []))
    }
    let alone = dataset(["a", "b", "c"], rows)
    let joined = dataset(["Z", "a", "b", "c"], [[9, 8, 7]] + rows)
    for method in [ValidationMethod.leaveOneOut, .holdout] {
        let one = alone.validationSplit(method, ratio: 0.4, generator: SeededGenerator(seed: 3))
        let two = joined.validationSplit(method, ratio: 0.4, generator: SeededGenerator(seed: 3))
        for u in 0..<3 {
            #expect(Array(one.test.items(of: u)) == Array(two.test.items(of: u + 1)), "\(method), user \(alone.users.rawID(of: u))")
        }
    }
}
