import Foundation
import HTTPTypes
import Hummingbird
import KosatsuData
import KosatsuPlatform
import KosatsuSimulator
import Logging
import NIOHTTP1
import Synchronization
import Testing

/// The `kosatsu` binary beside the test bundle (`swift build --build-tests` builds it).
let kosatsuBinary: String? = {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [directory, directory.deletingLastPathComponent().deletingLastPathComponent()]
        .map { $0.appendingPathComponent("kosatsu").path }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

func runKosatsu(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(kosatsuBinary))
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

/// Runs `kosatsu` on a thread of its own: its blocking pipes must not hold one of the few
/// threads the simulator in this process needs to answer it.
func runKosatsuAsync(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try runKosatsu(arguments) })
        }
    }
}

@Suite(.enabled(if: kosatsuBinary != nil, "skipped: the kosatsu binary was not built beside the tests"))
struct FetchCommandTests {
    @Test func fetchPrintsTheNormalizedSnapshot() async throws {
        let directory = try temporaryDirectory()
        try await withSimulator { _, url in
            let config = directory + "/sign.yaml"
            try """
            platform:
              url: \(url.absoluteString)
              timeout: 30s
              spots: {type: CrowdFlowObserved}
              notices: {type: Notice}
            layouts: [congestion-board]
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let result = try await runKosatsuAsync(["fetch", "--config", config, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try JSONParser.parse(result.stdout)
            let spots = try #require(json["spots"]?.array)
            #expect(spots.count == 5)
            #expect(spots[0]["id"] == "urn:ngsi-ld:CrowdFlowObserved:odawara-castle")
            #expect(spots[0]["name"]?["ja"] == "小田原城")
            #expect(spots[0]["capacity"] == 2000)
            #expect(spots[0]["peopleCount"]?.number != nil)
            #expect(spots[0]["level"]?.string != nil)
            #expect(spots[0]["observedAt"]?.string != nil)
            #expect(json["notices"]?.array?.count == 1)
            #expect(json["sources"]?.array?.first?["name"] == "platform")
            let table = try await runKosatsuAsync(["fetch", "--config", config])
            #expect(table.stdout.contains("小田原城"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/snapshot.json"))
    }

    @Test func fetchFailsClearlyWhenThePlatformCannotBeRead() async throws {
        let directory = try temporaryDirectory()
        try await withSimulator(auth: SimulatorAuth(staticTokens: ["right-token"])) { _, url in
            let config = directory + "/sign.yaml"
            try "url: \(url.absoluteString)\nspots: {type: CrowdFlowObserved}\n".write(
                toFile: config, atomically: true, encoding: .utf8)
            let result = try await runKosatsuAsync(["fetch", "--config", config])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("cannot read the data platform at \(url.absoluteString)"))
            #expect(result.stderr.contains("401 Unauthorized"))
        }
        let bad = directory + "/bad.yaml"
        try "url: http://127.0.0.1:1\nspots:\n  cont: 人数\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try await runKosatsuAsync(["fetch", "--config", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(bad):3:3: unknown key 'cont' in 'spots' (did you mean 'count'?)"))
    }
}

/// Collects log lines so a test can read what an operator would see.
final class LogCollector: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .info }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        lines.withLock { $0.append("\(event.level) \(event.message)") }
    }

    var messages: [String] { lines.withLock { $0 } }
}

@Suite struct NotifyLogTests {
    @Test func aRefusedNotificationLeavesOneLogLineWithoutTheSecret() async throws {
        let collector = LogCollector()
        let logger = Logger(label: "notify") { _ in collector }
        try await withSimulator { _, url in
            try await withSource(spotConfig(url)) { source in
                let router = Router()
                NGSINotificationEndpoint(sink: source, secret: PushTests.secret, logger: logger).register(on: router)
                let ports = AsyncStream.makeStream(of: Int.self)
                let app = Application(
                    router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: {
                        ports.continuation.yield($0.localAddress?.port ?? 0)
                        ports.continuation.finish()
                    }, logger: testLogger)
                let server = Task { try await app.run() }
                var iterator = ports.stream.makeAsyncIterator()
                let port = try #require(await iterator.next())
                let answer = try await httpCall(
                    .POST, "http://127.0.0.1:\(port)/notify/ngsi", headers: [("X-Kosatsu-Token", "guess-guess-guess")],
                    body: "{}")
                server.cancel()
                _ = try? await server.value
                #expect(answer.status == 401)
                let lines = collector.messages.filter { $0.contains("notify") }
                #expect(lines.count == 1)
                #expect(lines.first?.hasPrefix("warning notify: refused POST /notify/ngsi (wrong token") == true)
                #expect(!collector.messages.joined().contains("guess-guess-guess"))
                #expect(!collector.messages.joined().contains(PushTests.secret))
            }
        }
    }

    @Test func aCAFileThatIsNotPEMIsAConfigurationError() throws {
        let directory = try temporaryDirectory()
        try "not a certificate".write(toFile: directory + "/ca.pem", atomically: true, encoding: .utf8)
        var config = PlatformConfig(url: URL(string: "https://city-os.example.jp")!)
        config.caFile = directory + "/ca.pem"
        config.spots = SpotMapping()
        #expect {
            _ = try PlatformClient(config: config)
        } throws: { error in
            (error as? NGSIError)?.code == .configuration
                && (error as? NGSIError)?.message.contains("tls.caFile \(directory)/ca.pem: not a PEM certificate")
                    == true
        }
    }
}
