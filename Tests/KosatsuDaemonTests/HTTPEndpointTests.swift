import Foundation
import Hummingbird
import HummingbirdTesting
import KosatsuAlerts
import KosatsuData
import KosatsuPipeline
import Logging
import Metrics
import Prometheus
import Testing

@testable import KosatsuDaemon

/// The sign's HTTP face, exercised like a client would.
@Suite struct HTTPEndpointTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var capQuake: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>t-1</identifier><sender>city@odawara.example</sender><sent>\(ISO8601DateFormatter().string(from: Date()))</sent>
          <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
          <info><language>ja-JP</language><category>Geo</category><event>地震</event><urgency>Immediate</urgency>
            <severity>Extreme</severity><certainty>Observed</certainty><headline>強い揺れに警戒</headline>
            <area><areaDesc>小田原市</areaDesc><circle>35.2564,139.1550 10</circle></area></info>
        </alert>
        """
    }

    struct Sign {
        let parts: TestSign
        let app: Application<RouterResponder<SignRequestContext>>
        let loop: SignLoop
        var state: SignState { parts.state }
        var metrics: SignMetrics { parts.metrics }
    }

    func sign(token: String? = "s3cret", stuckAfter: TimeInterval = 3600) async throws -> Sign {
        var configuration = try #require(DemoConfiguration.sign(environment: [:]))
        configuration.pushToken = token
        let area = SignArea(position: GeoPoint(latitude: 35.2564, longitude: 139.1550), radius: 500)
        let parts = try TestSign(board: AlertBoard(area: area, now: Date()))
        await parts.state.reloadLayouts(from: configuration.layoutDirectory)
        let loop = parts.loop(configuration)
        _ = await loop.step(now: Date())
        try await parts.frame(after: 0)
        var endpoints = parts.endpoints(configuration)
        endpoints.stuckAfter = stuckAfter
        return Sign(parts: parts, app: Application(router: endpoints.router()), loop: loop)
    }

    @Test func screenshotIsThePngOnScreen() async throws {
        let sign = try await sign()
        try await sign.app.test(.router) { client in
            try await client.execute(uri: "/screenshot.png", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                #expect(Array(response.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("/stream.mjpeg"))
                #expect(String(buffer: response.body).contains("/screenshot.png"), "the fallback")
            }
        }
    }

    @Test func healthSaysWhatTheSignIsDoing() async throws {
        let sign = try await sign()
        // A frame just now: health counts a sign whose last frame is over two minutes old as stuck.
        _ = await sign.loop.step(now: Date())
        try await sign.app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let json =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(json?["status"] as? String == "ok")
                #expect(json?["alertsInForce"] as? Int == 0)
                #expect((json?["output"] as? [String: Any])?["kind"] as? String == "preview")
            }
        }
    }

    @Test func aStuckLoopIsUnhealthy() async throws {
        let sign = try await sign(stuckAfter: 0)
        try await sign.app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("\"status\" : \"unhealthy\""))
            }
        }
    }

    @Test func metricsAreInPrometheusText() async throws {
        let sign = try await sign()
        try await sign.app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("kosatsu_frames_total"))
            }
        }
    }

    @Test func metricsCountSourceErrorsAndAlertsInForce() async throws {
        let sign = try await sign()
        // A data file that is not a snapshot: its read fails and the last good data stays.
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-bad-\(UUID()).json")
        try Data("{\"spots\": [".utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        let source = SnapshotFileSource(
            state: sign.state, path: bad.path, metrics: sign.metrics, logger: Logger(label: "test"))
        _ = await source.refresh(since: nil)
        try await sign.app.test(.router) { client in
            try await client.execute(
                uri: "/alerts", method: .post, headers: [.authorization: "Bearer s3cret"],
                body: ByteBuffer(string: Self.capQuake)
            ) { response in
                #expect(response.status == .accepted)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let lines = Set(String(buffer: response.body).split(separator: "\n").map(String.init))
                for expected in [
                    #"kosatsu_source_errors_total{source="file"} 1"#,
                    #"kosatsu_alerts_in_force{severity="emergency"} 1.0"#,
                    #"kosatsu_alerts_in_force{severity="warning"} 0.0"#,
                    "kosatsu_frames_total 1",
                    "kosatsu_render_seconds_count 1",
                    "kosatsu_output_lit 1.0",
                ] {
                    #expect(lines.contains(expected), "\(expected) in \(lines.sorted())")
                }
            }
        }
    }

    @Test func pushWithoutTheTokenIsRefusedAndChangesNothing() async throws {
        let sign = try await sign()
        try await sign.app.test(.router) { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "Basic czNjcmV0"]] {
                try await client.execute(
                    uri: "/alerts", method: .post, headers: headers, body: ByteBuffer(string: Self.capQuake)
                ) {
                    response in
                    #expect(response.status == .unauthorized)
                    #expect(response.body.readableBytes == 0, "a refusal leaks nothing")
                }
            }
        }
        #expect(await sign.state.alertsInForce == 0)
        #expect(await sign.state.emergency(at: Date()) == nil)
    }

    @Test func pushWithTheTokenTakesOverTheScreen() async throws {
        let sign = try await sign()
        try await sign.app.test(.router) { client in
            try await client.execute(
                uri: "/alerts", method: .post, headers: [.authorization: "Bearer s3cret"],
                body: ByteBuffer(string: Self.capQuake)
            ) { response in
                #expect(response.status == .accepted)
            }
            try await client.execute(
                uri: "/alerts", method: .post, headers: [.authorization: "Bearer s3cret"],
                body: ByteBuffer(string: "<html/>")
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(await sign.state.alertsInForce == 1)
        #expect(await sign.state.emergency(at: Date())?.event == "earthquake")
    }

    @Test func withoutAConfiguredTokenNobodyMayPush() async throws {
        let sign = try await sign(token: nil)
        try await sign.app.test(.router) { client in
            try await client.execute(
                uri: "/alerts", method: .post, headers: [.authorization: "Bearer "],
                body: ByteBuffer(string: Self.capQuake)
            ) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}
