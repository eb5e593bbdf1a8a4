import Foundation
import KosatsuDisplay
import KosatsuRender
import Logging
import ServiceLifecycle

/// Frames straight to the panel through KMS/DRM: the canvas's pixels are copied into the back
/// buffer and flipped, without an intermediate copy. Follows the connector being unplugged and
/// plugged in again (DRM hotplug uevents, and a look now and then in case one is missed).
final class PanelOutput: FrameOutput {
    let kind = "drm"
    private let display: DisplayOutput
    private(set) var pixelSize: (width: Int, height: Int)
    private let hotplug: HotplugMonitor?
    private let probes: ProbeSchedule
    private var lastProbe = ContinuousClock.now
    private let logger: Logger

    /// `size` is the frame size while the panel is dark at start (a sign waiting for its display).
    init(
        display: DisplayOutput, size: PixelSize, hotplug: HotplugMonitor?, probes: ProbeSchedule = ProbeSchedule(),
        logger: Logger
    ) {
        self.display = display
        self.hotplug = hotplug
        self.probes = probes
        self.logger = logger
        pixelSize = display.size.map { ($0.width, $0.height) } ?? (size.width, size.height)
    }

    var description: String { "\(display.connectorName ?? display.card.path) \(pixelSize.width)x\(pixelSize.height)" }

    var state: OutputState {
        OutputState(state: display.isLit ? "lit" : "dark", connector: display.connectorName)
    }

    func present(_ canvas: Canvas) throws {
        try canvas.withPixels { (pixels, width, height, stride) throws(DisplayError) in
            try display.present(pixels: pixels, width: width, height: height, stride: stride, damage: [])
        }
        _ = try display.waitForFlip()
    }

    func reprobe() throws -> OutputChange? {
        let event = hotplug?.waitForChange(timeout: .zero) ?? false
        let now = ContinuousClock.now
        guard event || now - lastProbe >= probes.interval(lit: display.isLit) else {
            return nil
        }
        lastProbe = now
        if event { logger.info("a DRM hotplug event: looking at the panel again") }
        switch try display.reprobe() {
        case .unchanged:
            return nil
        case .dark(let connector):
            return .dark(connector: connector)
        case .lit(let connector, let size):
            pixelSize = (size.width, size.height)
            return .lit(connector: connector, width: size.width, height: size.height)
        }
    }

    /// Gives the console its screen back.
    func close() {
        display.close()
    }
}

/// How often the panel is looked at without a hotplug event. Not every change sends one (bochs
/// sends none when its connector is forced off through sysfs), so a lit panel is looked at every
/// 10 s too; asking a connector for its state may make the driver read the monitor's EDID, a few
/// milliseconds of I2C, which every 10 s costs an idle sign nothing it would notice.
struct ProbeSchedule: Sendable {
    var whileDark: Duration = .seconds(5)
    var whileLit: Duration = .seconds(10)

    func interval(lit: Bool) -> Duration {
        lit ? whileLit : whileDark
    }
}

/// Looks after the panel while the sign runs: unplugged, it goes dark and the sign runs on; back,
/// the frame on screen is shown again at once (or drawn afresh at a new size).
struct PanelWatcher: Service {
    let presenter: Presenter
    let state: SignState
    /// How often the hotplug socket is read; a poll that finds nothing costs a system call.
    var interval: Duration = .seconds(1)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if await presenter.followOutput() { await state.doorbell.ring() }
            }
        }
        // A service that returns ends the whole group: stay until the sign shuts down.
        try? await gracefulShutdown()
    }
}

extension OutputSelection {
    /// The panel, when DRM is wanted and a card answers; nil otherwise (with a log line saying
    /// why), so the sign falls back to the preview rather than not running. With `kind: drm` a
    /// card whose connector is unplugged is kept, dark, until a display appears.
    static func panel(_ configuration: OutputConfiguration, logger: Logger) -> PanelOutput? {
        guard configuration.kind != .preview else { return nil }
        var mode: ModeRequest?
        if let text = configuration.mode {
            do { mode = try ModeRequest(parsing: text) } catch {
                logger.error("output.mode '\(text)': \(error); using the panel's preferred mode")
            }
        }
        let options = DisplayOptions(
            cardPath: configuration.card, connectorName: configuration.connector, mode: mode,
            rotation: Rotation(degrees: configuration.rotation) ?? .degrees0,
            masterRetry: RetryPolicy(attempts: 3, delay: .milliseconds(500)),
            waitsForConnector: configuration.kind == .drm,
            log: { line in Logger(label: "kosatsu.display").info("\(line)") })
        do {
            let display = try DisplayOutput.open(options)
            if display.size == nil && configuration.kind != .drm {
                logger.warning("the panel is dark (no connector); showing the preview only")
                display.close()
                return nil
            }
            let hotplug: HotplugMonitor?
            do {
                hotplug = try HotplugMonitor()
            } catch {
                hotplug = nil
                logger.warning("\(error.message); the panel is looked at every 10 s only")
            }
            if display.size == nil { logger.warning("the panel is dark (nothing plugged in); waiting for a display") }
            return PanelOutput(
                display: display,
                size: PixelSize(width: configuration.previewWidth, height: configuration.previewHeight),
                hotplug: hotplug, logger: logger)
        } catch {
            let level: Logger.Level = configuration.kind == .drm ? .error : .info
            logger.log(level: level, "no DRM output (\(error)); showing the preview only")
            return nil
        }
    }
}
