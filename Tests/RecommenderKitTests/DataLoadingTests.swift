import Testing
@testable import RecommenderKit

@Suite struct DataLoadingTests {
    @Test func ecirFolderToleratesCRLFMissingFinalNewlineAndBlankLines() throws {
        let folder = makeTemporaryFolder()
        try writeFile(folder, "trainingset.tsv", "10\t7\t5\t100\r\n2\t7\t3\t101\r\n2\t30\t4\t102\n\n\n")
        try writeFile(folder, "testset.tsv", "10\t30\t1\t200\n2\t9\t5\t201")
        let dataset = try DatasetLoader().loadECIR(folder: folder)
        // Numeric raw ids sort numerically: users 2 < 10, items 7 < 9 < 30.
        #expect(dataset.users.rawIDs == ["2", "10"])
        #expect(dataset.items.rawIDs == ["7", "9", "30"])
        #expect(rawPairs(dataset.train, dataset) == ["2-7", "2-30", "10-7"])
        #expect(rawPairs(dataset.test, dataset) == ["2-9", "10-30"])
        #expect(dataset.sourceFiles == [folder + "/trainingset.tsv", folder + "/testset.tsv"])
        #expect(dataset.name == lastPathComponent(folder))
    }

    @Test func duplicatesCollapseAndPairsInBothPartsAreCounted() throws {
        let folder = makeTemporaryFolder()
        let train = try writeFile(folder, "train.tsv", "a\tx\t5\na\tx\t1\na\ty\t4\nb\tx\t2\nb\tx\t2\nb\tx\t2\n")
        let test = try writeFile(folder, "test.tsv", "a\ty\t5\nb\tz\t5\nb\tz\t5\n")
        let dataset = try DatasetLoader().loadECIR(train: train, test: test)
        #expect(rawPairs(dataset.train, dataset) == ["a-x", "a-y", "b-x"])
        #expect(rawPairs(dataset.test, dataset) == ["a-y", "b-z"])
        let stats = dataset.statistics
        #expect(stats.duplicatesCollapsed == 4)  // 1 in a-x, 2 in b-x, 1 in b-z
        #expect(stats.testPairsAlsoInTrain == 1)  // a-y
    }

    @Test func minRatingDropsRowsBelowTheThreshold() throws {
        let folder = makeTemporaryFolder()
        try writeFile(folder, "trainingset.tsv", "1\t1\t4\n1\t2\t3.5\n1\t3\t5\n2\t1\t1\n")
        try writeFile(folder, "testset.tsv", "1\t4\t4\n2\t2\t2\n")
        let dataset = try DatasetLoader(minRating: 4).loadECIR(folder: folder)
        #expect(rawPairs(dataset.train, dataset) == ["1-1", "1-3"])
        #expect(rawPairs(dataset.test, dataset) == ["1-4"])
        #expect(dataset.rowsBelowThreshold == 3)
        #expect(dataset.users.rawIDs == ["1"])
        // Without a threshold every row is a positive.
        let all = try DatasetLoader().loadECIR(folder: folder)
        #expect(all.train.count == 4 && all.test.count == 2 && all.rowsBelowThreshold == 0)
    }

    @Test(arguments: [
        ("ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n"),
        ("ratings.csv", "timestamp,rating,movieId,userId\n1260759144,2.5,31,1\n1260759179,3.0,1029,1\n"),
        ("ratings.tsv", "1\t31\t2.5\t1260759144\n1\t1029\t3.0\t1260759179\n"),
        ("ratings.dat", "1::31::2.5::1260759144\n1::1029::3::1260759179\n"),
        ("ratings.txt", "user;item;rating;time\n1;31;2.5;1260759144\n1;1029;3;1260759179\n"),
        ("ratings.csv", "\"user_id\", \"item_id\", \"score\", \"ts\"\n\"1\", \"31\", 2.5, 1260759144\n1, 1029, 3, 1260759179\n"),
    ])
    func ratingsFilesInEveryAcceptedShapeGiveTheSameRows(name: String, text: String) throws {
        let path = try writeFile(makeTemporaryFolder(), name, text)
        let table = try DatasetLoader().loadRatings(file: path)
        let header = text.hasPrefix("1") ? 0 : 1
        #expect(table.rows == [
            RatingsRow(user: "1", item: "31", rating: 2.5, timestamp: 1_260_759_144, line: 1 + header),
            RatingsRow(user: "1", item: "1029", rating: 3, timestamp: 1_260_759_179, line: 2 + header),
        ])
        #expect(table.sourceFile == path)
    }

    @Test func headerlessFileWithoutTimestampsHasNone() throws {
        let path = try writeFile(makeTemporaryFolder(), "r.csv", "u1,i1,1\nu2,i1,0.5\n")
        let table = try DatasetLoader(minRating: 1).loadRatings(file: path)
        #expect(!table.hasTimestamps)
        #expect(table.rows == [RatingsRow(user: "u1", item: "i1", rating: 1, line: 1)])
        #expect(table.rowsBelowThreshold == 1)
    }

    @Test func loadPicksTheECIRLayoutForFoldersAndSplitsFiles() throws {
        let folder = makeTemporaryFolder()
        let path = try writeFile(folder, "ratings.csv", "user,item,rating,timestamp\n1,a,5,1\n1,b,5,2\n2,a,5,1\n")
        var generator = SeededGenerator(seed: 7)
        let before = generator
        let dataset = try DatasetLoader().load(path, split: .leaveOneOut, generator: &generator)
        #expect(rawPairs(dataset.train, dataset) == ["1-a", "2-a"])
        #expect(rawPairs(dataset.test, dataset) == ["1-b"])
        #expect(dataset.sourceFiles == [path])
        #expect(generator != before)
    }

    @Test(.enabled(if: movieLens500Available, movieLens500Absent))
    func movieLens500MatchesTheSeedsCounts() throws {
        let dataset = try DatasetLoader().loadECIR(folder: movieLens500Folder)
        let stats = dataset.statistics
        #expect(stats.users == 500)
        #expect(stats.items == 3_172)
        #expect(stats.trainInteractions == 73_371)
        #expect(stats.testInteractions == 500)
        #expect(stats.evaluableUsers == 500)
        #expect(stats.coldTestItems == 4)
        #expect(stats.duplicatesCollapsed == 0 && stats.testPairsAlsoInTrain == 0)
        #expect(stats.minTrainPerUser == 19 && stats.maxTrainPerUser == 1_225)
        #expect(abs(stats.itemPopularityGini - 0.6076) < 1e-3)
        #expect(dataset.name == "movielens-500")
    }
}
