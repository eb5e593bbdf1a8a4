import KosatsuLayout
import Testing

/// Bad layouts fail with the file, line and column of the problem and what was expected.
@Suite struct LayoutErrorTests {
    func diagnostics(_ yaml: String) -> [LayoutDiagnostic] {
        do {
            _ = try LayoutLoader.parse(yaml, file: "bad.yaml")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func yamlSyntaxErrorNamesLineAndColumn() throws {
        let found = diagnostics(
            """
            kosatsu: 1
            pages:
              - items: [
                  {type: panel
            """)
        let first = try #require(found.first)
        #expect(first.file == "bad.yaml")
        #expect(first.line >= 4)
        #expect(first.column > 0)
        #expect(first.message.contains("YAML syntax"))
        #expect(first.description.hasPrefix("bad.yaml:\(first.line):\(first.column): "))
    }

    @Test func wrongTypeNamesItsPositionAndTheExpectedType() throws {
        let found = diagnostics(
            """
            kosatsu: 1
            pages:
              - items:
                  - type: text
                    text: hello
                    size: big
            """)
        let only = try #require(found.first)
        #expect(found.count == 1)
        #expect(only.line == 6)
        #expect(only.column == 15)
        #expect(only.message == "'size' must be a number, found 'big'")
    }

    @Test func unknownKeySuggestsTheClosestKnownOne() throws {
        let found = diagnostics(
            """
            kosatsu: 1
            pages:
              - items:
                  - type: text
                    text: hello
                    colour: "#FFFFFF"
            """)
        let only = try #require(found.first)
        #expect(only.line == 6)
        #expect(only.column == 9)
        #expect(only.message.contains("unknown key 'colour'"))
        #expect(only.message.contains("did you mean 'color'?"))
    }

    @Test func unknownBoxTypeSuggestsAKnownType() throws {
        let found = diagnostics("kosatsu: 1\npages:\n  - items:\n      - type: pannel\n")
        let only = try #require(found.first)
        #expect(only.line == 4)
        #expect(only.message.contains("unknown box type 'pannel'"))
        #expect(only.message.contains("did you mean 'panel'?"))
    }

    @Test func unknownTopLevelKeyIsAnError() throws {
        let found = diagnostics("kosatsu: 1\npagez: []\n")
        #expect(found.contains { $0.line == 2 && $0.message.contains("did you mean 'pages'?") })
        #expect(found.contains { $0.message.contains("needs a 'pages'") })
    }

    @Test func unquotedColourGetsAHintAboutYamlComments() throws {
        let found = diagnostics("kosatsu: 1\npages:\n  - items:\n      - type: panel\n        fill: #FFFFFF\n")
        #expect(found.contains { $0.message.contains("quote colours") })
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let found = diagnostics(
            """
            kosatsu: 1
            canvas: wide
            pages:
              - duration: forever
                items:
                  - {type: text, text: a, weight: heavy}
            """)
        #expect(found.map(\.line) == [2, 4, 6])
        #expect(found[2].message.contains("must be one of regular, bold"))
    }

    @Test func templateSyntaxErrorIsReportedAtTheText() throws {
        let found = diagnostics("kosatsu: 1\npages:\n  - items:\n      - {type: text, text: \"{{#spots}} x\"}\n")
        let only = try #require(found.first)
        #expect(only.line == 4)
        #expect(only.message.contains("template error"))
    }

    @Test func wrongFormatVersionIsRefused() {
        let found = diagnostics("kosatsu: 2\npages:\n  - items: []\n")
        #expect(found.contains { $0.message.contains("format 2") })
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: LayoutError.self) { try LayoutLoader.load("/nonexistent/layout.yaml") }
        do {
            _ = try LayoutLoader.load("/nonexistent/layout.yaml")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/layout.yaml: cannot read the file"))
        }
    }

    @Test func emptyFileIsAClearError() throws {
        let found = diagnostics("")
        #expect(found.first?.message.contains("empty") == true)
    }
}
