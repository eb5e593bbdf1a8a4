import Foundation
import KosatsuRender
import KosatsuScene
import Logging
import Metrics

/// Where frames go once drawn: the panel, or nowhere but the preview.
protocol FrameOutput: AnyObject {
    /// `drm` or `preview`, for health and logs.
    var kind: String { get }
    /// The frame size the output wants.
    var pixelSize: (width: Int, height: Int) { get }
    /// Whether frames reach a screen now, and which.
    var state: OutputState { get }
    func present(_ canvas: Canvas) throws
    /// Looks at the panel again if it may have changed (a hotplug event, or now and then); nil when
    /// nothing did.
    func reprobe() throws -> OutputChange?
    /// Releases the output (a panel gives the console back).
    func close()
}

/// What `GET /healthz` says about the output.
struct OutputState: Sendable, Hashable, Encodable {
    /// `lit` (frames reach the panel), `dark` (its connector is unplugged), or `preview`.
    var state: String
    /// The connector in use, or the last one lit ("HDMI-A-1").
    var connector: String?

    var isDark: Bool { state == "dark" }
}

/// A change of the panel found by `FrameOutput.reprobe()`.
enum OutputChange: Sendable, Hashable {
    /// Lit again (or anew): the whole frame must be shown again, at this size.
    case lit(connector: String, width: Int, height: Int)
    /// Unplugged: frames are dropped until it is back.
    case dark(connector: String)
}

/// Frames shown only through `GET /screenshot.png` (a laptop, CI, a sign without a panel).
final class PreviewOutput: FrameOutput {
    let kind = "preview"
    let pixelSize: (width: Int, height: Int)
    let state = OutputState(state: "preview")

    init(width: Int, height: Int) {
        pixelSize = (width, height)
    }

    func present(_ canvas: Canvas) throws {}
    func reprobe() throws -> OutputChange? { nil }
    func close() {}
}

/// Owns the renderer, the frame on screen and the output: draws a scene only when it differs from
/// the one on screen, so an idle sign does next to nothing.
actor Presenter {
    private let renderer: SceneRenderer
    private let output: any FrameOutput
    private var canvas: Canvas
    private var shown: Scene?
    private(set) var lastFrame: Date?
    /// When the loop last confirmed the screen shows what it should (drawn or unchanged).
    private(set) var lastConfirmed: Date?
    private(set) var framesDrawn = 0
    private let logger: Logger
    private let metrics: SignMetrics
    private let cacheFile: String?
    private var lastCached = Date.distantPast
    static let cacheInterval: TimeInterval = 600
    private var showsCacheable = false

    init(
        fontDirectory: String, output: any FrameOutput, cacheDirectory: String?, logger: Logger,
        metrics: SignMetrics
    )
        throws
    {
        renderer = try SceneRenderer(fontDirectory: fontDirectory)
        self.output = output
        canvas = try Canvas(width: output.pixelSize.width, height: output.pixelSize.height)
        self.logger = logger
        self.metrics = metrics
        cacheFile = cacheDirectory.map { $0 + "/last-frame.png" }
    }

    var outputKind: String { output.kind }
    var outputState: OutputState { output.state }
    var size: Size { Size(width: Double(canvas.width), height: Double(canvas.height)) }

    /// Puts the last good frame from the cache on screen, if there is one of the right size.
    func showCachedFrame() -> Bool {
        guard let cacheFile, FileManager.default.fileExists(atPath: cacheFile),
            let frame = try? PNGFile.read(cacheFile), frame.width == canvas.width, frame.height == canvas.height,
            let cached = try? Canvas(frame: frame)
        else { return false }
        do {
            try output.present(cached)
            canvas = cached
            lastFrame = Date()
            return true
        } catch {
            logger.warning("cached frame not shown: \(error)")
            return false
        }
    }

    /// Draws and presents `scene` unless it is what is already on screen; true when drawn.
    @discardableResult
    func show(_ scene: Scene, cacheable: Bool) throws -> Bool {
        lastConfirmed = Date()
        if scene == shown { return false }
        let started = ContinuousClock.now
        try renderer.render(scene, into: canvas)
        try output.present(canvas)
        shown = scene
        lastFrame = Date()
        framesDrawn += 1
        metrics.frames.increment()
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        metrics.renderTime.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        showsCacheable = cacheable
        // Encoding a 1080p PNG costs more than drawing the frame: cache at most every 10 minutes
        // (and at shutdown); the cached frame only bridges the moments before live data.
        if cacheable, Date().timeIntervalSince(lastCached) > Self.cacheInterval { persistFrame() }
        return true
    }

    /// Writes the frame on screen as the one to show at the next start (playlist frames only: a
    /// restart must not resurrect an alert screen the board no longer holds).
    func persistFrame() {
        guard showsCacheable, let cacheFile else { return }
        lastCached = Date()
        do { try canvas.writePNG(to: cacheFile) } catch { logger.warning("last frame not cached: \(error)") }
    }

    /// Follows the panel being unplugged and plugged in again: while it is dark frames are drawn
    /// (for the screenshot) but dropped; when it is back the frame on screen is shown again at once.
    /// Returns true when the panel came back at another size, so the sign must draw afresh.
    func followOutput() -> Bool {
        let change: OutputChange?
        do {
            change = try output.reprobe()
        } catch {
            logger.error("cannot look at the panel again, trying later: \(error)")
            return false
        }
        switch change {
        case nil:
            return false
        case .dark(let connector):
            logger.warning(
                "the panel went dark (\(connector) unplugged); the sign runs on and shows it again when it is back")
            return false
        case .lit(let connector, let width, let height):
            guard width != canvas.width || height != canvas.height else {
                do {
                    try output.present(canvas)
                    logger.notice("the panel is back on \(connector): repainted the frame on screen")
                } catch {
                    logger.error("the panel is back on \(connector) but the frame was not shown: \(error)")
                }
                return false
            }
            do {
                canvas = try Canvas(width: width, height: height)
                shown = nil
                logger.notice("the panel is back on \(connector) at \(width)x\(height): drawing afresh")
                return true
            } catch {
                logger.error("no canvas of \(width)x\(height): \(error)")
                return false
            }
        }
    }

    /// Lets go of the output at shutdown.
    func close() { output.close() }

    /// The frame on screen now, as PNG.
    func screenshot() throws -> Data { try canvas.pngData() }
}
