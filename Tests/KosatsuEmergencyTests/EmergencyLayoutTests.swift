import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuScene
import Testing

/// Every emergency layout in `Layouts/` (a page with `emergency:`), in every language, orientation
/// and alert level: legible (WCAG contrast ≥ 7:1 for every text on what is behind it), the level
/// never told by colour alone, nothing flashing, nothing needed but the alert and the fonts.
struct EmergencyLayoutTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var testDescription: String { file }
    }

    static let layouts: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.layouts.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            let path = Repository.layouts.appendingPathComponent(name).path
            guard let layout = try? LayoutLoader.load(path), !layout.emergencyPages.isEmpty else { return nil }
            return Case(file: name)
        }
    }()

    /// The layouts whose preview shows an alert with a level (a calm screen has none); one that does not
    /// load stays in, so the test names it.
    static let levelled: [Case] = layouts.filter { layoutCase in
        (try? load(layoutCase.file)).map { $0.1.calm == nil } ?? true
    }

    static func load(_ file: String) throws -> (Layout, Snapshot, Date) {
        let layout = try LayoutLoader.load(Repository.layouts.appendingPathComponent(file).path)
        let snapshot = try SnapshotFile.load(try #require(layout.preview?.data, "\(file) needs preview data"))
        let time = try #require(layout.preview?.at, "\(file) needs preview.at")
        return (layout, snapshot, time)
    }

    /// The sample with every alert (and the calm notice) set to one level.
    static func snapshot(_ snapshot: Snapshot, at severity: NoticeSeverity?) -> Snapshot {
        var copy = snapshot
        copy.alerts = copy.alerts.map { alert in
            var alert = alert
            alert.severity = severity
            return alert
        }
        if var calm = copy.calm {
            calm.severity = severity
            copy.calm = calm
        }
        return copy
    }

    static func outputs(_ layout: Layout) -> [Size] {
        [layout.canvas] + (layout.portraitCanvas.map { [$0] } ?? [])
    }

    @Test func thereAreTheFourTakeoverScreensAndTheCalmOne() throws {
        var events: Set<String> = []
        for layoutCase in Self.layouts {
            let (layout, _, _) = try Self.load(layoutCase.file)
            for index in layout.emergencyPages { events.formUnion(layout.pages[index].emergency ?? []) }
        }
        #expect(events.isSuperset(of: ["earthquake", "tsunami", "rain", "landslide", "any", "calm"]), "\(events)")
    }

    @Test(arguments: layouts)
    func everyTextHasContrastOfSevenToOne(_ layoutCase: Case) throws {
        let (layout, sample, time) = try Self.load(layoutCase.file)
        for page in layout.emergencyPages {
            for severity in [nil] + NoticeSeverity.allCases {
                let snapshot = Self.snapshot(sample, at: severity)
                for language in layout.languages {
                    for output in Self.outputs(layout) {
                        let scene = layout.scene(
                            page: page, snapshot: snapshot, at: time, language: language, output: output)
                        var texts = 0
                        for (text, background) in ContrastCheck.texts(in: scene) {
                            let ground = try #require(
                                background, "\(layoutCase.file): text '\(text.text)' is on a gradient")
                            for span in text.spans where !span.text.isEmpty {
                                texts += 1
                                let ratio = span.style.color.contrastRatio(with: ground)
                                #expect(
                                    ratio >= 7,
                                    "\(layoutCase.file) \(language.rawValue) \(severity?.rawValue ?? "no level") \(output): '\(span.text)' \(span.style.color) on \(ground) is \(ratio):1"
                                )
                            }
                        }
                        #expect(texts >= 4, "\(layoutCase.file) shows too little (\(texts) texts)")
                    }
                }
            }
        }
    }

    /// Each level has its own symbol and frame as well as its own colour and words.
    @Test(arguments: levelled)
    func theLevelIsNeverColourAlone(_ layoutCase: Case) throws {
        let (layout, sample, time) = try Self.load(layoutCase.file)
        for page in layout.emergencyPages {
            var shapes: [String: NoticeSeverity] = [:]
            for severity in NoticeSeverity.allCases {
                let scene = layout.scene(
                    page: page, snapshot: Self.snapshot(sample, at: severity), at: time, language: .ja,
                    output: layout.canvas)
                let level = try #require(sample.alerts.first?.level?.ja)
                let levelText = try #require(
                    ContrastCheck.texts(in: scene).map(\.0.text).first { $0.contains(level) },
                    "\(layoutCase.file): the level words are not on screen")
                let symbol = try #require(levelText.unicodeScalars.first)
                #expect(!symbol.properties.isAlphabetic, "\(layoutCase.file): '\(levelText)' starts without a symbol")
                let frames = ContrastCheck.strokedPanels(in: scene)
                let shape = "\(symbol) with \(frames) frames"
                #expect(
                    shapes[shape] == nil,
                    "\(layoutCase.file): \(severity) looks like \(shapes[shape].map(\.rawValue) ?? "")")
                shapes[shape] = severity
            }
        }
    }

    /// A screen that changes while nothing changes would flash: the scene must be the same a
    /// moment later, and it must need no image (nothing from the network, nothing but fonts).
    @Test(arguments: layouts)
    func nothingFlashesAndNothingButFontsIsNeeded(_ layoutCase: Case) throws {
        let (layout, sample, time) = try Self.load(layoutCase.file)
        for page in layout.emergencyPages {
            for language in layout.languages {
                let scenes = [0.0, 0.2, 0.5, 1.0, 1.7].map { offset in
                    layout.scene(
                        page: page, snapshot: sample, at: time.addingTimeInterval(offset), language: language,
                        output: layout.canvas)
                }
                #expect(Set(scenes).count == 1, "\(layoutCase.file) \(language.rawValue) changes from moment to moment")
                #expect(!ContrastCheck.hasImage(scenes[0].items), "\(layoutCase.file) uses an image")
            }
        }
    }
}

/// Finds what is behind each text of a scene: the last opaque panel drawn before it that holds
/// the whole text box, else the page.
enum ContrastCheck {
    /// Each text item with its background colour (nil when that is a gradient).
    static func texts(in scene: Scene) -> [(TextItem, Color?)] {
        var grounds: [(Rect, Color?)] = []
        let page: Color?
        switch scene.background {
        case .solid(let color): page = color
        case .linearGradient: page = nil
        }
        grounds.append((Rect(x: 0, y: 0, width: scene.canvas.width, height: scene.canvas.height), page))
        var result: [(TextItem, Color?)] = []
        walk(scene.items, dx: 0, dy: 0, grounds: &grounds, result: &result)
        return result
    }

    private static func walk(
        _ items: [SceneItem], dx: Double, dy: Double, grounds: inout [(Rect, Color?)],
        result: inout [(TextItem, Color?)]
    ) {
        for item in items {
            switch item {
            case .panel(let panel):
                switch panel.fill {
                case .solid(let color)? where color.alpha >= 1:
                    grounds.append((panel.frame.offsetBy(dx: dx, dy: dy), color))
                case .linearGradient?:
                    grounds.append((panel.frame.offsetBy(dx: dx, dy: dy), nil))
                default:
                    break
                }
            case .text(let text) where !text.text.isEmpty:
                let frame = text.frame.offsetBy(dx: dx, dy: dy)
                let ground = grounds.last { contains($0.0, frame) }?.1 ?? nil
                result.append((text, ground))
            case .group(let group):
                walk(group.items, dx: dx + group.frame.x, dy: dy + group.frame.y, grounds: &grounds, result: &result)
            default:
                break
            }
        }
    }

    private static func contains(_ outer: Rect, _ inner: Rect) -> Bool {
        outer.x <= inner.x && outer.y <= inner.y && outer.maxX >= inner.maxX && outer.maxY >= inner.maxY
    }

    static func strokedPanels(in scene: Scene) -> Int {
        scene.items.filter { item in
            if case .panel(let panel) = item { return panel.stroke != nil }
            return false
        }.count
    }

    static func hasImage(_ items: [SceneItem]) -> Bool {
        items.contains { item in
            switch item {
            case .image: true
            case .group(let group): hasImage(group.items)
            default: false
            }
        }
    }
}
