// swift-tools-version:6.2
import PackageDescription

// libFuzzer targets for the readers of untrusted input. A package of its own because its
// executables get their `main` from libFuzzer and link only with `-sanitize=fuzzer`; the main
// package's `swift build` and `make test` never see them. Build and run them with `make fuzz`
// (scripts/fuzz/run.sh):
//
//   swift build --package-path Fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address
let fuzzing: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
    // No main.swift: each target's @_cdecl("<Module>_main") runs libFuzzer's driver.
    .unsafeFlags(["-parse-as-library"]),
]

let package = Package(
    name: "KosatsuFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder's name (a clone's, a worktree's).
        .package(name: "Kosatsu", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // The declaration of libFuzzer's driver, for each target's entry point.
        .target(name: "CFuzzDriver"),
        // The layout YAML reader (`kosatsu render`, `validate`, the daemon's layout reloads).
        .executableTarget(
            name: "FuzzLayout",
            dependencies: ["CFuzzDriver", .product(name: "KosatsuInputReaders", package: "Kosatsu")],
            swiftSettings: fuzzing),
        // NGSI v2 and NGSI-LD JSON: the JSON parser, entities, and their mapping to the snapshot.
        .executableTarget(
            name: "FuzzNGSI",
            dependencies: ["CFuzzDriver", .product(name: "KosatsuInputReaders", package: "Kosatsu")],
            swiftSettings: fuzzing),
        // JMA 防災情報XML and CAP 1.2 (and NGSI alert JSON): AlertReader and the AlertBoard.
        .executableTarget(
            name: "FuzzAlerts",
            dependencies: ["CFuzzDriver", .product(name: "KosatsuInputReaders", package: "Kosatsu")],
            swiftSettings: fuzzing),
        // What arrives on a sign's MQTT topics: Orion / Orion-LD notifications, JMA / CAP documents.
        .executableTarget(
            name: "FuzzMQTT",
            dependencies: ["CFuzzDriver", .product(name: "KosatsuInputReaders", package: "Kosatsu")],
            swiftSettings: fuzzing),
        // The HTTP push handlers without a socket: POST /alerts and POST /notify/ngsi.
        .executableTarget(
            name: "FuzzPush",
            dependencies: [
                "CFuzzDriver", .product(name: "KosatsuInputReaders", package: "Kosatsu"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: fuzzing),
    ]
)
