/// Reads datasets from disk: the ECIR train/test layout, or one ratings table (CSV, TSV,
/// MovieLens `.dat`) that is then split. Every failure is a `DataError` naming the file,
/// line and column.
public struct DatasetLoader: Sendable {
    /// Ratings below this value are dropped while reading; nil keeps every row as a positive.
    public var minRating: Double?
    /// Cores for parsing and assembling; the dataset is the same for every thread count.
    public var context: ComputeContext

    public static let trainingFileName = "trainingset.tsv"
    public static let testFileName = "testset.tsv"

    public init(minRating: Double? = nil, context: ComputeContext = .singleThreaded) {
        self.minRating = minRating
        self.context = context
    }

    /// Whether `path` is a folder holding both ECIR files.
    /// Whether `path` is a folder (which `load` reads in the ECIR layout).
    public static func isFolder(_ path: String) -> Bool {
        FileBytes.kind(of: path) == .folder
    }

    public static func isECIRFolder(_ path: String) -> Bool {
        FileBytes.kind(of: path) == .folder
            && FileBytes.kind(of: joinPath(path, trainingFileName)) == .file
            && FileBytes.kind(of: joinPath(path, testFileName)) == .file
    }

    /// The two files of an ECIR folder, training first.
    public static func ecirFiles(in folder: String) -> [String] {
        [joinPath(folder, trainingFileName), joinPath(folder, testFileName)]
    }

    /// Loads `folder/trainingset.tsv` and `folder/testset.tsv`.
    public func loadECIR(folder: String) throws -> Dataset {
        try FileBytes.requireReadableFolder(folder)
        let train = joinPath(folder, Self.trainingFileName), test = joinPath(folder, Self.testFileName)
        let missing = [Self.trainingFileName, Self.testFileName].filter {
            FileBytes.kind(of: joinPath(folder, $0)) == .missing
        }
        if !missing.isEmpty {
            throw DataError(
                path: folder,
                message: "missing \(missing.joined(separator: " and ")): an ECIR dataset folder holds "
                    + "\(Self.trainingFileName) and \(Self.testFileName)")
        }
        var dataset = try loadECIR(train: train, test: test)
        dataset.name = lastPathComponent(folder)
        return dataset
    }

    /// Loads an explicit pair of ECIR files. Users and items of both files get indices.
    /// Each file is read once, and hashed while it is parsed (`Dataset.sourceDigests`).
    public func loadECIR(train trainPath: String, test testPath: String) throws -> Dataset {
        var (train, trainDigest) = try parser(trainPath, format: .ecir, keep: .interactions).parseFile()
        var (test, testDigest) = try parser(testPath, format: .ecir, keep: .interactions).parseFile()
        let users = IDMap(rawIDs: train.users.names + test.users.names)
        let items = IDMap(rawIDs: train.items.names + test.items.names)
        let belowThreshold = train.belowThreshold + test.belowThreshold
        let (trainMatrix, trainDuplicates) = DatasetAssembly.matrix(&train, users: users, items: items, context: context)
        let (testMatrix, testDuplicates) = DatasetAssembly.matrix(&test, users: users, items: items, context: context)
        var dataset = Dataset(
            name: DatasetAssembly.name(forFile: trainPath), users: users, items: items,
            train: trainMatrix, test: testMatrix, sourceFiles: [trainPath, testPath])
        dataset.sourceDigests = [trainDigest, testDigest]
        dataset.duplicatesCollapsed = trainDuplicates + testDuplicates
        dataset.rowsBelowThreshold = belowThreshold
        return dataset
    }

    /// Reads one ratings table. The delimiter comes from the extension (`.csv` comma,
    /// `.tsv` tab) or else from the first line (`::`, tab, comma or semicolon); a first
    /// row whose third field is not a number is a header naming the columns.
    public func loadRatings(file: String) throws -> RatingsTable {
        try readTable(file).table
    }

    /// Splits a table read by `loadRatings`; advances `generator` by one draw so later
    /// random work does not reuse the split's stream.
    public func split(_ table: RatingsTable, _ split: Split, generator: inout SeededGenerator) throws -> Dataset {
        let dataset = try table.split(split, generator: generator)
        _ = generator.next()
        return dataset
    }

    /// Loads an ECIR folder as it is, or a ratings file split with `split`.
    public func load(_ path: String, split: Split = .leaveOneOut, generator: inout SeededGenerator) throws -> Dataset {
        if Self.isFolder(path) { return try loadECIR(folder: path) }
        let (table, digest) = try readTable(path)
        var dataset = try self.split(table, split, generator: &generator)
        dataset.sourceDigests = [digest]
        return dataset
    }

    private func parser(_ path: String, format: RatingsFileParser.Format, keep: RatingsFileParser.Keep) -> RatingsFileParser {
        RatingsFileParser(path: path, format: format, minRating: minRating, keep: keep, context: context)
    }

    private func readTable(_ path: String) throws -> (table: RatingsTable, digest: DataFileDigest) {
        let lower = path.lowercased()
        let delimiter: FieldDelimiter? =
            lower.hasSuffix(".csv") ? .comma : (lower.hasSuffix(".tsv") || lower.hasSuffix(".tab")) ? .tab : nil
        let (rows, digest) = try parser(path, format: .generic(delimiter), keep: .table).parseFile()
        return (rows.table(sourceFile: path), digest)
    }
}
