#if canImport(Glibc)
import Glibc
#endif
import NotebookDocument
import RecbookFiles
import RecbookLanguage
import RecbookResults
import RecommenderKit
import Testing
import ValueCache
@testable import RecbookRuntime

/// The value cache recomputes exactly what a change reaches, and serves the rest.
///
/// Every run below uses the same cache folder; each asserts, statement by statement (by line),
/// whether the value was computed or came from the cache.
@Suite struct CacheTests {
    /// A data folder of real files, so that their bytes are part of the keys.
    static func dataFolder() throws -> String {
        let folder = temporaryDirectory() + "/data"
        try AtomicFile.createDirectory(folder)
        var train = ""
        for user in 0..<30 {
            for item in 0..<40 where (user * 7 + item * 3) % 5 == 0 { train += "\(user)\t\(item)\t1\n" }
        }
        try AtomicFile.write(train, to: folder + "/trainingset.tsv")
        try AtomicFile.write((0..<30).map { "\($0)\t\(($0 * 11) % 40)\t1" }.joined(separator: "\n") + "\n", to: folder + "/testset.tsv")
        return folder
    }

    /// The notebook: load (line 6), train (7), evaluate (8) in one cell; a second cell evaluates again (12).
    static func notebook(data: String, prose: String = "Some prose.", epochs: Int = 2, k: Int = 10) -> String {
        """
        ---
        title: cache
        ---

        ```recbook
        data = load "\(data)"
        bpr = train bprmf data factors=4 epochs=\(epochs) batch=16
        e = evaluate bpr k=\(k)
        ```

        \(prose)

        ```recbook
        e2 = evaluate bpr k=5
        ```
        """
    }

    @Test func aRunServedFromTheCacheLetsGoOfItsOutputFolder() throws {
        let cache = temporaryDirectory(), outputPath = temporaryDirectory() + "/out"
        let source = Self.notebook(data: try Self.dataFolder())
        let notebook = try NotebookParser.parse(path: "cache.md", source: source)
        guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard) else {
            throw CheckFailed(headlines: ["does not check"])
        }
        // Computed, then served: after each run the folder (and so its lock) is free again.
        for expected in [StatementRecord.Source.computed, .cache] {
            weak var released: OutputFolder?
            do {
                let folder = try OutputFolder(outputPath)
                released = folder
                let settings = CacheSettings(folder: cache, codeIdentity: "test-1")
                let result = NotebookRunner(
                    notebook: notebook, program: program, configuration: RunConfiguration(seed: 7, output: folder, cache: settings)
                ).run()
                #expect(result.cells.flatMap(\.statements).allSatisfy { $0.source == expected }, "\(expected)")
            }
            try #require(released == nil, "the run of \(expected) values still holds the output folder")
            var waited = false
            _ = try OutputFolder(outputPath) { waited = true }
            #expect(!waited)
        }
    }

    static func run(_ source: String, cache: String, seed: UInt64 = 7, code: String = "test-1", refresh: Bool = false) throws -> RunResult {
        let notebook = try NotebookParser.parse(path: "cache.md", source: source)
        guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard) else {
            throw CheckFailed(headlines: ["does not check"])
        }
        let settings = CacheSettings(folder: cache, refresh: refresh, codeIdentity: code)
        return NotebookRunner(notebook: notebook, program: program, configuration: RunConfiguration(seed: seed, cache: settings)).run()
    }

    /// The source of each statement by line: "c" computed, "h" from cache.
    static func sources(_ result: RunResult) -> [Int: String] {
        var out: [Int: String] = [:]
        for record in result.cells.flatMap(\.statements) {
            out[record.line] = record.source == .cache ? "h" : record.source == .computed ? "c" : "u"
        }
        return out
    }

    /// Every figure but wall times.
    static func figures(_ result: RunResult) -> [[String: Double]] {
        (0..<result.cells.count).map { result.figures(ofCell: $0).filter { !$0.key.lowercased().contains("time") } }
    }

    @Test func recomputesExactlyWhatAChangeReaches() throws {
        let data = try Self.dataFolder()
        let cache = temporaryDirectory() + "/cache"
        let first = try Self.run(Self.notebook(data: data), cache: cache)
        #expect(first.succeeded)
        #expect(Self.sources(first) == [6: "c", 7: "c", 8: "c", 14: "c"])

        // Nothing changed: everything from the cache, with the very same numbers.
        let again = try Self.run(Self.notebook(data: data), cache: cache)
        #expect(Self.sources(again) == [6: "h", 7: "h", 8: "h", 14: "h"])
        #expect(Self.figures(again) == Self.figures(first))
        #expect(again.manifest.cache?.hits == 4)
        #expect(again.manifest.dataFiles == first.manifest.dataFiles)

        // Prose is not part of any key.
        #expect(Self.sources(try Self.run(Self.notebook(data: data, prose: "Other words entirely."), cache: cache))
                == [6: "h", 7: "h", 8: "h", 14: "h"])

        // An option of `evaluate` reaches that statement only.
        #expect(Self.sources(try Self.run(Self.notebook(data: data, k: 20), cache: cache)) == [6: "h", 7: "h", 8: "c", 14: "h"])

        // An upstream option reaches everything downstream of it.
        #expect(Self.sources(try Self.run(Self.notebook(data: data, epochs: 3), cache: cache)) == [6: "h", 7: "c", 8: "c", 14: "c"])

        // The seed reaches every statement (the load too: the key does not know which commands draw).
        #expect(Self.sources(try Self.run(Self.notebook(data: data), cache: cache, seed: 8)).values.allSatisfy { $0 == "c" })

        // A new build of recbook computes everything again.
        #expect(Self.sources(try Self.run(Self.notebook(data: data), cache: cache, code: "test-2")).values.allSatisfy { $0 == "c" })

        // --refresh recomputes and replaces the entries.
        #expect(Self.sources(try Self.run(Self.notebook(data: data), cache: cache, refresh: true)).values.allSatisfy { $0 == "c" })
    }

    /// The data's bytes are in the key: a change that keeps the size and the modification time
    /// (the blind spot of caches keyed on file metadata) still recomputes the load and all after it.
    @Test func dataBytesAreInTheKeyWhateverTheirSizeAndTime() throws {
        let data = try Self.dataFolder()
        let cache = temporaryDirectory() + "/cache"
        let first = try Self.run(Self.notebook(data: data), cache: cache)
        let path = data + "/trainingset.tsv"
        var info = stat()
        #expect(stat(path, &info) == 0)
        let times = [info.st_atim, info.st_mtim]
        // "0\t0\t1" becomes "0\t5\t1": same length, another item.
        var text = String(decoding: ValueStore.readWhole(path)!, as: UTF8.self)
        text = "0\t5\t1" + text.dropFirst(5)
        try AtomicFile.write(text, to: path)
        _ = times.withUnsafeBufferPointer { utimensat(AT_FDCWD, path, $0.baseAddress, 0) }
        var after = stat()
        #expect(stat(path, &after) == 0 && after.st_size == info.st_size && after.st_mtim.tv_sec == info.st_mtim.tv_sec)

        let second = try Self.run(Self.notebook(data: data), cache: cache)
        #expect(Self.sources(second) == [6: "c", 7: "c", 8: "c", 14: "c"])
        #expect(second.manifest.dataFiles != first.manifest.dataFiles)
    }

    /// Every string a run's cells show, in order (names included; numbers left out, since wall
    /// times differ between runs, and so are the epoch logs' wall times such as "0.3 ms").
    static func shownText(_ result: RunResult) -> [String] {
        var strings: [String] = []
        _ = try? BinaryCoding.mappingStrings(in: result.cells.map(\.outputs)) { text in
            strings.append(text.replacing(#/\d+(\.\d+)? (ms|s)\b/#, with: "<time>"))
            return text
        }
        return strings
    }

    /// Names and the places of cells are not in any key: moving an independent cell, renaming
    /// a binding, and renaming a value that others read all serve every statement from the
    /// cache, and the cells show the new names exactly as a run without the cache does.
    @Test func cellOrderAndNamesAreNotInTheKey() throws {
        let data = try Self.dataFolder()
        let cache = temporaryDirectory() + "/cache"
        func cells(data name: String, pop: String, bpr: String, eval: String) -> (String, String, String) {
            ("```recbook\n\(name) = load \"\(data)\"\n\(pop) = train mostpop \(name)\n```\n\n",
             "```recbook\n\(bpr) = train bprmf \(name) factors=4 epochs=2 batch=16\n```\n\n",
             "```recbook\n\(eval) = evaluate \(pop) k=5\n\(eval)\n```\n")
        }
        let (a, b, c) = cells(data: "data", pop: "pop", bpr: "m", eval: "e")
        let keyed = { (result: RunResult) in result.cells.flatMap(\.statements).filter { $0.source != .uncached } }
        let first = try Self.run(a + b + c, cache: cache)
        #expect(keyed(first).count == 4 && keyed(first).allSatisfy { $0.source == .computed })
        let moved = try Self.run(a + c + "\n" + b, cache: cache)
        #expect(keyed(moved).count == 4 && keyed(moved).allSatisfy { $0.source == .cache })

        let (a2, b2, c2) = cells(data: "ratings", pop: "baseline", bpr: "bpr", eval: "f")
        let renamed = a2 + b2 + c2
        let served = try Self.run(renamed, cache: cache)
        #expect(served.succeeded)
        #expect(keyed(served).count == 4 && keyed(served).allSatisfy { $0.source == .cache })
        let fresh = try Self.run(renamed, cache: temporaryDirectory() + "/other-cache")
        #expect(keyed(fresh).count == 4 && keyed(fresh).allSatisfy { $0.source == .computed })
        let shown = Self.shownText(served)
        #expect(shown == Self.shownText(fresh))
        #expect(shown.contains("baseline on ratings: 30 users evaluated"))
        #expect(shown.contains("Training loss of “bpr”"))
        #expect(!shown.contains { $0.contains("pop on") || $0.contains("“pop”") || $0.unicodeScalars.contains("\u{E000}") })
        // And the same as running without any cache at all.
        let notebook = try NotebookParser.parse(path: "cache.md", source: renamed)
        guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard) else { throw CheckFailed(headlines: []) }
        let uncached = NotebookRunner(notebook: notebook, program: program, configuration: RunConfiguration(seed: 7)).run()
        #expect(Self.shownText(uncached) == shown)
    }

    /// Two identical statements under different names have an entry each, so each cell shows its own name.
    @Test func identicalStatementsKeepTheirOwnNames() throws {
        let data = try Self.dataFolder()
        let cache = temporaryDirectory() + "/cache"
        let source = "```recbook\ndata = load \"\(data)\"\nfirst = train bprmf data factors=4 epochs=2 batch=16\n```\n\n"
            + "```recbook\nsecond = train bprmf data factors=4 epochs=2 batch=16\n```\n"
        for run in 0..<2 {
            let result = try Self.run(source, cache: cache)
            #expect(result.cells.flatMap(\.statements).allSatisfy { $0.source == (run == 0 ? .computed : .cache) })
            #expect(Self.shownText(result).filter { $0.hasPrefix("Training loss") } == ["Training loss of “first”", "Training loss of “second”"])
            #expect(result.figures(ofCell: 1).filter { !$0.key.lowercased().contains("time") }
                == result.figures(ofCell: 0).filter { !$0.key.lowercased().contains("time") })
        }
    }

    @Test(arguments: ["flip", "truncate"])
    func damagedEntriesAreRecomputedNeverUsed(damage: String) throws {
        let data = try Self.dataFolder()
        let cache = temporaryDirectory() + "/cache"
        let first = try Self.run(Self.notebook(data: data), cache: cache)
        for entry in ValueStore.entries(in: cache) {
            let path = cache + "/" + entry.name
            var bytes = ValueStore.readWhole(path)!
            if damage == "flip" { bytes[bytes.count - 3] ^= 0x40 } else { bytes.removeLast(bytes.count / 3) }
            try AtomicFile.write(bytes, to: path)
        }
        let second = try Self.run(Self.notebook(data: data), cache: cache)
        #expect(Self.sources(second).values.allSatisfy { $0 == "c" })
        #expect((second.manifest.cache?.corrupt ?? 0) >= 4)
        #expect(Self.figures(second) == Self.figures(first))
        #expect(second.cells.flatMap(\.statements).allSatisfy { $0.note?.contains("damaged") == true })
        // The recomputed entries are whole again.
        #expect(Self.sources(try Self.run(Self.notebook(data: data), cache: cache)).values.allSatisfy { $0 == "h" })
    }

    /// Outputs without their values (the values' entry evicted by another run) do not count
    /// as a hit when a later statement needs the value: the statement is computed again.
    @Test func aMissingValueEntryMakesItsStatementCompute() throws {
        let data = try Self.dataFolder()
        let cache = temporaryDirectory() + "/cache"
        let first = try Self.run(Self.notebook(data: data), cache: cache)
        // Change only the last evaluation: `bpr` comes from the cache, its value is needed.
        let source = Self.notebook(data: data).replacing("e2 = evaluate bpr k=5", with: "e2 = evaluate bpr k=6")
        // Remove every values entry but keep the outputs: lookups hit, reads find nothing.
        let settings = CacheSettings(folder: cache, codeIdentity: "test-1")
        let notebook = try NotebookParser.parse(path: "cache.md", source: source)
        guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard) else { return }
        let plan = CachePlan(program: program, seed: 7, code: settings.codeIdentity)
        let bpr = try #require(program.cells[0].statements.first { $0.binding?.name == "bpr" })
        let entry = try #require(plan.entry(for: bpr))
        #expect(unlink(cache + "/" + entry.valuesKey + ".value") == 0)
        let second = NotebookRunner(notebook: notebook, program: program, configuration: RunConfiguration(seed: 7, cache: settings)).run()
        #expect(second.succeeded)
        // The lookup saw no values entry for `bpr`, so it computed it: same numbers as the first run.
        #expect(Self.figures(second)[0] == Self.figures(first)[0])
    }

    /// Two runs sharing one cache folder at the same time both succeed with the same numbers,
    /// and leave only whole entries behind.
    @Test func concurrentRunsShareOneCache() throws {
        let data = try Self.dataFolder()
        let cache = temporaryDirectory() + "/cache"
        let source = Self.notebook(data: data)
        let results = Locked<[RunResult]>([])
        let first = try Self.run(source, cache: temporaryDirectory() + "/reference")
        ComputeContext(threads: 4).forEachChunk(4) { _ in
            if let result = try? Self.run(source, cache: cache) { results.modify { $0.append(result) } }
        }
        let all = results.read { $0 }
        #expect(all.count == 4)
        #expect(all.allSatisfy { $0.succeeded && Self.figures($0) == Self.figures(first) })
        let after = try Self.run(source, cache: cache)
        #expect(Self.sources(after).values.allSatisfy { $0 == "h" })
        #expect(after.manifest.cache?.corrupt == 0)
    }

    /// `--plan` says what a run would do, from the keys alone.
    @Test func planSaysWhatWouldBeComputed() throws {
        let data = try Self.dataFolder()
        let cache = temporaryDirectory() + "/cache"
        _ = try Self.run(Self.notebook(data: data), cache: cache)
        let notebook = try NotebookParser.parse(path: "cache.md", source: Self.notebook(data: data, k: 20))
        guard case .success(let program) = Checker.check(notebook, overrides: [], catalogue: .standard) else { return }
        let runner = NotebookRunner(
            notebook: notebook, program: program,
            configuration: RunConfiguration(seed: 7, cache: CacheSettings(folder: cache, codeIdentity: "test-1")))
        let plan = try #require(runner.plan())
        let actions = Dictionary(uniqueKeysWithValues: plan.map { ($0.line, $0.action) })
        if case .fromCache = actions[6] {} else { Issue.record("load should come from the cache: \(String(describing: actions[6]))") }
        if case .fromCache = actions[7] {} else { Issue.record("train should come from the cache") }
        if case .compute = actions[8] {} else { Issue.record("the changed evaluate should be computed") }
        if case .fromCache = actions[14] {} else { Issue.record("the other evaluate should come from the cache") }
    }
}

import Foundation

/// The build ID recbook keys its cache on is the one the linker wrote (as `readelf -n` shows it).
@Suite struct BuildIdentityTests {
    static let readelf = "/usr/bin/readelf"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: readelf), "skipped: readelf (binutils) is not installed"))
    func buildIDMatchesReadelf() throws {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.readelf)
        process.arguments = ["-n", executable]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let line = try #require(text.split(separator: "\n").first { $0.contains("Build ID:") })
        let expected = line.split(separator: " ").last.map(String.init)
        #expect(BuildIdentity.gnuBuildID() == expected)
        #expect(BuildIdentity.gnuBuildID(path: "/etc/hostname") == nil)
    }
}
