import Foundation
import KosatsuCheck
import KosatsuData
import KosatsuLayout
import KosatsuText
import Testing

/// Small layouts that must be flagged, and their fixed twins that must not, each at the right line.
@Suite struct SignCheckerTests {
    static let fonts = FontDirectory.locate(fromSourceFile: #filePath)

    func findings(_ yaml: String, viewing: SignChecker.Viewing = SignChecker.Viewing()) throws -> [Finding] {
        // In the temporary folder, where the sample data is.
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("test.yaml").path
        let layout = try LayoutLoader.parse(yaml, file: file)
        return try SignChecker(fontDirectory: Self.fonts).check(layout, viewing: viewing)
    }

    /// A one-page layout whose items are `items` (indented as a page's item list).
    func layout(_ items: String, page: String = "", top: String = "") -> String {
        """
        kosatsu: 1
        canvas: 1920x1080
        \(top)
        pages:
          - name: test
            background: "#000000"
        \(page)
            items:
        \(items)
        """
    }

    @Test func textRunningIntoAPanelIsAnErrorAtItsLine() throws {
        let yaml = layout(
            """
                  - {type: panel, x: 600, y: 100, width: 400, height: 200, fill: "#C7243A"}
                  - {type: text, x: 100, y: 150, width: 900, height: 100, size: 80, color: "#FFFFFF", overflow: visible, text: "Odawara Station East Exit"}
            """)
        let found = try findings(yaml)
        let overlap = try #require(found.first { $0.kind == .overlap })
        #expect(overlap.severity == .error)
        #expect(overlap.line == 10)
        #expect(overlap.message.contains("runs into a panel"))
    }

    @Test func textOnItsOwnBackgroundIsNotAnOverlap() throws {
        let yaml = layout(
            """
                  - {type: panel, x: 60, y: 100, width: 1000, height: 200, fill: "#14305F"}
                  - {type: text, x: 100, y: 150, width: 900, height: 100, size: 60, color: "#FFFFFF", text: "Odawara Castle"}
            """)
        #expect(try findings(yaml).isEmpty)
    }

    @Test func twoLineHeadlineIntoTheLineBelowIsAnError() throws {
        let yaml = layout(
            """
                  - {type: text, x: 100, y: 100, width: 700, height: 100, size: 80, color: "#FFFFFF", overflow: visible, text: "Evacuate to high ground now"}
                  - {type: text, x: 100, y: 200, width: 1700, height: 100, size: 60, color: "#FFFFFF", text: "ただちに高台へ避難してください"}
            """)
        let found = try findings(yaml)
        let overlap = try #require(found.first { $0.kind == .overlap })
        #expect(overlap.severity == .error)
        // Reported at the headline, which left its box.
        #expect(overlap.line == 9)
        #expect(found.contains { $0.kind == .clipping && $0.line == 9 && $0.message.contains("spills out of its box") })
    }

    @Test func textNearlyTouchingARuleIsAWarning() throws {
        // Rules every 3 px below the text: those on its ink are errors, those within a tenth of an em warnings.
        let rules = stride(from: 150, through: 200, by: 3).map { y in
            "      - {type: line, from: [100, \(y)], to: [1800, \(y)], stroke: {color: \"#FFFFFF\", width: 1}}"
        }
        let yaml = layout(
            """
                  - {type: text, x: 100, y: 100, width: 1700, height: 70, size: 60, color: "#FFFFFF", text: "JAPAN"}
            """ + "\n" + rules.joined(separator: "\n"))
        let found = try findings(yaml).filter { $0.kind == .overlap }
        #expect(found.contains { $0.severity == .error && $0.line == 9 && $0.message.contains("runs into a rule") })
        #expect(
            found.contains { $0.severity == .warning && $0.line == 9 && $0.message.contains("nearly touches a rule") })
        #expect(found.allSatisfy { $0.line == 9 })
    }

    @Test func lowContrastIsMeasuredFromThePixels() throws {
        // White on this green is 3.4:1; declared colours are not consulted, the pixels are.
        let bad = layout(
            """
                  - {type: panel, x: 60, y: 100, width: 1000, height: 200, fill: "#1E9E6A"}
                  - {type: text, x: 100, y: 150, width: 900, height: 100, size: 20, color: "#FFFFFF", text: "Not crowded"}
            """)
        let found = try findings(bad)
        let contrast = try #require(found.first { $0.kind == .contrast })
        #expect(contrast.line == 10)
        #expect(contrast.severity == .error)
        let good = bad.replacingOccurrences(of: "#1E9E6A", with: "#0F6B45")
        #expect(try findings(good).filter { $0.kind == .contrast }.isEmpty)
    }

    @Test func largeTextNeedsOnlyThreeToOne() throws {
        // 3.4:1 passes for 80 px text with no reading distance given (WCAG large text).
        let yaml = layout(
            """
                  - {type: panel, x: 60, y: 100, width: 1000, height: 200, fill: "#1E9E6A"}
                  - {type: text, x: 100, y: 120, width: 900, height: 140, size: 80, color: "#FFFFFF", text: "Not crowded"}
            """)
        #expect(try findings(yaml).filter { $0.kind == .contrast }.isEmpty)
    }

    @Test func ellipsisIsAWarningAndAnErrorOnAnEmergencyPage() throws {
        let items = """
                  - {type: text, x: 100, y: 100, width: 300, height: 80, size: 60, color: "#FFFFFF", max-lines: 1, text: "Evacuate to high ground now"}
            """
        let ordinary = try #require(try findings(layout(items)).first { $0.kind == .clipping })
        #expect(ordinary.severity == .warning)
        #expect(ordinary.line == 9)
        let emergency = try #require(
            try findings(layout(items, page: "    emergency: tsunami")).first { $0.kind == .clipping })
        #expect(emergency.severity == .error)
        #expect(emergency.line == 9)
    }

    @Test func legibilityFollowsTheGuideline() throws {
        // 55-inch 1080p: 0.634 mm a pixel. 40 px kanji are 22 mm: enough at 4 m (20 mm), not at 10 m (40 mm).
        let yaml = layout(
            """
                  - {type: text, x: 100, y: 100, width: 1700, height: 100, size: 40, color: "#FFFFFF", text: "小田原城"}
                  - {type: text, x: 100, y: 300, width: 1700, height: 100, size: 40, color: "#FFFFFF", viewing-distance: 3m, text: "更新 14:05"}
            """, top: "viewing: {distance: 10m, panel: 55in}")
        let found = try findings(yaml)
        let small = found.filter { $0.kind == .legibility }
        #expect(small.count == 1)
        #expect(small.first?.line == 9)
        #expect(small.first?.severity == .error)
        #expect(try findings(yaml, viewing: .init(distance: 4)).filter { $0.kind == .legibility }.isEmpty)
    }

    @Test func guidelineHeights() {
        #expect(Legibility.kanjiHeight(at: 1.5) == 9)
        #expect(Legibility.kanjiHeight(at: 10) == 40)
        #expect(Legibility.kanjiHeight(at: 30) == 120)
        #expect(Legibility.kanjiHeight(at: 40) == 160)
        #expect(Legibility.capitalHeight(at: 20) == 60)
    }

    @Test func rowsShrunkToDifferentSizesAreAWarning() throws {
        let yaml = layout(
            """
                  - type: repeat
                    each: spots
                    as: spot
                    max: 3
                    x: 100
                    y: 100
                    width: 600
                    height: 600
                    items:
                      - {type: text, size: 60, color: "#FFFFFF", overflow: shrink, min-size: 20, max-lines: 1, text: "{{spot.name}}"}
            """, top: "preview: {data: \(Self.sample)}")
        let rows = try #require(try findings(yaml).first { $0.kind == .consistency })
        #expect(rows.line == 18)
        #expect(rows.severity == .warning)
    }

    static var sample: String {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("kosatsu-check-sample.json")
        let json = """
            {"spots": [{"id": "a", "name": {"ja": "小田原城", "en": "Odawara Castle"}},
                       {"id": "b", "name": {"ja": "小田原城址公園こども遊園地前広場", "en": "Odawara Station East Exit Plaza"}}]}
            """
        try? Data(json.utf8).write(to: url)
        return url.lastPathComponent
    }

    @Test func otherDataThanThePreviewIsCheckedWhenGiven() throws {
        // Fits with the preview (no weather); a long condition word from other data does not.
        let yaml = layout(
            """
                  - {type: text, x: 100, y: 100, width: 300, height: 80, size: 60, color: "#FFFFFF", max-lines: 1, text: "{{weather.condition}}"}
            """)
        #expect(try findings(yaml).isEmpty)
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("test.yaml").path
        let loaded = try LayoutLoader.parse(yaml, file: file)
        let stormy = Snapshot(
            weather: Weather(condition: LocalizedText(ja: "雷を伴う激しい雨", en: "Heavy rain with thunder")))
        let found = try SignChecker(fontDirectory: Self.fonts).check(loaded, data: stormy)
        let cut = try #require(found.first { $0.kind == .clipping })
        #expect(cut.line == 9)
        #expect(cut.message.contains("ellipsis"))
    }

    @Test func colourAloneIsAWarning() throws {
        let yaml = layout(
            """
                  - {type: panel, x: 60, y: 100, width: 100, height: 100, fill: "#C7243A", when: stale}
                  - {type: text, x: 200, y: 100, width: 900, height: 100, size: 60, color: "#FFFFFF", text: "Odawara"}
            """)
        let alone = try #require(try findings(yaml).first { $0.kind == .colourAlone })
        #expect(alone.line == 9)
        #expect(alone.severity == .warning)
        let told = yaml.replacingOccurrences(
            of: "text: \"Odawara\"}", with: "text: \"Data delayed\", when: stale}")
        #expect(try findings(told).filter { $0.kind == .colourAlone }.isEmpty)
    }
}
