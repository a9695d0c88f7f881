// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for recbook (docs/fuzzing.md). A package of its own, so the main package's
// build and test run are untouched; scripts/fuzz.sh builds it with
// address sanitizer and libFuzzer coverage and runs each target for a bounded time.
let package = Package(
    name: "recbook-fuzzing",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "recbook", path: "..")],
    targets: [
        // The declaration of libFuzzer's driver, which each target's entry point calls.
        .target(name: "CLibFuzzer"),
        // Notebook files: front matter, cells, Markdown (NotebookParser).
        .executableTarget(name: "FuzzNotebook", dependencies: ["CLibFuzzer", .product(name: "RecbookNotebooks", package: "recbook")]),
        // The whole of `recbook check`: parse the notebook, then check its cells and prose links.
        .executableTarget(name: "FuzzCheck", dependencies: ["CLibFuzzer", .product(name: "RecbookNotebooks", package: "recbook")]),
        // Ratings files through the loader `load "file"` uses (DatasetLoader.loadRatings).
        .executableTarget(name: "FuzzRatings", dependencies: ["CLibFuzzer", .product(name: "RecommenderKit", package: "recbook")]),
    ],
    swiftLanguageModes: [.v6]
)
