import Foundation
import KosatsuDisplay
import KosatsuLayout
import KosatsuRender
import KosatsuScene

/// The renderer and the display together: renders a layout page at the display's size and shows
/// it, copying to the scanout only what changed since the frame before.
///
/// Not `Sendable`: it holds the renderer's and the display's C resources; one thread owns it.
final class Panel {
    let layout: Layout
    let renderer: SceneRenderer
    let display: DisplayOutput
    /// The frame on screen now, to find what the next one changes.
    private var shown: Canvas?
    private(set) var lastRequest: RenderRequest?
    private(set) var lastRender: Duration = .zero
    private(set) var lastPresent: Duration = .zero

    init(layout: Layout, renderer: SceneRenderer, display: DisplayOutput) {
        self.layout = layout
        self.renderer = renderer
        self.display = display
    }

    var connector: String { display.connectorName ?? display.card.path }
    var sizeDescription: String { display.size.map(\.description) ?? "(dark)" }

    /// Forgets the frame on screen: after a modeset the next frame is copied whole.
    func invalidate() {
        shown = nil
    }

    /// Renders `request` at the display's size and shows it; returns the damage copied (empty for
    /// a whole frame, or when nothing changed). Returns once the frame is on screen.
    @discardableResult
    func show(_ request: RenderRequest) throws -> [DamageRect] {
        guard let size = display.size else { return [] }
        let clock = ContinuousClock()
        let started = clock.now
        let scene = layout.scene(
            page: request.page, snapshot: request.snapshot, at: request.time, language: request.language,
            output: Size(width: Double(size.width), height: Double(size.height)))
        let canvas: Canvas
        do {
            canvas = try renderer.render(scene, width: size.width, height: size.height)
        } catch {
            throw CommandFailure("\(layout.file): \(error)")
        }
        let rendered = clock.now
        lastRender = rendered - started
        lastRequest = request
        var damage: [DamageRect] = []
        if let shown, shown.width == canvas.width, shown.height == canvas.height {
            damage = shown.withPixels { old, _, _, _ in
                canvas.withPixels { new, width, height, stride in
                    DamageRect.changes(from: old, to: new, width: width, height: height, stride: stride)
                }
            }
            if damage.isEmpty {
                lastPresent = .zero
                return []
            }
        }
        do {
            try canvas.withPixels { (pixels, width, height, stride) throws(DisplayError) in
                try display.present(pixels: pixels, width: width, height: height, stride: stride, damage: damage)
            }
            try display.waitForFlip()
        } catch {
            throw CommandFailure(Show.explain(error))
        }
        lastPresent = clock.now - rendered
        shown = canvas
        return damage
    }

    /// Presents the frame on screen `frames` times as a whole and as a small damaged rectangle,
    /// timing the copy (with the queued flip) and the wait for the flip. One line of JSON.
    func bench(frames: Int) throws -> String {
        guard let shown, let size = display.size else { return "{}" }
        let clock = ContinuousClock()
        // About a clock's worth of the screen: what changes from one minute to the next.
        let small = DamageRect(x: size.width / 20, y: size.height / 20, width: size.width / 5, height: size.height / 10)
        var report = BenchReport(size: size.description, frames: frames, rotation: display.rotation.rawValue)
        do {
            try shown.withPixels { (pixels, width, height, stride) throws(DisplayError) in
                for (damage, keyPath) in [([], \BenchReport.full), ([small], \BenchReport.damage)]
                    as [([DamageRect], WritableKeyPath<BenchReport, BenchReport.Timing>)]
                {
                    var copies: [Duration] = []
                    var flips: [Duration] = []
                    for _ in 0..<frames {
                        let start = clock.now
                        try display.present(
                            pixels: pixels, width: width, height: height, stride: stride, damage: damage)
                        let queued = clock.now
                        try display.waitForFlip()
                        copies.append(queued - start)
                        flips.append(clock.now - queued)
                    }
                    report[keyPath: keyPath] = BenchReport.Timing(
                        pixels: damage.first.map { $0.width * $0.height } ?? width * height,
                        present: BenchReport.Statistics(copies), flip: BenchReport.Statistics(flips))
                }
            }
        } catch {
            throw CommandFailure(Show.explain(error))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
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
