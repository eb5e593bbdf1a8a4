import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuScene
import Testing

/// A layout plus data becomes the scene a sign should show.
@Suite struct LayoutEvaluationTests {
    let time = ISO8601.parse("2026-11-23T14:05:00+09:00")!

    func scene(
        _ yaml: String, snapshot: Snapshot = .empty, language: Language = .ja,
        output: Size = Size(width: 1920, height: 1080)
    ) throws -> Scene {
        try LayoutLoader.parse(yaml, file: "test.yaml").scene(
            page: 0, snapshot: snapshot, at: time, language: language, output: output)
    }

    func texts(_ items: [SceneItem]) -> [String] {
        items.flatMap { item -> [String] in
            switch item {
            case .text(let text): [text.text]
            case .group(let group): texts(group.items)
            default: []
            }
        }
    }

    func spots(_ count: Int) -> Snapshot {
        Snapshot(
            spots: (0..<count).map {
                Spot(
                    id: "s\($0)", name: LocalizedText(ja: "場所\($0)", en: "Place \($0)"), peopleCount: $0 * 1000,
                    capacity: 2000)
            })
    }

    @Test func percentagesResolveAgainstTheParent() throws {
        let scene = try scene(
            """
            kosatsu: 1
            pages:
              - items:
                  - {type: group, x: 100, y: 50, width: 50%, height: 200, items: [{type: panel, x: 10%, width: 50%, height: 25%}]}
            """)
        let group = try #require(scene.items.first?.group, "expected a group, got \(scene.items)")
        let panel = try #require(group.items.first?.panel, "expected a panel, got \(group.items)")
        #expect(group.frame == Rect(x: 100, y: 50, width: 960, height: 200))
        #expect(panel.frame == Rect(x: 96, y: 0, width: 480, height: 50))
    }

    @Test func portraitOutputUsesThePortraitCanvasAndPlacement() throws {
        let yaml = """
            kosatsu: 1
            portrait: 1080x1920
            pages:
              - items:
                  - {type: panel, x: 10, width: 100, portrait: {x: 20, width: 200}}
                  - {type: panel, only: landscape}
                  - {type: panel, only: portrait}
            """
        let landscape = try scene(yaml)
        let portrait = try scene(yaml, output: Size(width: 1080, height: 1920))
        #expect(landscape.canvas == Size(width: 1920, height: 1080))
        #expect(portrait.canvas == Size(width: 1080, height: 1920))
        #expect(landscape.items.count == 2)
        #expect(portrait.items.count == 2)
        let wide = try #require(landscape.items[0].panel, "expected a panel")
        let tall = try #require(portrait.items[0].panel, "expected a panel")
        #expect(wide.frame.x == 10 && wide.frame.width == 100)
        #expect(tall.frame.x == 20 && tall.frame.width == 200)
    }

    @Test func layoutWithoutPortraitIsScaledNotReflowed() throws {
        let scene = try scene("kosatsu: 1\npages:\n  - items: []\n", output: Size(width: 1080, height: 1920))
        #expect(scene.canvas == Size(width: 1920, height: 1080))
    }

    @Test func repeatMakesOneCellPerItemUpToTheMaximum() throws {
        let yaml = """
            kosatsu: 1
            pages:
              - items:
                  - type: repeat
                    each: spots
                    as: spot
                    max: 3
                    height: 300
                    spacing: 30
                    items: [{type: text, text: "{{index}}. {{spot.name}} {{spot.peopleCount}}人 {{spot.level}}"}]
                    empty: [{type: text, text: データなし}]
            """
        let full = try scene(yaml, snapshot: spots(5))
        let list = try #require(full.items.first?.group, "expected a group")
        #expect(list.items.count == 3)
        #expect(texts(list.items) == ["1. 場所0 0人 空いている", "2. 場所1 1,000人 やや混雑", "3. 場所2 2,000人 大変混雑"])
        let second = try #require(list.items[1].group, "expected a group")
        #expect(second.frame == Rect(x: 0, y: 110, width: 1920, height: 80))
        #expect(texts(try scene(yaml).items) == ["データなし"])
    }

    @Test func languageSelectsTheTextAndTheDataLanguage() throws {
        let yaml = """
            kosatsu: 1
            pages:
              - items:
                  - {type: text, text: {ja: "混雑 {{spots.0.name}}", en: "Crowds {{spots.0.name}}"}}
                  - {type: text, text: "{{spots.0.name.en}}"}
            """
        #expect(texts(try scene(yaml, snapshot: spots(1)).items) == ["混雑 場所0", "Place 0"])
        #expect(texts(try scene(yaml, snapshot: spots(1), language: .en).items) == ["Crowds Place 0", "Place 0"])
        // A language the text does not have falls back to Japanese.
        #expect(texts(try scene(yaml, snapshot: spots(1), language: .ko).items) == ["混雑 場所0", "Place 0"])
    }

    @Test func whenAndUnlessShowBoxesOnlyWhenDataSaysSo() throws {
        let yaml = """
            kosatsu: 1
            pages:
              - items:
                  - {type: text, text: alert, when: alert}
                  - {type: text, text: calm, unless: alert}
            """
        #expect(texts(try scene(yaml).items) == ["calm"])
        let alert = AlertNotice(id: "a", event: "earthquake", headline: LocalizedText(ja: "地震"), issued: time)
        #expect(texts(try scene(yaml, snapshot: Snapshot(alerts: [alert])).items) == ["alert"])
    }

    @Test func clockFormatsInJapaneseAndTheJapaneseEra() throws {
        let yaml = """
            kosatsu: 1
            pages:
              - items:
                  - {type: clock, format: datetime}
                  - {type: clock, format: wareki}
                  - {type: clock, format: time}
                  - {type: clock, format: "M/d H:mm"}
            """
        #expect(texts(try scene(yaml).items) == ["2026年11月23日(月) 14:05", "令和8年11月23日(月)", "14:05", "11/23 14:05"])
        #expect(texts(try scene(yaml, language: .en).items)[0] == "Mon 23 Nov 2026 14:05")
    }

    @Test func textIsNotHtmlEscaped() throws {
        let snapshot = Snapshot(spots: [Spot(id: "a", name: LocalizedText(ja: "A&B <C>"))])
        #expect(
            texts(
                try scene(
                    "kosatsu: 1\npages:\n  - items: [{type: text, text: \"{{spots.0.name}}\"}]\n", snapshot: snapshot
                ).items) == ["A&B <C>"])
    }

    @Test func gradientAngleFollowsCss() throws {
        let scene = try scene(
            "kosatsu: 1\npages:\n  - background: {gradient: [\"#000000\", \"#FFFFFF\"], angle: 180}\n    items: []\n")
        let gradient = try #require(scene.background.linearGradient, "expected a gradient")
        #expect(abs(gradient.start.x - 960) < 1e-9 && abs(gradient.start.y) < 1e-9)
        #expect(abs(gradient.end.x - 960) < 1e-9 && abs(gradient.end.y - 1080) < 1e-9)
    }

    @Test func paletteAndNamedStylesApply() throws {
        let scene = try scene(
            """
            kosatsu: 1
            colors: {accent: "#FF0000"}
            styles:
              default: {size: 30}
              big: {size: 90, weight: bold}
            pages:
              - items:
                  - {type: text, text: a, style: big, color: accent}
                  - {type: text, text: b}
            """)
        let big = try #require(scene.items[0].text, "expected a text")
        let plain = try #require(scene.items[1].text, "expected a text")
        #expect(big.spans[0].style.size == 90)
        #expect(big.spans[0].style.font.weight == .bold)
        #expect(big.spans[0].style.color == Color(hex: "#FF0000"))
        #expect(plain.spans[0].style.size == 30)
    }

    @Test func everyShippedLayoutIsValid() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Layouts")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 3)
        for file in files {
            let layout = try LayoutLoader.load(directory.appendingPathComponent(file).path)
            #expect(layout.preview?.data != nil, "\(file) needs preview data")
            #expect(layout.preview?.at != nil, "\(file) needs a preview time")
        }
    }
}

/// Where an image's `src:` points.
@Suite struct ImagePathTests {
    /// A folder holding `pictures/castle.png` (1×1), removed after the test.
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-image-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pictures"), withIntermediateDirectories: true)
        let png = Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!
        try png.write(to: folder.appendingPathComponent("pictures/castle.png"))
    }

    func imagePath(_ src: String, layoutIn directory: URL) throws -> String? {
        let layout = try LayoutLoader.parse(
            """
            kosatsu: 1
            pages:
              - items:
                  - {type: image, src: "\(src)", width: 100, height: 100}
            """, file: directory.appendingPathComponent("board.yaml").path)
        let scene = layout.scene(
            page: 0, snapshot: .empty, at: Date(timeIntervalSince1970: 0), language: .ja,
            output: Size(width: 1920, height: 1080))
        guard case .image(let image) = scene.items.first else { return nil }
        return image.path
    }

    @Test func relativePathsAreFoundBesideTheLayout() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = folder.appendingPathComponent("pictures/castle.png").standardizedFileURL.path
        #expect(try imagePath("pictures/castle.png", layoutIn: folder) == expected)
    }

    @Test func absolutePathsAreKeptAsWritten() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let absolute = folder.appendingPathComponent("pictures/castle.png").standardizedFileURL.path
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-elsewhere")
        #expect(try imagePath(absolute, layoutIn: elsewhere) == absolute)
    }
}
