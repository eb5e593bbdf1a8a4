import ArgumentParser
import Foundation
import KosatsuAlerts
import KosatsuData

/// `kosatsu alert …`: what Kosatsu makes of an alert file.
struct AlertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert",
        abstract: "Inspect disaster alerts (JMA 防災情報XML, CAP 1.2, NGSI Alert).",
        subcommands: [Inspect.self])

    /// `kosatsu alert inspect FILE`: the normalized alerts in one file, and whether they would take over.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Show the normalized alert(s) in a file and whether they would take over a sign.",
            discussion: """
                The format is detected from the content. --area takes a JMA/地方公共団体 code such as 1420600 \
                (小田原市), optionally with its family (tsunami-region:330); repeat it for several. Without \
                --area the alert is judged for every area it names; without --at, at its own issue time.
                """)

        @Argument(help: "A JMA XML, CAP XML or NGSI JSON file.")
        var file: String

        @Option(name: .customLong("area"), help: "The sign's area code (repeatable).")
        var areas: [String] = []

        @Option(help: "Judge at this time, ISO 8601 (default: each alert's issue time).")
        var at: String?

        @Option(
            name: .customLong("takeover-intensity"),
            help:
                "震度 from which an earthquake in the sign's areas takes over (as alerts.takeover-intensity; default 4).")
        var takeoverIntensity: String?

        @Flag(help: "Print a JSON array instead of text (with each alert's details and the reason).")
        var json = false

        func run() throws {
            var time: Date?
            if let at {
                guard let parsed = ISO8601.parse(at) else {
                    throw CommandFailure(
                        "--at: expected an ISO 8601 date-time like 2026-11-23T14:05:00+09:00, found '\(at)'")
                }
                time = parsed
            }
            var policy = TakeoverPolicy.standard
            if let takeoverIntensity {
                guard let intensity = SeismicIntensity(code: takeoverIntensity), intensity > .zero else {
                    throw CommandFailure(
                        "--takeover-intensity: expected a 震度 1…7 (5-, 5+, 6-, 6+ or 5弱 …), found '\(takeoverIntensity)'"
                    )
                }
                policy.minimumIntensity = intensity
            }
            let data: Data
            do {
                data = try InputFile.read(file)
            } catch {
                throw CommandFailure(error.description)
            }
            let reports: [AlertReport]
            do {
                reports = try AlertReport.inspect(
                    data, file: file, areas: areas.map(AreaCode.init(argument:)), at: time, policy: policy)
            } catch {
                throw CommandFailure(error.description)
            }
            if json {
                print(String(decoding: try AlertReport.json(reports), as: UTF8.self))
                return
            }
            for report in reports {
                let areaNames = report.areas.prefix(6).map(\.name).joined(separator: "、")
                let more = report.areas.count > 6 ? " …(+\(report.areas.count - 6))" : ""
                print(
                    """
                    \(report.takeover ? "TAKEOVER" : report.banner ? "banner" : "no takeover")  \(report.source.rawValue) \(report.status.rawValue) \
                    \(report.kind.rawValue)  \(report.event)  [\(report.severity)]
                      \(report.headline)
                      areas: \(areaNames)\(more)
                      reason: \(report.reason)
                      issued \(report.issued)\(report.expires.map { ", expires \($0)" } ?? "")
                    """)
            }
        }
    }
}
