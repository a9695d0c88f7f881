// swift-tools-version:6.0
import PackageDescription

// Release builds of the numeric core target Haswell, the x86-64-v3 level (AVX2, FMA, BMI2: Intel
// since 2013, AMD since 2015; Swift's compiler takes the CPU name), which trains about twice as
// fast as baseline x86-64 (docs/performance.md). The
// `recbook` command checks the CPU when it starts and, on an older one, says how to rebuild:
//   RECBOOK_TARGET_CPU=x86-64 swift build -c release     (baseline, any x86-64)
//   RECBOOK_TARGET_CPU=native swift build -c release     (this machine's CPU, for benchmarks)
#if arch(x86_64)
let defaultTargetCPU: String? = "haswell"
#else
let defaultTargetCPU: String? = nil
#endif
let targetCPU = Context.environment["RECBOOK_TARGET_CPU"] ?? defaultTargetCPU
let numericSettings: [SwiftSetting] = targetCPU.map {
    [.unsafeFlags(["-target-cpu", $0], .when(configuration: .release))]
} ?? []
/// Tells the front end which CPU features the numeric core was compiled to use.
let frontendSettings: [SwiftSetting] = targetCPU == "haswell"
    ? [.define("RECBOOK_REQUIRES_X86_64_V3", .when(configuration: .release))] : []

let package = Package(
    name: "recbook",
    // macOS 15: `Synchronization.Atomic` and `Mutex` (the worker team, the compute context) need it.
    // Linux is the tested platform; macOS builds are described in docs/portability.md.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "recbook", targets: ["recbook"]),
        .executable(name: "recbook-preview-server", targets: ["recbook-preview-server"]),
        .library(name: "RecommenderKit", targets: ["RecommenderKit"]),
        // Reading, checking and running notebooks, for the fuzz targets in Fuzzing/ (docs/fuzzing.md).
        .library(name: "RecbookNotebooks", targets: ["NotebookDocument", "RecbookLanguage", "RecbookRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `recbook preview`'s HTTP server: small, no SwiftNIO (its clean build time is in docs/preview.md).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // C boundaries: system libraries found through pkg-config.
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),

        // Files written whole or not at all, and their SHA-256.
        .target(name: "RecbookFiles", dependencies: ["COpenSSL"]),
        // An on-disk store of values by key: binary coding, checksums, size cap, LRU eviction.
        .target(name: "ValueCache", dependencies: ["RecbookFiles"]),
        // The recommender library: data, models, training, attacks, evaluation.
        // It knows nothing about notebooks.
        .target(name: "RecommenderKit", dependencies: ["COpenBLAS", "RecbookFiles"], swiftSettings: numericSettings),

        // Markdown notebooks: cmark-gfm parsing, cells, front matter, source positions, diagnostics.
        .target(name: "NotebookDocument", dependencies: ["CCmarkGFM", "RecbookFiles"]),
        // The recbook command language: lexer, parser, command catalogue, checker.
        .target(name: "RecbookLanguage", dependencies: ["NotebookDocument"]),
        // What a run produced: cells, outputs, tables, charts, the manifest. Reports read only this.
        .target(name: "RecbookResults", dependencies: ["NotebookDocument"]),
        // Executes checked notebooks against RecommenderKit and records every cell's outputs.
        .target(
            name: "RecbookRuntime",
            dependencies: ["RecommenderKit", "RecbookLanguage", "RecbookResults", "RecbookFiles", "ValueCache", "NotebookDocument"]),
        // HTML, Markdown and JSON reports of a run.
        .target(name: "RecbookReports", dependencies: ["RecbookResults", "RecbookFiles", "RecbookLanguage", "NotebookDocument"]),

        // `recbook preview`: server-sent events, the watched files, the served page (banner,
        // refresh script), and the messages recbook sends its server program.
        .target(name: "RecbookPreview", dependencies: ["RecbookReports"]),
        // The preview's HTTP server, on FlyingFox, and the program that runs it. recbook starts
        // it as a child and does not link it: FlyingFox brings FoundationNetworking and some 30
        // libraries into a process's start (docs/preview.md).
        .target(
            name: "RecbookPreviewServer",
            dependencies: ["RecbookPreview", .product(name: "FlyingFox", package: "FlyingFox")]),
        .executableTarget(name: "recbook-preview-server", dependencies: ["RecbookPreviewServer"]),

        // The thin command-line front end.
        .executableTarget(
            name: "recbook",
            dependencies: [
                "RecbookRuntime", "RecbookResults", "RecbookReports", "RecbookLanguage", "NotebookDocument", "RecommenderKit",
                "RecbookFiles", "RecbookPreview", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: frontendSettings),
        // Release-mode benchmarks (docs/performance.md).
        .executableTarget(
            name: "recbook-bench",
            dependencies: [
                "RecommenderKit", "RecbookRuntime", "RecbookResults", "RecbookReports", "RecbookLanguage", "NotebookDocument",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: numericSettings),

        .testTarget(name: "RecommenderKitTests", dependencies: ["RecommenderKit", "RecbookFiles"], exclude: ["Fixtures"]),
        .testTarget(name: "NotebookDocumentTests", dependencies: ["NotebookDocument"]),
        .testTarget(name: "RecbookFilesTests", dependencies: ["RecbookFiles"]),
        .testTarget(name: "ValueCacheTests", dependencies: ["ValueCache", "RecbookFiles"]),
        .testTarget(name: "RecbookLanguageTests", dependencies: ["RecbookLanguage", "RecbookRuntime", "NotebookDocument"]),
        .testTarget(name: "RecbookRuntimeTests", dependencies: ["RecbookRuntime", "RecbookResults", "RecbookLanguage", "NotebookDocument", "RecommenderKit", "RecbookFiles"]),
        .testTarget(name: "RecbookReportsTests", dependencies: ["RecbookReports", "RecbookResults", "RecbookRuntime", "RecbookLanguage", "NotebookDocument", "RecbookFiles"]),
        .testTarget(name: "RecbookPreviewTests", dependencies: ["RecbookPreview", "RecbookPreviewServer"]),
        .testTarget(name: "EndToEndTests", dependencies: ["recbook", "recbook-preview-server"]),
    ],
    swiftLanguageModes: [.v6]
)
