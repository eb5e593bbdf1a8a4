// swift-tools-version:6.2
import PackageDescription

// Every Kosatsu target is built the same strict way: Swift 6 mode, explicit `any`,
// imports that say what they expose, and no warning left standing.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "Kosatsu",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kosatsu", targets: ["kosatsu"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // C libraries, one thin target each (Debian -dev packages, see scripts/deps.sh).
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CFontconfig", pkgConfig: "fontconfig", providers: [.apt(["libfontconfig-dev"])]),
        .systemLibrary(name: "CHarfBuzz", pkgConfig: "harfbuzz", providers: [.apt(["libharfbuzz-dev"])]),

        // Plain values that flow one way: snapshot → scene.
        .target(name: "KosatsuData", swiftSettings: strict),
        .target(name: "KosatsuScene", swiftSettings: strict),

        // Resources with identity, confined to the renderer.
        .target(
            name: "KosatsuText",
            dependencies: ["KosatsuScene", "CFreeType", "CFontconfig", "CHarfBuzz"],
            swiftSettings: strict
        ),
        .target(
            name: "KosatsuRender",
            dependencies: ["KosatsuScene", "KosatsuText", "CCairo", "CFreeType"],
            swiftSettings: strict
        ),

        // Layout documents → scene.
        .target(
            name: "KosatsuLayout",
            dependencies: [
                "KosatsuData", "KosatsuScene",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "kosatsu",
            dependencies: [
                "KosatsuData", "KosatsuScene", "KosatsuLayout", "KosatsuRender", "KosatsuText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "KosatsuDataTests", dependencies: ["KosatsuData"], swiftSettings: strict),
        .testTarget(name: "KosatsuTextTests", dependencies: ["KosatsuText", "KosatsuScene"], swiftSettings: strict),
        .testTarget(
            name: "KosatsuRenderTests",
            dependencies: ["KosatsuRender", "KosatsuScene", "KosatsuText"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KosatsuLayoutTests",
            dependencies: ["KosatsuLayout", "KosatsuData", "KosatsuScene"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KosatsuGoldenTests",
            dependencies: ["KosatsuLayout", "KosatsuData", "KosatsuRender", "KosatsuScene", "KosatsuText"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KosatsuCommandLineTests",
            dependencies: ["kosatsu"],
            swiftSettings: strict
        ),
    ]
)
