import KosatsuDisplay
import KosatsuRender
import Logging

/// Frames straight to the panel through KMS/DRM: the canvas's pixels are copied into the back
/// buffer and flipped, without an intermediate copy.
final class PanelOutput: FrameOutput {
    let kind = "drm"
    private let display: DisplayOutput
    let pixelSize: (width: Int, height: Int)

    init(display: DisplayOutput, size: PixelSize) {
        self.display = display
        pixelSize = (size.width, size.height)
    }

    var description: String { "\(display.connectorName ?? display.card.path) \(pixelSize.width)x\(pixelSize.height)" }

    func present(_ canvas: Canvas) throws {
        try canvas.withPixels { (pixels, width, height, stride) throws(DisplayError) in
            try display.present(pixels: pixels, width: width, height: height, stride: stride, damage: [])
        }
        _ = try display.waitForFlip()
    }

    /// Gives the console its screen back.
    func close() {
        display.close()
    }
}

extension OutputSelection {
    /// The panel, when DRM is wanted and a card with a connected connector answers; nil otherwise
    /// (with a log line saying why), so the sign falls back to the preview rather than not running.
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
            log: { line in Logger(label: "kosatsu.display").info("\(line)") })
        do {
            let display = try DisplayOutput.open(options)
            guard let size = display.size else {
                logger.warning("the panel is dark (no connector); showing the preview only")
                display.close()
                return nil
            }
            return PanelOutput(display: display, size: size)
        } catch {
            let level: Logger.Level = configuration.kind == .drm ? .error : .info
            logger.log(level: level, "no DRM output (\(error)); showing the preview only")
            return nil
        }
    }
}
