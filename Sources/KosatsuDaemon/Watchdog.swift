import Foundation
import KosatsuPipeline

/// Pings systemd's watchdog from a thread of its own, so no flood of HTTP requests on Swift's
/// cooperative pool can delay a ping past `WatchdogSec`. It pings only while the sign is alive: the
/// render thread went round its loop lately (it does every second) and the sign loop looked at the
/// world lately (it does every 10 s); a stuck sign is not pinged, and systemd restarts it.
final class Watchdog: Sendable {
    let notifier: SystemdNotifier
    let pipeline: FramePipeline
    let screen: ScreenStatus
    /// How stale each heartbeat may be.
    let renderTolerance: Duration
    let loopTolerance: TimeInterval

    init(
        notifier: SystemdNotifier, pipeline: FramePipeline, screen: ScreenStatus,
        renderTolerance: Duration = .seconds(10),
        loopTolerance: TimeInterval = 30
    ) {
        self.notifier = notifier
        self.pipeline = pipeline
        self.screen = screen
        self.renderTolerance = renderTolerance
        self.loopTolerance = loopTolerance
    }

    /// Whether the sign is alive now.
    var isAlive: Bool {
        let renderAlive = ContinuousClock.now - pipeline.status.heartbeat < renderTolerance
        let loopAlive = screen.current.lastStep.map { Date().timeIntervalSince($0) < loopTolerance } ?? true
        return renderAlive && loopAlive
    }

    /// Starts pinging every half `WatchdogSec`, when systemd asked for a watchdog at all.
    func start() {
        guard let interval = notifier.watchdogInterval else { return }
        let thread = Thread { [self] in
            while true {
                Thread.sleep(
                    forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds)
                        / 1e18)
                if isAlive { notifier.watchdog() }
            }
        }
        thread.name = "kosatsu-watchdog"
        thread.start()
    }
}
