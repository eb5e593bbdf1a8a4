import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuScene
import Testing

/// A drill in force shows a small 「訓練」 banner on normal pages, never on emergency pages.
@Suite struct DrillBannerTests {
    let time = ISO8601.parse("2026-11-23T10:05:00+09:00")!
    let drill = AlertNotice(
        id: "drill", event: "other", headline: LocalizedText(ja: "【訓練】避難指示"), issued: Date(timeIntervalSince1970: 0),
        isExercise: true)
    let actual = AlertNotice(
        id: "real", event: "rain", headline: LocalizedText(ja: "大雨警報"), issued: Date(timeIntervalSince1970: 0))

    static let yaml = """
        kosatsu: 1
        canvas: 1920x1080
        pages:
          - name: normal
            items:
              - {type: text, x: 0, y: 0, width: 800, height: 100, text: "こんにちは"}
          - name: alert
            emergency: any
            items:
              - {type: text, x: 0, y: 0, width: 800, height: 100, text: "{{alert.headline}}"}
        """

    func texts(page: Int, alerts: [AlertNotice], output: Size = Size(width: 1920, height: 1080)) throws -> [String] {
        let scene = try LayoutLoader.parse(Self.yaml, file: "test.yaml").scene(
            page: page, snapshot: Snapshot(alerts: alerts), at: time, language: .ja, output: output)
        return scene.items.compactMap { item in
            if case .text(let text) = item { return text.text }
            return nil
        }
    }

    @Test func aDrillShowsTheBannerOnANormalPage() throws {
        let shown = try texts(page: 0, alerts: [drill])
        #expect(shown.contains("訓練"))
        #expect(shown.contains { $0.hasPrefix("Drill") })
    }

    @Test func noDrillNoBanner() throws {
        #expect(try texts(page: 0, alerts: []) == ["こんにちは"])
        #expect(try texts(page: 0, alerts: [actual]) == ["こんにちは"])
    }

    @Test func emergencyPagesNeverShowIt() throws {
        #expect(!(try texts(page: 1, alerts: [actual, drill]).contains("訓練")))
    }
}
