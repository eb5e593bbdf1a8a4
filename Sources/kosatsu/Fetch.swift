import ArgumentParser
import Foundation
import KosatsuData
import KosatsuPlatform
import Logging

/// `kosatsu fetch`: one pull from the city's data platform, printed as the sign would use it.
struct Fetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Read the data platform once and print the normalized snapshot.",
        discussion: """
            Spots (id, name, peopleCount, capacity, level, observedAt), alerts, notices, weather and the \
            source's status. Exits 1 with the reason when the platform cannot be read. The cache is not touched.
            """)

    @Option(help: "The platform config (YAML), or a sign config with a 'platform:' section.")
    var config: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        var platform: PlatformConfig
        do {
            platform = try PlatformConfig.load(config)
        } catch {
            throw CommandFailure(error.description)
        }
        platform.cacheDirectory = nil
        let logger = Logger(label: "kosatsu.fetch") { StreamLogHandler.standardError(label: $0) }
        let source: PlatformSource
        do {
            source = try PlatformSource(config: platform, logger: logger)
        } catch {
            throw CommandFailure("\(config): \(error.message)")
        }
        let snapshot: Snapshot
        do {
            snapshot = try await source.poll()
            await source.shutdown()
        } catch {
            await source.shutdown()
            throw CommandFailure(
                "kosatsu fetch: cannot read the data platform at \(platform.url.absoluteString): \(error.message)")
        }
        let report = FetchReport(snapshot: snapshot)
        if json {
            FileHandleOutput.standardOutput.write(String(decoding: try report.json(), as: UTF8.self) + "\n")
        } else {
            FileHandleOutput.standardOutput.write(report.text())
        }
    }
}
