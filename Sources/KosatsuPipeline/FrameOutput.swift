public import KosatsuRender
public import KosatsuScene

/// Where the pipeline's frames go: the panel (KMS/DRM), the preview only, or nowhere.
///
/// Called only from the pipeline's render thread; implementations own C resources and are not `Sendable`.
public protocol FrameOutput: AnyObject {
    /// `drm`, `preview` or `null`, for health and logs.
    var kind: String { get }
    /// The frame size the output wants.
    var pixelSize: PixelSize { get }
    /// Whether frames reach a screen now, and which.
    var state: OutputState { get }
    /// Hands the canvas's `damage` (empty: all of it) to the screen and returns once it is on its way
    /// (a page flip queued). Call `waitForFlip()` first: one flip in flight, never more.
    func present(_ canvas: Canvas, damage: [DamageRect]) throws
    /// Returns once the last presented frame is on screen (the page-flip event), at once where there
    /// is nothing to wait for; false when the event did not come in time.
    func waitForFlip() throws -> Bool
    /// How often to look at the panel again without an event (nil: never).
    var probeInterval: Duration? { get }
    /// Looks at the panel again if it may have changed; nil when nothing did.
    func reprobe() throws -> OutputChange?
    /// Releases the output (a panel gives the console back).
    func close()
}

extension FrameOutput {
    public func waitForFlip() throws -> Bool { true }
    public var probeInterval: Duration? { nil }
    public func reprobe() throws -> OutputChange? { nil }
    public func close() {}
}

/// What `GET /healthz` says about the output.
public struct OutputState: Sendable, Hashable, Encodable {
    /// `lit` (frames reach the panel), `dark` (its connector is unplugged), `preview` or `null`.
    public var state: String
    /// The connector in use, or the last one lit ("HDMI-A-1").
    public var connector: String?

    public init(state: String, connector: String? = nil) {
        self.state = state
        self.connector = connector
    }

    public var isDark: Bool { state == "dark" }
}

/// A change of the panel found by `FrameOutput.reprobe()`.
public enum OutputChange: Sendable, Hashable {
    /// Lit again (or anew): the whole frame must be shown again, at this size.
    case lit(connector: String, size: PixelSize)
    /// Unplugged: frames are dropped until it is back.
    case dark(connector: String)
}

/// Frames shown only through the HTTP preview (`GET /screenshot.png`, `/stream.mjpeg`): a laptop, CI,
/// a sign without a panel.
public final class PreviewOutput: FrameOutput {
    public let kind = "preview"
    public let pixelSize: PixelSize
    public let state = OutputState(state: "preview")

    public init(size: PixelSize) {
        pixelSize = size
    }

    public func present(_ canvas: Canvas, damage: [DamageRect]) throws {}
}

/// Frames rendered and presented nowhere (`output: {kind: null}`): simulations of many signs and
/// headless rigs. Health, metrics and the preview still say what the sign would show.
public final class NullOutput: FrameOutput {
    public let kind = "null"
    public let pixelSize: PixelSize
    public let state = OutputState(state: "null")

    public init(size: PixelSize) {
        pixelSize = size
    }

    public func present(_ canvas: Canvas, damage: [DamageRect]) throws {}
}
