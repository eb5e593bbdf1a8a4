import Foundation
import KosatsuDisplay
import KosatsuPipeline
import KosatsuScene
import Logging

/// Picks the frame output: the panel when there is one (and DRM is wanted), nowhere for `null`, else
/// the preview.
enum OutputSelection {
    static func open(_ configuration: OutputConfiguration, logger: Logger) -> any FrameOutput {
        let size = PixelSize(width: configuration.previewWidth, height: configuration.previewHeight)
        if configuration.kind == .null { return NullOutput(size: size) }
        return panel(configuration, logger: logger) ?? PreviewOutput(size: size)
    }

    /// The panel, when DRM is wanted and a card answers; nil otherwise (with a log line saying
    /// why), so the sign falls back to the preview rather than not running. With `kind: drm` a
    /// card whose connector is unplugged is kept, dark, until a display appears.
    static func panel(_ configuration: OutputConfiguration, logger: Logger) -> PanelOutput? {
        guard configuration.kind == .auto || configuration.kind == .drm else { return nil }
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
                hotplug: hotplug, log: { logger.info("\($0)") })
        } catch {
            let level: Logger.Level = configuration.kind == .drm ? .error : .info
            logger.log(level: level, "no DRM output (\(error)); showing the preview only")
            return nil
        }
    }
}
