import Foundation
import Testing
@testable import RecommenderKit

/// ItemKNN and EASE against values computed independently: by hand, and by NumPy.
@Suite struct NeighbourhoodAndLinearTests {
    /// u0 {0, 1}, u1 {0, 1, 2}, u2 {1, 2}, u3 {2, 3}. Users per item: |U0| = 2, |U1| = 3,
    /// |U2| = 3, |U3| = 1. Common users: c01 = 2 (u0, u1), c02 = 1 (u1), c12 = 2 (u1, u2),
    /// c23 = 1 (u3), c03 = c13 = 0.
    static let handMatrix = InteractionMatrix(
        userCount: 4, itemCount: 4, pairs: [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2), (3, 2), (3, 3)])

    static func scores(_ model: some Recommender, user: Int) -> [Float] {
        var buffer = [Float](repeating: -1, count: model.itemCount)
        buffer.withUnsafeMutableBufferPointer { model.scores(forUsers: user..<(user + 1), into: $0) }
        return buffer
    }

    static func close(_ a: [Float], _ b: [Double], tolerance: Double = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs(Double($0) - $1) <= tolerance }
    }

    @Test func itemKNNCosineWithoutShrinkage() {
        let model = ItemKNN(training: Self.handMatrix, configuration: ItemKNNConfiguration(neighbours: 10, shrink: 0))
        // sim01 = 2/√(2·3) = 0.816497, sim02 = 1/√6 = 0.408248, sim12 = 2/√(3·3) = 0.666667,
        // sim23 = 1/√(3·1) = 0.577350; symmetric, diagonal 0.
        #expect(abs(model.similarity(0, 1) - 0.816497) < 1e-5 && abs(model.similarity(1, 0) - 0.816497) < 1e-5)
        #expect(abs(model.similarity(0, 2) - 0.408248) < 1e-5)
        #expect(abs(model.similarity(1, 2) - 0.666667) < 1e-5)
        #expect(abs(model.similarity(2, 3) - 0.577350) < 1e-5 && abs(model.similarity(3, 2) - 0.577350) < 1e-5)
        #expect(model.similarity(0, 3) == 0 && model.similarity(1, 3) == 0 && model.similarity(2, 2) == 0)
        // u3 has {2, 3}: score(i) = sim(i, 2) + sim(i, 3):
        // i0 0.408248 + 0, i1 0.666667 + 0, i2 0 + 0.577350, i3 0.577350 + 0.
        #expect(Self.close(Self.scores(model, user: 3), [0.408248, 0.666667, 0.577350, 0.577350]))
        // u0 has {0, 1}: i0 0 + 0.816497, i1 0.816497 + 0, i2 0.408248 + 0.666667 = 1.074915, i3 0.
        #expect(Self.close(Self.scores(model, user: 0), [0.816497, 0.816497, 1.074915, 0]))
    }

    @Test func itemKNNShrinkageChangesSimilaritiesAsComputed() {
        let model = ItemKNN(training: Self.handMatrix, configuration: ItemKNNConfiguration(neighbours: 10, shrink: 1))
        // shrink 1: sim01 = 2/(√6 + 1) = 0.579796, sim02 = 1/(√6 + 1) = 0.289898,
        // sim12 = 2/(3 + 1) = 0.5, sim23 = 1/(√3 + 1) = 0.366025.
        #expect(abs(model.similarity(0, 1) - 0.579796) < 1e-5)
        #expect(abs(model.similarity(0, 2) - 0.289898) < 1e-5)
        #expect(abs(model.similarity(1, 2) - 0.5) < 1e-5)
        #expect(abs(model.similarity(2, 3) - 0.366025) < 1e-5)
        // u3 {2, 3}: i0 0.289898, i1 0.5, i2 0.366025, i3 0.366025.
        #expect(Self.close(Self.scores(model, user: 3), [0.289898, 0.5, 0.366025, 0.366025]))
    }

    @Test func itemKNNKeepsOnlyTheLargestNeighbours() {
        let model = ItemKNN(training: Self.handMatrix, configuration: ItemKNNConfiguration(neighbours: 1, shrink: 0))
        // One neighbour per row: row 0 keeps 1 (0.816 > 0.408), row 1 keeps 0 (0.816 > 0.667),
        // row 2 keeps 1 (0.667 > 0.577 > 0.408), row 3 keeps 2 (its only one).
        #expect(model.neighbourItems == [1, 0, 1, 2])
        #expect(model.similarity(0, 2) == 0 && model.similarity(2, 3) == 0)
        #expect(abs(model.similarity(3, 2) - 0.577350) < 1e-5)
        // u3 {2, 3}: i0 sim(0,2) dropped → 0, i1 sim(1,2) dropped → 0, i2 sim(2,3) dropped → 0,
        // i3 sim(3,2) = 0.577350.
        #expect(Self.close(Self.scores(model, user: 3), [0, 0, 0, 0.577350]))
    }

    @Test func itemKNNDoesNotDependOnThreadsOrUserGrouping() {
        var generator = SeededGenerator(seed: 5)
        var pairs: [(user: Int, item: Int)] = []
        for u in 0..<40 { for _ in 0..<6 { pairs.append((u, generator.nextInt(below: 150))) } }
        let training = InteractionMatrix(userCount: 40, itemCount: 150, pairs: pairs)
        let configuration = ItemKNNConfiguration(neighbours: 7, shrink: 2)
        let one = ItemKNN(training: training, configuration: configuration, context: ComputeContext(threads: 1))
        let three = ItemKNN(training: training, configuration: configuration, context: ComputeContext(threads: 3))
        #expect(one == three)
        var whole = [Float](repeating: 0, count: 40 * 150), parts: [Float] = []
        whole.withUnsafeMutableBufferPointer { one.scores(forUsers: 0..<40, into: $0) }
        for range in [0..<13, 13..<14, 14..<40] {
            var part = [Float](repeating: 0, count: range.count * 150)
            part.withUnsafeMutableBufferPointer { one.scores(forUsers: range, into: $0) }
            parts += part
        }
        #expect(whole == parts)
        #expect((0..<150).allSatisfy { one.neighbourOffsets[$0 + 1] - one.neighbourOffsets[$0] <= 7 })
    }

    @Test func itemKNNKeepsExactlyTheTopNeighboursOfTheDefinition() {
        // Brute force from the definition on random data with many ties (small counts).
        var generator = SeededGenerator(seed: 21)
        var pairs: [(user: Int, item: Int)] = []
        for u in 0..<30 { for _ in 0..<5 { pairs.append((u, generator.nextInt(below: 25))) } }
        let training = InteractionMatrix(userCount: 30, itemCount: 25, pairs: pairs)
        let model = ItemKNN(training: training, configuration: ItemKNNConfiguration(neighbours: 4, shrink: 3))
        let usersOf = (0..<25).map { i in Set((0..<30).filter { training.contains(user: $0, item: i) }) }
        for i in 0..<25 {
            var row: [(j: Int, sim: Float)] = []
            for j in 0..<25 where j != i {
                let common = usersOf[i].intersection(usersOf[j]).count
                guard common > 0 else { continue }
                let denominator = Float(usersOf[i].count).squareRoot() * Float(usersOf[j].count).squareRoot() + 3
                row.append((j, Float(common) / denominator))
            }
            row.sort { $0.sim != $1.sim ? $0.sim > $1.sim : $0.j < $1.j }
            let kept = Dictionary(uniqueKeysWithValues: row.prefix(4).map { ($0.j, $0.sim) })
            for j in 0..<25 {
                #expect(abs(model.similarity(i, j) - (kept[j] ?? 0)) < 1e-6, "sim(\(i), \(j))")
            }
        }
    }

    /// Fixture written by scripts/reference/ease_reference.py (NumPy float64 closed form).
    struct EASEFixture: Decodable {
        var users: Int
        var items: Int
        var pairs: [[Int]]
        var lambda: Double
        var scores: [[Double]]
    }

    @Test func easeMatchesTheNumPyClosedForm() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ease-reference.json")
        let fixture = try JSONDecoder().decode(EASEFixture.self, from: Data(contentsOf: url))
        let training = InteractionMatrix(
            userCount: fixture.users, itemCount: fixture.items, pairs: fixture.pairs.map { (user: $0[0], item: $0[1]) })
        for precision in [EASE.Precision.single, .double] {
            let model = try EASE.timedFit(training: training, configuration: EASEConfiguration(lambda: fixture.lambda), precision: precision).model
            for u in 0..<fixture.users {
                let scores = Self.scores(model, user: u)
                #expect(Self.close(scores, fixture.scores[u], tolerance: 1e-4), "\(precision), user \(u): \(scores) vs \(fixture.scores[u])")
            }
            #expect((0..<fixture.items).allSatisfy { model.weights[$0, $0] == 0 })
        }
    }

    @Test func easeChoosesDoublePrecisionForIllConditionedGrams() {
        // Row sums of XᵀX for the hand matrix: item 1 has u0 (2 items), u1 (3), u2 (2): 7, the
        // largest. Bound (7 + λ) / λ: 8 at λ = 1 (single), 7,001 at λ = 0.001 (double, > 5,000).
        #expect(EASE.precision(for: Self.handMatrix, lambda: 1) == .single)
        #expect(EASE.precision(for: Self.handMatrix, lambda: 0.001) == .double)
        #expect(EASE.precision(for: Self.handMatrix, lambda: 7.0 / 4_999) == .single)
    }

    @Test func easeDoesNotDependOnTheThreadCount() throws {
        // More items than one chunk of Gram rows (64), so several chunks run concurrently.
        var generator = SeededGenerator(seed: 31)
        var pairs: [(user: Int, item: Int)] = []
        for u in 0..<50 { for _ in 0..<8 { pairs.append((u, generator.nextInt(below: 150))) } }
        let training = InteractionMatrix(userCount: 50, itemCount: 150, pairs: pairs)
        let one = try EASE(training: training, configuration: EASEConfiguration(lambda: 5), context: ComputeContext(threads: 1))
        let three = try EASE(training: training, configuration: EASEConfiguration(lambda: 5), context: ComputeContext(threads: 3))
        #expect(one == three)
    }

    @Test func easeLambdaShrinksTheWeights() throws {
        // λ → ∞ drives B to 0; a larger λ must give smaller weights on the same data.
        let small = try EASE(training: Self.handMatrix, configuration: EASEConfiguration(lambda: 1))
        let large = try EASE(training: Self.handMatrix, configuration: EASEConfiguration(lambda: 100))
        let smallNorm = small.weights.storage.reduce(0) { $0 + $1 * $1 }
        let largeNorm = large.weights.storage.reduce(0) { $0 + $1 * $1 }
        #expect(largeNorm < smallNorm / 100, "\(largeNorm) vs \(smallNorm)")
    }

    @Test func easeRefusesItemCountsBeyondItsBound() {
        let training = InteractionMatrix(userCount: 1, itemCount: EASE.maximumItems + 1, pairs: [(0, 0)])
        #expect(throws: EASEError.tooManyItems(items: 12_001, maximum: 12_000)) {
            try EASE(training: training)
        }
        #expect(
            "\(EASEError.tooManyItems(items: 12_001, maximum: 12_000))"
                == "EASE needs dense 12001 × 12001 item matrices (about 1.6 GiB); it is limited to 12000 items")
    }
}
