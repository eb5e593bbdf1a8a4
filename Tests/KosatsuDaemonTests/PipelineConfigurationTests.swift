import Foundation
import HTTPTypes
import Hummingbird
import KosatsuData
import KosatsuLayout
import KosatsuPipeline
import KosatsuScene
import Logging
import Testing

@testable import KosatsuDaemon

/// What the configuration says about frames: transitions, the frame rate, the null output.
@Suite struct PipelineConfigurationTests {
    static let file = ConfigurationTests.root.appendingPathComponent("systemd/test.yaml").path

    func parse(_ yaml: String) throws -> SignConfiguration {
        try ConfigurationLoader.parse(yaml, file: Self.file)
    }

    @Test func playlistTransitionsAreReadAndAShortFadeIsTheDefault() throws {
        let configuration = try parse(
            """
            kosatsu: 1
            layouts: ../Layouts
            playlist:
              - {layout: congestion-board}
              - {layout: city-info, transition: {kind: slide, duration: 600ms}}
              - {layout: congestion-dashboard, transition: {kind: cut}}
              - {layout: congestion-board, transition: {kind: fade, duration: 1s}}
            output: {kind: "null", fps: 30}
            """)
        #expect(
            configuration.playlist.map(\.transition) == [
                .fade(.milliseconds(400)), .slide(.milliseconds(600)), .cut, .fade(.seconds(1)),
            ])
        #expect(configuration.output.kind == .null)
        #expect(configuration.output.framesPerSecond == 30)
        // YAML's own null, unquoted, is the word too.
        #expect(try parse("kosatsu: 1\nlayouts: ../Layouts\noutput: {kind: null}\n").output.kind == .null)
    }

    @Test func badTransitionsAreReportedWithTheirPositions() {
        do {
            _ = try parse(
                """
                kosatsu: 1
                layouts: ../Layouts
                playlist:
                  - {layout: city-info, transition: {kind: wipe, duration: 400}}
                  - {layout: city-info, transition: {kind: fade, duration: 1h}}
                """)
            Issue.record("bad transitions were accepted")
        } catch let error as ConfigError {
            let messages = error.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
            #expect(messages.contains { $0.hasPrefix("4:") && $0.contains("'kind' must be one of fade, slide, cut") })
            #expect(messages.contains { $0.hasPrefix("5:") && $0.contains("'duration' must be a time up to 5s") })
        } catch {
            Issue.record("not a configuration error: \(error)")
        }
    }

    @Test func durationsTakeMilliseconds() throws {
        let configuration = try parse(
            "kosatsu: 1\nlayouts: ../Layouts\nplaylist: [{layout: city-info, duration: 1m30s}]\n")
        #expect(configuration.playlist.first?.duration == .seconds(90))
    }

    @Test func aChangeToOrFromAnEmergencyIsACutAndANewPageFades() throws {
        let configuration = try #require(DemoConfiguration.sign(environment: [:]))
        let loop = try TestSign().loop(configuration)
        func choice(_ layout: String, _ page: Int = 0, _ reason: ScreenChoice.Reason = .playlist) -> ScreenChoice {
            ScreenChoice(
                layout: layout, page: page, language: .ja, reason: reason, transition: .fade(.milliseconds(400)))
        }
        #expect(loop.transition(to: choice("city-info"), from: choice("congestion-board")) == .fade(.milliseconds(400)))
        #expect(loop.transition(to: choice("city-info", 1), from: choice("city-info")) == .fade(.milliseconds(400)))
        #expect(loop.transition(to: choice("city-info"), from: choice("city-info")) == .cut, "new data, same page")
        #expect(loop.transition(to: choice("emergency", 0, .emergency), from: choice("city-info")) == .cut)
        #expect(
            loop.transition(to: choice("emergency-calm", 0, .calm), from: choice("emergency", 0, .emergency)) == .cut)
        #expect(loop.transition(to: choice("city-info"), from: choice("emergency-calm", 0, .calm)) == .cut)
        #expect(loop.transition(to: choice("city-info"), from: nil) == .cut)
    }
}

/// The watchdog is pinged from a thread of its own: a cooperative pool that HTTP keeps busy cannot
/// hold it back — and a sign whose render thread is stuck is not pinged.
@Suite(.serialized) struct WatchdogTests {
    @Test func pingsComeWhileEveryThreadOfTheCooperativePoolIsBlocked() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-notify-\(UUID())").path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer {
            close(fd)
            unlink(path)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        #expect(bound)
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let sign = try TestSign()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "200000"])
        let watchdog = Watchdog(notifier: notifier, pipeline: sign.pipeline, screen: sign.screen)
        #expect(watchdog.isAlive)
        watchdog.start()
        // Every other thread of the pool busy for 2 s, this one blocked in recv.
        for _ in 0..<ProcessInfo.processInfo.activeProcessorCount {
            Task.detached { usleep(2_000_000) }
        }
        var pings = 0
        var buffer = [UInt8](repeating: 0, count: 64)
        for _ in 0..<5 {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0, String(decoding: buffer[..<count], as: UTF8.self) == "WATCHDOG=1" { pings += 1 }
        }
        #expect(pings == 5, "pings received while the pool was blocked: \(pings)")
    }

    @Test func aStuckSignIsNotPinged() throws {
        let sign = try TestSign()
        let watchdog = Watchdog(
            notifier: SystemdNotifier(environment: [:]), pipeline: sign.pipeline, screen: sign.screen,
            renderTolerance: .seconds(10), loopTolerance: 30)
        sign.screen.stepped(at: Date().addingTimeInterval(-60))
        #expect(!watchdog.isAlive, "the sign loop has not looked at the world for a minute")
        sign.screen.stepped(at: Date())
        #expect(watchdog.isAlive)
        let stuck = Watchdog(
            notifier: SystemdNotifier(environment: [:]), pipeline: sign.pipeline, screen: sign.screen,
            renderTolerance: .zero, loopTolerance: 30)
        #expect(!stuck.isAlive, "a render thread that has not gone round its loop")
    }
}

/// `output: {kind: null}`: frames drawn, presented nowhere, and health still says what is shown.
@Suite struct NullOutputTests {
    @Test func theNullOutputDrawsFramesAndHealthReportsThem() async throws {
        var configuration = try #require(DemoConfiguration.sign(environment: [:]))
        configuration.output = OutputConfiguration(kind: .null, previewWidth: 320, previewHeight: 180)
        let output = OutputSelection.open(configuration.output, logger: Logger(label: "test"))
        #expect(output.kind == "null" && output.pixelSize == PixelSize(width: 320, height: 180))
        let sign = try TestSign(output: output)
        await sign.state.reloadLayouts(from: configuration.layoutDirectory)
        _ = await sign.loop(configuration).step(now: Date())
        try await sign.frame(after: 0)
        #expect(sign.screen.showing == .board)
        let health = try await sign.endpoints(configuration).health()
        #expect(health.status == .ok)
        let png = try await sign.images.screenshot()
        #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }
}
