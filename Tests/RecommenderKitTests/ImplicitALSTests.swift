import Testing
@testable import RecommenderKit

/// iALS: the CG solves against exact dense solves, the objective, thread independence.
@Suite struct ImplicitALSTests {
    static func randomTraining(users: Int, items: Int, perUser: Int, seed: UInt64) -> InteractionMatrix {
        var generator = SeededGenerator(seed: seed)
        var pairs: [(user: Int, item: Int)] = []
        for u in 0..<users { for _ in 0..<perUser { pairs.append((u, generator.nextInt(below: items))) } }
        return InteractionMatrix(userCount: users, itemCount: items, pairs: pairs)
    }

    static func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        return Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in generator.nextUnitFloat() - 0.5 })
    }

    /// Solves A x = b by Gaussian elimination with partial pivoting, in Double.
    static func denseSolve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var a = a, b = b
        let n = b.count
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for c in column..<n { a[row][c] -= factor * a[column][c] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for c in (row + 1)..<n { sum -= a[row][c] * x[c] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    /// The normal equations of row r, built directly from the definition:
    /// A = YᵀY + λI + α Σ_{i ∈ observed} y_i y_iᵀ, b = (1 + α) Σ_{i ∈ observed} y_i.
    static func exactSolution(row r: Int, fixed y: Matrix, rows: InteractionMatrix, alpha: Double, lambda: Double) -> [Double] {
        let k = y.columns
        var a = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var b = [Double](repeating: 0, count: k)
        for i in 0..<y.rows {
            let observed = rows.contains(user: r, item: i)
            let weight = observed ? 1 + alpha : 1
            for p in 0..<k {
                for q in 0..<k { a[p][q] += weight * Double(y[i, p]) * Double(y[i, q]) }
                if observed { b[p] += (1 + alpha) * Double(y[i, p]) }
            }
        }
        for p in 0..<k { a[p][p] += lambda }
        return denseSolve(a, b)
    }

    @Test func everyConjugateGradientSolveMatchesTheExactDenseSolve() {
        // With as many CG steps as factors, CG solves the k × k system exactly (up to rounding).
        let rows = Self.randomTraining(users: 5, items: 7, perUser: 3, seed: 1)
        let fixed = Self.randomMatrix(rows: 7, columns: 4, seed: 2)
        var solving = Self.randomMatrix(rows: 5, columns: 4, seed: 3)
        let configuration = ImplicitALSConfiguration(factors: 4, regularization: 0.3, alpha: 2.5, conjugateGradientSteps: 4)
        ImplicitALSTrainer.halfStep(solving: &solving, fixed: fixed, rows: rows, configuration: configuration)
        for r in 0..<5 {
            let exact = Self.exactSolution(row: r, fixed: fixed, rows: rows, alpha: 2.5, lambda: 0.3)
            for d in 0..<4 {
                #expect(abs(Double(solving[r, d]) - exact[d]) < 1e-4, "row \(r), factor \(d): \(solving[r, d]) vs \(exact[d])")
            }
        }
    }

    @Test func gatheringTheObservedRowsNeverChangesTheResult() {
        let rows = Self.randomTraining(users: 20, items: 30, perUser: 6, seed: 15)
        let fixed = Self.randomMatrix(rows: 30, columns: 11, seed: 16)
        let start = Self.randomMatrix(rows: 20, columns: 11, seed: 17)
        let configuration = ImplicitALSConfiguration(factors: 11, regularization: 0.1, alpha: 2)
        var gathered = start, direct = start
        ImplicitALSTrainer.halfStep(solving: &gathered, fixed: fixed, rows: rows, configuration: configuration, context: .singleThreaded, gatherRows: 2048)
        ImplicitALSTrainer.halfStep(solving: &direct, fixed: fixed, rows: rows, configuration: configuration, context: .singleThreaded, gatherRows: 0)
        #expect(gathered == direct)
        #expect(gathered != start)
    }

    @Test func fewerStepsThanFactorsOnlyApproachTheSolution() {
        // One CG step from the warm start is a single line search: closer than the start, not exact.
        let rows = Self.randomTraining(users: 5, items: 9, perUser: 4, seed: 4)
        let fixed = Self.randomMatrix(rows: 9, columns: 6, seed: 5)
        let start = Self.randomMatrix(rows: 5, columns: 6, seed: 6)
        var solving = start
        ImplicitALSTrainer.halfStep(
            solving: &solving, fixed: fixed, rows: rows,
            configuration: ImplicitALSConfiguration(factors: 6, regularization: 0.1, alpha: 3, conjugateGradientSteps: 1))
        for r in 0..<5 {
            let exact = Self.exactSolution(row: r, fixed: fixed, rows: rows, alpha: 3, lambda: 0.1)
            let before = (0..<6).map { Double(start[r, $0]) - exact[$0] }.reduce(0) { $0 + $1 * $1 }
            let after = (0..<6).map { Double(solving[r, $0]) - exact[$0] }.reduce(0) { $0 + $1 * $1 }
            #expect(after < before && after > 1e-8, "row \(r): \(before) → \(after)")
        }
    }

    @Test func objectiveMatchesItsDefinition() {
        let training = Self.randomTraining(users: 6, items: 5, perUser: 2, seed: 7)
        let users = Self.randomMatrix(rows: 6, columns: 3, seed: 8), items = Self.randomMatrix(rows: 5, columns: 3, seed: 9)
        let configuration = ImplicitALSConfiguration(factors: 3, regularization: 0.2, alpha: 4)
        // Σ over every (u, i) of c (p − x·y)², plus λ times the squared norms.
        var expected = 0.0
        for u in 0..<6 {
            for i in 0..<5 {
                let s = (0..<3).reduce(0.0) { $0 + Double(users[u, $1]) * Double(items[i, $1]) }
                let observed = training.contains(user: u, item: i)
                expected += (observed ? 5 : 1) * ((observed ? 1 : 0) - s) * ((observed ? 1 : 0) - s)
            }
        }
        expected += 0.2 * (users.storage + items.storage).reduce(0.0) { $0 + Double($1) * Double($1) }
        let computed = ImplicitALSTrainer.objective(users: users, items: items, training: training, configuration: configuration)
        #expect(abs(computed - expected) < 1e-5 * expected, "\(computed) vs \(expected)")
    }

    @Test func weightedObjectiveDecreasesEveryIteration() {
        let training = Self.randomTraining(users: 30, items: 20, perUser: 4, seed: 10)
        let model = ImplicitALSTrainer.train(
            on: training, configuration: ImplicitALSConfiguration(factors: 5, regularization: 0.05, alpha: 3, iterations: 6),
            generator: SeededGenerator(seed: 11))
        let objectives = model.history.compactMap(\.objective)
        #expect(objectives.count == 6)
        for (before, after) in zip(objectives, objectives.dropFirst()) { #expect(after < before, "\(objectives)") }
        // The random start scores 0.005-ish; the trained model must fit the observed pairs far better.
        let start = ImplicitALSTrainer.train(
            on: training, configuration: ImplicitALSConfiguration(factors: 5, regularization: 0.05, alpha: 3, iterations: 0),
            generator: SeededGenerator(seed: 11))
        let initial = ImplicitALSTrainer.objective(
            users: start.factors.userFactors, items: start.factors.itemFactors, training: training, configuration: model.configuration)
        #expect(objectives[0] < initial)
    }

    @Test func resultsAreBitIdenticalAcrossThreadCounts() {
        // More rows than one chunk (128), so several chunks really run concurrently.
        let training = Self.randomTraining(users: 300, items: 260, perUser: 5, seed: 12)
        let configuration = ImplicitALSConfiguration(factors: 9, iterations: 2, recordsObjective: false)
        let one = ImplicitALSTrainer.train(on: training, configuration: configuration, generator: SeededGenerator(seed: 13), context: ComputeContext(threads: 1))
        let three = ImplicitALSTrainer.train(on: training, configuration: configuration, generator: SeededGenerator(seed: 13), context: ComputeContext(threads: 3))
        #expect(one.factors == three.factors)
        let other = ImplicitALSTrainer.train(on: training, configuration: configuration, generator: SeededGenerator(seed: 14))
        #expect(other.factors != one.factors)
    }
}
