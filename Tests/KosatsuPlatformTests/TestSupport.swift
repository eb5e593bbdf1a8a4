import AsyncHTTPClient
import Foundation
import Hummingbird
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// A clock the test moves by hand, shared by the simulator and the client.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_400_000)) {
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var function: @Sendable () -> Date { { [self] in self.now() } }
}

/// A quiet logger for tests (warnings still visible on stderr).
let testLogger: Logger = {
    var logger = Logger(label: "kosatsu.test") { StreamLogHandler.standardError(label: $0) }
    // KOSATSU_TEST_LOG=debug shows what the simulator and the client say.
    logger.logLevel =
        ProcessInfo.processInfo.environment["KOSATSU_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
    return logger
}()

/// A simulator on an ephemeral loopback port, stopped after `body`.
@discardableResult
func withSimulator<T>(
    entities: [JSONValue]? = nil, auth: SimulatorAuth? = nil, clock: TestClock = TestClock(),
    _ body: (NGSISimulator, URL) async throws -> T
) async throws -> T {
    let simulator = NGSISimulator(
        entities: entities, options: .init(host: "127.0.0.1", port: 0, auth: auth), logger: testLogger,
        now: clock.function)
    try await simulator.start()
    let url = try #require(simulator.baseURL)
    do {
        let result = try await body(simulator, url)
        await simulator.stop()
        return result
    } catch {
        await simulator.stop()
        throw error
    }
}

/// A platform source for `url`, shut down after `body`.
@discardableResult
func withSource<T>(
    _ config: PlatformConfig, clock: TestClock = TestClock(), _ body: (PlatformSource) async throws -> T
) async throws -> T {
    let source = try PlatformSource(config: config, logger: testLogger, now: clock.function)
    do {
        let result = try await body(source)
        await source.shutdown()
        return result
    } catch {
        await source.shutdown()
        throw error
    }
}

func spotConfig(_ url: URL, flavour: NGSIFlavour = .v2, format: NGSIFormat = .normalized) -> PlatformConfig {
    var config = PlatformConfig(url: url)
    config.flavour = flavour
    config.format = format
    config.timeout = .seconds(10)
    config.spots = SpotMapping()
    return config
}

/// The sign's own HTTP server with only the notification endpoint, on an ephemeral port.
final class NotifyServer: Sendable {
    private let task: Task<Void, any Error>
    let port: Int

    init(sink: any NGSINotificationSink, secret: String) async throws {
        let router = Router()
        NGSINotificationEndpoint(sink: sink, secret: secret, logger: testLogger).register(on: router)
        let ports = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                ports.continuation.yield(channel.localAddress?.port ?? 0)
                ports.continuation.finish()
            }, logger: testLogger)
        task = Task { try await app.run() }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw NGSIError(.unreachable, "notify server did not start")
        }
        self.port = port
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/notify/ngsi")! }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// One plain HTTP call for tests that speak to a server directly.
func httpCall(
    _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: String? = nil
) async throws -> (status: Int, headers: [(String, String)], body: String) {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(string: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    let data = try await response.body.collect(upTo: 16 << 20)
    return (Int(response.status.code), response.headers.map { ($0.name, $0.value) }, String(buffer: data))
}

func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "kosatsu-platform-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// `count` CrowdFlowObserved entities, normalized v2.
func crowdEntities(_ count: Int, prefix: String = "spot") -> [JSONValue] {
    (0..<count).map { index in
        [
            "id": .string("urn:ngsi-ld:CrowdFlowObserved:\(prefix)-\(index)"), "type": "CrowdFlowObserved",
            "name": ["type": "Text", "value": .string("\(prefix) \(index)")],
            "peopleCount": ["type": "Number", "value": .number(Double(index))],
            "capacity": ["type": "Number", "value": 5000],
            "dateObserved": ["type": "DateTime", "value": "2026-11-23T05:00:00Z"],
        ]
    }
}

struct DeadlineExceeded: Error {}

/// Runs `body`, failing with `DeadlineExceeded` if it takes longer than `seconds`.
func withDeadline<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlineExceeded() }
        return first
    }
}
