/// Reads datasets from disk: the ECIR train/test layout, or one ratings table (CSV, TSV,
/// MovieLens `.dat`) that is then split. Every failure is a `DataError` naming the file,
/// line and column.
public struct DatasetLoader: Sendable {
    /// Ratings below this value are dropped while reading; nil keeps every row as a positive.
    public var minRating: Double?

    public static let trainingFileName = "trainingset.tsv"
    public static let testFileName = "testset.tsv"

    public init(minRating: Double? = nil) {
        self.minRating = minRating
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
    public func loadECIR(train trainPath: String, test testPath: String) throws -> Dataset {
        let train = try readTable(trainPath, format: .ecir)
        let test = try readTable(testPath, format: .ecir)
        let users = IDMap(rawIDs: train.userNames + test.userNames)
        let items = IDMap(rawIDs: train.itemNames + test.itemNames)
        let (trainMatrix, trainDuplicates) = DatasetAssembly.matrix(
            DatasetAssembly.denseRows(of: train, users: users, items: items), userCount: users.count, itemCount: items.count)
        let (testMatrix, testDuplicates) = DatasetAssembly.matrix(
            DatasetAssembly.denseRows(of: test, users: users, items: items), userCount: users.count, itemCount: items.count)
        var dataset = Dataset(
            name: DatasetAssembly.name(forFile: trainPath), users: users, items: items,
            train: trainMatrix, test: testMatrix, sourceFiles: [trainPath, testPath])
        dataset.duplicatesCollapsed = trainDuplicates + testDuplicates
        dataset.rowsBelowThreshold = train.rowsBelowThreshold + test.rowsBelowThreshold
        return dataset
    }

    /// Reads one ratings table. The delimiter comes from the extension (`.csv` comma,
    /// `.tsv` tab) or else from the first line (`::`, tab, comma or semicolon); a first
    /// row whose third field is not a number is a header naming the columns.
    public func loadRatings(file: String) throws -> RatingsTable {
        let lower = file.lowercased()
        let delimiter: FieldDelimiter? =
            lower.hasSuffix(".csv") ? .comma : (lower.hasSuffix(".tsv") || lower.hasSuffix(".tab")) ? .tab : nil
        return try readTable(file, format: .generic(delimiter))
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
        return try self.split(try loadRatings(file: path), split, generator: &generator)
    }

    private func readTable(_ path: String, format: RatingsFileParser.Format) throws -> RatingsTable {
        let bytes = try FileBytes.read(path)
        return try RatingsFileParser(path: path, format: format, minRating: minRating).parse(bytes)
    }
}
