public import ArgumentParser
import KosatsuLineBreak

extension LineBreakStrictness: ExpressibleByArgument {}

/// `kosatsu text …`: the text engine's rules, for designers and for checking.
struct TextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Inspect the Japanese text engine.",
        subcommands: [Breaks.self])

    /// `kosatsu text breaks`: where lines may break, per UAX #14 or a JLReq strictness.
    struct Breaks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print, for each line on stdin, the scalar offsets before which a line break is allowed.",
            discussion: """
                Offsets count Unicode scalars from 0 and end with the line's length (the break at the end \
                of text). Example: printf '漢字ー\\n' | kosatsu text breaks --strictness normal  →  1 2 3
                """)

        @Option(help: "uax14 (untailored), strict (signs' default), normal or loose.")
        var strictness: LineBreakStrictness = .strict

        @Flag(help: "Read each line as hex code points separated by spaces (e.g. 0061 000A 0062).")
        var hex = false

        func run() throws {
            var number = 0
            while let line = readLine(strippingNewline: true) {
                number += 1
                do {
                    print(try BreaksCommandLine.process(line: line, strictness: strictness, hex: hex))
                } catch {
                    FileHandleOutput.standardError.write("line \(number): \(error)\n")
                    throw ExitCode.failure
                }
            }
        }
    }
}
