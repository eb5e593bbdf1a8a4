import AsyncHTTPClient
public import Foundation
import Hummingbird
import HummingbirdTLS
public import KosatsuData
import KosatsuPlatform
public import Logging
import NIOCore
import NIOHTTP1
public import NIOSSL
public import ServiceLifecycle
import Synchronization

/// An NGSI-v2 and NGSI-LD broker that answers as Orion's manual says — paging and count
/// headers, `options=keyValues,count`, `q`, `type`/`idPattern`/`attrs`, tenants and service
/// paths, Orion's error bodies, subscriptions that notify loopback URLs — seeded with Odawara's
/// spots. The test double for the platform client and the demo's data source; it runs in
/// process (`start()`, or as a `Service`) or behind `kosatsu simulate`.
public final class NGSISimulator: Service, Sendable {
    public struct Options: Sendable {
        /// Loopback by default; the simulator is not a broker for a network.
        public var host = "127.0.0.1"
        /// 0 picks a free port (read it from `start()` or `port`).
        public var port = 0
        /// How often the Odawara counts move (nil: only when `advance(to:)` is called).
        public var tick: Duration?
        /// A PEP proxy in front: tokens required on `/v2` and `/ngsi-ld`.
        public var auth: SimulatorAuth?
        /// Serve HTTPS with this server configuration (certificate and key) instead of HTTP.
        public var tls: TLSConfiguration?
        /// Publishes the notifications of MQTT subscriptions (none: they are recorded as failed).
        public var mqtt: (any MQTTNotificationPublisher)?

        public init(
            host: String = "127.0.0.1", port: Int = 0, tick: Duration? = nil, auth: SimulatorAuth? = nil,
            tls: TLSConfiguration? = nil, mqtt: (any MQTTNotificationPublisher)? = nil
        ) {
            self.host = host
            self.port = port
            self.tick = tick
            self.auth = auth
            self.tls = tls
            self.mqtt = mqtt
        }
    }

    let broker: SimulatedBroker
    let options: Options
    let seed: [JSONValue]?
    let logger: Logger
    let now: @Sendable () -> Date
    private let state = Mutex<(port: Int?, task: Task<Void, any Error>?, seeded: Bool)>((nil, nil, false))

    /// - Parameters:
    ///   - entities: the data (NGSI-v2 or LD entities, normalized or keyValues); nil seeds Odawara.
    ///   - now: the broker's clock (token expiry, subscription expiry, Odawara's counts).
    public init(
        entities: [JSONValue]? = nil, options: Options = Options(), logger: Logger = Logger(label: "kosatsu.simulator"),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.seed = entities
        self.options = options
        self.logger = logger
        self.now = now
        self.broker = SimulatedBroker(now: now)
    }

    /// The bound port once running.
    public var port: Int? { state.withLock { $0.port } }

    /// `http://127.0.0.1:<port>` once running.
    public var baseURL: URL? {
        port.flatMap {
            URL(
                string:
                    "\(options.tls == nil ? "http" : "https")://\(options.host.contains(":") ? "[\(options.host)]" : options.host):\($0)"
            )
        }
    }

    /// Reads entities for `--data`: a JSON list of entities, or `{"entities": [...]}`.
    public static func loadEntities(_ path: String) throws -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NGSIError(.configuration, "\(path): cannot read the file")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(data)
        } catch {
            throw NGSIError(.badJSON, "\(path): \(error)")
        }
        let list = json.array ?? json["entities"]?.array
        guard let list else {
            throw NGSIError(.badPayload, "\(path): expected a list of entities or {\"entities\": [...]}")
        }
        for (index, item) in list.enumerated() where item["id"]?.string == nil || item["type"] == nil {
            throw NGSIError(.badPayload, "\(path): entity [\(index)] needs an 'id' and a 'type'")
        }
        return list
    }

    // MARK: Running

    private func seedIfNeeded() async throws {
        let first = state.withLock { state in
            defer { state.seeded = true }
            return !state.seeded
        }
        guard first else { return }
        await broker.setAuth(options.auth)
        _ = try await broker.upsert(seed ?? OdawaraDay.entities(at: now()))
    }

    /// Serves until cancelled or shut down gracefully.
    public func run() async throws {
        try await seedIfNeeded()
        let app = Application(
            router: router(),
            server: try options.tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
            configuration: ApplicationConfiguration(
                address: .hostname(options.host, port: options.port), serverName: "kosatsu-simulator"),
            onServerRunning: { [weak self] channel in
                self?.state.withLock { $0.port = channel.localAddress?.port }
            },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            if let tick = options.tick {
                group.addTask { [self] in
                    while !Task.isCancelled {
                        try await Task.sleep(for: tick)
                        await self.advance(to: self.now())
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Starts serving in the background and returns the bound port.
    @discardableResult
    public func start() async throws -> Int {
        try await seedIfNeeded()
        let task = Task { try await self.run() }
        state.withLock { $0.task = task }
        // Bounded wait for the socket: 10 s in 10 ms steps.
        for _ in 0..<1000 {
            if let port { return port }
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        throw NGSIError(.unreachable, "the simulator did not start listening on \(options.host):\(options.port)")
    }

    /// Stops a simulator started with `start()`.
    public func stop() async {
        let task = state.withLock { state in
            defer {
                state.task = nil
                state.port = nil
            }
            return state.task
        }
        task?.cancel()
        _ = try? await task?.value
    }

    // MARK: Controls (tests, demo)

    /// Moves Odawara's counts and weather to `date` (notifying subscribers).
    public func advance(to date: Date) async {
        var deliveries: [Delivery] = []
        for update in OdawaraDay.updates(at: date) {
            deliveries += await broker.update(id: update.id, values: update.values)
        }
        await deliver(deliveries)
    }

    /// Creates or updates entities as a provider would (notifying subscribers).
    public func upsert(_ entities: [JSONValue], tenant: String = "", servicePath: String = "/") async throws {
        let deliveries = try await broker.upsert(entities, tenant: tenant, servicePath: servicePath)
        await deliver(deliveries)
    }

    public func inject(_ fault: SimulatorFault, times: Int = 1) async {
        await broker.inject(fault, times: times)
    }

    public func clearFaults() async {
        await broker.clearFaults()
    }

    public func setAuth(_ auth: SimulatorAuth?) async {
        await broker.setAuth(auth)
    }

    /// Drops every subscription, as a broker that lost its database does.
    public func forgetSubscriptions() async {
        await broker.forgetSubscriptions()
    }

    public var subscriptionCount: Int {
        get async { await broker.subscriptionCount() }
    }

    /// Tokens issued by `POST /oauth2/token`.
    public var tokensIssued: Int {
        get async { await broker.tokensIssued }
    }

    public func entityCount(tenant: String = "") async -> Int {
        await broker.entityCount(tenant: tenant)
    }

    // MARK: Notifications

    func deliver(_ deliveries: [Delivery]) async {
        for delivery in deliveries {
            if let target = delivery.mqtt {
                var success = false
                if let publisher = options.mqtt {
                    success = await publisher.publish(delivery.body, to: target)
                } else {
                    logger.warning(
                        "simulator: notification \(delivery.subscriptionID) is for MQTT, and no publisher is set")
                }
                await broker.recordDelivery(delivery.subscriptionID, success: success, at: now())
                continue
            }
            var request = HTTPClientRequest(url: delivery.url)
            request.method = .POST
            for (name, value) in delivery.headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: delivery.body))
            var success = false
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                _ = try await response.body.collect(upTo: 1 << 20)
                success = (200..<300).contains(Int(response.status.code))
                if !success {
                    logger.warning("simulator: notification \(delivery.subscriptionID) got \(response.status.code)")
                }
            } catch {
                logger.warning("simulator: notification \(delivery.subscriptionID) failed: \(error)")
            }
            await broker.recordDelivery(delivery.subscriptionID, success: success, at: now())
        }
    }
}
