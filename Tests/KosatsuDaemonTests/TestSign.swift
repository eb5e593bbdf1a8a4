import Foundation
import KosatsuAlerts
import KosatsuPipeline
import KosatsuScene
import Logging
import Prometheus
import Testing

@testable import KosatsuDaemon

/// A sign's parts as `Daemon.run()` wires them, with a real frame pipeline on its own render thread.
struct TestSign {
    let state: SignState
    let pipeline: FramePipeline
    let images: PreviewImages
    let screen = ScreenStatus()
    let registry = PrometheusCollectorRegistry()
    let metrics: SignMetrics
    let logger: Logger

    init(
        output: any FrameOutput = PreviewOutput(size: PixelSize(width: 480, height: 270)),
        board: AlertBoard = AlertBoard(area: SignArea(), now: Date()), logger: Logger = Logger(label: "test")
    ) throws {
        self.logger = logger
        metrics = SignMetrics(factory: PrometheusMetricsFactory(registry: registry))
        state = SignState(board: board, logger: logger)
        let metrics = self.metrics
        pipeline = try FramePipeline(
            output: output, fontDirectory: HTTPEndpointTests.root.appendingPathComponent("Fonts").path, logger: logger,
            onFrame: { metrics.record($0) })
        pipeline.start()
        images = PreviewImages(pipeline: pipeline)
    }

    func endpoints(_ configuration: SignConfiguration) -> HTTPEndpoints {
        var endpoints = HTTPEndpoints(
            state: state, pipeline: pipeline, images: images, screen: screen, configuration: configuration,
            registry: registry, metrics: metrics, logger: logger)
        // A loaded CI machine running every suite at once can take over a minute between a test's step and
        // its health request; "stuck" is tested on its own (HTTPEndpointTests), not through the clock here.
        endpoints.stuckAfter = 3600
        return endpoints
    }

    func loop(_ configuration: SignConfiguration) -> SignLoop {
        SignLoop(
            state: state, pipeline: pipeline, images: images, screen: screen,
            schedule: Schedule(configuration: configuration), configuration: configuration,
            notifier: SystemdNotifier(environment: [:]), logger: logger)
    }

    /// Waits (up to 10 s) until the pipeline has presented more than `sequence` frames.
    func frame(after sequence: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while pipeline.status.sequence <= sequence, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(pipeline.status.sequence > sequence, "no frame after \(sequence)")
    }

    /// Lets the render thread go round its loop twice (what it was told is done).
    func settle() async throws {
        try await pipeline.perform { _, _ in }
        try await pipeline.perform { _, _ in }
    }
}
