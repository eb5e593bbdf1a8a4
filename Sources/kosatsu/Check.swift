import ArgumentParser
import Foundation
import KosatsuCheck
import KosatsuData
import KosatsuLayout
import KosatsuText

/// `kosatsu check LAYOUT...`: the sign linter, on the rendered pages.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check layouts as rendered: overlap, clipping, contrast, legibility at a distance, colour alone.",
        discussion: """
            Renders every page in every language, orientation and theme with the layout's preview data and with \
            the longest data it can hold, and prints file:line:column: error|warning: message at the box. \
            Exits 1 when there is an error.
            """)

    @Argument(help: "Layout files (YAML).")
    var layouts: [String]

    @Option(help: "Reading distance, like 10m (default: the layout's viewing: distance).")
    var distance: String?

    @Option(help: "Panel diagonal, like 55in (default: the layout's viewing: panel).")
    var panel: String?

    @Option(help: "Snapshot JSON to check with instead of the layout's preview data (its stress variant too).")
    var data: String?

    @Option(help: "The time to show, ISO 8601 (default: the layout's preview time).")
    var at: String?

    @Flag(help: "Print the findings as JSON.")
    var json = false

    @Option(help: "Font directory (default: KOSATSU_FONTS, else Kosatsu's Fonts/).")
    var fonts: String?

    func run() throws {
        var viewing = SignChecker.Viewing()
        if let distance {
            guard let value = MeasureText.parse(distance, units: ["m": 1, "cm": 0.01, "mm": 0.001], plain: 1), value > 0
            else { throw CommandFailure("--distance: expected a distance like 10m, found '\(distance)'") }
            viewing.distance = value
        }
        if let panel {
            guard let value = MeasureText.parse(panel, units: ["in": 1, "\"": 1, "cm": 1 / 2.54], plain: 1), value > 0
            else { throw CommandFailure("--panel: expected a diagonal like 55in, found '\(panel)'") }
            viewing.panel = value
        }
        guard let fontDirectory = fonts ?? FontDirectory.locate() else {
            throw CommandFailure("cannot find Kosatsu's Fonts/ directory; pass --fonts DIR or set KOSATSU_FONTS")
        }
        var snapshot: Snapshot?
        if let data {
            do {
                snapshot = try SnapshotFile.load(data)
            } catch {
                throw CommandFailure("\(error)")
            }
        }
        var time: Date?
        if let at {
            guard let parsed = ISO8601.parse(at) else {
                throw CommandFailure(
                    "--at: expected an ISO 8601 date-time like 2026-11-23T14:05:00+09:00, found '\(at)'")
            }
            time = parsed
        }
        let checker = try SignChecker(fontDirectory: fontDirectory)
        var findings: [Finding] = []
        var broken = false
        for path in layouts {
            do {
                let layout = try LayoutLoader.load(path)
                findings += try checker.check(layout, viewing: viewing, data: snapshot, at: time)
            } catch let error as LayoutError {
                broken = true
                for diagnostic in error.diagnostics {
                    findings.append(
                        Finding(
                            file: diagnostic.file, line: diagnostic.line, column: diagnostic.column, severity: .error,
                            kind: .layout, message: diagnostic.message, shown: "loading"))
                }
            } catch {
                throw CommandFailure("\(path): \(error)")
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(findings)
            print(String(decoding: data, as: UTF8.self))
        } else {
            for finding in findings { print(finding.description) }
            let errors = findings.filter { $0.severity == .error }.count
            let warnings = findings.count - errors
            FileHandleOutput.standardError.write(
                "kosatsu check: \(layouts.count) layout\(layouts.count == 1 ? "" : "s"), \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
            )
        }
        if broken || findings.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
    }
}
