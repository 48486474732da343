// swift-tools-version: 6.1
import PackageDescription

let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "kravia-sandbox",
    products: [
        .library(name: "SandboxHTTP", targets: ["SandboxHTTP"]),
        .library(name: "KraviaEngine", targets: ["KraviaEngine"]),
        .library(name: "KraviaSandboxTesting", targets: ["KraviaSandboxTesting"]),
        .executable(name: "kravia-sandbox", targets: ["KraviaSandboxCLI"]),
        .executable(name: "kravia-sandbox-bench", targets: ["KraviaSandboxBench"]),
        .executable(name: "kravia-sandbox-fuzz", targets: ["KraviaSandboxFuzz"]),
    ],
    targets: [
        .target(name: "SandboxHTTP", swiftSettings: strictness),
        // JSON, SHA-256/HMAC, time values, globs, seeded random numbers, PDF: ours, and nothing of Dintero.
        .target(name: "SandboxSupport", swiftSettings: strictness),
        .target(
            name: "KraviaEngine",
            dependencies: ["SandboxHTTP", "SandboxSupport"],
            swiftSettings: strictness
        ),
        .target(
            name: "KraviaSandboxTesting", dependencies: ["KraviaEngine", "SandboxHTTP", "SandboxSupport"],
            swiftSettings: strictness),
        .executableTarget(
            name: "KraviaSandboxCLI",
            dependencies: ["KraviaEngine", "SandboxHTTP", "SandboxSupport"],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "KraviaSandboxBench",
            dependencies: ["KraviaEngine", "SandboxHTTP", "SandboxSupport", "KraviaSandboxTesting"],
            swiftSettings: strictness
        ),
        // The fuzzing oracles; its normal build replays a corpus, `.ci/fuzz` compiles it under libFuzzer.
        .executableTarget(
            name: "KraviaSandboxFuzz",
            dependencies: ["KraviaEngine", "SandboxHTTP", "SandboxSupport"],
            swiftSettings: strictness
        ),
        // Socket floods and /proc counts shared by the transport's and the engine's hostile-condition tests.
        .target(
            name: "SandboxTestSupport",
            dependencies: ["SandboxHTTP"],
            path: "Tests/SandboxTestSupport",
            swiftSettings: strictness
        ),
        .testTarget(
            name: "SandboxHTTPTests",
            dependencies: ["SandboxHTTP", "SandboxTestSupport"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "KraviaEngineTests",
            dependencies: ["KraviaEngine", "SandboxHTTP", "SandboxSupport", "SandboxTestSupport"],
            swiftSettings: strictness
        ),
        // The fuzzing corpora (`Corpus/`) replayed through the oracles, and the parsers' worst-case inputs.
        .testTarget(
            name: "KraviaSandboxFuzzTests",
            dependencies: ["KraviaSandboxFuzz", "KraviaEngine", "SandboxHTTP", "SandboxSupport"],
            exclude: ["Corpus"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "KraviaSandboxTestingTests",
            dependencies: [
                "KraviaSandboxTesting", "KraviaEngine", "SandboxHTTP", "SandboxSupport", "SandboxTestSupport",
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "KraviaSandboxCLITests",
            dependencies: ["KraviaSandboxCLI", "SandboxHTTP", "SandboxSupport", "SandboxTestSupport"],
            swiftSettings: strictness
        ),
    ]
)
