import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuScene
import Testing

/// `line-break: phrase` and `wrap:` on text boxes and styles.
@Suite struct PhraseWrapKeyTests {
    func paragraphs(_ yaml: String) throws -> [ParagraphStyle] {
        let scene = try LayoutLoader.parse(yaml, file: "test.yaml").scene(
            page: 0, snapshot: .empty, at: Date(timeIntervalSince1970: 0), language: .ja,
            output: Size(width: 1920, height: 1080))
        return scene.items.compactMap { item in
            if case .text(let text) = item { return text.paragraph }
            return nil
        }
    }

    @Test func stylesAndBoxesSetPhraseAndWrap() throws {
        let found = try paragraphs(
            """
            kosatsu: 1
            styles:
              headline: {size: 120, line-break: phrase, wrap: balance}
            pages:
              - items:
                  - {type: text, style: headline, text: 余震に注意してください}
                  - {type: text, style: headline, wrap: pretty, text: 本文}
                  - {type: text, align: justify, text: 本文}
                  - {type: text, text: 本文}
            """)
        #expect(found.map(\.lineBreak) == ["phrase", "phrase", "strict", "strict"])
        #expect(found.map(\.wrap) == [.balance, .pretty, nil, nil], "nil: pretty when justified, else greedy")
    }

    @Test func badValuesNameTheirPositionAndTheChoices() throws {
        let yaml = """
            kosatsu: 1
            pages:
              - items:
                  - type: text
                    text: hello
                    wrap: even
                    line-break: phrases
            """
        #expect {
            try LayoutLoader.parse(yaml, file: "bad.yaml")
        } throws: { error in
            guard let error = error as? LayoutError else { return false }
            let messages = error.diagnostics.map(\.description)
            return messages.contains {
                $0.hasPrefix("bad.yaml:6:") && $0.contains("'wrap' must be one of greedy, balance, pretty")
            }
                && messages.contains {
                    $0.hasPrefix("bad.yaml:7:") && $0.contains("found 'phrases'")
                        && $0.contains("did you mean 'phrase'?")
                }
        }
    }
}
