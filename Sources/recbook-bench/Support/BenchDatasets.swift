import RecommenderKit

/// The three benchmark sizes. ML-500 is the seed's real data when the folder is present;
/// ML-1M and ML-20M are always synthetic sets of those shapes.
enum BenchSize: String, CaseIterable, Codable, Sendable {
    case ml500 = "ml-500"
    case ml1m = "ml-1m"
    case ml20m = "ml-20m"

    var syntheticConfiguration: SyntheticDatasetConfiguration {
        switch self {
        case .ml500: .movielens500Like
        case .ml1m: .movielens1MLike
        case .ml20m: .movielens20MLike
        }
    }

    /// Parses "ml-500,ml-1m" (also accepts "500", "1m", "20m").
    static func list(_ text: String) throws -> [BenchSize] {
        try text.split(separator: ",").map { word in
            let w = word.lowercased()
            if let size = BenchSize(rawValue: w) ?? BenchSize(rawValue: "ml-" + w) { return size }
            throw BenchError("unknown size `\(word)`; expected ml-500, ml-1m or ml-20m")
        }
    }
}

/// A dataset and a sentence saying where it came from.
struct LoadedDataset {
    var dataset: Dataset
    var origin: String
}

/// Loads a benchmark size: the real ECIR folder for ML-500 when it exists, else synthetic.
func loadBenchDataset(_ size: BenchSize, realData: String) throws -> LoadedDataset {
    if size == .ml500 {
        if DatasetLoader.isECIRFolder(realData) {
            let dataset = try DatasetLoader().loadECIR(folder: realData)
            return LoadedDataset(dataset: dataset, origin: "real MovieLens subset from \(realData)")
        }
        let dataset = try SyntheticDataset.generate(size.syntheticConfiguration)
        return LoadedDataset(
            dataset: dataset,
            origin: "synthetic ML-500-like set (the real data folder \(realData) is absent)")
    }
    let dataset = try SyntheticDataset.generate(size.syntheticConfiguration)
    return LoadedDataset(dataset: dataset, origin: "synthetic \(size.rawValue)-like set (SyntheticDataset.generate)")
}

/// Parses "1,2" into thread counts.
func threadList(_ text: String) throws -> [Int] {
    try text.split(separator: ",").map {
        guard let n = Int($0), n >= 1 else { throw BenchError("thread counts are positive integers, got `\($0)`") }
        return n
    }
}
