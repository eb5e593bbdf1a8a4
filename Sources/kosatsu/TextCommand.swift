public import ArgumentParser
import KosatsuLineBreak
import KosatsuPhrase
import KosatsuScene
import KosatsuText

extension LineBreakStrictness: ExpressibleByArgument {}
extension ParagraphStyle.Wrap: ExpressibleByArgument {}
extension ParagraphStyle.Alignment: ExpressibleByArgument {}
extension FontRequest.Weight: ExpressibleByArgument {}

/// `kosatsu text …`: the text engine's rules, for designers and for checking.
struct TextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Inspect the Japanese text engine.",
        subcommands: [Breaks.self, Lines.self])

    /// `kosatsu text breaks`: where lines may break, per UAX #14, a JLReq strictness, or between phrases.
    struct Breaks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "breaks",
            abstract: "Print, for each line on stdin, the scalar offsets before which a line break is allowed.",
            discussion: """
                Offsets count Unicode scalars from 0 and end with the line's length (the break at the end \
                of text). Example: printf '漢字ー\\n' | kosatsu text breaks --strictness normal  →  1 2 3
                """)

        @Option(help: "uax14 (untailored), strict (signs' default), normal, loose, or phrase (strict, between 文節).")
        var strictness: LineBreakStrictness = .strict

        @Option(help: "The text's language, for phrase: ja, zh-Hans or zh-Hant (others have no phrase model).")
        var language = "ja"

        @Flag(help: "Read each line as hex code points separated by spaces (e.g. 0061 000A 0062).")
        var hex = false

        func run() throws {
            let breaker = LineBreaker(phrases: PhraseModel.bundled(for: language))
            var number = 0
            while let line = readLine(strippingNewline: true) {
                number += 1
                do {
                    print(
                        try BreaksCommandLine.process(line: line, strictness: strictness, hex: hex, breaker: breaker))
                } catch {
                    FileHandleOutput.standardError.write("line \(number): \(error)\n")
                    throw ExitCode.failure
                }
            }
        }
    }

    /// `kosatsu text lines`: how each paragraph on stdin breaks into lines at a size and measure.
    struct Lines: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lines",
            abstract: "Print how each line on stdin (one paragraph) breaks into lines at a size and measure.",
            discussion: """
                Each paragraph's lines are printed one per row, followed by a blank row; the text is set by \
                the sign's own engine (fonts, JLReq spacing, justification). Example: \
                echo 余震に注意してください。海岸や川の近くでは津波の情報に注意してください | \
                kosatsu text lines --size 60 --width 1800 --line-break phrase --wrap balance
                """)

        @Option(help: "Font size in pixels.")
        var size: Double

        @Option(help: "Line length (measure) in pixels.")
        var width: Double

        @Option(help: "Font family (fontconfig name).")
        var font = "BIZ UDPGothic"

        @Option(help: "regular or bold.")
        var weight: FontRequest.Weight = .regular

        @Option(help: "strict (default), normal, loose, uax14, or phrase (strict, between 文節).")
        var lineBreak: LineBreakStrictness = .strict

        @Option(help: "greedy, balance (even lines) or pretty (body text); default pretty when justified, else greedy.")
        var wrap: ParagraphStyle.Wrap?

        @Option(help: "start, center, end or justify.")
        var align: ParagraphStyle.Alignment = .start

        @Option(help: "The text's language: ja, en, zh-Hans, zh-Hant or ko.")
        var language = "ja"

        @Option(help: "Font directory (default: KOSATSU_FONTS, else Kosatsu's Fonts/).")
        var fonts: String?

        @Flag(help: "Follow each line with a tab and its natural width in pixels.")
        var widths = false

        func validate() throws {
            guard size > 0, size <= 2000 else { throw ValidationError("--size must be from 1 to 2000 pixels") }
            guard width > 0, width <= 100_000 else { throw ValidationError("--width must be a positive measure") }
        }

        func run() throws {
            guard let fontDirectory = fonts ?? FontDirectory.locate() else {
                throw CommandFailure("cannot find Kosatsu's Fonts/ directory; pass --fonts DIR or set KOSATSU_FONTS")
            }
            let typesetter = Typesetter(fonts: try FontLibrary(fontDirectory: fontDirectory))
            let style = TextStyle(
                font: FontRequest(family: font, weight: weight), size: size, language: language)
            let paragraph = ParagraphStyle(
                alignment: align, overflow: .visible, lineBreak: lineBreak.rawValue, wrap: wrap)
            while let line = readLine(strippingNewline: true) {
                let item = TextItem(
                    frame: Rect(x: 0, y: 0, width: width, height: size), spans: [TextSpan(text: line, style: style)],
                    paragraph: paragraph)
                for set in try typesetter.lines(of: item) {
                    print(widths ? "\(set.text)\t\(Int(set.width.rounded()))" : set.text)
                }
                print()
            }
        }
    }
}
