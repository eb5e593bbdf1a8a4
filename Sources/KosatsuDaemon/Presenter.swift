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
    func present(_ canvas: Canvas) throws
    /// Releases the output (a panel gives the console back).
    func close()
}

/// Frames shown only through `GET /screenshot.png` (a laptop, CI, a sign without a panel).
final class PreviewOutput: FrameOutput {
    let kind = "preview"
    let pixelSize: (width: Int, height: Int)

    init(width: Int, height: Int) {
        pixelSize = (width, height)
    }

    func present(_ canvas: Canvas) throws {}
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
    private let frames: Counter
    private let renderTime: Timer
    private let cacheFile: String?
    private var lastCached = Date.distantPast
    static let cacheInterval: TimeInterval = 600
    private var showsCacheable = false

    init(
        fontDirectory: String, output: any FrameOutput, cacheDirectory: String?, logger: Logger,
        factory: any MetricsFactory
    )
        throws
    {
        renderer = try SceneRenderer(fontDirectory: fontDirectory)
        self.output = output
        canvas = try Canvas(width: output.pixelSize.width, height: output.pixelSize.height)
        self.logger = logger
        frames = Counter(label: "kosatsu_frames_total", factory: factory)
        renderTime = Timer(label: "kosatsu_render_seconds", factory: factory)
        cacheFile = cacheDirectory.map { $0 + "/last-frame.png" }
    }

    var outputKind: String { output.kind }
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
        frames.increment()
        renderTime.recordNanoseconds(Int64((ContinuousClock.now - started).components.attoseconds / 1_000_000_000))
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

    /// Lets go of the output at shutdown.
    func close() { output.close() }

    /// The frame on screen now, as PNG.
    func screenshot() throws -> Data { try canvas.pngData() }
}
