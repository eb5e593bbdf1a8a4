import Foundation
import KosatsuAlertFeeds
import KosatsuLayout
import Testing

@testable import KosatsuDaemon

/// A sign's configuration file: every problem at its line and column, a complete example that works.
@Suite struct ConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func diagnostics(_ yaml: String) -> [ConfigDiagnostic] {
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

    @Test func theSampleConfigurationPollsJMAFeeds() throws {
        let configuration = try ConfigurationLoader.load(
            Self.root.appendingPathComponent("systemd/kosatsu.yaml").path, environment: [:])
        let feeds = configuration.feeds.feeds
        #expect(feeds.map(\.source.url.host) == ["www.data.jma.go.jp", "www.data.jma.go.jp"])
        #expect(feeds.allSatisfy { $0.interval == .seconds(60) && $0.source.kind == .atom })
        #expect(feeds.first?.source.titles?.contains("土砂災害警戒情報") == true)
    }

    @Test func feedsAreRead() throws {
        let configuration = try ConfigurationLoader.parse(
            """
            kosatsu: 1
            layouts: ../Layouts
            feeds:
              timeout: 5s
              jma:
                - url: https://www.data.jma.go.jp/developer/xml/feed/extra.xml
                  interval: 2m
                  titles: [土砂災害警戒情報]
              cap:
                - {url: "http://bousai.city.example/cap.xml"}
            """, file: Self.root.appendingPathComponent("systemd/x.yaml").path)
        let feeds = configuration.feeds
        #expect(feeds.timeout == .seconds(5))
        #expect(feeds.caFile == nil)
        #expect(feeds.feeds.count == 2)
        #expect(feeds.feeds[0].source.kind == .atom && feeds.feeds[0].interval == .seconds(120))
        #expect(feeds.feeds[0].source.titles == ["土砂災害警戒情報"])
        #expect(feeds.feeds[1].source.kind == .message && feeds.feeds[1].interval == .seconds(60))
        #expect(feeds.feeds[1].source.url.absoluteString == "http://bousai.city.example/cap.xml")
    }

    @Test func feedMistakesAreReportedWithTheirPositions() {
        let found = diagnostics(
            """
            kosatsu: 1
            layouts: ../Layouts
            feeds:
              jma:
                - url: ftp://example.org/feed.xml
                - url: https://www.data.jma.go.jp/developer/xml/feed/extra.xml
                  interval: 1s
                - {interval: 60s}
              cap:
                - url: https://bousai.city.example/cap.xml
                  titles: [x]
              tls: {caFile: /nonexistent/ca.pem}
              rss: []
            """)
        #expect(found.contains { $0.line == 5 && $0.message.contains("'url' must be an http:// or https://") })
        #expect(found.contains { $0.line == 7 && $0.message.contains("'interval' must be a time of at least 10s") })
        #expect(found.contains { $0.line == 8 && $0.message.contains("'url'") })
        #expect(found.contains { $0.line == 11 && $0.message.contains("'titles'") })
        #expect(found.contains { $0.line == 12 && $0.message.contains("cannot read the file") })
        #expect(found.contains { $0.line == 13 && $0.message.contains("'rss'") })
        #expect(diagnostics("kosatsu: 1\nlayouts: ../Layouts\nfeeds: {}\n").contains { $0.line == 3 })
    }

    @Test func dayPartsNeedTimesOfDay() {
        let found = diagnostics(
            "kosatsu: 1\nlayouts: ../Layouts\nday-parts:\n  - {from: '25:00', to: '06:00', playlist: [{layout: city-info}]}\n"
        )
        #expect(found.contains { $0.line == 4 && $0.message.contains("time of day") })
    }
}
