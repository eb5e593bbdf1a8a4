internal import Mustache

/// A text with `{{…}}` bindings to the data, compiled once when the layout is read.
struct Template: Sendable {
    let source: String
    private let compiled: MustacheTemplate?

    /// Compiles `source`; a syntax error is reported as a message (the caller knows the position).
    init(_ source: String) throws(TemplateSyntaxError) {
        self.source = source
        guard source.contains("{{") else {
            compiled = nil
            return
        }
        do {
            compiled = try MustacheTemplate(string: Self.pragma + source)
        } catch let error as MustacheTemplate.ParserError {
            let context = error.context
            let column = context.lineNumber == 1 ? context.columnNumber - Self.pragma.count : context.columnNumber
            let place = "line \(context.lineNumber) column \(max(column, 1)) of the text"
            throw TemplateSyntaxError(message: "template error: \(Self.describe(error.error)) (\(place))")
        } catch {
            throw TemplateSyntaxError(message: "template error: \(error)")
        }
    }

    /// Signs are not HTML: data values are escaped only so that they never read as text markup.
    private static let pragma: String = {
        MustacheContentTypes.register(MarkupEscaping(), named: "KOSATSU")
        return "{{% CONTENT_TYPE: KOSATSU}}"
    }()

    func render(_ context: DataContext) -> String {
        guard let compiled else { return source }
        return compiled.render(context.root)
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "a section is closed with the wrong name"
        case .unfinishedName?: "a {{name}} is not closed with }}"
        case .expectedSectionEnd?: "a {{#section}} is never closed with {{/section}}"
        default: "\(error)"
        }
    }
}

/// Escapes `{ } [ ] | \\` in data values, so a spot named "[臨時]" shows as written.
private struct MarkupEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { TextMarkup.escape(text) }
}

struct TemplateSyntaxError: Error {
    let message: String
}
