public import KosatsuDisplay
public import KosatsuRender
public import KosatsuScene

/// Frames straight to the panel through KMS/DRM: the canvas's damaged pixels are copied into the back
/// buffer and flipped, without an intermediate copy. Follows the connector being unplugged and
/// plugged in again (DRM hotplug uevents, and a look now and then in case one is missed).
public final class PanelOutput: FrameOutput {
    public let kind = "drm"
    public let display: DisplayOutput
    public private(set) var pixelSize: PixelSize
    private let hotplug: HotplugMonitor?
    private let probes: ProbeSchedule
    private var lastProbe = ContinuousClock.now
    private let log: @Sendable (String) -> Void

    /// `size` is the frame size while the panel is dark at start (a sign waiting for its display).
    public init(
        display: DisplayOutput, size: PixelSize, hotplug: HotplugMonitor?, probes: ProbeSchedule = ProbeSchedule(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.display = display
        self.hotplug = hotplug
        self.probes = probes
        self.log = log
        pixelSize = display.size ?? size
    }

    public var description: String { "\(display.connectorName ?? display.card.path) \(pixelSize)" }

    public var state: OutputState {
        OutputState(state: display.isLit ? "lit" : "dark", connector: display.connectorName)
    }

    public func present(_ canvas: Canvas, damage: [DamageRect]) throws {
        try canvas.withPixels { (pixels, width, height, stride) throws(DisplayError) in
            try display.present(pixels: pixels, width: width, height: height, stride: stride, damage: damage)
        }
    }

    public func waitForFlip() throws -> Bool {
        try display.waitForFlip()
    }

    /// The hotplug socket is cheap to read: look at it every second; the connector itself less often.
    public var probeInterval: Duration? { .seconds(1) }

    public func reprobe() throws -> OutputChange? {
        let event = hotplug?.waitForChange(timeout: .zero) ?? false
        let now = ContinuousClock.now
        guard event || now - lastProbe >= probes.interval(lit: display.isLit) else {
            return nil
        }
        lastProbe = now
        if event { log("a DRM hotplug event: looking at the panel again") }
        switch try display.reprobe() {
        case .unchanged:
            return nil
        case .dark(let connector):
            return .dark(connector: connector)
        case .lit(let connector, let size):
            pixelSize = size
            return .lit(connector: connector, size: size)
        }
    }

    /// Gives the console its screen back.
    public func close() {
        display.close()
    }
}

/// How often the panel is looked at without a hotplug event. Not every change sends one (bochs
/// sends none when its connector is forced off through sysfs), so a lit panel is looked at every
/// 10 s too; asking a connector for its state may make the driver read the monitor's EDID, a few
/// milliseconds of I2C, which every 10 s costs an idle sign nothing it would notice.
public struct ProbeSchedule: Sendable {
    public var whileDark: Duration = .seconds(5)
    public var whileLit: Duration = .seconds(10)

    public init() {}

    public func interval(lit: Bool) -> Duration {
        lit ? whileLit : whileDark
    }
}
