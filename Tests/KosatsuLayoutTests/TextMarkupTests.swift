import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuScene
import Testing

/// Ruby and inline-style markup in layout text: spans for the engine, errors at file:line:col.
@Suite struct TextMarkupTests {
    static let header = """
        kosatsu: 1
        colors: {high: "#C7243A"}
        styles:
          level: {weight: bold, size: 80}
        pages:
          - items:
        """

    func spans(_ text: String, extra: String = "") throws -> [TextSpan] {
        let yaml = Self.header + "\n      - type: text\n        size: 40\n\(extra)        text: '\(text)'\n"
        let layout = try LayoutLoader.parse(yaml, file: "markup.yaml")
        let scene = layout.scene(
            page: 0, snapshot: .empty, at: Date(timeIntervalSince1970: 0), language: .ja,
            output: Size(width: 1920, height: 1080))
        guard case .text(let item)? = scene.items.first else {
            Issue.record("no text item")
            return []
        }
        return item.spans
    }

    func diagnostics(_ text: String) -> [LayoutDiagnostic] {
        do {
            _ = try LayoutLoader.parse(
                Self.header + "\n      - type: text\n        text: '\(text)'\n", file: "bad.yaml")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func groupAndMonoRuby() throws {
        let found = try spans("{小田原|おだわら}城と{東京|とう|きょう}")
        #expect(found.map(\.text) == ["小田原", "城と", "東京"])
        #expect(found[0].ruby == ["おだわら"])
        #expect(found[1].ruby.isEmpty)
        #expect(found[2].ruby == ["とう", "きょう"])
    }

    @Test func inlineStylesNestAndClose() throws {
        let found = try spans("混雑度：[style=level][color=high]非常に混雑[/color][/style] [b]約[size=150%]40[/]分[/b]")
        #expect(found.map(\.text) == ["混雑度：", "非常に混雑", " ", "約", "40", "分"])
        #expect(found[0].style.font.weight == .regular)
        #expect(found[1].style.font.weight == .bold)
        #expect(found[1].style.size == 80)
        #expect(found[1].style.color == Color(hex: "#C7243A"))
        #expect(found[3].style.font.weight == .bold)
        #expect(found[4].style.size == 60)
        #expect(found[5].style.size == 40)
    }

    @Test func escapesAreLiteral() throws {
        #expect(try spans("\\[臨時\\] \\{A\\}").map(\.text) == ["[臨時] {A}"])
    }

    @Test func dataValuesNeverBecomeMarkup() throws {
        // A spot named with brackets on the data platform is shown as written.
        let layout = try LayoutLoader.parse(
            Self.header + "\n      - {type: text, text: \"{{#spots}}{{name}}{{/spots}} [b]混雑[/b]\"}\n",
            file: "data.yaml")
        let json = #"{"spots": [{"id": "s1", "name": {"ja": "[臨時]{駅|えき}"}, "peopleCount": 1}]}"#
        let snapshot = try SnapshotFile.decode(Data(json.utf8), file: "data.json")
        let scene = layout.scene(
            page: 0, snapshot: snapshot, at: Date(timeIntervalSince1970: 0), language: .ja,
            output: Size(width: 1920, height: 1080))
        let item = try #require(scene.items.first?.text, "no text item")
        #expect(item.spans.map(\.text) == ["[臨時]{駅|えき} ", "混雑"])
        #expect(item.spans.allSatisfy { $0.ruby.isEmpty })
        #expect(item.spans.last?.style.font.weight == .bold)
    }

    @Test func badMarkupIsReportedAtItsLineAndColumn() throws {
        let found = diagnostics("駅まで[x]徒歩")
        let first = try #require(found.first)
        #expect(first.line == 8)
        // The text starts after `        text: '` (column 16); [x] is 3 characters in.
        #expect(first.column == 16 + 3)
        #expect(first.message.contains("unknown tag [x]"))
        #expect(first.description.hasPrefix("bad.yaml:8:19: "))
    }

    @Test func unclosedRubyAndTagsAndUnknownNamesAreErrors() throws {
        #expect(diagnostics("{小田原|おだわら")[0].message.contains("never closed"))
        #expect(diagnostics("{小田原}")[0].message.contains("{base|reading}"))
        #expect(diagnostics("{東京|と|う|きょう}")[0].message.contains("one reading per base character"))
        #expect(diagnostics("[b]混雑")[0].message.contains("[b] is never closed"))
        #expect(diagnostics("[color=pink]混雑[/color]")[0].message.contains("unknown colour 'pink'"))
        #expect(diagnostics("[style=nope]混雑[/style]")[0].message.contains("unknown style 'nope'"))
        #expect(diagnostics("[b]混雑[/color]")[0].message.contains("expected [/b]"))
    }
}
