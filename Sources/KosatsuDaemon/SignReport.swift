import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuFleet
import KosatsuPipeline
import KosatsuPlatform

/// The sign's status for the fleet, read from what the sign holds. The one place that knows
/// where each field comes from: the screen from `OnScreen`, frames from the pipeline, data and
/// alerts from `SignState`.
struct SignReport: Sendable {
    let configuration: SignConfiguration
    let state: SignState
    let pipeline: FramePipeline
    let images: PreviewImages
    let screen: ScreenStatus
    let onScreen: OnScreen
    let id: String
    /// `preview 320x180`, `drm 1920x1080`.
    let output: String
    let startedAt: Date
    /// The loop confirms the screen at least every 10 s; this long without it, it is stuck.
    var stuckAfter: TimeInterval = 60

    func status(at now: Date) async -> SignStatus {
        let screen = await onScreen.record
        let pipelineStatus = pipeline.status
        let lastFrame = pipelineStatus.lastFrame
        let lastConfirmed = self.screen.current.lastStep
        let outputState = pipelineStatus.output
        let snapshot = await state.snapshot
        let board = await state.board
        let rejected = await state.layoutProblems
        let layouts = await state.layouts.count

        var problems: [String] = []
        var dark = false
        if outputState.isDark {
            dark = true
            problems.append("the panel is dark (\(outputState.connector ?? "no connector") unplugged)")
        }
        if let lastConfirmed, now.timeIntervalSince(lastConfirmed) > stuckAfter {
            dark = true
            problems.append("no frame confirmed for \(Int(now.timeIntervalSince(lastConfirmed))) s")
        }
        if layouts == 0, lastConfirmed != nil { problems.append("no layout loaded") }
        for name in rejected.keys.sorted() { problems.append("layout \(name) rejected") }
        var staleAfter: TimeInterval?
        if case .platform(let platform) = configuration.data { staleAfter = platform.staleAfter.timeInterval }
        var sources: [SignStatus.Source] = []
        for source in snapshot.sources {
            sources.append(
                SignStatus.Source(
                    name: source.name, lastSuccess: source.lastSuccess,
                    ageSeconds: source.lastSuccess.map { now.timeIntervalSince($0).rounded() },
                    lastError: source.lastError))
            if source.lastError != nil {
                problems.append("source \(source.name) failing")
            } else if let staleAfter, source.isStale(at: now, maximumAge: staleAfter) {
                problems.append("source \(source.name) stale")
            }
        }
        var status = SignStatus(
            id: id, sign: configuration.name, state: dark ? .dark : problems.isEmpty ? .ok : .degraded, at: now)
        status.showing = screen.showing
        status.layout = screen.layout
        status.page = screen.page.map { $0 + 1 }
        if screen.showing == .emergency, let alert = board.takeover {
            status.takeover = SignStatus.Takeover(
                id: alert.id, event: alert.event, severity: alert.severity.rawValue, headline: alert.headline)
        }
        status.alertsInForce = board.inForce.count
        status.lastFrame = lastFrame
        status.sources = sources
        status.problems = problems.isEmpty ? nil : problems
        status.version = KosatsuVersion.current
        status.output = output
        status.startedAt = startedAt
        return status
    }
}

/// The version every part of Kosatsu reports (`kosatsu --version`, the fleet status, the Device entity).
public enum KosatsuVersion {
    public static let current = "0.1.0"
}

extension Duration {
    fileprivate var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
