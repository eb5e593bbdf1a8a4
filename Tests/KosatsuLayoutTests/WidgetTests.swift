import Foundation
import KosatsuData
import KosatsuScene
import Testing

@testable import KosatsuLayout

/// Widgets turn data into scene items: what a sign shows for each awkward case in the data.
@Suite struct WidgetTests {
    let time = ISO8601.parse("2026-11-23T14:05:00+09:00")!

    /// A file name beside the shipped layouts, so `src: assets/…` finds the map picture.
    static let layoutFile =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Layouts/test.yaml").path

    func evaluate(_ items: String, snapshot: Snapshot, extra: String = "", at: Date? = nil) throws -> Evaluation {
        let yaml = "kosatsu: 1\n" + extra + "pages:\n  - items:\n" + items
        return try LayoutLoader.parse(yaml, file: Self.layoutFile).evaluate(
            page: 0, snapshot: snapshot, at: at ?? time, language: .ja, output: Size(width: 1920, height: 1080))
    }

    /// Every item, groups flattened.
    func flat(_ items: [SceneItem]) -> [SceneItem] {
        items.flatMap { item -> [SceneItem] in
            if case .group(let group) = item { return flat(group.items) }
            return [item]
        }
    }

    func texts(_ evaluation: Evaluation) -> [String] {
        flat(evaluation.scene.items).compactMap { if case .text(let text) = $0 { text.text } else { nil } }
    }

    func paths(_ evaluation: Evaluation) -> [PathItem] {
        flat(evaluation.scene.items).compactMap { if case .path(let path) = $0 { path } else { nil } }
    }

    func spot(_ id: String, _ name: String, count: Int?, capacity: Int? = 1000, history: [CountSample] = []) -> Spot {
        Spot(id: id, name: LocalizedText(ja: name, en: name), peopleCount: count, capacity: capacity, history: history)
    }

    func spots(_ n: Int) -> Snapshot {
        Snapshot(spots: (0..<n).map { spot("s\($0)", "場所\($0)", count: ($0 * 37) % 1000) })
    }

    let bars = "    - {type: bar-chart, x: 0, y: 0, width: 900, height: 600, rows: 6}\n"

    // MARK: Bar chart

    @Test func emptyListSaysThereIsNoData() throws {
        let evaluation = try evaluate(bars, snapshot: .empty)
        #expect(texts(evaluation) == ["データがありません"])
    }

    @Test func oneSpotIsOneRow() throws {
        let evaluation = try evaluate(bars, snapshot: Snapshot(spots: [spot("a", "小田原城", count: 500)]))
        #expect(texts(evaluation) == ["小田原城", "50%"])
    }

    @Test func barsAreSortedMostCrowdedFirstWithTheirUnits() throws {
        let snapshot = Snapshot(spots: [
            spot("a", "漁港", count: 100), spot("b", "城", count: 900), spot("c", "駅", count: 500),
            spot("d", "浜", count: nil),
        ])
        let evaluation = try evaluate(bars, snapshot: snapshot)
        #expect(texts(evaluation) == ["城", "90%", "駅", "50%", "漁港", "10%", "浜", "—"])
        let counts = try evaluate(
            "    - {type: bar-chart, value: count, width: 900, height: 600}\n", snapshot: snapshot)
        #expect(texts(counts).contains("900人"))
    }

    @Test func fortySpotsInRoomForSixShowTheTopSixAndACount() throws {
        let evaluation = try evaluate(bars, snapshot: spots(40))
        let shown = texts(evaluation)
        #expect(shown.filter { $0.hasSuffix("%") }.count == 6)
        #expect(shown.last == "ほか34か所")
    }

    @Test func fortySpotsAsPagesTurnWithTimeAndShowEverySpotOnce() throws {
        let items = "    - {type: bar-chart, width: 900, height: 600, rows: 6, more: pages, page-duration: 10s}\n"
        var seen: [String] = []
        var indicators: Set<String> = []
        for page in 0..<7 {
            let at = Date(
                timeIntervalSince1970: (time.timeIntervalSince1970 / 10).rounded(.down) * 10 + Double(page) * 10)
            let shown = texts(try evaluate(items, snapshot: spots(40), at: at))
            indicators.insert(try #require(shown.last))
            seen += shown.filter { $0.hasPrefix("場所") }
        }
        #expect(indicators.count == 7)
        #expect(Set(seen).count == 40)
        #expect(seen.count == 40)
    }

    @Test func aHugeValueIsClampedToItsTrackAndMarkedOffScale() throws {
        let snapshot = Snapshot(spots: [spot("a", "城", count: 9_000_000), spot("b", "駅", count: 300)])
        let evaluation = try evaluate(bars, snapshot: snapshot)
        #expect(texts(evaluation).contains("900000%"))
        let panels = flat(evaluation.scene.items).compactMap { if case .panel(let p) = $0 { p.frame } else { nil } }
        let widest = try #require(panels.map(\.width).max())
        #expect(widest <= 900)
        #expect(panels.allSatisfy { $0.maxX <= 900 })
        // The arrow at the end of the off-scale bar.
        #expect(paths(evaluation).contains { $0.elements.count == 4 && $0.fill != nil })
    }

    @Test func aNegativeCountIsShownAsZeroWithANote() throws {
        let evaluation = try evaluate(bars, snapshot: Snapshot(spots: [spot("a", "城", count: -40)]))
        #expect(texts(evaluation).contains("0%"))
        #expect(evaluation.notes.contains { $0.contains("negative count -40") })
    }

    @Test func aVeryLongNameTakesTwoLinesAndEveryRowKeepsItsSize() throws {
        let name = "小田原城址公園こども遊園地・報徳二宮神社参道前広場"
        let evaluation = try evaluate(
            bars, snapshot: Snapshot(spots: [spot("a", name, count: 500), spot("b", "小田原城", count: 400)]))
        let names = flat(evaluation.scene.items).compactMap { item -> TextItem? in
            if case .text(let t) = item, t.text == name || t.text == "小田原城" { t } else { nil }
        }
        try #require(names.count == 2)
        // A station sign's two-line name, not one shrunk on its own: both rows at one size.
        #expect(names.allSatisfy { $0.paragraph.maxLines == 2 })
        #expect(Set(names.map { $0.spans[0].style.size }).count == 1)
        let size = names[0].spans[0].style.size
        #expect(size < 50)
        let floor = try #require(names[0].paragraph.overflow.shrinkFloor)
        #expect(floor >= size * 0.9)
    }

    @Test func namesThatFitStayOnOneLineAtTheStyleSize() throws {
        let evaluation = try evaluate(bars, snapshot: Snapshot(spots: [spot("a", "小田原城", count: 500)]))
        let item = try #require(
            flat(evaluation.scene.items).compactMap { if case .text(let t) = $0, t.text == "小田原城" { t } else { nil } }
                .first)
        #expect(item.paragraph.maxLines == 1)
    }

    // MARK: Legend

    @Test func aLegendTooNarrowForOneRowOfReadableWordsTakesTwo() throws {
        let words = ["空いている", "やや混雑", "混雑", "大変混雑"]
        func rows(_ height: Int) throws -> (rows: Int, size: Double) {
            let evaluation = try evaluate(
                "    - {type: legend, x: 0, y: 0, width: 862, height: \(height), size: 34}\n", snapshot: .empty)
            let labels = flat(evaluation.scene.items).compactMap { item -> TextItem? in
                if case .text(let t) = item, words.contains(t.text) { t } else { nil }
            }
            try #require(labels.count == 4)
            return (Set(labels.map(\.frame.y)).count, labels[0].spans[0].style.size)
        }
        // Tall enough for two rows: two of two, at the style's size.
        #expect(try rows(100) == (2, 34))
        // Not tall enough: one row, the words sharing what is left.
        #expect(try rows(60).rows == 1)
    }

    // MARK: Time series

    func sample(_ hour: Int, _ count: Int?, forecast: Bool = false) -> CountSample {
        CountSample(at: time.addingTimeInterval(Double(hour - 14) * 3600 - 300), count: count, isForecast: forecast)
    }

    let series = "    - {type: time-series, spot: spots.0, width: 1200, height: 600, from: 8, to: 20}\n"

    @Test func missingValuesLeaveGapsAndForecastIsDashed() throws {
        let history = [
            sample(9, 100), sample(10, 200), sample(11, nil), sample(12, 400), sample(13, 500), sample(14, 600),
            sample(15, 500, forecast: true), sample(16, 400, forecast: true),
        ]
        let evaluation = try evaluate(series, snapshot: Snapshot(spots: [spot("a", "城", count: 600, history: history)]))
        let lines = paths(evaluation).filter { $0.stroke != nil && $0.fill == nil }
        let solid = lines.filter { $0.stroke?.dash.isEmpty == true }
        let dashed = lines.filter { $0.stroke?.dash.isEmpty == false }
        // 9–10 and 12–14: two solid runs, never joined across 11時.
        #expect(solid.map(\.elements.count) == [2, 3])
        // The forecast starts from the last counted hour: 14, 15, 16.
        #expect(dashed.map(\.elements.count) == [3])
        let labels = texts(evaluation)
        #expect(labels.contains("9時") && labels.contains("12時") && labels.contains("15時"))
        #expect(labels.contains("いま"))
    }

    @Test func oneDataPointIsADot() throws {
        let evaluation = try evaluate(
            series, snapshot: Snapshot(spots: [spot("a", "城", count: 600, history: [sample(12, 300)])]))
        let dots = paths(evaluation).filter { $0.elements.contains { if case .arc = $0 { true } else { false } } }
        #expect(dots.count == 1)
    }

    @Test func noHistorySaysThereIsNoData() throws {
        let evaluation = try evaluate(series, snapshot: Snapshot(spots: [spot("a", "城", count: 600)]))
        #expect(texts(evaluation) == ["データがありません"])
    }

    @Test func atDawnTheChartSaysItsHoursAreNotCountedYet() throws {
        let dawn = ISO8601.parse("2026-11-23T06:45:00+09:00")!
        let night = [5, 6].map { CountSample(at: dawn.addingTimeInterval(Double($0 - 7) * 3600), count: 20) }
        let evaluation = try evaluate(
            series, snapshot: Snapshot(spots: [spot("a", "城", count: 20, history: night)]), at: dawn)
        #expect(texts(evaluation).contains("この時間帯はまだ計測していません"))
        #expect(texts(evaluation).contains("9時"), "the axes stay")
        let counted = try evaluate(
            series, snapshot: Snapshot(spots: [spot("a", "城", count: 600, history: [sample(12, 300)])]))
        #expect(!texts(counted).contains("この時間帯はまだ計測していません"))
        // Yesterday's data at noon: the words, and no 「いま」 marker through them.
        let stale = try evaluate(
            series, snapshot: Snapshot(spots: [spot("a", "城", count: 20, history: night)]),
            at: dawn.addingTimeInterval(86_400 + 6 * 3600))
        #expect(texts(stale).contains("この時間帯はまだ計測していません") && !texts(stale).contains("いま"))
    }

    // MARK: Gauge, tile, level

    @Test func aValueThatIsNotANumberIsSkippedWithANote() throws {
        let snapshot = Snapshot(weather: Weather(condition: LocalizedText(ja: "晴れ")))
        let evaluation = try evaluate(
            """
                - {type: gauge, value: "{{weather.condition}}", width: 400, height: 400}
                - {type: tile, label: 気温, value: "{{weather.condition}}", digits: 1, width: 400, height: 200}

            """, snapshot: snapshot)
        #expect(texts(evaluation).filter { $0 == "—" }.count == 2)
        #expect(evaluation.notes.count == 2)
        #expect(evaluation.notes.allSatisfy { $0.contains("'晴れ' is not a number") })
    }

    @Test func tileShowsTheValueWithItsUnit() throws {
        let evaluation = try evaluate(
            "    - {type: tile, label: 気温, value: \"{{weather.temperature}}\", unit: ℃, width: 400, height: 200}\n",
            snapshot: Snapshot(weather: Weather(temperature: 18.5)))
        #expect(texts(evaluation) == ["気温", "18.5℃"])
    }

    @Test func everyLevelHasItsWordAndItsOwnShape() throws {
        let snapshot = Snapshot(spots: [
            spot("a", "a", count: 100), spot("b", "b", count: 600), spot("c", "c", count: 800),
            spot("d", "d", count: 950), spot("e", "e", count: nil),
        ])
        var shapes: [[PathElement]] = []
        for index in 0..<5 {
            let evaluation = try evaluate(
                "    - {type: level, spot: spots.\(index), width: 500, height: 120}\n", snapshot: snapshot)
            let word = try #require(texts(evaluation).first)
            #expect(["空いている", "やや混雑", "混雑", "大変混雑", "情報なし"][index] == word)
            let icon = try #require(paths(evaluation).first)
            let aspect = String(format: "%.1f", icon.bounds.width / icon.bounds.height)
            shapes.append(
                [.move(Point(x: 0, y: Double(aspect) ?? 0))]
                    + icon.elements.map { element in
                        // Shapes compared by their outline's structure, not by position.
                        switch element {
                        case .move: .move(.zero)
                        case .line: .line(.zero)
                        case .arc: .arc(center: .zero, radius: 0, from: 0, to: 0)
                        case .close: .close
                        }
                    })
        }
        #expect(Set(shapes.map { "\($0)" }).count == 5)
    }

    @Test func layoutThresholdsDecideTheLevelWhenTheDataGivesNone() throws {
        let snapshot = Snapshot(spots: [spot("a", "a", count: 300)])
        let item = "    - {type: level, spot: spots.0, width: 500, height: 120}\n"
        #expect(texts(try evaluate(item, snapshot: snapshot)).first == "空いている")
        let strict = "thresholds: {moderate: 20%, high: 25%, very-high: 90%}\n"
        #expect(texts(try evaluate(item, snapshot: snapshot, extra: strict)).first == "混雑")
    }

    @Test func everyThemesLevelWordsReadOnTheirColours() {
        for theme in WidgetTheme.allCases {
            let colors = WidgetTheme.colors(in: theme.palette)
            for level in CongestionLevel.allCases {
                let pair = colors.colors(level)
                #expect(pair.ink.contrastRatio(with: pair.fill) >= 4.5, "\(theme) \(level)")
            }
        }
    }

    // MARK: Ticker, QR code, map, themes

    @Test func tickerMovesAsAPureFunctionOfTime() throws {
        let item = "    - {type: ticker, text: お知らせ, speed: 100, y: 980, width: 100%, height: 100}\n"
        let a = try evaluate(item, snapshot: .empty)
        let b = try evaluate(item, snapshot: .empty)
        #expect(a.scene == b.scene)
        let later = try evaluate(item, snapshot: .empty, at: time.addingTimeInterval(1.0 / 60))
        #expect(later.scene != a.scene)
        #expect(later.scene == a.scene.advancingTickers(by: 1.0 / 60))
        #expect(later.scene.damage(since: a.scene) == [Rect(x: 0, y: 980, width: 1920, height: 100)])
        let group = try #require(later.scene.items.first?.group, "expected a group")
        let ticker = try #require(group.items.first?.ticker, "expected a ticker")
        #expect(ticker.offset(lineWidth: 400) >= 0 && ticker.offset(lineWidth: 400) < 400 + ticker.gap)
    }

    @Test func qrCodeTakesItsURLFromTheData() throws {
        let evaluation = try evaluate(
            "    - {type: qr-code, url: \"https://example.jp/{{spots.0.id}}\", caption: 詳しくはこちら, width: 300, height: 360}\n",
            snapshot: Snapshot(spots: [spot("castle", "城", count: 1)]))
        let code = try #require(
            flat(evaluation.scene.items).compactMap { if case .qrCode(let c) = $0 { c } else { nil } }.first)
        #expect(code.text == "https://example.jp/castle")
        #expect(code.frame.width == code.frame.height)
        #expect(texts(evaluation) == ["詳しくはこちら"])
        let empty = try evaluate("    - {type: qr-code, url: \"{{nothing}}\"}\n", snapshot: .empty)
        #expect(empty.notes == ["qr-code: the URL is empty; nothing drawn"])
    }

    @Test func mapMarksPlacedSpotsAndNotesMissingOnes() throws {
        let yaml = """
                - type: map
                  src: assets/odawara-map.png
                  width: 1000
                  height: 500
                  spots: {a: ["50%", "50%"], ghost: ["10%", "10%"]}

            """
        let evaluation = try evaluate(
            yaml, snapshot: Snapshot(spots: [spot("a", "城", count: 950), spot("b", "駅", count: 1)]))
        #expect(texts(evaluation) == ["城"])
        #expect(evaluation.notes == ["map: no data for spot 'ghost'; marked as no data"])
        let discs = paths(evaluation).filter { path in
            path.elements.contains { if case .arc = $0 { true } else { false } }
        }
        #expect(discs.count == 2)
        #expect(discs.contains { $0.bounds.x < 500 && $0.bounds.maxX > 500 })
    }

    @Test func themesSwitchColoursAndUnknownThemesAreErrors() throws {
        let yaml = """
            kosatsu: 1
            colors: {bg: "#101010"}
            themes:
              dark:
              high-contrast: {bg: "#000000"}
            pages:
              - background: bg
                items: [{type: level, spot: spots.0, width: 400, height: 100}]
            """
        let layout = try LayoutLoader.parse(yaml, file: "t.yaml")
        #expect(layout.themes == ["dark", "high-contrast"])
        let snapshot = Snapshot(spots: [spot("a", "a", count: 950)])
        let size = Size(width: 1920, height: 1080)
        let dark = layout.scene(page: 0, snapshot: snapshot, at: time, language: .ja, output: size)
        let contrast = layout.scene(
            page: 0, snapshot: snapshot, at: time, language: .ja, output: size, theme: "high-contrast")
        #expect(dark.background == .solid(Color(hex: "#101010")!))
        #expect(contrast.background == .solid(Color(hex: "#000000")!))
        #expect(dark.items != contrast.items)

        do {
            _ = try LayoutLoader.parse(
                "kosatsu: 1\nthemes: {darkk: {}}\npages: [{items: []}]\n", file: "t.yaml")
            Issue.record("an unknown theme must be an error")
        } catch {
            #expect(error.diagnostics.first?.message.contains("did you mean 'dark'") == true)
            #expect(error.diagnostics.first?.line == 2)
        }
    }

    @Test func widgetKeysAreCheckedLikeEveryOtherBox() throws {
        do {
            _ = try LayoutLoader.parse(
                "kosatsu: 1\npages:\n  - items:\n      - {type: bar-chart, rowz: 6}\n", file: "t.yaml")
            Issue.record("an unknown key must be an error")
        } catch {
            #expect(error.diagnostics.first?.message.contains("did you mean 'rows'") == true)
        }
    }
}
