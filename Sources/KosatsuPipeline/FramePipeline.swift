public import Foundation
import KosatsuRender
public import KosatsuScene
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How the pipeline paces frames.
public struct PipelineOptions: Sendable {
    /// Frames per second while something moves: the preview's rate, and a ceiling on DRM, where the
    /// panel's page flips pace frames (drivers under emulation complete flips at once).
    public var framesPerSecond: Double = 60
    /// While frames are drawn, a debug line this often: frame rate, missed frames, frame times, CPU.
    public var statisticsInterval: Duration = .seconds(5)

    public init(framesPerSecond: Double = 60) {
        self.framesPerSecond = min(max(framesPerSecond, 1), 240)
    }

    var frameInterval: Duration { .nanoseconds(Int64(1e9 / framesPerSecond)) }
}

/// One presented frame, as the render thread saw it.
public struct FrameReport: Sendable {
    public var sequence: Int
    /// What the screen shows (the request's label).
    public var label: String
    /// The pixels presented; empty for the whole frame.
    public var damage: [DamageRect]
    public var damagedPixels: Int
    /// Drawing into the canvas (scene diff, cairo).
    public var render: Duration
    /// Waiting for the previous flip, copying into the back buffer and queueing the flip; when nothing
    /// moves after this frame, also the wait for its own flip.
    public var present: Duration
    /// Display refreshes skipped before this frame while something moved (late flips, frames over budget).
    public var missed: Int
    /// The frame that shows a request whole (its first, or the last of its transition): from posting
    /// the request to this frame presented.
    public var sincePosted: Duration?
    /// The flip is known to be done: the frame is on screen.
    public var onScreen: Bool

    /// CPU time of the frame on the render thread (render and present).
    public var frameTime: Duration { render + present }
}

/// What the pipeline is doing, readable at any time without waiting for a frame (`/healthz`, metrics).
public struct PipelineStatus: Sendable {
    /// Frames presented so far.
    public var sequence = 0
    public var framesMissed = 0
    public var lastFrame: Date?
    /// Frames presented in the last second.
    public var framesPerSecond = 0.0
    /// Whether something moves (frames keep coming) or the screen is still.
    public var isMoving = false
    public var output: OutputState
    public var outputKind: String
    public var size: PixelSize
    /// The label of the request on screen.
    public var showing: String?
    /// When the render thread last went round its loop (it does at least every second).
    public var heartbeat = ContinuousClock.now
}

/// The one way frames reach an output, for `kosatsu run` and `kosatsu show` alike.
///
/// A dedicated render thread — not Swift's cooperative pool — owns the renderer (Cairo, FreeType,
/// HarfBuzz) and the output (DRM). Callers post what to show (`show(_:)`, never blocking); the thread
/// draws it in its next frame and, while anything moves (a ticker, a transition), goes on drawing
/// frames paced by the display: by page-flip events on DRM (one flip in flight, never queued ahead)
/// and at `framesPerSecond` at most; when nothing moves it draws nothing and sleeps until told
/// otherwise. Each frame redraws only what changed and presents only that damage.
public final class FramePipeline: Sendable {
    public let tap: FrameTap
    private let mailbox = Mailbox()
    private let statusLock: Locked<PipelineStatus>
    private let finished = DispatchSemaphore(value: 0)
    private let renderLoop: Confined<RenderLoop>

    /// `onFrame` runs on the render thread after each presented frame (keep it short: metrics, a log
    /// line); `onOutputChange` when the panel went dark or came back.
    public init(
        output: any FrameOutput, fontDirectory: String?, options: PipelineOptions = PipelineOptions(),
        logger: Logger, onFrame: @escaping @Sendable (FrameReport) -> Void = { _ in },
        onOutputChange: @escaping @Sendable (OutputChange) -> Void = { _ in }
    ) throws {
        let renderer = try SceneRenderer(fontDirectory: fontDirectory)
        let composer = try FrameComposer(renderer: renderer, size: output.pixelSize)
        let mailbox = self.mailbox
        let tap = FrameTap { mailbox.ring() }
        self.tap = tap
        let status = Locked(
            PipelineStatus(output: output.state, outputKind: output.kind, size: output.pixelSize))
        statusLock = status
        renderLoop = Confined(
            RenderLoop(
                output: output, composer: composer, mailbox: mailbox, tap: tap, status: status, options: options,
                logger: logger, onFrame: onFrame, onOutputChange: onOutputChange))
    }

    /// Starts the render thread.
    public func start() {
        let loop = renderLoop
        let finished = self.finished
        let thread = Thread {
            loop.value.run()
            finished.signal()
        }
        thread.name = "kosatsu-render"
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// What to show from the next frame on. Never blocks: a newer request replaces one not drawn yet.
    public func show(_ request: FrameRequest) {
        mailbox.post(request)
    }

    public var status: PipelineStatus { statusLock.withLock { $0 } }

    /// Runs `body` on the render thread between two frames, with the output and the composer.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (any FrameOutput, FrameComposer) throws -> T)
        async throws -> T
    {
        try await withCheckedThrowingContinuation { continuation in
            mailbox.post(
                command: { loop in
                    continuation.resume(with: Result { try body(loop.output, loop.composer) })
                })
        }
    }

    /// `perform` for callers that are not async (`kosatsu show`): blocks the calling thread.
    public func performAndWait<T: Sendable>(_ body: @escaping @Sendable (any FrameOutput, FrameComposer) throws -> T)
        throws -> T
    {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<T, any Error>>(.failure(CancellationError()))
        mailbox.post(
            command: { loop in
                let outcome = Result { try body(loop.output, loop.composer) }
                result.withLock { $0 = outcome }
                done.signal()
            })
        done.wait()
        return try result.withLock { $0 }.get()
    }

    /// Shows the first frame at start: the last good frame from `cachedFrame` when there is one of the
    /// right size, else `splash`. Returns whether the cached frame was used, once it is on screen.
    public func showFirst(cachedFrame: String?, splash: FrameRequest) async throws -> Bool {
        try await perform { output, composer in
            if let cachedFrame, FileManager.default.fileExists(atPath: cachedFrame),
                let frame = try? PNGFile.read(cachedFrame), frame.width == composer.size.width,
                frame.height == composer.size.height
            {
                try composer.show(frame)
                _ = try output.waitForFlip()
                try output.present(composer.canvas, damage: [])
                _ = try output.waitForFlip()
                return true
            }
            try composer.take(splash)
            let damage = try composer.compose(at: .now)
            _ = try output.waitForFlip()
            try output.present(composer.canvas, damage: damage)
            _ = try output.waitForFlip()
            return false
        }
    }

    /// Stops the render thread once the frame on screen has flipped, and closes the output (a panel
    /// gives the console back).
    public func stop() async {
        mailbox.stop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = self.finished
            DispatchQueue.global().async {
                finished.wait()
                finished.signal()
                continuation.resume()
            }
        }
    }

    /// `stop()` for callers that are not async.
    public func stopAndWait() {
        mailbox.stop()
        finished.wait()
        finished.signal()
    }
}

/// A value behind a lock, shared by reference between threads.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}

/// Hands a value to the one thread that will use it from then on.
final class Confined<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// What the render thread is told between frames; the newest request wins.
final class Mailbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var request: (FrameRequest, ContinuousClock.Instant)?
    private var commands: [(RenderLoop) -> Void] = []
    private var stopping = false
    private var rung = false

    struct Mail {
        var request: (FrameRequest, ContinuousClock.Instant)?
        var commands: [(RenderLoop) -> Void]
        var stop: Bool
    }

    func post(_ request: FrameRequest) {
        condition.withLock {
            self.request = (request, .now)
            condition.signal()
        }
    }

    func post(command: @escaping (RenderLoop) -> Void) {
        condition.withLock {
            commands.append(command)
            condition.signal()
        }
    }

    func stop() {
        condition.withLock {
            stopping = true
            condition.signal()
        }
    }

    /// Wakes the thread without news (a consumer of the tap is waiting).
    func ring() {
        condition.withLock {
            rung = true
            condition.signal()
        }
    }

    /// What arrived, waiting until `deadline` (wall clock) when nothing has.
    func take(waitingUntil deadline: Date?) -> Mail {
        condition.lock()
        defer { condition.unlock() }
        if let deadline {
            while request == nil, commands.isEmpty, !stopping, !rung {
                if !condition.wait(until: deadline) { break }
            }
        }
        let mail = Mail(request: request, commands: commands, stop: stopping)
        request = nil
        commands = []
        rung = false
        return mail
    }
}

/// The render thread's own state: the output, the composer, pacing and statistics.
final class RenderLoop {
    let output: any FrameOutput
    let composer: FrameComposer
    private let mailbox: Mailbox
    private let tap: FrameTap
    private let status: Locked<PipelineStatus>
    private let options: PipelineOptions
    private let logger: Logger
    private let onFrame: @Sendable (FrameReport) -> Void
    private let onOutputChange: @Sendable (OutputChange) -> Void

    private var sequence = 0
    private var framesMissed = 0
    /// When the last frame started, if it was a moving one (the next is due an interval later).
    private var lastMovingFrame: ContinuousClock.Instant?
    private var lastProbe = ContinuousClock.now
    /// The request not yet on screen: its label and when it was posted.
    private var pending: (label: String, posted: ContinuousClock.Instant)?
    private var recent: [ContinuousClock.Instant] = []
    private var window = Statistics()

    init(
        output: any FrameOutput, composer: FrameComposer, mailbox: Mailbox, tap: FrameTap,
        status: Locked<PipelineStatus>, options: PipelineOptions, logger: Logger,
        onFrame: @escaping @Sendable (FrameReport) -> Void, onOutputChange: @escaping @Sendable (OutputChange) -> Void
    ) {
        self.output = output
        self.composer = composer
        self.mailbox = mailbox
        self.tap = tap
        self.status = status
        self.options = options
        self.logger = logger
        self.onFrame = onFrame
        self.onOutputChange = onOutputChange
    }

    func run() {
        let interval = options.frameInterval
        while true {
            let now = ContinuousClock.now
            // Asleep until the next frame is due (when something moves), else for up to a second:
            // the panel is looked at and the heartbeat kept even on a still screen.
            var wake = now + .seconds(1)
            if composer.hasWork {
                wake = min(wake, composer.isMoving ? (lastMovingFrame.map { $0 + interval } ?? now) : now)
            }
            let mail = mailbox.take(waitingUntil: wake > now ? Date() + (wake - now).inSeconds : nil)
            if mail.stop {
                finish()
                return
            }
            for command in mail.commands { command(self) }
            var fresh = false
            if let (request, posted) = mail.request {
                do {
                    try composer.take(request)
                    pending = (request.label, posted)
                    fresh = true
                } catch {
                    logger.error("frame pipeline: cannot take '\(request.label)': \(error)")
                }
            }
            followOutput()
            let current = ContinuousClock.now
            let due = !composer.isMoving || fresh || lastMovingFrame.map { current >= $0 + interval } ?? true
            if composer.hasWork, due { frame(startingAt: current) }
            if let wanted = tap.wanted(), wanted < sequence || (sequence == 0 && wanted < 0) {
                tap.deliver(PresentedFrame(sequence: sequence, frame: composer.canvas.frame()))
            }
            status.withLock {
                $0.heartbeat = .now
                $0.isMoving = composer.isMoving
                $0.output = output.state
                $0.size = composer.size
                $0.framesPerSecond = framesPerSecond(at: .now)
            }
        }
    }

    private func frame(startingAt start: ContinuousClock.Instant) {
        let interval = options.frameInterval
        let damage: [DamageRect]
        do {
            damage = try composer.compose(at: start)
        } catch {
            logger.error("frame not drawn, keeping the one on screen: \(error)")
            lastMovingFrame = nil
            return
        }
        guard !damage.isEmpty else {
            lastMovingFrame = composer.isMoving ? start : nil
            return
        }
        var missed = 0
        if let last = lastMovingFrame, composer.isMoving {
            missed = max(0, Int(((start - last).inSeconds / interval.inSeconds).rounded()) - 1)
        }
        let rendered = ContinuousClock.now
        var onScreen = false
        do {
            // One flip in flight: the previous frame's flip is done before this one is queued.
            _ = try output.waitForFlip()
            try output.present(composer.canvas, damage: damage)
            if !composer.isMoving { onScreen = try output.waitForFlip() }
        } catch {
            logger.error("frame not shown, keeping the one on screen: \(error)")
        }
        let presented = ContinuousClock.now
        sequence += 1
        framesMissed += missed
        lastMovingFrame = composer.isMoving ? start : nil
        let whole = damage.count == 1 && damage[0] == DamageRect(size: composer.size)
        // A request is on screen once it is there whole: after its transition, if it has one.
        let arrived = composer.isInTransition ? nil : pending
        let report = FrameReport(
            sequence: sequence, label: composer.label ?? "", damage: whole ? [] : damage,
            damagedPixels: damage.reduce(0) { $0 + $1.area }, render: rendered - start, present: presented - rendered,
            missed: missed, sincePosted: arrived.map { presented - $0.posted }, onScreen: onScreen)
        if let arrived, let since = report.sincePosted {
            logger.debug(
                "frame \(sequence): \(arrived.label) on screen \(Self.milliseconds(since)) ms after it was posted")
            pending = nil
        }
        recent.append(presented)
        window.add(report, at: presented)
        status.withLock {
            $0.sequence = sequence
            $0.framesMissed = framesMissed
            $0.lastFrame = Date()
            $0.showing = composer.label
        }
        onFrame(report)
        if let line = window.summary(every: options.statisticsInterval, at: presented) { logger.debug("\(line)") }
    }

    /// Follows the panel being unplugged and plugged in again: while it is dark frames are drawn
    /// (for the preview) but dropped; when it is back the frame on screen is shown again at once.
    private func followOutput() {
        guard let probeInterval = output.probeInterval, ContinuousClock.now - lastProbe >= probeInterval else {
            return
        }
        lastProbe = .now
        let change: OutputChange?
        do {
            change = try output.reprobe()
        } catch {
            logger.error("cannot look at the panel again, trying later: \(error)")
            return
        }
        guard let change else { return }
        switch change {
        case .dark(let connector):
            logger.warning(
                "the panel went dark (\(connector) unplugged); the sign runs on and shows it again when it is back")
        case .lit(let connector, let size) where size == composer.size:
            do {
                _ = try output.waitForFlip()
                try output.present(composer.canvas, damage: [])
                logger.notice("the panel is back on \(connector): repainted the frame on screen")
            } catch {
                logger.error("the panel is back on \(connector) but the frame was not shown: \(error)")
            }
        case .lit(let connector, let size):
            do {
                try composer.resize(to: size)
                logger.notice("the panel is back on \(connector) at \(size): drawing afresh")
            } catch {
                logger.error("no canvas of \(size): \(error)")
            }
        }
        onOutputChange(change)
    }

    private func framesPerSecond(at now: ContinuousClock.Instant) -> Double {
        recent.removeAll { now - $0 > .seconds(1) }
        return Double(recent.count)
    }

    private func finish() {
        _ = try? output.waitForFlip()
        output.close()
    }

    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f", duration.inSeconds * 1000)
    }
}

/// Frame figures over a few seconds, for the debug line operators and the QEMU tests read.
struct Statistics {
    private var started: ContinuousClock.Instant?
    private var last: ContinuousClock.Instant?
    private var cpuAtStart = 0.0
    private var frames = 0
    private var missed = 0
    private var times: [Double] = []

    mutating func add(_ report: FrameReport, at instant: ContinuousClock.Instant) {
        // A still screen between frames starts a new window: the figures are of moving stretches.
        if let last, instant - last > .seconds(1) { self = Statistics() }
        last = instant
        if started == nil {
            started = instant
            cpuAtStart = Self.processCPU()
        }
        frames += 1
        missed += report.missed
        times.append(report.frameTime.inSeconds * 1000)
    }

    /// "frames: 300 in 5.0 s (60.0/s), 0 missed, frame time p50 0.4 ms p99 0.9 ms, CPU 6.1 % of a core".
    mutating func summary(every interval: Duration, at instant: ContinuousClock.Instant) -> String? {
        guard let started, instant - started >= interval, frames > 0 else { return nil }
        let seconds = (instant - started).inSeconds
        let cpu = (Self.processCPU() - cpuAtStart) / seconds * 100
        let sorted = times.sorted()
        let p50 = sorted[sorted.count / 2]
        let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        let line = String(
            format:
                "frames: %d in %.1f s (%.1f/s), %d missed, frame time p50 %.2f ms p99 %.2f ms, CPU %.1f %% of a core",
            frames, seconds, Double(frames) / seconds, missed, p50, p99, cpu)
        self = Statistics()
        return line
    }

    /// CPU time the whole process has used, in seconds.
    static func processCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
