import Foundation
import Hummingbird
import KosatsuAlerts
import KosatsuRender
import KosatsuScene
import Logging
import Metrics
import Prometheus
import Testing

@testable import KosatsuDaemon

/// A panel the test plugs and unplugs, as `PanelOutput` reports a DRM connector (its DRM side is
/// tested on the fake card in KosatsuDisplayTests and on real drivers under QEMU).
final class ScriptedPanel: FrameOutput, @unchecked Sendable {
    let kind = "drm"
    private(set) var pixelSize: (width: Int, height: Int)
    private(set) var isLit = true
    private var pending: OutputChange?
    /// The pixels of every frame that reached the screen.
    private(set) var shown: [[UInt8]] = []
    private(set) var dropped = 0

    init(width: Int, height: Int) {
        pixelSize = (width, height)
    }

    var state: OutputState { OutputState(state: isLit ? "lit" : "dark", connector: "HDMI-A-1") }

    func present(_ canvas: Canvas) throws {
        guard isLit else {
            dropped += 1
            return
        }
        shown.append(canvas.withPixels { pixels, _, _, _ in Array(pixels) })
    }

    func reprobe() throws -> OutputChange? {
        defer { pending = nil }
        return pending
    }

    func unplug() {
        isLit = false
        pending = .dark(connector: "HDMI-A-1")
    }

    func plug(width: Int, height: Int) {
        isLit = true
        pixelSize = (width, height)
        pending = .lit(connector: "HDMI-A-1", width: width, height: height)
    }

    func close() {}
}

@Suite struct PanelHotplugTests {
    static let fonts = HTTPEndpointTests.root.appendingPathComponent("Fonts").path

    static func scene(_ red: Double) -> Scene {
        Scene(canvas: Size(width: 1920, height: 1080), background: .solid(Color(red: red, green: 0.2, blue: 0.4)))
    }

    func presenter(_ panel: ScriptedPanel) throws -> Presenter {
        try Presenter(
            fontDirectory: Self.fonts, output: panel, cacheDirectory: nil, logger: Logger(label: "test"),
            metrics: SignMetrics(factory: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())))
    }

    @Test func unpluggedTheSignRunsOnAndBackTheFrameOnScreenIsRepainted() async throws {
        let panel = ScriptedPanel(width: 64, height: 36)
        let presenter = try presenter(panel)
        try await presenter.show(Self.scene(0.1), cacheable: true)
        #expect(panel.shown.count == 1)

        panel.unplug()
        #expect(await presenter.followOutput() == false)
        #expect(await presenter.outputState.isDark)
        // Frames go on being drawn (the screenshot follows) while the panel drops them.
        #expect(try await presenter.show(Self.scene(0.9), cacheable: true))
        #expect(panel.shown.count == 1 && panel.dropped == 1)
        let onScreen = try await presenter.screenshot()

        panel.plug(width: 64, height: 36)
        #expect(await presenter.followOutput() == false, "same size: nothing to draw afresh")
        #expect(panel.shown.count == 2, "repainted at once")
        #expect(try await presenter.screenshot() == onScreen)
        let canvas = try Canvas(width: 64, height: 36)
        try SceneRenderer(fontDirectory: Self.fonts).render(Self.scene(0.9), into: canvas)
        #expect(panel.shown.last == canvas.withPixels { pixels, _, _, _ in Array(pixels) }, "the latest frame")
        #expect(!(await presenter.outputState.isDark))
        #expect(await presenter.followOutput() == false)
        #expect(panel.shown.count == 2, "nothing changed: nothing shown again")
    }

    @Test func backAtAnotherSizeTheSignDrawsAfresh() async throws {
        let panel = ScriptedPanel(width: 64, height: 36)
        let presenter = try presenter(panel)
        try await presenter.show(Self.scene(0.1), cacheable: true)
        panel.unplug()
        _ = await presenter.followOutput()
        panel.plug(width: 96, height: 54)
        #expect(await presenter.followOutput() == true)
        #expect(await presenter.size == Size(width: 96, height: 54))
        // The same scene is drawn again, at the new size.
        #expect(try await presenter.show(Self.scene(0.1), cacheable: true))
        #expect(panel.shown.last?.count == 96 * 54 * 4)
    }

    @Test func healthSaysWhenThePanelIsDark() async throws {
        let panel = ScriptedPanel(width: 64, height: 36)
        let presenter = try presenter(panel)
        var configuration = try #require(DemoConfiguration.sign(environment: [:]))
        configuration.pushToken = nil
        let state = SignState(board: AlertBoard(area: SignArea(codes: []), now: Date()), logger: Logger(label: "test"))
        await state.reloadLayouts(from: configuration.layoutDirectory)
        let registry = PrometheusCollectorRegistry()
        let endpoints = HTTPEndpoints(
            state: state, presenter: presenter, configuration: configuration, registry: registry,
            metrics: SignMetrics(factory: PrometheusMetricsFactory(registry: registry)), logger: Logger(label: "test"))
        try await presenter.show(Self.scene(0.1), cacheable: true)
        #expect(try await endpoints.health().status == .ok)
        panel.unplug()
        _ = await presenter.followOutput()
        let dark = try await endpoints.health()
        #expect(dark.status == .serviceUnavailable)
        panel.plug(width: 64, height: 36)
        _ = await presenter.followOutput()
        #expect(try await endpoints.health().status == .ok)
    }

    @Test func thePanelIsLookedAtNowAndThenBesidesHotplugEvents() {
        let schedule = ProbeSchedule()
        #expect(schedule.interval(lit: false) == .seconds(5))
        #expect(schedule.interval(lit: true) == .seconds(10))
    }
}
