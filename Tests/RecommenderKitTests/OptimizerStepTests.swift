import Testing
@testable import RecommenderKit

/// One optimizer step on a 2 × 2 parameter matrix where only row 1 has a gradient.
@Suite struct OptimizerStepTests {
    static let parameters: [Float] = [0.3, -0.2, 1.0, -0.5]
    static let gradient: [Float] = [0.5, -2.0]

    /// Applies `steps` steps of `kind` with the same gradient on row 1; returns parameters and slots.
    static func run(_ kind: OptimizerKind, lr: Float, steps: Int) -> (values: [Float], first: [Float], second: [Float]) {
        let state = OptimizerState(kind: kind, users: 2, items: 0, factors: 2)
        let rows = ParameterRows(values: parameters, first: state.userAccumulators, second: state.userSecondMoments, width: 2)
        var g = GradientRows(rows: 2, width: 2)
        defer { rows.deallocate(); g.deallocate() }
        for t in 1...steps {
            let row = g.row(1)
            row[0] = gradient[0]
            row[1] = gradient[1]
            rows.apply(kind, learningRate: lr, step: t, gradient: &g)
            #expect(g.touchedCount == 0 && g.values[2] == 0 && g.values[3] == 0, "the step clears the gradient")
        }
        return (rows.values.array, rows.first.array, rows.second.array)
    }

    @Test func adagradStepMatchesHandArithmetic() {
        let (values, accumulators, _) = Self.run(.adagrad, lr: 0.05, steps: 1)
        // a = 0.1 + g²: 0.35 and 4.1; θ −= 0.05 · g / (√a + 1e-7).
        #expect(accumulators == [0.1, 0.1, 0.35, 4.1])
        #expect(values[0] == 0.3 && values[1] == -0.2, "untouched rows keep their values")
        #expect(abs(Double(values[2]) - (1.0 - 0.05 * 0.5 / (0.5916079783 + 1e-7))) < 1e-6)
        #expect(abs(Double(values[3]) - (-0.5 + 0.05 * 2.0 / (2.0248456731 + 1e-7))) < 1e-6)
    }

    @Test func adagradSecondStepUsesTheAccumulatedSquares() {
        let (values, accumulators, _) = Self.run(.adagrad, lr: 0.05, steps: 2)
        #expect(abs(accumulators[2] - 0.6) < 1e-6)
        // 1 − 0.025/√0.35 − 0.025/√0.6
        #expect(abs(Double(values[2]) - (1.0 - 0.025 / 0.5916079783 - 0.025 / 0.7745966692)) < 1e-6)
    }

    @Test func adamStepsMatchHandArithmetic() {
        let (one, m1, v1) = Self.run(.adam, lr: 0.01, steps: 1)
        // t = 1: m = 0.1·g, v = 0.001·g², lr_t = 0.01·√0.001/0.1 = 0.0031622777.
        // (1 − β) is rounded to Float as Keras does, hence the tolerances.
        #expect(abs(m1[2] - 0.05) < 1e-7 && abs(v1[2] - 0.00025) < 1e-8)
        let lr1 = 0.0031622777
        #expect(abs(Double(one[2]) - (1.0 - lr1 * 0.05 / (0.0158113883 + 1e-7))) < 1e-6)
        #expect(abs(Double(one[3]) - (-0.5 + lr1 * 0.2 / (0.0632455532 + 1e-7))) < 1e-6)

        let (two, m2, v2) = Self.run(.adam, lr: 0.01, steps: 2)
        // t = 2: m = 0.19·g, v = 0.001999·g², lr_t = 0.01·√(1 − 0.999²)/(1 − 0.81).
        #expect(abs(m2[2] - 0.095) < 1e-7 && abs(v2[2] - 0.00049975) < 2e-8)
        let lr2 = 0.01 * 0.0447101778 / 0.19
        let expected = Double(one[2]) - lr2 * 0.095 / (0.0223550889 + 1e-7)
        #expect(abs(Double(two[2]) - expected) < 1e-6)
    }

    @Test func sgdStepIsPlainGradientDescent() {
        let (values, first, second) = Self.run(.sgd, lr: 0.1, steps: 1)
        #expect(first.isEmpty && second.isEmpty)
        #expect(abs(values[2] - 0.95) < 1e-7 && abs(values[3] - -0.3) < 1e-7)
    }
}
