import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuScene
import Testing

/// The nearest shelters on an emergency page: `{{#shelters}}` for text, the `shelters` widget for
/// arrows, names, distances and the site's state.
@Suite struct ShelterWidgetTests {
    static let guides = [
        ShelterGuide(
            id: "a", name: LocalizedText(ja: "神奈川県立小田原高等学校"), distance: 634, walkingMinutes: 8, bearing: 307,
            relativeBearing: 352, hazards: [.tsunami, .earthquake], isOpen: true, congestion: .high),
        ShelterGuide(
            id: "b", name: LocalizedText(ja: "小田原城址公園"), distance: 1_479, walkingMinutes: 19, bearing: 195,
            relativeBearing: 60, hazards: [.tsunami]),
        ShelterGuide(
            id: "c", name: LocalizedText(ja: "城山陸上競技場"), distance: 20, walkingMinutes: 1, bearing: 90,
            hazards: [.tsunami]),
    ]

    static let yaml = """
        kosatsu: 1
        canvas: 1920x1080
        pages:
          - name: tsunami
            emergency: tsunami
            items:
              - {type: text, x: 0, y: 0, width: 1900, height: 80, text: "{{#shelters}}{{name}} {{arrow}} {{where}} {{state}} {{crowding}} {{hazards}}／{{/shelters}}"}
              - {type: shelters, x: 1100, y: 200, width: 800, height: 700, when: shelters, color: "#FFFFFF"}
        """

    func scene(_ shelters: [ShelterGuide]?, language: Language = .ja) throws -> Scene {
        let notice = AlertNotice(
            id: "t", event: "tsunami", headline: LocalizedText(ja: "高台へ"), issued: Date(timeIntervalSince1970: 0),
            shelters: shelters)
        return try LayoutLoader.parse(Self.yaml, file: "s.yaml").scene(
            page: 0, snapshot: Snapshot(alerts: [notice]), at: Date(timeIntervalSince1970: 0), language: language,
            output: Size(width: 1920, height: 1080))
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

    func paths(_ items: [SceneItem]) -> [PathItem] {
        items.flatMap { item -> [PathItem] in
            switch item {
            case .path(let path): [path]
            case .group(let group): paths(group.items)
            default: []
            }
        }
    }

    @Test func theBindingListsThemInThePagesLanguage() throws {
        let line = try #require(texts(try scene(Self.guides).items).first)
        #expect(line.hasPrefix("神奈川県立小田原高等学校 ↑ 北西へ 634 m・徒歩 8 分 開設中 混雑 津波・地震／"))
        #expect(line.contains("小田原城址公園 ↗ 南へ 1,479 m・徒歩 19 分"))
        #expect(line.contains("城山陸上競技場  この場所"))  // no facing for it, and the sign stands on it
        let english = try #require(texts(try scene(Self.guides, language: .en).items).first)
        #expect(english.contains("634 m northwest · 8 min walk Open Crowded Tsunami, Earthquake"))
    }

    @Test func theWidgetDrawsARowPerShelterWithItsArrow() throws {
        let items = try scene(Self.guides).items
        let shown = texts(items)
        #expect(shown.contains("近くの指定緊急避難場所（直線距離）"))
        #expect(shown.contains("神奈川県立小田原高等学校") && shown.contains("北西へ 634 m・徒歩 8 分　開設中　混雑"))
        #expect(shown.contains("この場所"))
        // Three rings, two arrows (the third row stands on its site: a dot).
        let arrows = paths(items).filter { $0.elements.count == 8 }
        #expect(arrows.count == 2)
        // The first arrow points up and a little left (352°): its tip is above its centre.
        let first = try #require(arrows.first)
        let tip = try #require(first.elements.first)
        let bounds = first.bounds
        if case .move(let point) = tip {
            #expect(point.y < bounds.y + 5 && point.x < bounds.x + bounds.width / 2)
        } else {
            Issue.record("an arrow starts at its tip")
        }
    }

    @Test func noSheltersNoWidget() throws {
        for shelters in [nil, []] as [[ShelterGuide]?] {
            let items = try scene(shelters).items
            #expect(!texts(items).contains("近くの指定緊急避難場所（直線距離）"))
            #expect(paths(items).isEmpty)
        }
    }
}
