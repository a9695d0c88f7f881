/// Repeated measurements of one quantity (seconds, or any other unit).
struct Samples: Codable, Sendable {
    var values: [Double]

    init(_ values: [Double] = []) { self.values = values }

    mutating func add(_ value: Double) { values.append(value) }

    var isEmpty: Bool { values.isEmpty }
    var count: Int { values.count }
    var minimum: Double { values.min() ?? .nan }
    var maximum: Double { values.max() ?? .nan }
    var mean: Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

    /// The middle value (the mean of the two middle values for an even count).
    var median: Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Every value scaled by `factor` (e.g. seconds per epoch → ns per pair).
    func scaled(by factor: Double) -> Samples { Samples(values.map { $0 * factor }) }
}

/// Runs `body` `count` times and records the seconds of each run.
func measure(_ count: Int, _ body: () throws -> Void) rethrows -> Samples {
    var samples = Samples()
    for _ in 0..<max(count, 1) {
        let start = monotonicSeconds()
        try body()
        samples.add(monotonicSeconds() - start)
    }
    return samples
}
