import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuRender
import KosatsuScene
import KosatsuText
import Testing

/// Every layout in `Layouts/` — each page, language and orientation — rendered with its preview
/// data and time, compared with `GoldenImages/`. `make golden` re-records them on purpose.
@Suite struct GoldenImageTests {
    /// Per-channel difference tolerated (anti-aliasing noise); anything above counts as a change.
    static let tolerance = 8

    @Test(arguments: GoldenCase.all)
    func layoutMatchesItsGoldenImage(_ golden: GoldenCase) throws {
        let layout = try LayoutLoader.load(golden.layoutPath)
        var snapshot =
            try golden.data.map { try SnapshotFile.load(Repository.root + "/Layouts/samples/" + $0) }
            ?? layout.preview?.data.map(SnapshotFile.load) ?? .empty
        if golden.drill { snapshot.alerts.append(GoldenCase.drillNotice) }
        let time = try #require(
            golden.at.flatMap { ISO8601.parse($0) } ?? layout.preview?.at,
            "\(golden.layoutPath) needs preview.at for a reproducible render")
        let scene = layout.scene(
            page: golden.page, snapshot: snapshot, at: time, language: golden.language, output: golden.size,
            theme: golden.theme)
        let renderer = try SceneRenderer(fontDirectory: Repository.fonts)
        let canvas = try renderer.render(scene, width: Int(golden.size.width), height: Int(golden.size.height))
        let goldenPath = Repository.root + "/GoldenImages/" + golden.fileName

        if ProcessInfo.processInfo.environment["KOSATSU_RECORD_GOLDEN"] == "1" {
            // Only images that really changed are rewritten, so a re-record shows just those in git.
            let unchanged = (try? PNGFile.read(goldenPath)).map {
                FrameComparison(actual: canvas.frame(), expected: $0, tolerance: Self.tolerance).matches
            }
            if unchanged != true {
                try canvas.writePNG(to: goldenPath)
                print("recorded \(goldenPath)")
            }
            return
        }
        try #require(
            FileManager.default.fileExists(atPath: goldenPath),
            "no golden image \(goldenPath); record it with `make golden` and look at it before committing")
        let expected = try PNGFile.read(goldenPath)
        let actual = canvas.frame()
        let comparison = FrameComparison(actual: actual, expected: expected, tolerance: Self.tolerance)
        if !comparison.matches {
            let failures = Repository.root + "/.build/golden-failures"
            try FileManager.default.createDirectory(atPath: failures, withIntermediateDirectories: true)
            let base = failures + "/" + golden.fileName.replacingOccurrences(of: ".png", with: "")
            try canvas.writePNG(to: base + ".actual.png")
            if comparison.sizesMatch {
                let diff = FrameComparison.diffImage(actual: actual, expected: expected, tolerance: Self.tolerance)
                try Canvas(frame: diff).writePNG(to: base + ".diff.png")
            }
            let bounds = comparison.differenceBounds.map {
                "x \($0.x)…\($0.x + $0.width - 1), y \($0.y)…\($0.y + $0.height - 1)"
            }
            Issue.record(
                """
                \(golden.fileName) differs from its golden image: \(comparison.differingPixels) pixels beyond ±\(Self.tolerance) \
                (largest difference \(comparison.maximumDelta)) in \(bounds ?? "size \(actual.width)x\(actual.height) vs \(expected.width)x\(expected.height)"). \
                Actual and diff (reference faded, changes red): \(base).actual.png, \(base).diff.png
                """)
        }
    }

    @Test func everyGoldenImageBelongsToALayout() throws {
        let expected = Set(GoldenCase.all.map(\.fileName))
        let present = try FileManager.default.contentsOfDirectory(atPath: Repository.root + "/GoldenImages")
            .filter { $0.hasSuffix(".png") }
        let orphans = present.filter { !expected.contains($0) }
        #expect(orphans.isEmpty, "golden images no layout renders any more: \(orphans.sorted())")
    }

    @Test func thereAreAtLeastThreeLayoutsWithGoldenImages() {
        let layouts = Set(GoldenCase.all.map(\.layoutPath))
        #expect(layouts.count >= 3)
    }
}

/// One golden image: a layout's page in a language at an output size.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    let layoutPath: String
    let page: Int
    let language: Language
    let size: Size
    let fileName: String
    /// A theme other than the layout's default, for its themed variants.
    var theme: String?
    /// With a drill in force at the sign: the small 「訓練」 banner on a normal page.
    var drill = false
    /// Other sample data than the layout's preview (`Layouts/samples/NAME`), at its own time.
    var data: String?
    var at: String?

    /// A city's evacuation drill for 小田原市, as the board hands it to a normal page.
    static let drillNotice = AlertNotice(
        id: "odawara-drill", event: "other", headline: LocalizedText(ja: "【訓練】小田原市に避難指示", en: "Drill"),
        areas: ["小田原市"], issued: Date(timeIntervalSince1970: 1_795_395_600), isExercise: true)

    var testDescription: String { fileName }

    /// Every page × language of every layout, plus a portrait render where the layout reflows.
    static let all: [GoldenCase] = {
        let directory = Repository.root + "/Layouts"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        var cases: [GoldenCase] = []
        for file in files {
            let path = directory + "/" + file
            // A layout that fails to load still gets a case, so the failure shows up as a test.
            guard let layout = try? LayoutLoader.load(path) else {
                cases.append(
                    GoldenCase(
                        layoutPath: path, page: 0, language: .ja, size: Size(width: 1920, height: 1080),
                        fileName: file.replacingOccurrences(of: ".yaml", with: ".png")))
                continue
            }
            let name = String(file.dropLast(".yaml".count))
            var sizes = [("", layout.canvas)]
            if let portrait = layout.portraitCanvas { sizes.append(("-portrait", portrait)) }
            for (pageIndex, page) in layout.pages.enumerated() {
                for language in layout.languages {
                    for (suffix, size) in sizes {
                        // Portrait is recorded in the first language only: it shows the reflow.
                        if !suffix.isEmpty, language != layout.languages[0] { continue }
                        let pagePart = layout.pages.count > 1 ? "-\(page.name)" : ""
                        let languagePart = layout.languages.count > 1 ? "-\(language.rawValue)" : ""
                        cases.append(
                            GoldenCase(
                                layoutPath: path, page: pageIndex, language: language, size: size,
                                fileName: "\(name)\(pagePart)\(languagePart)\(suffix).png"))
                    }
                }
                // Each further theme (dark, high-contrast), landscape in the first language.
                for theme in layout.themes.dropFirst() {
                    let pagePart = layout.pages.count > 1 ? "-\(page.name)" : ""
                    cases.append(
                        GoldenCase(
                            layoutPath: path, page: pageIndex, language: layout.languages[0], size: layout.canvas,
                            fileName: "\(name)\(pagePart)-\(theme).png", theme: theme))
                }
            }
        }
        // The tsunami and rain screens pointing to the nearest shelters for the hazard (Odawara samples).
        for (layout, sample, at) in [
            ("emergency-tsunami", "alert-tsunami-shelters", "2011-03-11T14:50:00+09:00"),
            ("emergency-rain", "alert-landslide-shelters", "2024-11-02T18:51:00+09:00"),
        ] {
            for language in Language.allCases {
                cases.append(
                    GoldenCase(
                        layoutPath: directory + "/\(layout).yaml", page: 0, language: language,
                        size: Size(width: 1920, height: 1080), fileName: "\(layout)-shelters-\(language.rawValue).png",
                        data: sample + ".json", at: at))
            }
        }
        // One normal layout with a drill in force: the 「訓練」 banner.
        cases.append(
            GoldenCase(
                layoutPath: directory + "/congestion-board.yaml", page: 0, language: .ja,
                size: Size(width: 1920, height: 1080), fileName: "congestion-board-ja-drill.png", drill: true))
        return cases
    }()
}

/// Paths in the source tree, found from this file.
enum Repository {
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let fonts: String = root + "/Fonts"
}
