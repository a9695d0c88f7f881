import RecbookFiles
/// Writes a dataset in the ECIR layout: `trainingset.tsv` and `testset.tsv`, rows
/// `user<TAB>item<TAB>1` with raw ids, ordered by user index then item index.
///
/// A `Dataset` holds binary positives, so the rating column is always 1 and there is
/// no timestamp column; loading the folder back gives an equal dataset.
public func writeECIR(_ dataset: Dataset, to folder: String) throws {
    let unsafe: (String) -> Bool = { $0.isEmpty || $0.utf8.contains { $0 == 9 || $0 == 10 || $0 == 13 } }
    if let bad = dataset.users.rawIDs.first(where: unsafe) ?? dataset.items.rawIDs.first(where: unsafe) {
        throw DataError(path: folder, message: "raw id '\(bad)' is empty or holds a tab or line break, which the ECIR layout cannot store")
    }
    try AtomicFile.createDirectory(folder)
    try AtomicFile.write(ecirRows(dataset.train, dataset), to: joinPath(folder, DatasetLoader.trainingFileName))
    try AtomicFile.write(ecirRows(dataset.test, dataset), to: joinPath(folder, DatasetLoader.testFileName))
}

private func ecirRows(_ matrix: InteractionMatrix, _ dataset: Dataset) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(matrix.count * 16)
    let itemIDs = dataset.items.rawIDs.map { Array($0.utf8) }
    for u in 0..<matrix.userCount {
        let user = Array(dataset.users.rawID(of: u).utf8)
        for i in matrix.items(of: u) {
            bytes.append(contentsOf: user)
            bytes.append(UInt8(ascii: "\t"))
            bytes.append(contentsOf: itemIDs[Int(i)])
            bytes.append(contentsOf: [UInt8(ascii: "\t"), UInt8(ascii: "1"), UInt8(ascii: "\n")])
        }
    }
    return bytes
}
