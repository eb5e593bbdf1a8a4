import Foundation
import Hummingbird
import KosatsuAlertFeeds
import KosatsuAlerts
import KosatsuData
import KosatsuPipeline
import KosatsuPlatform
import KosatsuShelters
import KosatsuSimulator
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `kosatsu run`: the services a sign runs for months, started together and stopped gracefully.
public struct Daemon: Sendable {
    public let configuration: SignConfiguration
    public let fontDirectory: String
    /// Where the HTTP server ended up listening (the port is chosen by the OS when 0).
    public typealias ListeningHandler = @Sendable (String, Int) -> Void
    let onListening: ListeningHandler

    public init(
        configuration: SignConfiguration, fontDirectory: String, onListening: @escaping ListeningHandler = { _, _ in }
    ) {
        self.configuration = configuration
        self.fontDirectory = fontDirectory
        self.onListening = onListening
    }

    public func run() async throws {
        var logger = Logger(label: "kosatsu")
        logger.logLevel =
            ProcessInfo.processInfo.environment["KOSATSU_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        for warning in configuration.warnings { logger.warning("\(warning)") }
        try? FileManager.default.createDirectory(
            atPath: configuration.cacheDirectory, withIntermediateDirectories: true)

        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["kosatsu_render_seconds"] = SignMetrics.frameTimeBuckets
        let metrics = SignMetrics(factory: factory)
        let output = OutputSelection.open(configuration.output, logger: logger)
        let outputDescription = "\(output.kind) \(output.pixelSize)"
        let area = SignArea(
            codes: configuration.areas.map(AreaCode.init(argument:)),
            position: configuration.latitude.flatMap { lat in
                configuration.longitude.map { GeoPoint(latitude: lat, longitude: $0) }
            },
            radius: 500)
        let state = SignState(
            board: AlertBoard(area: area, policy: configuration.takeover, now: Date()), logger: logger,
            cache: SnapshotCache(directory: configuration.cacheDirectory),
            shelters: ShelterLists.nearby(configuration, origin: area.position, logger: logger))
        // The render thread: frames from here on never wait for anything else, nor anything for them.
        let pipeline = try FramePipeline(
            output: output, fontDirectory: fontDirectory,
            options: PipelineOptions(framesPerSecond: configuration.output.framesPerSecond), logger: logger,
            onFrame: { metrics.record($0) },
            // Back at another size (a portrait panel): the layout is evaluated afresh for it.
            onOutputChange: { _ in Task { await state.doorbell.ring() } })
        pipeline.start()
        let images = PreviewImages(pipeline: pipeline)
        let screen = ScreenStatus()
        await state.restoreFromCache()
        await state.restoreBoard(now: Date())
        let notifier = SystemdNotifier()
        var loop = SignLoop(
            state: state, pipeline: pipeline, images: images, screen: screen,
            schedule: Schedule(configuration: configuration), configuration: configuration, notifier: notifier,
            logger: logger)
        let onScreen = OnScreen()
        if configuration.mqtt != nil { loop.onScreen = onScreen }
        Watchdog(notifier: notifier, pipeline: pipeline, screen: screen).start()
        var endpoints = HTTPEndpoints(
            state: state, pipeline: pipeline, images: images, screen: screen, configuration: configuration,
            registry: registry, metrics: metrics, logger: logger)
        endpoints.connections = ConnectionTable(limit: HTTPServerLimits.connectionLimit(logger: logger))
        let router = endpoints.router()
        var services: [any Service] = [
            loop, LayoutWatcher(state: state, directory: configuration.layoutDirectory, logger: logger),
        ]
        var simulator: NGSISimulator?
        var platformSource: PlatformSource?
        switch configuration.data {
        case .demo:
            let sample = try SnapshotFile.load(configuration.layoutDirectory + "/samples/odawara.json")
            let (demoSimulator, source) = try await DemoPlatform.start(logger: logger)
            simulator = demoSimulator
            platformSource = source
            services.append(
                PlatformFeed(source: source, state: state, metrics: metrics, logger: logger) {
                    DemoDataSource.enrich($0, with: sample)
                })
            // KOSATSU_DEMO_DRILL_SECONDS moves the scripted drill (tests use a second).
            let drillSeconds = ProcessInfo.processInfo.environment["KOSATSU_DEMO_DRILL_SECONDS"].flatMap(Int.init) ?? 60
            services.append(
                DemoDataSource(state: state, sample: sample, logger: logger, drillAfter: .seconds(drillSeconds)))
        case .file(let path):
            services.append(SnapshotFileSource(state: state, path: path, metrics: metrics, logger: logger))
        case .platform(var platform):
            // The platform keeps its own last good data (with each spot's history) beside the sign's,
            // so a sign that boots with the broker down goes on from it rather than from nothing.
            if platform.cacheDirectory == nil { platform.cacheDirectory = configuration.cacheDirectory + "/platform" }
            let source = try PlatformSource(config: platform, logger: logger)
            platformSource = source
            services.append(PlatformFeed(source: source, state: state, metrics: metrics, logger: logger))
            if let subscription = platform.subscription {
                NGSINotificationEndpoint(sink: source, secret: subscription.secret, logger: logger).register(on: router)
            }
        }
        if !configuration.feeds.feeds.isEmpty {
            let transport = try HTTPFeedTransport(
                caFile: configuration.feeds.caFile, timeout: configuration.feeds.timeout)
            for feed in configuration.feeds.feeds {
                services.append(
                    try AlertFeedService(
                        feed: feed, transport: transport, cacheDirectory: configuration.cacheDirectory,
                        policy: configuration.takeover, state: state, logger: logger))
            }
        }
        if let fleet = configuration.mqtt {
            services.append(
                FleetService(
                    fleet: fleet, sign: configuration, state: state, pipeline: pipeline, images: images, screen: screen,
                    onScreen: onScreen,
                    output: outputDescription, platform: platformSource, logger: logger))
        }
        let (host, port) = Self.split(configuration.httpAddress)
        let onListening = self.onListening
        let responder = router.buildResponder()
        let serverLogger = logger
        let connections = endpoints.connections
        services.append(
            HTTPServer(address: "\(host):\(port)", retryAfter: .seconds(30), logger: logger) {
                Application(
                    responder: responder,
                    server: .http1(
                        configuration: .init(
                            additionalChannelHandlers: [ConnectionGuard(table: connections)],
                            idleTimeout: HTTPServerLimits.requestHeadTimeout)),
                    configuration: .init(address: .hostname(host, port: port), serverName: "kosatsu"),
                    onServerRunning: { channel in onListening(host, channel.localAddress?.port ?? port) },
                    logger: serverLogger)
            })
        services.append(MallocTrimmer())
        logger.info("kosatsu \(configuration.name): output \(outputDescription), http \(host):\(port)")
        logger.info("memory: \(CodeResidency.advice)")
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        await simulator?.stop()
    }

    static func split(_ address: String) -> (String, Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            return (address.isEmpty ? "127.0.0.1" : address, 8080)
        }
        return (String(address[..<colon]), port)
    }
}

/// A snapshot file as the data source, re-read when it changes; a bad file keeps the last good data.
struct SnapshotFileSource: Service {
    let state: SignState
    let path: String
    let metrics: SignMetrics
    let logger: Logger
    /// The source's name in `kosatsu_source_errors_total`.
    static let name = "file"

    init(state: SignState, path: String, metrics: SignMetrics, logger: Logger) {
        self.state = state
        self.path = path
        self.metrics = metrics
        self.logger = logger
        metrics.sourceError(Self.name, count: 0)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastModified: Date?
            while !Task.isCancelled {
                lastModified = await refresh(since: lastModified)
                try? await Task.sleep(for: .seconds(2))
            }
        }
    }

    /// Reads the file if it changed since `lastModified`; returns its modification time now.
    func refresh(since lastModified: Date?) async -> Date? {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        // Unchanged since it was accepted is still good; unchanged since it was rejected is still bad.
        guard modified != lastModified else {
            if await state.sourceReaders[Self.name]?.lastError == nil {
                await state.noteSource(Self.name, error: nil, at: Date())
            }
            return modified
        }
        do {
            let snapshot = try SnapshotFile.load(path)
            logger.info("data from \(path): \(snapshot.spots.count) spots, \(snapshot.alerts.count) alerts")
            await state.update(snapshot)
            await state.noteSource(Self.name, error: nil, at: Date())
        } catch {
            metrics.sourceError(Self.name)
            await state.noteSource(Self.name, error: "\(error)", at: Date())
            logger.error("data rejected, keeping the last good data: \(error)")
        }
        return modified
    }
}
