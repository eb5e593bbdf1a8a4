import Foundation
import KosatsuDisplay
import KosatsuLayout
import KosatsuPipeline
import KosatsuRender
import KosatsuScene
import Synchronization

/// `kosatsu show`'s side of the frame pipeline: evaluates the layout page at the panel's size and
/// hands it over, hears of the frames presented and of the panel going dark and coming back.
final class Panel: Sendable {
    let layout: Layout
    let frames = FrameWatch()
    private let state = Mutex(State())
    /// The display's name and size, read on the render thread as it changes.
    private let displayState: Mutex<(connector: String, size: PixelSize?)>

    private struct State {
        var pipeline: FramePipeline?
        var lastRequest: (RenderRequest, String)?
    }

    init(layout: Layout, display: DisplayOutput) {
        self.layout = layout
        displayState = Mutex((display.connectorName ?? display.card.path, display.size))
    }

    var pipeline: FramePipeline? {
        get { state.withLock { $0.pipeline } }
        set { state.withLock { $0.pipeline = newValue } }
    }

    var connector: String { displayState.withLock { $0.connector } }
    var sizeDescription: String { displayState.withLock { $0.size?.description ?? "(dark)" } }

    /// Evaluates `request` at the panel's size and posts it; its first frame is reported with `label`.
    func show(_ request: RenderRequest, label: String) {
        state.withLock { $0.lastRequest = (request, label) }
        let size = displayState.withLock { $0.size } ?? PixelSize(width: 1920, height: 1080)
        let scene = layout.scene(
            page: request.page, snapshot: request.snapshot, at: request.time, language: request.language,
            output: Size(width: Double(size.width), height: Double(size.height)))
        // The scene is of `--at`; its tickers move on from the moment it is shown.
        pipeline?.show(FrameRequest(scene: scene, time: Date(), label: label))
    }

    /// The panel went dark or came back (render thread): say so, and at a new size draw afresh.
    func outputChanged(_ change: OutputChange, name: String) {
        switch change {
        case .dark(let connector):
            displayState.withLock { $0 = (connector, nil) }
            logLine("kosatsu: \(connector) was unplugged; waiting for a display")
        case .lit(let connector, let size):
            displayState.withLock { $0 = (connector, size) }
            if let (request, label) = state.withLock({ $0.lastRequest }) { show(request, label: label) }
            FileHandleOutput.standardOutput.write("kosatsu: showing \(name) on \(connector) \(size)\n")
        }
    }

    /// Presents the frame on screen `frames` times as a whole and as a small damaged rectangle,
    /// timing the copy (with the queued flip) and the wait for the flip. One line of JSON. Runs on the
    /// render thread (`FramePipeline.performAndWait`).
    static func bench(output: any FrameOutput, canvas: Canvas, frames: Int) throws -> String {
        let size = output.pixelSize
        let clock = ContinuousClock()
        // About a clock's worth of the screen: what changes from one minute to the next.
        let small = DamageRect(x: size.width / 20, y: size.height / 20, width: size.width / 5, height: size.height / 10)
        var report = BenchReport(
            size: size.description, frames: frames,
            rotation: (output as? PanelOutput)?.display.rotation.rawValue ?? 0)
        _ = try output.waitForFlip()
        for (damage, keyPath) in [([], \BenchReport.full), ([small], \BenchReport.damage)]
            as [([DamageRect], WritableKeyPath<BenchReport, BenchReport.Timing>)]
        {
            var copies: [Duration] = []
            var flips: [Duration] = []
            for _ in 0..<frames {
                let start = clock.now
                try output.present(canvas, damage: damage)
                let queued = clock.now
                _ = try output.waitForFlip()
                copies.append(queued - start)
                flips.append(clock.now - queued)
            }
            report[keyPath: keyPath] = BenchReport.Timing(
                pixels: damage.first.map { $0.width * $0.height } ?? size.width * size.height,
                present: BenchReport.Statistics(copies), flip: BenchReport.Statistics(flips))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}

/// The frames the pipeline reports, for `kosatsu show` to wait on.
final class FrameWatch: Sendable {
    private let reports = Mutex<[FrameReport]>([])
    private let arrived = DispatchSemaphore(value: 0)

    func add(_ report: FrameReport) {
        guard report.sincePosted != nil else { return }
        reports.withLock { $0.append(report) }
        arrived.signal()
    }

    /// The first frame of the request labelled `label`, or nil after `timeout`.
    func wait(for label: String, timeout: Duration) -> FrameReport? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let report = reports.withLock({ $0.first { $0.label == label } }) { return report }
            let left = deadline - .now
            guard left > .zero else { return nil }
            _ = arrived.wait(timeout: .now() + .milliseconds(Int(min(left.components.seconds, 1) * 1000 + 1)))
        }
    }
}

/// What `kosatsu show --bench-frames N` measured, in milliseconds.
struct BenchReport: Codable {
    struct Statistics: Codable {
        var mean: Double
        var p50: Double
        var p95: Double
        var p99: Double
        var min: Double
        var max: Double

        init(_ samples: [Duration]) {
            let milliseconds = samples.map {
                Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15
            }
            .sorted()
            func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
            guard !milliseconds.isEmpty else {
                self.mean = 0
                self.p50 = 0
                self.p95 = 0
                self.p99 = 0
                self.min = 0
                self.max = 0
                return
            }
            mean = rounded(milliseconds.reduce(0, +) / Double(milliseconds.count))
            p50 = rounded(milliseconds[milliseconds.count / 2])
            p95 = rounded(milliseconds[Swift.min(milliseconds.count - 1, milliseconds.count * 95 / 100)])
            p99 = rounded(milliseconds[Swift.min(milliseconds.count - 1, milliseconds.count * 99 / 100)])
            min = rounded(milliseconds[0])
            max = rounded(milliseconds[milliseconds.count - 1])
        }
    }

    struct Timing: Codable {
        /// Pixels copied per frame.
        var pixels: Int
        /// The copy of the damage into the back buffer and the queued flip.
        var present: Statistics
        /// From the queued flip to its event (the frame on screen).
        var flip: Statistics
    }

    var size: String
    var frames: Int
    var rotation: Int
    var full = Timing(pixels: 0, present: Statistics([]), flip: Statistics([]))
    var damage = Timing(pixels: 0, present: Statistics([]), flip: Statistics([]))
}
