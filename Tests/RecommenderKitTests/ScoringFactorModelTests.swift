import Testing
@testable import RecommenderKit

func randomFactorModel(users: Int, items: Int, factors: Int, seed: UInt64) -> FactorModel {
    var g = SeededGenerator(seed: seed)
    func matrix(_ rows: Int) -> Matrix {
        Matrix(rows: rows, columns: factors, storage: (0..<(rows * factors)).map { _ in g.nextUnitFloat() * 2 - 1 })
    }
    return FactorModel(userFactors: matrix(users), itemFactors: matrix(items))
}

@Test func factorModelScoresEqualNaiveDotProducts() {
    let model = randomFactorModel(users: 13, items: 21, factors: 9, seed: 3)
    #expect(model.userCount == 13 && model.itemCount == 21)
    var buffer = [Float](repeating: .nan, count: 5 * 21)
    buffer.withUnsafeMutableBufferPointer { model.scores(forUsers: 4..<9, into: $0) }
    for (r, u) in (4..<9).enumerated() {
        for i in 0..<21 {
            var dot = 0.0
            for f in 0..<9 { dot += Double(model.userFactors[u, f]) * Double(model.itemFactors[i, f]) }
            #expect(abs(Double(buffer[r * 21 + i]) - dot) < 1e-5, "user \(u) item \(i)")
        }
    }
}

@Test func factorModelScoresDoNotDependOnGrouping() {
    // The Recommender contract: a user's row is the same whichever block it is scored in.
    let model = randomFactorModel(users: 37, items: 45, factors: 64, seed: 4)
    var whole = [Float](repeating: 0, count: 37 * 45)
    whole.withUnsafeMutableBufferPointer { model.scores(forUsers: 0..<37, into: $0) }
    for u in 0..<37 {
        var single = [Float](repeating: 0, count: 45)
        single.withUnsafeMutableBufferPointer { model.scores(forUsers: u..<(u + 1), into: $0) }
        #expect(single.map(\.bitPattern) == whole[(u * 45)..<((u + 1) * 45)].map(\.bitPattern), "user \(u)")
    }
}

@Test func zeroFactorModelScoresZero() {
    let model = FactorModel(userFactors: Matrix(rows: 2, columns: 0), itemFactors: Matrix(rows: 3, columns: 0))
    var buffer = [Float](repeating: .nan, count: 6)
    buffer.withUnsafeMutableBufferPointer { model.scores(forUsers: 0..<2, into: $0) }
    #expect(buffer == [0, 0, 0, 0, 0, 0])
}

@Test(arguments: [250..<260, 0..<300, 256..<512, 511..<513, 100..<101])
func rangesAcrossScoringTilesMatchWholeMatrix(range: Range<Int>) {
    let model = randomFactorModel(users: 530, items: 11, factors: 5, seed: 6)
    var whole = [Float](repeating: 0, count: 530 * 11)
    whole.withUnsafeMutableBufferPointer { model.scores(forUsers: 0..<530, into: $0) }
    var part = [Float](repeating: .nan, count: range.count * 11)
    part.withUnsafeMutableBufferPointer { model.scores(forUsers: range, into: $0) }
    #expect(part.map(\.bitPattern) == whole[(range.lowerBound * 11)..<(range.upperBound * 11)].map(\.bitPattern))
}
