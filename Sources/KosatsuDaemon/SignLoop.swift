import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuPipeline
import KosatsuScene
import Logging
import ServiceLifecycle

/// The sign's heartbeat: decide what to show, evaluate it into a scene and hand it to the frame
/// pipeline, then sleep until the page, the minute or the data changes. It never waits for a frame:
/// the pipeline's render thread draws the scene in its next frame and keeps tickers moving by itself.
struct SignLoop: Service {
    let state: SignState
    let pipeline: FramePipeline
    let images: PreviewImages
    let screen: ScreenStatus
    let schedule: Schedule
    let configuration: SignConfiguration
    let notifier: SystemdNotifier
    let logger: Logger
    /// Told what is on screen after each step, for the fleet status (nil without `mqtt:`).
    var onScreen: OnScreen?
    /// What was posted last, to tell a new page (which may fade in) from the same page updated.
    let memory = Memory()

    /// The loop's own memory between steps.
    actor Memory {
        var choice: ScreenChoice?
        var scene: Scene?
        var lastCached = Date.distantPast

        func remember(_ choice: ScreenChoice, _ scene: Scene) -> (previous: ScreenChoice?, changed: Bool) {
            defer {
                self.choice = choice
                self.scene = scene
            }
            return (self.choice, scene != self.scene)
        }

        /// Whether the frame should be cached now (every 10 minutes), and notes it.
        func cacheDue(at now: Date) -> Bool {
            guard now.timeIntervalSince(lastCached) > SignLoop.cacheInterval else { return false }
            lastCached = now
            return true
        }
    }

    /// Encoding a 1080p PNG costs more than drawing a frame: the boot cache is written at most every
    /// 10 minutes (and at shutdown); it only bridges the moments before live data.
    static let cacheInterval: TimeInterval = 600

    var cacheFile: String { configuration.cacheDirectory + "/last-frame.png" }

    func run() async throws {
        // Something on screen before any network or layout: the last good frame, else a splash.
        let splash = FrameRequest(
            scene: Splash.scene, time: Date(), label: "splash")
        let first: String
        do {
            if await state.holdsEmergency, let takeover = await firstEmergencyFrame(now: Date()) {
                // An alert restored from before the restart: its screen is the first frame, never
                // the cached board (the layouts are read first; the built-in ones need no disk).
                _ = try await pipeline.showFirst(cachedFrame: nil, splash: takeover)
                first = "the emergency screen of the restored alert board (\(takeover.label))"
            } else {
                first =
                    try await pipeline.showFirst(cachedFrame: cacheFile, splash: splash)
                    ? "the last good frame from \(configuration.cacheDirectory)" : "the splash"
            }
        } catch {
            first = "nothing (\(error))"
        }
        // `make bench` and the QEMU test read this line: start to first frame is a promise (300 ms).
        let sinceStart = ProcessClock.milliseconds(ProcessClock.sinceProcessStart())
        logger.info("first frame on screen \(sinceStart) ms after the process started: \(first)")
        notifier.ready()
        await state.reloadLayouts(from: configuration.layoutDirectory)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let timeout = await step(now: Date())
                await state.doorbell.wait(timeout: timeout)
            }
        }
        notifier.stopping()
        if screen.showing == .board { await persistFrame() }
        await pipeline.stop()
    }

    /// The choice at `now` and its scene (nil when its layout is not loaded).
    func decide(now: Date) async -> (ScreenChoice, Scene?) {
        await state.tick(now: now)
        let emergency = await state.emergency(at: now)
        let layouts = await state.layouts
        let snapshot = await state.screenSnapshot()
        let choice = schedule.choice(at: now, layouts: layouts, snapshot: snapshot, emergency: emergency)
        guard let layout = layouts[choice.layout] else { return (choice, nil) }
        let size = pipeline.status.size
        let scene = layout.scene(
            page: choice.page, snapshot: snapshot, at: now, language: choice.language,
            output: Size(width: Double(size.width), height: Double(size.height)))
        return (choice, scene)
    }

    /// The emergency (or calm) screen as the first frame, when the restored board holds one.
    func firstEmergencyFrame(now: Date) async -> FrameRequest? {
        await state.reloadLayouts(from: configuration.layoutDirectory)
        let (choice, scene) = await decide(now: now)
        guard let scene, choice.reason == .emergency || choice.reason == .calm else { return nil }
        _ = await memory.remember(choice, scene)
        screen.update(choice, at: now)
        await onScreen?.record(choice)
        return FrameRequest(scene: scene, time: now, label: "\(choice.layout) (\(choice.reason.rawValue), restored)")
    }

    /// One look at the world; returns how long until something is due to change by itself.
    func step(now: Date) async -> Duration {
        let (choice, decided) = await decide(now: now)
        screen.stepped(at: now)
        if let scene = decided {
            let (previous, changed) = await memory.remember(choice, scene)
            if changed {
                let label =
                    "\(choice.layout) page \(choice.page + 1) \(choice.language.rawValue) (\(choice.reason.rawValue))"
                pipeline.show(
                    FrameRequest(
                        scene: scene, time: now, transition: transition(to: choice, from: previous), label: label))
                logger.debug("frame: \(label)")
            }
            screen.update(choice, at: now)
            await onScreen?.record(choice)
            if choice.reason == .playlist, await memory.cacheDue(at: now) {
                Task { await persistFrame() }
            }
        }
        // Wake for the next page, the next minute (clocks), or at most every 10 s (alert expiry).
        let seconds = now.timeIntervalSince1970
        var wait = 60 - seconds.truncatingRemainder(dividingBy: 60)
        if let until = choice.until { wait = min(wait, max(until.timeIntervalSince(now), 0.05)) }
        return .milliseconds(Int(min(wait, 10) * 1000) + 5)
    }

    /// A new playlist page enters with its entry's transition; everything else — the same page with new
    /// data, and any change to or from an emergency or calm screen — is a cut: never a fade into an alert.
    func transition(to choice: ScreenChoice, from previous: ScreenChoice?) -> Transition {
        guard let previous, choice.reason == .playlist, previous.reason == .playlist else { return .cut }
        let samePage =
            previous.layout == choice.layout && previous.page == choice.page && previous.language == choice.language
        return samePage ? .cut : choice.transition
    }

    /// Writes the frame on screen as the one to show at the next start (board frames only: a restart
    /// must not resurrect an alert screen the board no longer holds).
    func persistFrame() async {
        do {
            let png = try await images.screenshot()
            try png.write(to: URL(fileURLWithPath: cacheFile), options: .atomic)
        } catch {
            logger.warning("last frame not cached: \(error)")
        }
    }
}

/// What a sign shows while it starts with nothing cached.
enum Splash {
    static var scene: Scene {
        let canvas = Size(width: 1920, height: 1080)
        let title = TextItem(
            frame: Rect(x: 0, y: 420, width: 1920, height: 160),
            spans: [
                TextSpan(
                    text: "高札 Kosatsu", style: TextStyle(font: FontRequest(weight: .bold), size: 120, color: .white))
            ],
            paragraph: ParagraphStyle(alignment: .center, verticalAlignment: .middle))
        let status = TextItem(
            frame: Rect(x: 0, y: 600, width: 1920, height: 80),
            spans: [
                TextSpan(
                    text: "起動しています… Starting",
                    style: TextStyle(size: 48, color: Color(red: 0.75, green: 0.8, blue: 0.9)))
            ],
            paragraph: ParagraphStyle(alignment: .center))
        return Scene(
            canvas: canvas, background: .solid(Color(red: 0.04, green: 0.1, blue: 0.2)),
            items: [.text(title), .text(status)])
    }
}
