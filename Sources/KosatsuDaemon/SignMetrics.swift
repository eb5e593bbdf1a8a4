import KosatsuAlerts
import KosatsuPipeline
import KosatsuRender
import Metrics

/// What `GET /metrics` reports, made once from the daemon's metrics factory: frames drawn and missed,
/// frame times and the frame rate (the frame pipeline), failed reads per data source (the sources),
/// and what is in force and whether the panel is lit (read from the sign when scraped).
struct SignMetrics: Sendable {
    /// `kosatsu_frames_total`: frames drawn (a frame the sign already shows is not drawn again).
    let frames: Counter
    /// `kosatsu_frames_missed_total`: display refreshes skipped while something moved (a late flip,
    /// a frame over its budget).
    let framesMissed: Counter
    /// `kosatsu_render_seconds`: a histogram of frame times (drawing the damage and presenting it).
    let renderTime: Timer
    /// `kosatsu_frame_rate`: frames drawn in the last second (0 on a still screen).
    private let frameRateGauge: Gauge
    /// The histogram's buckets: a ticker frame takes about a millisecond, a new 4K page tens.
    static let frameTimeBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(4),
        .milliseconds(8), .milliseconds(16), .milliseconds(33), .milliseconds(66), .milliseconds(100),
        .milliseconds(250), .seconds(1),
    ]
    /// `kosatsu_output_lit`: 1 while the panel (or the preview) shows frames, 0 while it is dark.
    private let outputLit: Gauge
    private let alertsBySeverity: [AlertSeverity: Gauge]
    /// `kosatsu_glyph_images_bytes`: the estimate of cairo's glyph images (`GlyphMemory`), against
    /// its budget; `kosatsu_glyph_releases_total` (a gauge of a count): how often cairo let go of them.
    private let glyphBytes: Gauge
    private let glyphReleases: Gauge
    private let factory: any MetricsFactory

    init(factory: any MetricsFactory) {
        self.factory = factory
        frames = Counter(label: "kosatsu_frames_total", factory: factory)
        framesMissed = Counter(label: "kosatsu_frames_missed_total", factory: factory)
        renderTime = Timer(label: "kosatsu_render_seconds", factory: factory)
        frameRateGauge = Gauge(label: "kosatsu_frame_rate", factory: factory)
        outputLit = Gauge(label: "kosatsu_output_lit", factory: factory)
        var gauges: [AlertSeverity: Gauge] = [:]
        for severity in AlertSeverity.allCases {
            gauges[severity] = Gauge(
                label: "kosatsu_alerts_in_force", dimensions: [("severity", severity.rawValue)], factory: factory)
        }
        alertsBySeverity = gauges
        glyphBytes = Gauge(label: "kosatsu_glyph_images_bytes", factory: factory)
        glyphReleases = Gauge(label: "kosatsu_glyph_releases_total", factory: factory)
    }

    func glyphs(_ memory: GlyphMemory) {
        glyphBytes.record(memory.estimatedBytes)
        glyphReleases.record(memory.releases)
    }

    /// `kosatsu_source_errors_total{source="…"}`: a read of a data source failed (the last good
    /// data stays on screen). Call once with `count: 0` at start so the series exists from the beginning.
    func sourceError(_ source: String, count: Int64 = 1) {
        Counter(label: "kosatsu_source_errors_total", dimensions: [("source", source)], factory: factory)
            .increment(by: count)
    }

    func output(isLit: Bool) { outputLit.record(isLit ? 1 : 0) }

    func frameRate(_ framesPerSecond: Double) { frameRateGauge.record(framesPerSecond) }

    /// One presented frame (called on the render thread).
    func record(_ frame: FrameReport) {
        frames.increment()
        if frame.missed > 0 { framesMissed.increment(by: Int64(frame.missed)) }
        let (seconds, attoseconds) = frame.frameTime.components
        renderTime.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// `kosatsu_alerts_in_force{severity="…"}`: the alerts the board holds, by their severity.
    func alertsInForce(_ alerts: [Alert]) {
        var counts: [AlertSeverity: Int] = [:]
        for alert in alerts { counts[alert.severity, default: 0] += 1 }
        for (severity, gauge) in alertsBySeverity { gauge.record(counts[severity] ?? 0) }
    }
}
