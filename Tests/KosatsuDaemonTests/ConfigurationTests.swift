import Foundation
import KosatsuLayout
import Testing

@testable import KosatsuDaemon

/// A sign's configuration file: every problem at its line and column, a complete example that works.
@Suite struct ConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func diagnostics(_ yaml: String) -> [LayoutDiagnostic] {
        do {
            _ = try ConfigurationLoader.parse(yaml, file: Self.root.appendingPathComponent("systemd/test.yaml").path)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func theSampleConfigurationLoads() throws {
        let configuration = try ConfigurationLoader.load(
            Self.root.appendingPathComponent("systemd/kosatsu.yaml").path, environment: [:])
        #expect(configuration.areas.contains("municipality:1420600"))
        #expect(!configuration.playlist.isEmpty)
        #expect(configuration.httpAddress.hasPrefix("127.0.0.1:"))
    }

    @Test func mistakesAreReportedWithTheirPositions() {
        let found = diagnostics(
            """
            kosatsu: 1
            layouts: ../Layouts
            playlist:
              - layout: congestion-bord
              - layout: city-info
                duration: forever
            output: {kind: screen}
            htp: {listen: "0.0.0.0:80"}
            """)
        #expect(found.contains { $0.line == 4 && $0.message.contains("layout 'congestion-bord' not found") })
        #expect(found.contains { $0.line == 6 && $0.message.contains("'duration'") })
        #expect(found.contains { $0.line == 7 && $0.message.contains("'kind' must be one of auto, drm, preview") })
        #expect(found.contains { $0.line == 8 && $0.message.contains("did you mean 'http'?") })
    }

    @Test func absolutePathsStayAbsolute() throws {
        let layouts = Self.root.appendingPathComponent("Layouts").path
        let configuration = try ConfigurationLoader.parse(
            "kosatsu: 1\nlayouts: \(layouts)\ncache: /var/lib/kosatsu\ndata: {file: ../Layouts/samples/odawara.json}\n",
            file: Self.root.appendingPathComponent("systemd/x.yaml").path, environment: [:])
        #expect(configuration.layoutDirectory == layouts)
        #expect(configuration.cacheDirectory == "/var/lib/kosatsu")
        #expect(configuration.data == .file(Self.root.appendingPathComponent("Layouts/samples/odawara.json").path))
    }

    @Test func logsNeverShowThePushToken() throws {
        var configuration = try #require(DemoConfiguration.sign(environment: [:]))
        configuration.pushToken = "never-in-a-log-line"
        // Service lifecycle logs its services at debug level, configuration and all.
        struct Service { let configuration: SignConfiguration }
        for text in [
            "\(configuration)", String(reflecting: configuration),
            String(describing: Service(configuration: configuration)),
        ] {
            #expect(!text.contains("never-in-a-log-line"))
            #expect(text.contains("push token: set"))
        }
    }

    @Test func theTokenComesFromTheEnvironmentWhenTheFileNamesNone() throws {
        let configuration = try ConfigurationLoader.parse(
            "kosatsu: 1\nlayouts: ../Layouts\n", file: Self.root.appendingPathComponent("systemd/x.yaml").path,
            environment: ["KOSATSU_PUSH_TOKEN": "abc"])
        #expect(configuration.pushToken == "abc")
    }

    @Test func dayPartsNeedTimesOfDay() {
        let found = diagnostics(
            "kosatsu: 1\nlayouts: ../Layouts\nday-parts:\n  - {from: '25:00', to: '06:00', playlist: [{layout: city-info}]}\n"
        )
        #expect(found.contains { $0.line == 4 && $0.message.contains("time of day") })
    }
}
