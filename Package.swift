// swift-tools-version:6.0
import PackageDescription

// Release builds of the numeric core may be tuned for the build machine's CPU:
// RECBOOK_TARGET_CPU=haswell swift build -c release  (AVX2 + FMA; see docs/performance.md).
// The default stays portable (baseline x86-64).
let targetCPU = Context.environment["RECBOOK_TARGET_CPU"]
let numericSettings: [SwiftSetting] = targetCPU.map {
    [.unsafeFlags(["-target-cpu", $0], .when(configuration: .release))]
} ?? []

let package = Package(
    name: "recbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "recbook", targets: ["recbook"]),
        .library(name: "RecommenderKit", targets: ["RecommenderKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C boundaries: system libraries found through pkg-config.
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),

        // Files written whole or not at all.
        .target(name: "RecbookFiles"),
        // The recommender library: data, models, training, attacks, evaluation.
        // It knows nothing about notebooks.
        .target(name: "RecommenderKit", dependencies: ["COpenBLAS", "RecbookFiles"], swiftSettings: numericSettings),

        // Markdown notebooks: cmark-gfm parsing, cells, front matter, source positions, diagnostics.
        .target(name: "NotebookDocument", dependencies: ["CCmarkGFM"]),
        // The recbook command language: lexer, parser, command catalogue, checker.
        .target(name: "RecbookLanguage", dependencies: ["NotebookDocument"]),
        // What a run produced: cells, outputs, tables, charts, the manifest. Reports read only this.
        .target(name: "RecbookResults", dependencies: ["NotebookDocument"]),
        // Executes checked notebooks against RecommenderKit and records every cell's outputs.
        .target(
            name: "RecbookRuntime",
            dependencies: ["RecommenderKit", "RecbookLanguage", "RecbookResults", "RecbookFiles", "NotebookDocument"]),
        // HTML, Markdown and JSON reports of a run.
        .target(name: "RecbookReports", dependencies: ["RecbookResults", "RecbookFiles", "RecbookLanguage", "NotebookDocument"]),

        // The thin command-line front end.
        .executableTarget(
            name: "recbook",
            dependencies: [
                "RecbookRuntime", "RecbookResults", "RecbookReports", "RecbookLanguage", "NotebookDocument", "RecommenderKit",
                "RecbookFiles", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Release-mode benchmarks (docs/performance.md).
        .executableTarget(
            name: "recbook-bench",
            dependencies: [
                "RecommenderKit", "RecbookRuntime", "RecbookResults", "RecbookReports", "RecbookLanguage", "NotebookDocument",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: numericSettings),

        .testTarget(name: "RecommenderKitTests", dependencies: ["RecommenderKit", "RecbookFiles"]),
        .testTarget(name: "NotebookDocumentTests", dependencies: ["NotebookDocument"]),
        .testTarget(name: "RecbookLanguageTests", dependencies: ["RecbookLanguage", "RecbookRuntime", "NotebookDocument"]),
        .testTarget(name: "RecbookRuntimeTests", dependencies: ["RecbookRuntime", "RecbookResults", "RecbookLanguage", "NotebookDocument", "RecommenderKit"]),
        .testTarget(name: "RecbookReportsTests", dependencies: ["RecbookReports", "RecbookResults", "RecbookRuntime", "RecbookLanguage", "NotebookDocument"]),
        .testTarget(name: "EndToEndTests", dependencies: ["recbook"]),
    ],
    swiftLanguageModes: [.v6]
)
