import Foundation
import Testing

/// The `recbook` executable end to end: the bundled tutorial, diagnostics, exit codes.
@Suite(.serialized) struct CommandLineTests {
    @Test func bundledTutorialRunsAndWritesEveryReport() throws {
        let output = try makeTemporaryDirectory()
        // A debug build is slow at numerics: the same notebook on a small generated dataset
        // (100 users, 400 items), with 2 seeds, 2 epochs, 2 values of ε (2 among them, which
        // the prose cites) and 1 PGD step, exercises every statement and report.
        let data = try makeTemporaryDirectory()
        let cache = try makeTemporaryDirectory()
        let generated = try RecbookBinary.run(["generate", data, "--users", "100", "--items", "400", "--seed", "7"])
        #expect(generated.status == 0, "\(generated.standardError)")
        let arguments = [
            "run", "Notebooks/adversarial-training.md", "--output", output, "--threads", "2", "--quiet", "--cache", cache,
            "--set", "data=\(data)", "--set", "seeds=2", "--set", "epochs=2", "--set", "epsilons=sweep[0.5, 2]",
            "--set", "pgd_steps=1",
        ]
        let run = try RecbookBinary.run(arguments)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("Notebooks/adversarial-training.md: all 9 cells succeeded"))

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/adversarial-training.json"))) as? [String: Any]
        let cells = try #require(json?["cells"] as? [[String: Any]])
        #expect(cells.count == 9)
        #expect(cells.allSatisfy { $0["status"] as? String == "succeeded" })
        #expect(cells.allSatisfy { ($0["seconds"] as? Double ?? 0) > 0 })
        let manifest = try #require(json?["manifest"] as? [String: Any])
        let files = try #require(manifest["dataFiles"] as? [[String: Any]])
        // Relative to the working directory (the package root): no machine paths in reports.
        let root = RecbookBinary.packageRoot
        #expect(files.map { URL(fileURLWithPath: root + "/" + ($0["path"] as? String ?? "")).standardizedFileURL.path }
                == [data + "/trainingset.tsv", data + "/testset.tsv"])
        #expect(files.allSatisfy { ($0["path"] as? String)?.hasPrefix("/") == false })
        #expect(files.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
        // Every number the prose cites was computed, over the 2 seeds.
        let citations = try #require(json?["citations"] as? [[String: Any]])
        #expect(citations.count >= 15)
        #expect(citations.allSatisfy { ($0["text"] as? String) != nil && $0["n"] as? Int == 2 })
        // Each interval is the Student t interval of its own mean and spread over 2 seeds:
        // mean ± t(0.975, 1 d.f.) · sd / √2, t(0.975, 1) = tan(0.475 π) = 12.706204736174696.
        let t975 = 12.706204736174696
        let intervals = citations.filter { $0["standardDeviation"] != nil }
        #expect(intervals.count >= 10)
        for citation in intervals {
            let mean = try #require(citation["mean"] as? Double), sd = try #require(citation["standardDeviation"] as? Double)
            let lower = try #require(citation["lower"] as? Double), upper = try #require(citation["upper"] as? Double)
            let half = t975 * sd / 2.0.squareRoot()
            #expect(abs(lower - (mean - half)) < 1e-9 && abs(upper - (mean + half)) < 1e-9, "\(citation["source"] ?? "")")
        }

        let html = try read(output + "/adversarial-training.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("<link"))
        // The single run's loss chart and the two robustness curves.
        #expect(html.components(separatedBy: "<svg").count - 1 >= 3)
        #expect(html.contains("Change against “clean”, paired by seed"))
        #expect(html.contains("HR@100 against ε") || html.contains("BPR-MF under attack: HR@100 against ε"))

        #expect(html.contains("<span class=\"citation\" title=\"HR@100 of clean; mean over seeds with a 95 % Student t interval · = clean.hr@100\">"))
        #expect(!html.contains("citation missing"))

        let markdown = try read(output + "/adversarial-training.md")
        let names = ["The data", "BPR-MF over seeds", "BPR-MF, measured", "One model's suggestions", "FGSM against random noise",
                     "Robustness curve of BPR-MF", "Adversarial training", "APR under FGSM", "Robustness curve of APR"]
        for name in names {
            #expect(markdown.contains("*\(name) · succeeded · "), "cell “\(name)” has no status line")
        }
        #expect(markdown.contains("**Contents**\n\n- [The data](#cell-the-data)\n"))
        // Citations are replaced by their values: each cited text is in the Markdown report.
        #expect(!markdown.contains("`= "))
        for citation in citations {
            let text = try #require(citation["text"] as? String)
            #expect(markdown.contains(text), "\(citation["source"] ?? ""): \(text) is not in the Markdown report")
        }
        let charts = try FileManager.default.contentsOfDirectory(atPath: output + "/adversarial-training_files")
        #expect(charts.filter { $0.hasSuffix(".svg") }.count >= 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).allSatisfy { !$0.contains(".tmp") })

        // The same run again: every statement from the cache, the same numbers in the prose, and
        // the reports say so.
        let plan = try RecbookBinary.run(Array(arguments.prefix(1)) + ["--plan"] + Array(arguments.dropFirst()))
        #expect(plan.status == 0)
        #expect(plan.standardError.contains(" 0 to compute") || plan.standardOutput.contains(" 0 to compute"), "\(plan.standardError)")
        let rerun = try RecbookBinary.run(arguments)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        let again = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/adversarial-training.json"))) as? [String: Any]
        let use = try #require((again?["manifest"] as? [String: Any])?["cache"] as? [String: Any])
        #expect(use["computed"] as? Int == 0)
        #expect((use["hits"] as? Int ?? 0) > 30)
        let texts = { (report: [String: Any]?) in (report?["citations"] as? [[String: Any]] ?? []).map { $0["text"] as? String } }
        #expect(texts(again) == texts(json))
        #expect(try read(output + "/adversarial-training.html").contains("<span class=\"cache cache-hit\">from cache, saved "))
        #expect(try read(output + "/adversarial-training.md").contains(" · from cache, saved "))
    }

    @Test func evaluationPitfallsTutorialRuns() throws {
        // The second tutorial on a small generated dataset (80 users, 300 items), 2 seeds and
        // 2 epochs: every protocol of `evaluate`, `split`, and the citations of its prose.
        let output = try makeTemporaryDirectory()
        let data = try makeTemporaryDirectory()
        let generated = try RecbookBinary.run(["generate", data, "--users", "80", "--items", "300", "--seed", "3"])
        #expect(generated.status == 0, "\(generated.standardError)")
        let run = try RecbookBinary.run([
            "run", "Notebooks/evaluation-pitfalls.md", "--output", output, "--threads", "2", "--quiet", "--no-cache",
            "--set", "data=\(data)", "--set", "seeds=2", "--set", "epochs=2", "--set", "negatives=50",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("Notebooks/evaluation-pitfalls.md: all 6 cells succeeded"))
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: output + "/evaluation-pitfalls.json"))) as? [String: Any]
        let citations = try #require(json?["citations"] as? [[String: Any]])
        #expect(citations.count >= 25)
        #expect(citations.allSatisfy { ($0["text"] as? String) != nil && $0["n"] as? Int == 2 })
        // The sampled-metrics notice is a recorded cell output, not only prose.
        let cells = try #require(json?["cells"] as? [[String: Any]])
        let notices = cells.flatMap { ($0["outputs"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "notice" } }
        #expect(notices.count == 4)  // four sampled statements, each once over its family of seeds
        #expect(notices.allSatisfy { ($0["text"] as? String)?.contains("Krichene & Rendle, KDD 2020") == true })
        let markdown = try read(output + "/evaluation-pitfalls.md")
        #expect(markdown.contains("> **Notice.** Sampled metrics"))
        #expect(!markdown.contains("`= "))
        #expect(markdown.contains("Coverage@10"))
    }

    @Test func beyondAccuracyTutorialRuns() throws {
        // The beyond-accuracy tutorial on a small generated dataset (80 users, 300 items), with
        // 2 seeds, 2 BPR epochs, 2 iALS iterations and 1 APR epoch; the ε sweep keeps the three
        // values the prose cites.
        let output = try makeTemporaryDirectory()
        let data = try makeTemporaryDirectory()
        let generated = try RecbookBinary.run(["generate", data, "--users", "80", "--items", "300", "--seed", "3"])
        #expect(generated.status == 0, "\(generated.standardError)")
        let run = try RecbookBinary.run([
            "run", "Notebooks/beyond-accuracy.md", "--output", output, "--threads", "2", "--quiet", "--no-cache",
            "--set", "data=\(data)", "--set", "seeds=2", "--set", "epochs=2", "--set", "iterations=2", "--set", "apr_epochs=1",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("Notebooks/beyond-accuracy.md: all 5 cells succeeded"))

        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: output + "/beyond-accuracy.json"))) as? [String: Any]
        let cells = try #require(json?["cells"] as? [[String: Any]])
        #expect(cells.count == 5)
        #expect(cells.allSatisfy { $0["status"] as? String == "succeeded" })
        // Every number the prose cites was computed: the deterministic models' once, the
        // random models' (and every comparison with them) over the 2 seeds.
        let citations = try #require(json?["citations"] as? [[String: Any]])
        #expect(citations.count >= 50)
        #expect(citations.allSatisfy { ($0["text"] as? String) != nil && $0["mean"] as? Double != nil })
        func isDeterministic(_ citation: [String: Any]) -> Bool {
            let source = citation["source"] as? String ?? ""
            return ["pop_eval", "knn_eval", "ease_eval"].contains { source.hasPrefix("= \($0).") }
        }
        let deterministic = citations.filter(isDeterministic)
        #expect(deterministic.count >= 18)
        #expect(deterministic.allSatisfy { $0["n"] as? Int == 1 && ($0["text"] as? String)?.contains("CI") == false })
        // The random models' figures, and their differences from the deterministic ones, carry intervals.
        let seeded = citations.filter { !isDeterministic($0) }
        #expect(seeded.allSatisfy { $0["n"] as? Int == 2 && ($0["text"] as? String)?.contains("95 % CI") == true })
        #expect(seeded.contains { ($0["source"] as? String) == "= bpr_eval.arp@10 - pop_eval" })

        let markdown = try read(output + "/beyond-accuracy.md")
        for name in ["The data", "Training", "The deterministic models", "The factor models", "APR and the fair control"] {
            #expect(markdown.contains("*\(name) · succeeded · "), "cell “\(name)” has no status line")
        }
        #expect(!markdown.contains("`= "))
        #expect(markdown.contains("by user activity (quartiles of training interactions)"))
        #expect(markdown.contains("ARP@10 after APR, by ε"))
        let charts = try FileManager.default.contentsOfDirectory(atPath: output + "/beyond-accuracy_files")
        #expect(charts.filter { $0.hasSuffix(".svg") }.count >= 2)
        let html = try read(output + "/beyond-accuracy.html")
        #expect(!html.contains("citation missing"))
        // Citations in the prose's tables are rendered in their cells.
        #expect(html.contains("<td>MostPop</td>\n<td><span class=\"citation\""))
    }

    @Test func poisoningTutorialRunsOnSmallData() throws {
        // The poisoning tutorial on a small generated dataset (100 users, 400 items), with 2 seeds
        // and 2 epochs; the budgets keep 25, 50 and 100 fake users, which the prose cites.
        let output = try makeTemporaryDirectory()
        let data = try makeTemporaryDirectory()
        let generated = try RecbookBinary.run(["generate", data, "--users", "100", "--items", "400", "--seed", "7"])
        #expect(generated.status == 0, "\(generated.standardError)")
        let run = try RecbookBinary.run([
            "run", "Notebooks/data-poisoning.md", "--output", output, "--threads", "2", "--quiet", "--no-cache", "--format", "md", "json",
            "--set", "data=\(data)", "--set", "seeds=2", "--set", "epochs=2", "--set", "target=37",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("Notebooks/data-poisoning.md: all 7 cells succeeded"))

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/data-poisoning.json"))) as? [String: Any]
        let cells = try #require(json?["cells"] as? [[String: Any]])
        #expect(cells.allSatisfy { $0["status"] as? String == "succeeded" })
        // Every number the prose cites was computed, over the 2 seeds.
        let citations = try #require(json?["citations"] as? [[String: Any]])
        #expect(citations.count >= 20)
        #expect(citations.allSatisfy { ($0["text"] as? String) != nil && $0["n"] as? Int == 2 })

        let markdown = try read(output + "/data-poisoning.md")
        for name in ["The target before the attack", "The attacks", "How far each attack pushes the target", "Detection",
                     "Two defences against the average attack"] {
            #expect(markdown.contains("*\(name) · succeeded · "), "cell “\(name)” has no status line")
        }
        #expect(!markdown.contains("`= "))
        // The detections are scored against the fake users the poisoned data records.
        #expect(markdown.contains("Precision mean") && markdown.contains("Recall mean"))
        let charts = try FileManager.default.contentsOfDirectory(atPath: output + "/data-poisoning_files")
        #expect(charts.filter { $0.hasSuffix(".svg") }.count == 2)
    }

    /// A cache folder that cannot be used (here a file) costs the cache, not the run, and says so.
    @Test func anUnusableCacheFolderRunsWithoutTheCacheAndSaysSo() throws {
        let folder = try makeTemporaryDirectory()
        let notebook = folder + "/n.md"
        try "```recbook\ndata = load synthetic users=30 items=40 per-user=8\npop = train mostpop data\n```\n"
            .write(toFile: notebook, atomically: true, encoding: .utf8)
        try "not a folder".write(toFile: folder + "/file", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["run", notebook, "--output", folder + "/out", "--cache", folder + "/file"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("note: the cache folder \(folder)/file cannot be used (not a writable folder); every statement was computed"))
        #expect(try String(contentsOfFile: folder + "/file", encoding: .utf8) == "not a folder")
    }

    @Test func checkReportsEveryErrorWithItsLocationAndRunsNothing() throws {
        let folder = try makeTemporaryDirectory()
        let notebook = folder + "/bad.md"
        try """
            # Broken

            ```recbook
            data = load synthetic users=40 items=60 per-user=10
            bpr = train bprmf data epoch=5
            e = evalute bpr
            ```
            """.write(toFile: notebook, atomically: true, encoding: .utf8)
        for arguments in [["check", notebook], ["run", notebook, "--output", folder + "/out"]] {
            let run = try RecbookBinary.run(arguments)
            #expect(run.status == 64)
            #expect(run.standardError.contains("\(notebook):5:24: error: unknown option `epoch`; did you mean `epochs`?"))
            #expect(run.standardError.contains("\(notebook):6:5: error: unknown command `evalute`; did you mean `evaluate`?"))
            #expect(run.standardError.contains("2 errors"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }

    @Test func aRuntimeFailureExitsOneAndStillWritesTheReports() throws {
        let folder = try makeTemporaryDirectory()
        let notebook = folder + "/fails.md"
        try """
            ```recbook
            data = load synthetic users=40 items=60 per-user=10
            ```

            ```recbook
            missing = load "\(folder)/no-such-folder"
            ```

            ```recbook
            stats data
            ```

            ```recbook
            stats missing
            ```
            """.write(toFile: notebook, atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["run", notebook, "--output", folder + "/out", "--format", "json", "html"])
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(notebook):6:16: error: cannot load"))
        #expect(run.standardError.contains("not run: needs `missing`, which failed at line 6"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/fails.json"))) as? [String: Any]
        let cells = json?["cells"] as? [[String: Any]]
        // A cell that does not need the failed value still runs.
        #expect(cells?.map { $0["status"] as? String } == ["succeeded", "failed", "succeeded", "not-run"])
        #expect(cells?.last?["notRunReason"] as? String == "needs `missing`, which failed at line 6")
        #expect(FileManager.default.fileExists(atPath: folder + "/out/fails.html"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/fails.md"))
    }

    /// Front-matter errors do not hide the cells' errors, and each comes with its source line.
    @Test func frontMatterErrorsAndCellErrorsAreReportedTogetherWithExcerpts() throws {
        let folder = try makeTemporaryDirectory()
        let notebook = folder + "/fm.md"
        try """
            ---
            seed: x
            params:
              lr: 0.1
            ---

            ```recbook
            data = load synthetic users=20 items=30
            m = train bprmf data lr=$lr epochs=-3
            ```
            """.write(toFile: notebook, atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["check", notebook])
        #expect(run.standardError == """
            \(notebook):2:7: error: seed must be a whole number from 0 to 18446744073709551615, not 'x'
            2 | seed: x
              |       ^
            \(notebook):9:36: error: `epochs` must be between 1 and 100000, got -3
            9 | m = train bprmf data lr=$lr epochs=-3
              |                                    ^~
            2 errors

            """)
    }

    /// A front-matter error does not hide the parameters' errors (a default the checker cannot
    /// read, a default out of range where it is used), each with its excerpt; a parameter whose
    /// default is itself a front-matter error is not reported again where it is used.
    @Test func frontMatterErrorsAndParameterErrorsAreReportedTogetherWithExcerpts() throws {
        let folder = try makeTemporaryDirectory()
        let notebook = folder + "/fp.md"
        try """
            ---
            seed: x
            params:
              lr: 1e999
              epochs: -3
              ks: [10, 20
            ---

            ```recbook
            data = load synthetic users=20 items=30
            m = train bprmf data lr=$lr epochs=$epochs
            e = evaluate m k=$ks
            ```
            """.write(toFile: notebook, atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["check", notebook])
        #expect(run.status == 64)
        #expect(run.standardError == """
            \(notebook):2:7: error: seed must be a whole number from 0 to 18446744073709551615, not 'x'
            2 | seed: x
              |       ^
            \(notebook):4:7: error: malformed number `1e999`
            4 |   lr: 1e999
              |       ^~~~~
            \(notebook):6:7: error: list is not closed: add ']' at its end
            6 |   ks: [10, 20
              |       ^~~~~~~
            \(notebook):11:36: error: `epochs` must be between 1 and 100000, got -3
            11 | m = train bprmf data lr=$lr epochs=$epochs
               |                                    ^~~~~~~
            \(notebook):5:11: note: `$epochs` is `-3`, declared here
             5 |   epochs: -3
               |           ^~
            4 errors

            """)
    }

    @Test func unknownParameterIsAUsageError() throws {
        let run = try RecbookBinary.run(["check", "Notebooks/adversarial-training.md", "--set", "epochs=3", "--set", "dta=x"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--set:2:1: error: unknown parameter `dta` in `--set` for Notebooks/adversarial-training.md; did you mean `data`?"))
    }

    @Test func helpDocumentsTheLanguageFromTheCatalogue() throws {
        let run = try RecbookBinary.run(["help", "train"])
        #expect(run.status == 0)
        for word in ["factors", "epochs", "optimizer", "adagrad"] {
            #expect(run.standardOutput.contains(word), "help train does not mention \(word)")
        }
        let unknown = try RecbookBinary.run(["help", "trian"])
        #expect(unknown.status == 64)
    }

    @Test func bundledDatasetMatchesItsGenerator() throws {
        let folder = try makeTemporaryDirectory() + "/synthetic-500"
        let run = try RecbookBinary.run(["generate", folder, "--preset", "ml-500", "--seed", "42"])
        #expect(run.status == 0, "\(run.standardError)")
        for file in ["trainingset.tsv", "testset.tsv"] {
            let fresh = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
            let bundled = try Data(contentsOf: URL(fileURLWithPath: RecbookBinary.packageRoot + "/Data/synthetic-500/" + file))
            #expect(fresh == bundled, "Data/synthetic-500/\(file) is out of date: regenerate it with `recbook generate Data/synthetic-500 --preset ml-500 --seed 42`")
        }
    }

    @Test func notebooksWhoseReportsWouldCollideAreRefused() throws {
        let run = try RecbookBinary.run(["run", "a/x.md", "b/x.md", "--output", "out"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("a/x.md and b/x.md would both write out/x.html"))
    }
}

/// The output folder: nothing outside it, nothing recbook did not write, checked before the run.
@Suite(.serialized) struct OutputFolderCommandLineTests {
    static let notebook = """
        # Notes

        ```recbook
        data = load synthetic users=40 items=60 per-user=10
        stats data
        ```
        """

    @Test func anEmptyOutputPathIsBadUsage() throws {
        // D2: `-o ""` used to write the reports into `/`.
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/x.md", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["run", folder + "/x.md", "-o", ""])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--output is an empty path; give a folder, e.g. --output Output"))
    }

    @Test func theNotebookIsNeverReplacedByItsReport() throws {
        // D1: `recbook run notes/x.md -o notes` used to replace x.md by its Markdown report.
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/x.md", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["run", folder + "/x.md", "-o", folder, "--quiet"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("error: refusing to write \(folder)/x.md: it is an input of this run (\(folder)/x.md); choose another output folder"))
        #expect(try read(folder + "/x.md") == Self.notebook)
        // Refused before the run: no report at all.
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.html"))
    }

    @Test func anUnrelatedFileIsNeverOverwrittenAndAnUnwritableFolderStopsTheRunFirst() throws {
        let folder = try makeTemporaryDirectory()
        try Self.notebook.write(toFile: folder + "/x.md", atomically: true, encoding: .utf8)
        try "mine".write(toFile: folder + "/out/x.json", atomically: false, encoding: .utf8, creatingFolder: true)
        let run = try RecbookBinary.run(["run", folder + "/x.md", "-o", folder + "/out", "--quiet"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("refusing to overwrite \(folder)/out/x.json: recbook did not write it"))
        #expect(try read(folder + "/out/x.json") == "mine")
        // A file where the folder should be.
        let blocked = try RecbookBinary.run(["run", folder + "/x.md", "-o", folder + "/x.md", "--quiet"])
        #expect(blocked.status == 64)
        #expect(blocked.standardError.contains("error: the output folder \(folder)/x.md is not a folder"))
    }

    @Test func exportsLandInsideTheOutputFolderUnlessAllowed() throws {
        let folder = try makeTemporaryDirectory()
        try (Self.notebook.replacingOccurrences(of: "stats data", with: "pop = train mostpop data\nexport pop to=\"exports/pop\" n=2"))
            .write(toFile: folder + "/x.md", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["run", folder + "/x.md", "-o", folder + "/out", "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(FileManager.default.fileExists(atPath: folder + "/out/exports/pop/recommendations.tsv"))
        #expect(try read(folder + "/out/.recbook-files").contains("exports/pop/recommendations.tsv\n"))
        // The report names the file by its path inside the output folder, not the machine's.
        #expect(try read(folder + "/out/x.md").contains("wrote exports/pop/recommendations.tsv"))

        try (Self.notebook.replacingOccurrences(of: "stats data", with: "pop = train mostpop data\nexport pop to=\"\(folder)/abs\" n=2"))
            .write(toFile: folder + "/y.md", atomically: true, encoding: .utf8)
        let refused = try RecbookBinary.run(["check", folder + "/y.md"])
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("leads outside the output folder"))
        let allowed = try RecbookBinary.run(["run", folder + "/y.md", "-o", folder + "/out", "--quiet", "--allow-writes-outside"])
        #expect(allowed.status == 0, "\(allowed.standardError)")
        #expect(FileManager.default.fileExists(atPath: folder + "/abs/recommendations.tsv"))
    }
}

extension String {
    func write(toFile path: String, atomically: Bool, encoding: String.Encoding, creatingFolder: Bool) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try write(toFile: path, atomically: atomically, encoding: encoding)
    }
}

/// D8: an interrupt while reports are being written leaves no temporary file and the previous
/// reports as they were.
@Suite(.serialized) struct InterruptCommandLineTests {
    @Test func sigtermWhileWritingReportsCleansUpAndKeepsThePreviousSet() throws {
        let folder = try makeTemporaryDirectory()
        try OutputFolderCommandLineTests.notebook.write(toFile: folder + "/x.md", atomically: true, encoding: .utf8)
        let first = try RecbookBinary.run(["run", folder + "/x.md", "-o", folder + "/out", "--quiet"])
        #expect(first.status == 0, "\(first.standardError)")
        let before = try read(folder + "/out/x.html")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: RecbookBinary.path)
        process.arguments = ["run", folder + "/x.md", "-o", folder + "/out", "--quiet", "--seed", "9"]
        var environment = ProcessInfo.processInfo.environment
        environment["RECBOOK_PAUSE_AFTER_STAGING"] = "30"
        process.environment = environment
        process.standardError = Pipe()
        try process.run()
        // Wait until the new set is staged, then interrupt.
        func staging() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/out")) ?? []).filter { $0.hasPrefix(".recbook-staging") }
        }
        var waited = 0.0
        while staging().isEmpty && waited < 60 {
            Thread.sleep(forTimeInterval: 0.05)
            waited += 0.05
        }
        #expect(!staging().isEmpty, "the run never staged its reports")
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGTERM)
        #expect(staging().isEmpty)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder + "/out")
        #expect(left.allSatisfy { !$0.contains(".tmp-") })
        #expect(try read(folder + "/out/x.html") == before)
    }
}

/// D9: two runs into one folder take turns (a lock per output folder), so the reports that
/// remain are one run's complete set.
@Suite(.serialized) struct ConcurrentRunsCommandLineTests {
    @Test func twoRunsIntoOneFolderLeaveOneRunsSet() throws {
        let folder = try makeTemporaryDirectory()
        try OutputFolderCommandLineTests.notebook.write(toFile: folder + "/x.md", atomically: true, encoding: .utf8)
        func start(seed: Int) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RecbookBinary.path)
            process.arguments = ["run", folder + "/x.md", "-o", folder + "/out", "--quiet", "--seed", String(seed)]
            var environment = ProcessInfo.processInfo.environment
            environment["RECBOOK_PAUSE_AFTER_STAGING"] = "1"  // widen the window between staging and swapping
            process.environment = environment
            process.standardError = Pipe()
            try process.run()
            return process
        }
        let runs = try [start(seed: 1), start(seed: 2)]
        for run in runs { run.waitUntilExit() }
        #expect(runs.allSatisfy { $0.terminationStatus == 0 })
        let json = try read(folder + "/out/x.json")
        let html = try read(folder + "/out/x.html")
        let markdown = try read(folder + "/out/x.md")
        let seed = try #require(["1", "2"].first { json.contains("\"seed\" : \($0)") })
        #expect(html.contains("<dt>Seed</dt><dd>\(seed)</dd>"))
        #expect(markdown.contains("**Seed:** \(seed) "))
    }
}

/// D13: ESC, BEL and NUL bytes from a notebook are not echoed raw to the terminal.
@Suite struct TerminalSafetyCommandLineTests {
    @Test func controlCharactersInANotebookReachStandardErrorEscaped() throws {
        let folder = try makeTemporaryDirectory()
        try "```recbook\ndata = load \"\u{1B}]0;pwned\u{07}\"\n```\n".write(toFile: folder + "/x.md", atomically: true, encoding: .utf8)
        let run = try RecbookBinary.run(["check", folder + "/x.md"])
        #expect(run.status == 0)
        let result = try RecbookBinary.run(["run", folder + "/x.md", "-o", folder + "/out", "--quiet"])
        #expect(result.status == 1)
        #expect(!result.standardError.contains("\u{1B}"))
        #expect(!result.standardError.contains("\u{07}"))
        #expect(result.standardError.contains("^[]0;pwned^G"))
    }
}

@Suite struct HelpLanguageCommandLineTests {
    @Test func helpLanguageDescribesTheSyntax() throws {
        let run = try RecbookBinary.run(["help", "language"])
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("A notebook is a Markdown file."))
        for piece in ["params:", "name = command subject… option=value…", "sweep[a, b, …]", "#| name:", "`= clean.hr@100`"] {
            #expect(run.standardOutput.contains(piece), "missing \(piece)")
        }
        let unknown = try RecbookBinary.run(["help", "nonsense"])
        #expect(unknown.standardError.contains("no help topic `nonsense`; topics: language, check, generate, help, preview, run, load"))
    }
}

@Suite struct SeedOptionCommandLineTests {
    @Test func aNegativeSeedIsNamedAsSuch() throws {
        let run = try RecbookBinary.run(["run", "Notebooks/adversarial-training.md", "--seed", "-1"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("The value '-1' is invalid for '--seed <seed>'"))
        #expect(!run.standardError.contains("Missing value"))
    }
}

/// `recbook run FOLDER`: every notebook in it, an index of their reports, one shared cache.
@Suite(.serialized) struct NotebookFolderCommandLineTests {
    static let first = """
        ---
        title: First & foremost
        ---
        ```recbook
        data = load synthetic users=30 items=40 per-user=8
        pop = train mostpop data
        ```
        """

    /// Starts with the first notebook's statements, then fails.
    static func second(failingIn folder: String) -> String {
        """
        ---
        title: Second <notebook>
        ---
        ```recbook
        data = load synthetic users=30 items=40 per-user=8
        pop = train mostpop data
        ```

        ```recbook
        missing = load "\(folder)/no-such-folder"
        ```
        """
    }

    func makeFolder() throws -> (folder: String, notebooks: String) {
        let folder = try makeTemporaryDirectory()
        let notebooks = folder + "/notebooks"
        try Self.first.write(toFile: notebooks + "/a.md", atomically: true, encoding: .utf8, creatingFolder: true)
        try Self.second(failingIn: folder).write(toFile: notebooks + "/b.md", atomically: true, encoding: .utf8)
        // Markdown without a recbook block is not a notebook (this one shows a cell inside a longer fence).
        try "# Read me\n\n````markdown\n```recbook\nnot = a cell\n```\n````\n".write(toFile: notebooks + "/README.md", atomically: true, encoding: .utf8)
        return (folder, notebooks)
    }

    @Test func aFolderRunsEveryNotebookAndWritesAnIndexOfTheirReports() throws {
        let (folder, notebooks) = try makeFolder()
        let run = try RecbookBinary.run(["run", notebooks + "/", "-o", folder + "/out"])
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.standardError.contains("index: \(folder)/out/index.html"), "\(run.standardError)")

        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/index.json"))) as? [String: Any]
        #expect(index?["kind"] as? String == "recbook-index")
        #expect(index?["status"] as? String == "failed")
        let entries = try #require(index?["notebooks"] as? [[String: Any]])
        #expect(entries.map { $0["notebook"] as? String } == [notebooks + "/a.md", notebooks + "/b.md"])
        #expect(entries.map { $0["title"] as? String } == ["First & foremost", "Second <notebook>"])
        #expect(entries.map { $0["status"] as? String } == ["succeeded", "failed"])
        #expect(entries.map { $0["failedCells"] as? Int } == [0, 1])
        #expect(entries.allSatisfy { ($0["seconds"] as? Double).map { $0 >= 0 } == true })
        // Every link resolves to a report the run wrote.
        for entry in entries {
            let reports = try #require(entry["reports"] as? [String: String])
            #expect(Set(reports.keys) == ["html", "md", "json"])
            for file in reports.values { #expect(FileManager.default.fileExists(atPath: folder + "/out/" + file), "\(file)") }
        }
        let html = try read(folder + "/out/index.html")
        #expect(html.contains("<a href=\"a.html\">First &amp; foremost</a>"))
        #expect(html.contains("<a href=\"b.html\">Second &lt;notebook&gt;</a>"))
        #expect(html.contains("1 of 2 cells failed"))
        #expect(try read(folder + "/out/index.md").contains("[First &amp; foremost](a.md)"))
        #expect(try read(folder + "/out/.recbook-files").contains("index.html\nindex.json\nindex.md\n"))

        // The second notebook's first statements equal the first's: served from the cache they share.
        let second = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/b.json"))) as? [String: Any]
        let statements = try #require(((second?["cells"] as? [[String: Any]])?.first?["statements"]) as? [[String: Any]])
        #expect(statements.map { $0["source"] as? String } == ["from-cache", "from-cache"])
        #expect((entries[1]["cache"] as? [String: Any])?["hits"] as? Int == 2)
        #expect((entries[0]["cache"] as? [String: Any])?["hits"] as? Int == 0)
    }

    @Test func aPipeNamedLikeANotebookInAFolderIsReportedNotRead() throws {
        // Choosing a folder's notebooks used to read a file whose parse failed, to look for a
        // fence: on a FIFO that read blocked forever.
        let (_, notebooks) = try makeFolder()
        #expect(mkfifo(notebooks + "/pipe.md", 0o600) == 0)
        let run = try RecbookBinary.run(["check", notebooks])
        #expect(run.status == 64, "\(run.standardError)")
        #expect(run.standardError.contains(
            "\(notebooks)/pipe.md:1:1: error: cannot read notebook '\(notebooks)/pipe.md': it is not a regular file (a device, pipe or socket)"),
            "\(run.standardError)")
    }

    @Test func aForeignIndexStopsTheRunBeforeAnythingRuns() throws {
        let (folder, notebooks) = try makeFolder()
        try "mine".write(toFile: folder + "/out/index.html", atomically: true, encoding: .utf8, creatingFolder: true)
        let run = try RecbookBinary.run(["run", notebooks, "-o", folder + "/out", "--format", "html"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("refusing to overwrite \(folder)/out/index.html: recbook did not write it"))
        #expect(try read(folder + "/out/index.html") == "mine")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/a.html"))
        // Without an index the same run goes ahead; a single notebook writes none either.
        let unindexed = try RecbookBinary.run(["run", notebooks, "-o", folder + "/out", "--format", "html", "--no-index", "--quiet"])
        #expect(unindexed.status == 1, "\(unindexed.standardError)")
        #expect(FileManager.default.fileExists(atPath: folder + "/out/a.html"))
        let single = try RecbookBinary.run(["run", notebooks + "/a.md", "-o", folder + "/single", "--quiet"])
        #expect(single.status == 0, "\(single.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/single/index.html"))
    }

    @Test func aNotebookNamedIndexCannotRunWithTheIndexAndAnEmptyFolderIsBadUsage() throws {
        let (folder, notebooks) = try makeFolder()
        let check = try RecbookBinary.run(["check", notebooks])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput == "\(notebooks)/a.md: ok (1 cell, 2 statements)\n\(notebooks)/b.md: ok (2 cells, 3 statements)\n")
        // Before any run, the plan knows the second notebook will be served what the first computes.
        let plan = try RecbookBinary.run(["run", notebooks, "--plan"])
        #expect(plan.status == 0, "\(plan.standardError)")
        #expect(plan.standardError.contains("\(notebooks)/a.md: plan\n  line 5: data = load synthetic users=30 items=40 per-user=8  →  compute (not run before)"))
        #expect(plan.standardError.contains("  line 5: data = load synthetic users=30 items=40 per-user=8  →  from cache (computed by an earlier notebook of this run)"))
        #expect(plan.standardError.contains("  2 from cache, 0 to compute"))
        try Self.first.write(toFile: notebooks + "/index.md", atomically: true, encoding: .utf8)
        let clash = try RecbookBinary.run(["run", notebooks, "-o", folder + "/out"])
        #expect(clash.status == 64)
        #expect(clash.standardError.contains("\(notebooks)/index.md would write \(folder)/out/index.html, where this run's index goes"))
        try FileManager.default.createDirectory(atPath: folder + "/empty", withIntermediateDirectories: true)
        let empty = try RecbookBinary.run(["run", folder + "/empty", "-o", folder + "/out"])
        #expect(empty.status == 64)
        #expect(empty.standardError.contains("\(folder)/empty holds no notebook"))
    }
}
