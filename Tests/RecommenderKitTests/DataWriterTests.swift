import Testing
@testable import RecommenderKit

@Suite struct DataWriterTests {
    @Test func writtenECIRFolderLoadsBackEqual() throws {
        let folder = makeTemporaryFolder() + "/tiny"
        let original = try SyntheticDataset.generate(
            SyntheticDatasetConfiguration(users: 30, items: 40, meanInteractionsPerUser: 8, minInteractionsPerUser: 3, seed: 5))
        try writeECIR(original, to: folder)
        var loaded = try DatasetLoader().loadECIR(folder: folder)
        #expect(loaded.sourceFiles == [folder + "/trainingset.tsv", folder + "/testset.tsv"])
        #expect(loaded.name == "tiny")
        loaded.sourceFiles = original.sourceFiles
        loaded.sourceDigests = original.sourceDigests
        loaded.name = original.name
        #expect(loaded == original)
    }

    @Test func rowsAreRawIDsWithRatingOne() throws {
        let folder = makeTemporaryFolder()
        let dataset = Dataset(
            name: "t", users: IDMap(rawIDs: ["bob", "amy"]), items: IDMap(rawIDs: ["x", "y"]),
            train: InteractionMatrix(userCount: 2, itemCount: 2, pairs: [(1, 0), (0, 1), (0, 0)]),
            test: InteractionMatrix(userCount: 2, itemCount: 2, pairs: [(1, 1)]))
        try writeECIR(dataset, to: folder)
        #expect(try FileBytes.read(folder + "/trainingset.tsv") == Array("amy\tx\t1\namy\ty\t1\nbob\tx\t1\n".utf8))
        #expect(try FileBytes.read(folder + "/testset.tsv") == Array("bob\ty\t1\n".utf8))
    }

    @Test func idsTheLayoutCannotHoldAreRefused() throws {
        let folder = makeTemporaryFolder()
        let dataset = Dataset(
            name: "t", users: IDMap(rawIDs: ["a\tb"]), items: IDMap(rawIDs: ["x"]),
            train: InteractionMatrix(userCount: 1, itemCount: 1, pairs: [(0, 0)]),
            test: InteractionMatrix(userCount: 1, itemCount: 1, pairs: []))
        let error = try #require(throws: DataError.self) { try writeECIR(dataset, to: folder) }
        #expect(error.description == folder + ": error: raw id 'a\tb' is empty or holds a tab or line break, which the ECIR layout cannot store")
    }
}
