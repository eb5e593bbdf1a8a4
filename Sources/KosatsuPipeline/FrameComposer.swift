public import Foundation
public import KosatsuRender
public import KosatsuScene

/// What the pipeline is asked to show: a scene, the time it was evaluated for, and how it enters.
public struct FrameRequest: Sendable {
    public var scene: Scene
    /// The time the scene was made for: tickers stand where this time puts them and move on from it.
    public var time: Date
    public var transition: Transition
    /// What it is, for logs and reports ("congestion-board page 1 ja (playlist)").
    public var label: String

    public init(scene: Scene, time: Date, transition: Transition = .cut, label: String = "") {
        self.scene = scene
        self.time = time
        self.transition = transition
        self.label = label
    }
}

/// Turns the scene to show into pixels, one frame at a time, redrawing only what changed: tickers
/// advance with the clock (their offset a function of time, so motion is steady whatever the frame
/// rate), the scene diff names the damaged rectangles, and only those are redrawn. A new page may fade
/// or slide in over the old one.
///
/// Not `Sendable`: it owns the renderer and the canvases, and lives on the pipeline's render thread.
/// `kosatsu-bench` drives it directly, so the benchmark measures the sign's own path.
public final class FrameComposer {
    public let renderer: SceneRenderer
    /// The frame on screen (or about to be).
    public private(set) var canvas: Canvas
    /// The scene drawn into `canvas`, exactly; nil when the canvas holds something else (a cached
    /// frame, a new size): the next frame is drawn whole.
    private var drawn: Scene?
    private var target: Target?
    private var transition: Running?

    private struct Target {
        var request: FrameRequest
        /// When the request arrived, on the monotonic clock, and how old its scene was then.
        var arrived: ContinuousClock.Instant
        var lag: Double
        var moves: Bool
    }

    private struct Running {
        var kind: Transition
        var started: ContinuousClock.Instant
        /// The screen as the transition began.
        var outgoing: Canvas
        /// The new page, drawn on its own (tickers moving), then blended over `outgoing`.
        var incoming: Canvas
        var incomingDrawn: Scene?
    }

    public init(renderer: SceneRenderer, size: PixelSize) throws {
        self.renderer = renderer
        canvas = try Canvas(width: size.width, height: size.height)
    }

    public var size: PixelSize { PixelSize(width: canvas.width, height: canvas.height) }
    /// Whether frames keep changing with time alone: a ticker scrolls or a transition runs.
    public var isMoving: Bool { transition != nil || target?.moves == true }
    /// Whether a transition is under way (the request is not whole on screen yet).
    public var isInTransition: Bool { transition != nil }
    /// Whether the next frame has anything new to draw.
    public var hasWork: Bool { transition != nil || target.map { $0.moves || drawn != $0.request.scene } ?? false }
    /// What the screen shows (the last request taken).
    public var label: String? { target?.request.label }

    /// Draws at a new size from the next frame on (the panel came back at another mode).
    public func resize(to size: PixelSize) throws {
        guard size != self.size else { return }
        canvas = try Canvas(width: size.width, height: size.height)
        drawn = nil
        transition = nil
    }

    /// Puts a finished picture on the canvas (the last good frame from the cache, at start).
    public func show(_ frame: Frame) throws {
        canvas = try Canvas(frame: frame)
        drawn = nil
        transition = nil
    }

    /// Takes what to show from the next frame on. A transition starts from what is on screen now
    /// (mid-transition too: the blend of that moment); a cut draws the new scene straight away.
    public func take(_ request: FrameRequest, at now: ContinuousClock.Instant = .now) throws {
        let lag = max(0, Date().timeIntervalSince(request.time))
        target = Target(request: request, arrived: now, lag: lag, moves: try renderer.moves(request.scene))
        guard request.transition != .cut, drawn != nil || transition != nil else {
            // A cut ends any transition: the new scene is drawn whole, over whatever was there.
            if transition != nil {
                transition = nil
                drawn = nil
            }
            return
        }
        let outgoing = canvas
        canvas = try Canvas(width: outgoing.width, height: outgoing.height)
        try canvas.paint(outgoing)
        transition = Running(
            kind: request.transition, started: now, outgoing: outgoing,
            incoming: try Canvas(width: outgoing.width, height: outgoing.height), incomingDrawn: nil)
        drawn = nil
    }

    /// The scene for the frame shown at `instant`: the request's, its tickers moved on by the time since.
    public func scene(at instant: ContinuousClock.Instant) -> Scene? {
        guard let target else { return nil }
        guard target.moves else { return target.request.scene }
        let elapsed = target.lag + (instant - target.arrived).inSeconds
        return target.request.scene.advancingTickers(by: elapsed)
    }

    /// Draws the frame for `instant` into `canvas`; returns the damaged pixels (empty: nothing changed,
    /// nothing to present).
    public func compose(at instant: ContinuousClock.Instant) throws -> [DamageRect] {
        guard let scene = scene(at: instant) else { return [] }
        let whole = [DamageRect(size: size)]
        if var running = transition {
            try draw(scene, into: running.incoming, over: &running.incomingDrawn)
            let progress = running.kind.progress(after: instant - running.started)
            if progress >= 1 {
                // The last step is the new page itself: it becomes the screen.
                canvas = running.incoming
                drawn = running.incomingDrawn
                transition = nil
                return whole
            }
            transition = running
            switch running.kind {
            case .cut:
                try canvas.paint(running.incoming)
            case .fade:
                try canvas.paint(running.outgoing)
                try canvas.paint(running.incoming, alpha: progress)
            case .slide:
                let shift = (Double(canvas.width) * progress).rounded()
                try canvas.paint(running.outgoing, x: -shift)
                try canvas.paint(running.incoming, x: Double(canvas.width) - shift)
            }
            return whole
        }
        guard let drawn else {
            try renderer.render(scene, into: canvas)
            self.drawn = scene
            return whole
        }
        let rects = scene.damage(since: drawn)
        guard !rects.isEmpty else { return [] }
        try renderer.render(scene, into: canvas, damage: rects)
        self.drawn = scene
        return SceneRenderer.pixelRects(rects, design: scene.canvas, width: canvas.width, height: canvas.height)
    }

    /// Draws `scene` into `target`, only its damage when `previous` is what `target` holds.
    private func draw(_ scene: Scene, into target: Canvas, over previous: inout Scene?) throws {
        if let previous {
            let rects = scene.damage(since: previous)
            if !rects.isEmpty { try renderer.render(scene, into: target, damage: rects) }
        } else {
            try renderer.render(scene, into: target)
        }
        previous = scene
    }
}
