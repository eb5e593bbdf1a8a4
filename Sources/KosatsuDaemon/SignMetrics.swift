import KosatsuAlerts
import Metrics

/// What `GET /metrics` reports, made once from the daemon's metrics factory: frames drawn and the
/// render time (the presenter), failed reads per data source (the sources), and what is in force
/// and whether the panel is lit (read from the sign when scraped).
struct SignMetrics: Sendable {
    /// `kosatsu_frames_total`: frames drawn (a frame the sign already shows is not drawn again).
    let frames: Counter
    /// `kosatsu_render_seconds`: a histogram of the time from scene to presented frame.
    let renderTime: Timer
    /// `kosatsu_output_lit`: 1 while the panel (or the preview) shows frames, 0 while it is dark.
    private let outputLit: Gauge
    private let alertsBySeverity: [AlertSeverity: Gauge]
    private let factory: any MetricsFactory

    init(factory: any MetricsFactory) {
        self.factory = factory
        frames = Counter(label: "kosatsu_frames_total", factory: factory)
        renderTime = Timer(label: "kosatsu_render_seconds", factory: factory)
        outputLit = Gauge(label: "kosatsu_output_lit", factory: factory)
        var gauges: [AlertSeverity: Gauge] = [:]
        for severity in AlertSeverity.allCases {
            gauges[severity] = Gauge(
                label: "kosatsu_alerts_in_force", dimensions: [("severity", severity.rawValue)], factory: factory)
        }
        alertsBySeverity = gauges
    }

    /// `kosatsu_source_errors_total{source="…"}`: a read of a data source failed (the last good
    /// data stays on screen). Call once with `count: 0` at start so the series exists from the beginning.
    func sourceError(_ source: String, count: Int64 = 1) {
        Counter(label: "kosatsu_source_errors_total", dimensions: [("source", source)], factory: factory)
            .increment(by: count)
    }

    func output(isLit: Bool) { outputLit.record(isLit ? 1 : 0) }

    /// `kosatsu_alerts_in_force{severity="…"}`: the alerts the board holds, by their severity.
    func alertsInForce(_ alerts: [Alert]) {
        var counts: [AlertSeverity: Int] = [:]
        for alert in alerts { counts[alert.severity, default: 0] += 1 }
        for (severity, gauge) in alertsBySeverity { gauge.record(counts[severity] ?? 0) }
    }
}
