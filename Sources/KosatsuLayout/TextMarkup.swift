internal import Foundation
internal import KosatsuScene

/// The small markup a designer writes inside layout text: ruby and inline styles.
///
/// - `{小田原|おだわら}`: group ruby over the whole base; `{東京|とう|きょう}`: mono ruby, one
///   reading per base character. The base never breaks across lines.
/// - `[b]…[/b]` bold, `[color=veryHigh]…[/color]` (a palette name or `#RRGGBB`),
///   `[size=72]…[/size]` (pixels, or `150%` of the surrounding size), `[style=level]…[/style]`
///   (font, weight, size and colour of a named style). `[/]` closes the innermost tag.
/// - `\{`, `\[`, `\\` are the characters themselves. `{{…}}` is a data binding, filled first;
///   values from the data are escaped, so they never turn into markup.
struct TextMarkup: Sendable, Hashable {
    /// A run of text with the style changes in force over it.
    struct Piece: Sendable, Hashable {
        var text: String
        var bold = false
        /// A palette name or `#RRGGBB`.
        var color: String?
        var size: SizeChange?
        var style: String?
        var ruby: [String] = []
    }

    enum SizeChange: Sendable, Hashable {
        case pixels(Double)
        case percent(Double)
    }

    struct Failure: Error {
        /// Offset in scalars where the problem starts.
        var offset: Int
        var message: String
    }

    var pieces: [Piece]

    /// Parses `text`; `colors` and `styles` name what tags may refer to. `{{…}}` is skipped as is.
    init(_ text: String, colors: Set<String>, styles: Set<String>) throws(Failure) {
        var parser = Parser(scalars: Array(text.unicodeScalars), colors: colors, styles: styles)
        pieces = try parser.parse()
    }

    /// Plain text: the pieces' text without markup.
    var plainText: String { pieces.map(\.text).joined() }

    /// Whether `text` has anything the parser would read as markup.
    static func mayContainMarkup(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "{" || $0 == "[" || $0 == "\\" }
    }

    /// Escapes markup characters in data values.
    static func escape(_ text: String) -> String {
        guard mayContainMarkup(text) || text.contains("|") || text.contains("]") || text.contains("}") else {
            return text
        }
        var result = ""
        for character in text {
            if "\\[]{}|".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    private struct Tag {
        var name: String
        var offset: Int
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        let colors: Set<String>
        let styles: Set<String>
        var index = 0
        var pieces: [Piece] = []
        var current = ""
        var stack: [(tag: Tag, state: Piece)] = []
        var state = Piece(text: "")

        init(scalars: [Unicode.Scalar], colors: Set<String>, styles: Set<String>) {
            self.scalars = scalars
            self.colors = colors
            self.styles = styles
        }

        mutating func parse() throws(Failure) -> [Piece] {
            while index < scalars.count {
                let scalar = scalars[index]
                switch scalar {
                case "\\":
                    guard index + 1 < scalars.count else {
                        throw Failure(offset: index, message: "a \\ at the end of the text escapes nothing")
                    }
                    current.unicodeScalars.append(scalars[index + 1])
                    index += 2
                case "{" where peek(1) == "{":
                    // A data binding left in the source: kept for the template.
                    let start = index
                    while index < scalars.count, !(scalars[index] == "}" && peek(1) == "}") { index += 1 }
                    guard index < scalars.count else {
                        throw Failure(offset: start, message: "a {{ binding is never closed with }}")
                    }
                    index += 2
                    while index < scalars.count, scalars[index] == "}" { index += 1 }
                    current.unicodeScalars.append(contentsOf: scalars[start..<index])
                case "{":
                    try ruby()
                case "[":
                    try tag()
                default:
                    current.unicodeScalars.append(scalar)
                    index += 1
                }
            }
            if let open = stack.last {
                throw Failure(
                    offset: open.tag.offset, message: "[\(open.tag.name)] is never closed (add [/\(open.tag.name)])")
            }
            flush()
            return pieces
        }

        func peek(_ ahead: Int) -> Unicode.Scalar? {
            index + ahead < scalars.count ? scalars[index + ahead] : nil
        }

        mutating func flush() {
            guard !current.isEmpty else { return }
            var piece = state
            piece.text = current
            pieces.append(piece)
            current = ""
        }

        /// `{base|reading}` or `{base|r1|r2…}`.
        mutating func ruby() throws(Failure) {
            let start = index
            index += 1
            var parts: [String] = [""]
            while index < scalars.count, scalars[index] != "}" {
                let scalar = scalars[index]
                if scalar == "\\", index + 1 < scalars.count {
                    parts[parts.count - 1].unicodeScalars.append(scalars[index + 1])
                    index += 2
                    continue
                }
                if scalar == "{" || scalar == "[" || scalar == "\n" {
                    throw Failure(offset: index, message: "ruby {base|reading} must be closed with } on the same line")
                }
                if scalar == "|" { parts.append("") } else { parts[parts.count - 1].unicodeScalars.append(scalar) }
                index += 1
            }
            guard index < scalars.count else {
                throw Failure(offset: start, message: "ruby {base|reading} is never closed with }")
            }
            index += 1
            let base = parts[0]
            let readings = Array(parts.dropFirst())
            guard !base.isEmpty, !readings.isEmpty, readings.allSatisfy({ !$0.isEmpty }) else {
                throw Failure(
                    offset: start, message: "ruby must be {base|reading}, with a base and a reading after each |")
            }
            if readings.count > 1, readings.count != base.unicodeScalars.count {
                throw Failure(
                    offset: start,
                    message:
                        "mono ruby needs one reading per base character: '\(base)' has \(base.unicodeScalars.count), found \(readings.count) readings"
                )
            }
            flush()
            var piece = state
            piece.text = base
            piece.ruby = readings
            pieces.append(piece)
        }

        /// `[name]`, `[name=value]`, `[/name]` or `[/]`.
        mutating func tag() throws(Failure) {
            let start = index
            index += 1
            var body = ""
            while index < scalars.count, scalars[index] != "]" {
                if scalars[index] == "[" || scalars[index] == "\n" {
                    throw Failure(offset: start, message: "a [tag] is not closed with ]")
                }
                body.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard index < scalars.count else { throw Failure(offset: start, message: "a [tag] is not closed with ]") }
            index += 1
            flush()
            if body.hasPrefix("/") {
                let name = String(body.dropFirst())
                guard let open = stack.popLast() else {
                    throw Failure(offset: start, message: "[\(body)] closes nothing: no tag is open")
                }
                if !name.isEmpty, name != open.tag.name {
                    throw Failure(
                        offset: start, message: "[\(body)] closes [\(open.tag.name)]; expected [/\(open.tag.name)]")
                }
                state = open.state
                return
            }
            let pair = body.split(separator: "=", maxSplits: 1).map(String.init)
            let name = pair.first ?? ""
            let value = pair.count > 1 ? pair[1].trimmingCharacters(in: .whitespaces) : nil
            var next = state
            switch (name, value) {
            case ("b", nil): next.bold = true
            case ("color", let value?):
                guard colors.contains(value) || Color(hex: value) != nil else {
                    throw Failure(
                        offset: start,
                        message: "unknown colour '\(value)'; expected a name from 'colors' or \"#RRGGBB\"")
                }
                next.color = value
            case ("size", let value?):
                if value.hasSuffix("%"), let percent = Double(value.dropLast()), percent > 0 {
                    next.size = .percent(percent)
                } else if let pixels = Double(value), pixels > 0, pixels <= 2000 {
                    next.size = .pixels(pixels)
                } else {
                    throw Failure(
                        offset: start, message: "[size=…] must be pixels (72) or a percentage (150%), found '\(value)'")
                }
            case ("style", let value?):
                guard styles.contains(value) else {
                    throw Failure(
                        offset: start,
                        message: "unknown style '\(value)' in [style=…]; styles are defined under 'styles'")
                }
                next.style = value
            default:
                throw Failure(
                    offset: start,
                    message:
                        "unknown tag [\(body)]; expected [b], [color=…], [size=…], [style=…] or a closing [/…] (write \\[ for a bracket)"
                )
            }
            stack.append((Tag(name: name, offset: start), state))
            state = next
        }
    }
}
