import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import Logging
import ServiceLifecycle

/// The city's data platform as a service of the daemon: polls (and takes pushed notifications
/// through `/notify/ngsi`), and hands each good snapshot to the sign, and its `Alert` /
/// `WeatherAlert` entities to the alert board. `enrich` adds what the platform does not carry
/// (the demo's notices and weather).
struct PlatformFeed: Service {
    let source: PlatformSource
    let state: SignState
    let metrics: SignMetrics
    let logger: Logger
    var enrich: @Sendable (Snapshot) -> Snapshot = { $0 }

    init(
        source: PlatformSource, state: SignState, metrics: SignMetrics, logger: Logger,
        enrich: @escaping @Sendable (Snapshot) -> Snapshot = { $0 }
    ) {
        self.source = source
        self.state = state
        self.metrics = metrics
        self.logger = logger
        self.enrich = enrich
        metrics.sourceError(source.config.name, count: 0)
    }

    func run() async throws {
        let updates = await source.updates()
        let (metrics, name) = (metrics, source.config.name)
        let poller = Task { await source.run(onPollError: { _ in metrics.sourceError(name) }) }
        await cancelWhenGracefulShutdown {
            var alerts = PlatformAlerts(config: source.config)
            for await snapshot in updates {
                await state.update(enrich(snapshot))
                await forward(&alerts)
            }
        }
        poller.cancel()
        await source.shutdown()
    }
}

extension PlatformFeed {
    /// The platform's alert entities to the alert board, as the pushed and polled alerts go.
    func forward(_ alerts: inout PlatformAlerts) async {
        guard let entities = await source.alertEntities else { return }
        let now = Date()
        let (messages, problems) = alerts.changes(entities, at: now)
        for problem in problems { logger.warning("platform alert rejected: \(problem)") }
        if !messages.isEmpty { await state.receive(messages, at: now) }
    }
}

extension PlatformAlerts {
    /// Read as the platform config says: its text decoding and its 避難情報 attribute names.
    init(config: PlatformConfig) {
        self.init()
        reading.decodesText = config.decodeText
        if let names = config.alerts?.evacuation {
            reading.evacuation = EvacuationAttributes(
                level: names.level, kind: names.kind, districts: names.districts, hazard: names.hazard,
                status: names.status, areaCode: names.areaCode, issuer: names.issuer)
        }
    }
}

/// The embedded demo's platform: the NGSI simulator inside the daemon, on a loopback port of its own.
enum DemoPlatform {
    /// Starts the simulator and returns a source reading it (v2, normalized, every 15 s).
    static func start(logger: Logger) async throws -> (NGSISimulator, PlatformSource) {
        let simulator = NGSISimulator(options: .init(tick: .seconds(15)), logger: logger)
        _ = try await simulator.start()
        guard let url = simulator.baseURL else { throw DemoError(message: "the demo simulator did not start") }
        var config = PlatformConfig(url: url)
        config.name = "platform"
        config.spots = SpotMapping()
        config.pollInterval = .seconds(15)
        config.timeout = .seconds(10)
        logger.info("demo: NGSI simulator at \(url.absoluteString)")
        return (simulator, try PlatformSource(config: config, logger: logger))
    }

    struct DemoError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
