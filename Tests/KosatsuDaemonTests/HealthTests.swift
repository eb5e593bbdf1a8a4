import Foundation
import Hummingbird
import HummingbirdTesting
import KosatsuAlerts
import KosatsuData
import KosatsuPlatform
import Testing

@testable import KosatsuDaemon

/// `/healthz` tells the truth: 503 when the sign could not show an emergency or every source is stale.
@Suite struct HealthTests {
    func health(_ sign: TestSign, _ configuration: SignConfiguration) async throws -> (
        HTTPResponse.Status, [String: Any]
    ) {
        let app = Application(router: sign.endpoints(configuration).router())
        let (status, body) = try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                (response.status, Data(response.body.readableBytesView))
            }
        }
        return (status, try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:])
    }

    func ready() async throws -> (TestSign, SignConfiguration) {
        let configuration = try #require(DemoConfiguration.sign(environment: [:]))
        let sign = try TestSign()
        await sign.state.reloadLayouts(from: configuration.layoutDirectory)
        _ = await sign.loop(configuration).step(now: Date())
        return (sign, configuration)
    }

    @Test func okSaysWhatIsShowingAndEachSourcesFreshness() async throws {
        let (sign, configuration) = try await ready()
        var snapshot = Snapshot.empty
        snapshot.sources = [SourceStatus(name: "platform", lastSuccess: Date().addingTimeInterval(-30))]
        await sign.state.update(snapshot)
        let (status, json) = try await health(sign, configuration)
        #expect(status == .ok, "\(json)")
        #expect(json["showing"] as? String == "board")
        let source = try #require((json["sources"] as? [[String: Any]])?.first)
        #expect(source["stale"] as? Bool == false)
        #expect(source["staleAfterSeconds"] as? Double == 600)
        #expect((json["emergency"] as? [String: Any])?["ready"] as? Bool == true)
    }

    @Test func everySourceStaleIs503() async throws {
        let (sign, configuration) = try await ready()
        var snapshot = Snapshot.empty
        snapshot.sources = [SourceStatus(name: "platform", lastSuccess: Date().addingTimeInterval(-991_000))]
        await sign.state.update(snapshot)
        await sign.state.noteSource(
            "file", error: "data.json:1: expected a snapshot", at: Date().addingTimeInterval(-991_000))
        let (status, json) = try await health(sign, configuration)
        #expect(status == .serviceUnavailable)
        #expect((json["reasons"] as? [String])?.contains("every source is stale") == true, "\(json)")
        let file = (json["sources"] as? [[String: Any]])?.first { $0["name"] as? String == "file" }
        #expect(file?["lastError"] as? String == "data.json:1: expected a snapshot")
        #expect(file?["stale"] as? Bool == true)
    }

    @Test func noEmergencyLayoutIs503() async throws {
        let configuration = try #require(DemoConfiguration.sign(environment: [:]))
        let sign = try TestSign()
        // Layouts never read: nothing could take over.
        _ = await sign.loop(configuration).step(now: Date())
        let (status, json) = try await health(sign, configuration)
        #expect(status == .serviceUnavailable)
        #expect((json["reasons"] as? [String])?.contains("no emergency layout can be shown") == true, "\(json)")
        #expect((json["emergency"] as? [String: Any])?["ready"] as? Bool == false)
    }

    @Test func platformStaleAfterIsTheSourcesOwn() {
        var platform = PlatformConfig(url: URL(string: "http://127.0.0.1:1")!)
        platform.staleAfter = .seconds(30)
        let now = Date()
        let sources = SourceHealth.all(
            snapshot: [SourceStatus(name: "platform", lastSuccess: now.addingTimeInterval(-45))], readers: [:],
            data: .platform(platform), at: now)
        #expect(sources.map(\.stale) == [true])
        #expect(sources.first?.staleAfterSeconds == 30)
    }
}
