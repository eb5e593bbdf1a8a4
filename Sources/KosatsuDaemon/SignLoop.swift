import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuScene
import Logging
import ServiceLifecycle

/// The sign's heartbeat: decide what to show, draw it if it changed, tell systemd all is well,
/// then sleep until the page, the minute or the data changes.
struct SignLoop: Service {
    let state: SignState
    let presenter: Presenter
    let schedule: Schedule
    let configuration: SignConfiguration
    let notifier: SystemdNotifier
    let logger: Logger
    /// Told what is on screen after each step, for the fleet status (nil without `mqtt:`).
    var onScreen: OnScreen?

    func run() async throws {
        // Something on screen before any network or layout: the last good frame, else a splash.
        let first: String
        if await presenter.showCachedFrame() {
            first = "the last good frame from \(configuration.cacheDirectory)"
        } else {
            try await presenter.show(Splash.scene(size: await presenter.size), cacheable: false)
            first = "the splash"
        }
        // `make bench` and the QEMU test read this line: start to first frame is a promise (300 ms).
        let sinceStart = ProcessClock.milliseconds(ProcessClock.sinceProcessStart())
        logger.info("first frame on screen \(sinceStart) ms after the process started: \(first)")
        notifier.ready()
        await state.reloadLayouts(from: configuration.layoutDirectory)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let timeout = await step(now: Date())
                notifier.watchdog()
                await state.doorbell.wait(timeout: timeout)
            }
        }
        notifier.stopping()
        await presenter.persistFrame()
        await presenter.close()
    }

    /// One look at the world; returns how long until something is due to change by itself.
    func step(now: Date) async -> Duration {
        await state.tick(now: now)
        let emergency = await state.emergency(at: now)
        let layouts = await state.layouts
        let snapshot = await state.screenSnapshot()
        let choice = schedule.choice(at: now, layouts: layouts, snapshot: snapshot, emergency: emergency)
        if let layout = layouts[choice.layout] {
            let scene = layout.scene(
                page: choice.page, snapshot: snapshot, at: now, language: choice.language, output: await presenter.size)
            do {
                if try await presenter.show(scene, cacheable: choice.reason == .playlist) {
                    logger.debug(
                        "frame: \(choice.layout) page \(choice.page + 1) \(choice.language.rawValue) (\(choice.reason.rawValue))"
                    )
                }
                await onScreen?.record(choice)
            } catch {
                logger.error("frame not drawn, keeping the one on screen: \(error)")
            }
        }
        // Wake for the next page, the next minute (clocks), or at most every 10 s (alert expiry).
        let seconds = now.timeIntervalSince1970
        var wait = 60 - seconds.truncatingRemainder(dividingBy: 60)
        if let until = choice.until { wait = min(wait, max(until.timeIntervalSince(now), 0.05)) }
        return .milliseconds(Int(min(wait, 10) * 1000) + 5)
    }
}

/// What a sign shows while it starts with nothing cached.
enum Splash {
    static func scene(size: Size) -> Scene {
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
