import Foundation
import Hummingbird
import KosatsuAlerts
import KosatsuPipeline
import KosatsuRender
import KosatsuScene
import Logging
import Metrics
import Prometheus
import Synchronization
import Testing

@testable import KosatsuDaemon

/// A panel the test plugs and unplugs, as `PanelOutput` reports a DRM connector (its DRM side is
/// tested on the fake card in KosatsuDisplayTests and on real drivers under QEMU).
final class ScriptedPanel: FrameOutput, @unchecked Sendable {
    let kind = "drm"
    private let lock = NSLock()
    private var size: PixelSize
    private var lit = true
    private var pending: OutputChange?
    private var frames: [[UInt8]] = []
    private var droppedFrames = 0

    init(width: Int, height: Int) {
        size = PixelSize(width: width, height: height)
    }

    var pixelSize: PixelSize { lock.withLock { size } }
    var state: OutputState { lock.withLock { OutputState(state: lit ? "lit" : "dark", connector: "HDMI-A-1") } }
    /// The pixels of every frame that reached the screen.
    var shown: [[UInt8]] { lock.withLock { frames } }
    var dropped: Int { lock.withLock { droppedFrames } }

    func present(_ canvas: Canvas, damage: [DamageRect]) throws {
        let pixels = canvas.withPixels { pixels, _, _, _ in Array(pixels) }
        lock.withLock {
            if lit { frames.append(pixels) } else { droppedFrames += 1 }
        }
    }

    var probeInterval: Duration? { .zero }

    func reprobe() throws -> OutputChange? {
        lock.withLock {
            defer { pending = nil }
            return pending
        }
    }

    func unplug() {
        lock.withLock {
            lit = false
            pending = .dark(connector: "HDMI-A-1")
        }
    }

    func plug(width: Int, height: Int) {
        lock.withLock {
            lit = true
            size = PixelSize(width: width, height: height)
            pending = .lit(connector: "HDMI-A-1", size: size)
        }
    }
}

@Suite struct PanelHotplugTests {
    static func scene(_ red: Double) -> Scene {
        Scene(canvas: Size(width: 1920, height: 1080), background: .solid(Color(red: red, green: 0.2, blue: 0.4)))
    }

    static func show(_ sign: TestSign, _ red: Double) async throws {
        let before = sign.pipeline.status.sequence
        sign.pipeline.show(FrameRequest(scene: scene(red), time: Date()))
        try await sign.frame(after: before)
    }

    @Test func unpluggedTheSignRunsOnAndBackTheFrameOnScreenIsRepainted() async throws {
        let panel = ScriptedPanel(width: 64, height: 36)
        let sign = try TestSign(output: panel)
        try await Self.show(sign, 0.1)
        #expect(panel.shown.count == 1)

        panel.unplug()
        try await sign.settle()
        #expect(sign.pipeline.status.output.isDark)
        // Frames go on being drawn (the screenshot follows) while the panel drops them.
        try await Self.show(sign, 0.9)
        #expect(panel.shown.count == 1 && panel.dropped == 1)
        let onScreen = try await sign.images.screenshot()

        panel.plug(width: 64, height: 36)
        try await sign.settle()
        #expect(panel.shown.count == 2, "repainted at once")
        #expect(try await sign.images.screenshot() == onScreen)
        let canvas = try Canvas(width: 64, height: 36)
        try SceneRenderer(fontDirectory: nil).render(Self.scene(0.9), into: canvas)
        #expect(panel.shown.last == canvas.withPixels { pixels, _, _, _ in Array(pixels) }, "the latest frame")
        #expect(!sign.pipeline.status.output.isDark)
        try await sign.settle()
        #expect(panel.shown.count == 2, "nothing changed: nothing shown again")
    }

    @Test func backAtAnotherSizeTheSignDrawsAfresh() async throws {
        let panel = ScriptedPanel(width: 64, height: 36)
        let sign = try TestSign(output: panel)
        try await Self.show(sign, 0.1)
        panel.unplug()
        try await sign.settle()
        panel.plug(width: 96, height: 54)
        try await sign.settle()
        // The same scene is drawn again, at the new size.
        #expect(sign.pipeline.status.size == PixelSize(width: 96, height: 54))
        #expect(panel.shown.last?.count == 96 * 54 * 4)
    }

    @Test func healthSaysWhenThePanelIsDark() async throws {
        let panel = ScriptedPanel(width: 64, height: 36)
        let sign = try TestSign(output: panel)
        var configuration = try #require(DemoConfiguration.sign(environment: [:]))
        configuration.pushToken = nil
        await sign.state.reloadLayouts(from: configuration.layoutDirectory)
        _ = await sign.loop(configuration).step(now: Date())
        let endpoints = sign.endpoints(configuration)
        try await sign.frame(after: 0)
        #expect(try await endpoints.health().status == .ok)
        panel.unplug()
        try await sign.settle()
        let dark = try await endpoints.health()
        #expect(dark.status == .serviceUnavailable)
        panel.plug(width: 64, height: 36)
        try await sign.settle()
        #expect(try await endpoints.health().status == .ok)
    }

    @Test func thePanelIsLookedAtNowAndThenBesidesHotplugEvents() {
        let schedule = ProbeSchedule()
        #expect(schedule.interval(lit: false) == .seconds(5))
        #expect(schedule.interval(lit: true) == .seconds(10))
    }
}
