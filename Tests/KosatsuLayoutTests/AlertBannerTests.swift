import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuScene
import Testing

/// An earthquake felt at the sign below its takeover 震度 is mentioned in a banner along the bottom of
/// normal pages, in the page's language; emergency pages never show it.
@Suite struct AlertBannerTests {
    let felt = AlertNotice(
        id: "quake", event: "earthquake", headline: LocalizedText(ja: "落ち着いて身の安全を確保してください"),
        issued: Date(timeIntervalSince1970: 0),
        banner: LocalizedText(
            ja: "震度３　小田原市で地震がありました。津波の心配はありません",
            en: "Seismic intensity 3 · An earthquake was felt in 小田原市. No tsunami is expected"))
    let drill = AlertNotice(
        id: "drill", event: "other", headline: LocalizedText(ja: "【訓練】避難指示"), issued: Date(timeIntervalSince1970: 0),
        isExercise: true)

    func scene(page: Int, alerts: [AlertNotice], language: Language = .ja) throws -> Scene {
        try LayoutLoader.parse(DrillBannerTests.yaml, file: "test.yaml").scene(
            page: page, snapshot: Snapshot(alerts: alerts), at: Date(timeIntervalSince1970: 0), language: language,
            output: Size(width: 1920, height: 1080))
    }

    func texts(_ scene: Scene) -> [(String, Rect)] {
        scene.items.compactMap { item in
            if case .text(let text) = item { return (text.text, text.frame) }
            return nil
        }
    }

    @Test func aFeltEarthquakeShowsItsLineOnNormalPages() throws {
        let shown = texts(try scene(page: 0, alerts: [felt]))
        let banner = try #require(shown.first { $0.0.hasPrefix("震度３") })
        #expect(banner.1.y > 1000 && banner.1.width > 1500, "along the bottom: \(banner.1)")
        let english = texts(try scene(page: 0, alerts: [felt], language: .en))
        #expect(english.contains { $0.0.hasPrefix("Seismic intensity 3") })
    }

    @Test func itLeavesTheDrillCornerFree() throws {
        let shown = texts(try scene(page: 0, alerts: [felt, drill]))
        let banner = try #require(shown.first { $0.0.hasPrefix("震度３") })
        let corner = try #require(shown.first { $0.0 == "訓練" })
        #expect(banner.1.x + banner.1.width < corner.1.x, "\(banner.1) runs into \(corner.1)")
    }

    @Test func emergencyPagesAndOtherAlertsShowNone() throws {
        #expect(!texts(try scene(page: 1, alerts: [felt])).contains { $0.0.hasPrefix("震度３") })
        var plain = felt
        plain.banner = nil
        #expect(texts(try scene(page: 0, alerts: [plain])).map(\.0) == ["こんにちは"])
    }
}
