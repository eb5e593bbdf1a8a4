import Foundation
import Hummingbird
import HummingbirdTesting
import KosatsuAlerts
import KosatsuData
import KosatsuPipeline
import KosatsuScene
import Logging
import Metrics
import Prometheus
import Testing

@testable import KosatsuDaemon

/// Who can push a fake alert or flood the sign, and what stops them (README: Security).
@Suite struct PushSecurityTests {
    static let token = "push-token-7c1f0e9a4b2d"

    func app(log: DaemonLogRecorder, limiter: RateLimiter = RateLimiter()) async throws -> some ApplicationProtocol {
        var configuration = try #require(DemoConfiguration.sign(environment: [:]))
        configuration.pushToken = Self.token
        let sign = try TestSign(output: PreviewOutput(size: PixelSize(width: 160, height: 90)), logger: log.logger)
        var endpoints = sign.endpoints(configuration)
        endpoints.rateLimiter = limiter
        return Application(router: endpoints.router())
    }

    @Test func aWrongTokenIs401WithNothingToLearnAndTheTokenIsNeverLogged() async throws {
        let log = DaemonLogRecorder()
        let guess = "guess-5d2b8e61aa"
        try await app(log: log).test(.router) { client in
            for authorization in ["Bearer \(guess)", "Basic \(guess)", "", "Bearer \(Self.token)x"] {
                try await client.execute(
                    uri: "/alerts", method: .post, headers: [.authorization: authorization],
                    body: ByteBuffer(string: HTTPEndpointTests.capQuake)
                ) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
            try await client.execute(
                uri: "/alerts", method: .post, headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(string: HTTPEndpointTests.capQuake)
            ) { response in
                #expect(response.status == .accepted)
            }
        }
        #expect(log.messages.contains { $0.contains("401") })
        #expect(log.messages.contains { $0.contains("202") })
        let everything = log.messages.joined(separator: "\n")
        #expect(!everything.contains(Self.token))
        #expect(!everything.contains(guess))
        #expect(!everything.contains("強い揺れ"))  // nor the body
    }

    @Test func aFloodOfPushesIs429WithRetryAfter() async throws {
        let log = DaemonLogRecorder()
        let limiter = RateLimiter(burst: 3, perSecond: 0.001)  // no refill while a loaded CI machine runs it
        try await app(log: log, limiter: limiter).test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                try await client.execute(
                    uri: "/alerts", method: .post, headers: [.authorization: "Bearer wrong"], body: ByteBuffer()
                ) { response in
                    statuses.append(response.status)
                    if response.status == .tooManyRequests {
                        #expect(response.headers[.retryAfter].flatMap(Int.init).map { $0 >= 1 } == true)
                        #expect(response.body.readableBytes == 0)
                    }
                }
            }
            #expect(
                statuses == [.unauthorized, .unauthorized, .unauthorized] + Array(repeating: .tooManyRequests, count: 3)
            )
            // Reading the sign is not limited.
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(log.messages.filter { $0.contains("429") }.count == 1)  // logged once per run of refusals
    }

    @Test func aBadTokenFloodFromTheSameAddressDoesNotLockOutTheGoodToken() async throws {
        let log = DaemonLogRecorder()
        let limiter = RateLimiter(burst: 3, perSecond: 0.001)  // no refill while a loaded CI machine runs it
        try await app(log: log, limiter: limiter).test(.router) { client in
            for _ in 0..<10 {
                try await client.execute(
                    uri: "/alerts", method: .post, headers: [.authorization: "Bearer wrong"], body: ByteBuffer()
                ) { _ in }
            }
            try await client.execute(
                uri: "/alerts", method: .post, headers: [.authorization: "Bearer wrong"], body: ByteBuffer()
            ) { response in
                #expect(response.status == .tooManyRequests, "the address is over its limit")
            }
            // The same address with the token: the token's own bucket.
            try await client.execute(
                uri: "/alerts", method: .post, headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(string: HTTPEndpointTests.capQuake)
            ) { response in
                #expect(response.status == .accepted)
                let body =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                // As the README shows it: each alert's outcome, and the takeover.
                #expect(
                    (body?["accepted"] as? [[String: String]])?.first?["outcome"] != nil, "\(String(describing: body))")
                #expect(body?.keys.contains("takeover") == true)
            }
            try await client.execute(
                uri: "/alerts", method: .post, headers: [.authorization: "Bearer \(Self.token)"],
                body: ByteBuffer(string: "{\"type\": \"Alert\"}")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }

    @Test func aBodyOverTheLimitIs413BeforeItIsParsed() async throws {
        let log = DaemonLogRecorder()
        try await app(log: log).test(.router) { client in
            let huge = ByteBuffer(repeating: UInt8(ascii: "<"), count: HTTPEndpoints.maximumBody + 1)
            try await client.execute(
                uri: "/alerts", method: .post, headers: [.authorization: "Bearer \(Self.token)"], body: huge
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func aBucketRefillsAndClientsAreCountedApart() {
        let limiter = RateLimiter(burst: 2, perSecond: 1)
        let start = ContinuousClock.now
        #expect(limiter.admit("192.0.2.1", now: start) == .admitted)
        #expect(limiter.admit("192.0.2.1", now: start) == .admitted)
        #expect(limiter.admit("192.0.2.1", now: start) == .refused(retryAfter: 1, first: true))
        #expect(limiter.admit("192.0.2.1", now: start) == .refused(retryAfter: 1, first: false))
        #expect(limiter.admit("192.0.2.2", now: start) == .admitted)  // another client has its own bucket
        #expect(limiter.admit("192.0.2.1", now: start + .seconds(1)) == .admitted)
    }

    @Test func aBucketMapStaysBounded() {
        let limiter = RateLimiter(burst: 1, perSecond: 1, maximumClients: 100)
        let start = ContinuousClock.now
        for index in 0..<1000 { _ = limiter.admit("client-\(index)", now: start + .milliseconds(index)) }
        #expect(limiter.admit("client-999", now: start + .seconds(2)) == .admitted)  // still known, refilled
    }

    @Test func theServerListensOnLoopbackUnlessConfigured() throws {
        let configuration = try ConfigurationLoader.parse(
            "kosatsu: 1\nlayouts: ../Layouts\n",
            file: HTTPEndpointTests.root.appendingPathComponent("systemd/x.yaml").path)
        #expect(configuration.httpAddress == "127.0.0.1:8080")
        #expect(Daemon.split("").0 == "127.0.0.1")
        let open = try ConfigurationLoader.parse(
            "kosatsu: 1\nlayouts: ../Layouts\nhttp: {listen: '0.0.0.0:8080'}\n",
            file: HTTPEndpointTests.root.appendingPathComponent("systemd/x.yaml").path)
        #expect(open.httpAddress == "0.0.0.0:8080")
    }

    @Test func aReadableTokenFileIsWarnedAbout() throws {
        let directory = NSTemporaryDirectory() + "kosatsu-secrets-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/push-token"
        try "\(Self.token)\n".write(toFile: file, atomically: true, encoding: .utf8)
        for (mode, warned) in [(0o600, false), (0o640, true), (0o644, true)] {
            chmod(file, mode_t(mode))
            let warning = CredentialFile.permissionWarning(file)
            #expect((warning != nil) == warned, "mode \(String(mode, radix: 8))")
            #expect(warning?.contains(Self.token) != true)
        }
    }
}
