import Foundation
import KosatsuDaemon
import KosatsuLayout
import Testing

/// The examples in README.md and docs/*.md are loaded as they are written, so the guides cannot drift
/// from what the sign accepts. A fenced block marked ```` ```yaml layout ```` is a whole layout (read as
/// if it sat in `Layouts/`), one marked ```` ```yaml config ```` a whole sign configuration.
struct DocumentationExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Example: Sendable, CustomTestStringConvertible {
        var file: String
        var line: Int
        var kind: String
        var text: String
        var testDescription: String { "\(file):\(line) (\(kind))" }
    }

    /// Every marked block of the guides, with the line its text starts on.
    static let examples: [Example] = {
        let docs = root.appendingPathComponent("docs")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return (["README.md"] + names).flatMap { name -> [Example] in
            guard let text = try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8) else {
                return []
            }
            var found: [Example] = []
            var open: (kind: String, line: Int, lines: [String])?
            for (index, line) in text.components(separatedBy: "\n").enumerated() {
                if var block = open {
                    if line.hasPrefix("```") {
                        found.append(
                            Example(
                                file: name, line: block.line, kind: block.kind,
                                text: block.lines.joined(separator: "\n") + "\n"))
                        open = nil
                    } else {
                        block.lines.append(line)
                        open = block
                    }
                } else if line.hasPrefix("```yaml ") {
                    let kind = line.dropFirst("```yaml ".count).trimmingCharacters(in: .whitespaces)
                    if ["layout", "config"].contains(kind) { open = (kind, index + 2, []) }
                }
            }
            return found
        }
    }()

    @Test func theGuidesHaveExamplesOfEachKind() {
        #expect(Self.examples.contains { $0.kind == "layout" })
        #expect(Self.examples.contains { $0.kind == "config" })
    }

    @Test(arguments: examples)
    func theExampleLoads(_ example: Example) throws {
        let layouts = Self.root.appendingPathComponent("Layouts").path
        switch example.kind {
        case "layout":
            #expect(throws: Never.self, "\(example.testDescription)") {
                try LayoutLoader.parse(example.text, file: layouts + "/documentation-example.yaml")
            }
        default:
            let file = Self.root.appendingPathComponent("systemd/documentation-example.yaml").path
            let configuration = try ConfigurationLoader.parse("layouts: \(layouts)\n" + example.text, file: file)
            #expect(!configuration.playlist.isEmpty, "\(example.testDescription)")
        }
    }
}
