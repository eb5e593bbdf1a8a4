import ArgumentParser
import Foundation
import KosatsuDaemon
import KosatsuLayout
import Logging
import ServiceLifecycle
import UnixSignals

/// `kosatsu relay`: the fleet's one poller of JMA and CAP, publishing each new telegram over MQTT.
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Poll the JMA / CAP feeds once for a fleet and publish each new telegram to an MQTT topic.",
        discussion: """
            The configuration has `mqtt:` (as a sign's), `feeds:` (as a sign's), `cache:` (the feeds' memory) \
            and `relay: {name, topic, expiry}`. Signs subscribe to the topic (default kosatsu/alerts). \
            See docs/fleet.md.
            """)

    @Option(help: "The relay's configuration (YAML).")
    var config: String

    func run() async throws {
        let relayConfiguration: AlertRelay.Configuration
        do {
            relayConfiguration = try RelayConfigurationLoader.load(config)
        } catch {
            throw CommandFailure(error.description)
        }
        var logger = Logger(label: "kosatsu.relay")
        logger.logLevel =
            ProcessInfo.processInfo.environment["KOSATSU_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let relay = AlertRelay(configuration: relayConfiguration, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [relay], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
