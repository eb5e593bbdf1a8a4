import Foundation
import KosatsuPipeline
import KosatsuRender
import KosatsuScene
import Logging
import Synchronization
import Testing

/// An output that keeps what reached it: each present's damage and a copy of the pixels.
final class RecordingOutput: FrameOutput, @unchecked Sendable {
    let kind = "test"
    let pixelSize: PixelSize
    let state = OutputState(state: "preview")
    private let lock = NSLock()
    private var presents: [[DamageRect]] = []

    init(_ size: PixelSize) {
        pixelSize = size
    }

    var damage: [[DamageRect]] { lock.withLock { presents } }

    func present(_ canvas: Canvas, damage: [DamageRect]) throws {
        lock.withLock { presents.append(damage) }
    }
}

/// The reports of the frames a pipeline presented.
final class Reports: Sendable {
    private let list = Mutex<[FrameReport]>([])
    var all: [FrameReport] { list.withLock { $0 } }
    func add(_ report: FrameReport) { list.withLock { $0.append(report) } }
}

enum Scenes {
    static let fonts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fonts").path
    static let design = Size(width: 1920, height: 1080)
    /// The ticker's strip on the design canvas.
    static let strip = Rect(x: 0, y: 960, width: 1920, height: 120)

    static func still(_ red: Double = 0.1) -> Scene {
        Scene(
            canvas: design, background: .solid(Color(red: red, green: 0.2, blue: 0.4)),
            items: [.panel(Panel(frame: Rect(x: 100, y: 100, width: 600, height: 300), fill: .solid(.white)))])
    }

    /// A board with a scrolling テロップ along the bottom.
    static func ticker(at elapsed: Double = 0) -> Scene {
        var scene = still()
        let text = TextItem(
            frame: Rect(x: 0, y: 0, width: 1920, height: 120),
            spans: [
                TextSpan(
                    text: "小田原城 冬の特別公開 12月1日から　／　混雑時は小田原駅西口をご利用ください",
                    style: TextStyle(size: 72, color: .white))
            ])
        scene.items.append(
            .ticker(TickerItem(frame: strip, text: text, elapsed: elapsed, speed: 240, gap: 200)))
        return scene
    }

    static func pixelStrip(_ size: PixelSize) -> DamageRect {
        SceneRenderer.pixelRects([strip], design: design, width: size.width, height: size.height)[0]
    }
}

@Suite(.serialized) struct FramePipelineTests {
    static let size = PixelSize(width: 480, height: 270)

    func pipeline(_ output: RecordingOutput, _ reports: Reports, framesPerSecond: Double = 60) throws -> FramePipeline {
        let pipeline = try FramePipeline(
            output: output, fontDirectory: Scenes.fonts, options: PipelineOptions(framesPerSecond: framesPerSecond),
            logger: Logger(label: "test"), onFrame: { reports.add($0) })
        pipeline.start()
        return pipeline
    }

    func waitFor(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(condition(), "waited for \(what)")
    }

    @Test func aStillBoardIsDrawnOnceAndThenNothingAtAll() async throws {
        let output = RecordingOutput(Self.size)
        let reports = Reports()
        let pipeline = try pipeline(output, reports)
        pipeline.show(FrameRequest(scene: Scenes.still(), time: Date()))
        try await waitFor("the first frame") { pipeline.status.sequence == 1 }
        // The same scene again (the sign loop looks at the world every few seconds): nothing to draw.
        pipeline.show(FrameRequest(scene: Scenes.still(), time: Date()))
        try await Task.sleep(for: .milliseconds(1500))
        #expect(pipeline.status.sequence == 1)
        #expect(output.damage.count == 1)
        #expect(!pipeline.status.isMoving && pipeline.status.framesPerSecond == 0)
        await pipeline.stop()
    }

    @Test func aTickerKeepsFramesComingAndOnlyItsStripIsRedrawnAndPresented() async throws {
        let output = RecordingOutput(Self.size)
        let reports = Reports()
        let pipeline = try pipeline(output, reports)
        pipeline.show(FrameRequest(scene: Scenes.ticker(), time: Date()))
        try await waitFor("frames while the ticker moves") { pipeline.status.sequence >= 20 }
        #expect(pipeline.status.isMoving)
        await pipeline.stop()
        let strip = Scenes.pixelStrip(Self.size)
        let presents = output.damage
        #expect(presents.first == [DamageRect(size: Self.size)], "the first frame whole")
        for damage in presents.dropFirst() {
            #expect(!damage.isEmpty && damage.allSatisfy { strip.contains($0) }, "\(damage) within \(strip)")
        }
        #expect(reports.all.dropFirst().allSatisfy { $0.damagedPixels <= strip.area })
    }

    @Test func anAlertDuringATickerIsOnScreenInTheNextFrameWholeEvenDuringAFade() async throws {
        let output = RecordingOutput(Self.size)
        let reports = Reports()
        let pipeline = try pipeline(output, reports)
        pipeline.show(FrameRequest(scene: Scenes.ticker(), time: Date(), label: "board"))
        try await waitFor("the ticker moving") { pipeline.status.sequence >= 5 }
        // A new page fading in slowly, then the alert in the middle of it.
        pipeline.show(
            FrameRequest(scene: Scenes.still(0.5), time: Date(), transition: .fade(.seconds(5)), label: "page"))
        try await waitFor("the fade under way") { reports.all.contains { $0.label == "page" } }
        let before = pipeline.status.sequence
        let alert = Scene(canvas: Scenes.design, background: .solid(Color(red: 1, green: 0, blue: 0)))
        pipeline.show(FrameRequest(scene: alert, time: Date(), transition: .cut, label: "alert"))
        try await waitFor("the alert") { reports.all.contains { $0.label == "alert" } }
        let first = try #require(reports.all.first { $0.label == "alert" })
        // At most the frame already being drawn when it was posted, then the alert.
        #expect(first.sequence <= before + 2)
        #expect(first.sincePosted != nil)
        let screen = try #require(await pipeline.tap.frame(after: -1, timeout: .seconds(5)))
        #expect(screen.frame.pixels.allSatisfy { $0 & 0xFF_FFFF == 0xFF_0000 }, "a cut: the alert alone, not blended")
        await pipeline.stop()
    }

    @Test func screenshotsOfAStillScreenAreEncodedOnceWhoeverAsks() async throws {
        let output = RecordingOutput(Self.size)
        let pipeline = try pipeline(output, Reports())
        pipeline.show(FrameRequest(scene: Scenes.still(), time: Date()))
        try await waitFor("the first frame") { pipeline.status.sequence == 1 }
        let images = PreviewImages(pipeline: pipeline)
        let shots = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<50 { group.addTask { try await images.screenshot() } }
            return try await group.reduce(into: [Data]()) { $0.append($1) }
        }
        #expect(Set(shots).count == 1)
        #expect(shots[0].prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(await images.pngEncodes == 1)
        await pipeline.stop()
    }

    @Test func theStreamGetsNewFramesAsTheTickerMoves() async throws {
        let output = RecordingOutput(Self.size)
        let pipeline = try pipeline(output, Reports())
        pipeline.show(FrameRequest(scene: Scenes.ticker(), time: Date()))
        let images = PreviewImages(pipeline: pipeline, streamFramesPerSecond: 20)
        var sent = -1
        var frames: [PreviewImages.Encoded] = []
        while frames.count < 5 {
            let frame = try #require(try await images.streamFrame(after: sent))
            #expect(frame.sequence > sent)
            #expect(frame.data.prefix(2) == Data([0xFF, 0xD8]), "JPEG")
            sent = frame.sequence
            frames.append(frame)
        }
        await pipeline.stop()
    }
}

@Suite struct FrameComposerTests {
    static let size = PixelSize(width: 192, height: 108)

    func composer() throws -> FrameComposer {
        try FrameComposer(renderer: SceneRenderer(fontDirectory: Scenes.fonts), size: Self.size)
    }

    func pixel(_ composer: FrameComposer) -> UInt32 { composer.canvas.frame()[10, 10] }

    @Test func tickersMoveWithTimeNotWithFrames() throws {
        let composer = try composer()
        let start = ContinuousClock.now
        try composer.take(FrameRequest(scene: Scenes.ticker(at: 100), time: Date()), at: start)
        // The scene a quarter second on is the request's tickers moved a quarter second, whatever came between.
        let later = try #require(composer.scene(at: start + .milliseconds(250)))
        #expect(later == Scenes.ticker(at: 100).advancingTickers(by: 0.25) || abs(later.tickerElapsed - 100.25) < 0.01)
        #expect(composer.isMoving)
        #expect(try composer.compose(at: start) == [DamageRect(size: Self.size)])
        let damage = try composer.compose(at: start + .milliseconds(100))
        #expect(!damage.isEmpty && damage.allSatisfy { Scenes.pixelStrip(Self.size).contains($0) })
    }

    @Test func aFadeBlendsAndACutEndsItAtOnce() throws {
        let composer = try composer()
        let start = ContinuousClock.now
        let black = Scene(canvas: Scenes.design, background: .solid(.black))
        let white = Scene(canvas: Scenes.design, background: .solid(.white))
        try composer.take(FrameRequest(scene: black, time: Date()), at: start)
        _ = try composer.compose(at: start)
        #expect(pixel(composer) == 0)
        try composer.take(FrameRequest(scene: white, time: Date(), transition: .fade(.seconds(1))), at: start)
        #expect(composer.isMoving)
        _ = try composer.compose(at: start + .milliseconds(500))
        let grey = pixel(composer) & 0xFF
        #expect(grey > 0x40 && grey < 0xC0, "half way: grey, not \(String(grey, radix: 16))")
        let red = Scene(canvas: Scenes.design, background: .solid(Color(red: 1, green: 0, blue: 0)))
        try composer.take(FrameRequest(scene: red, time: Date(), transition: .cut), at: start + .milliseconds(600))
        _ = try composer.compose(at: start + .milliseconds(600))
        #expect(pixel(composer) == 0xFF_0000)
        #expect(!composer.isMoving)
    }

    @Test func aFadeEndsOnTheNewPageItself() throws {
        let composer = try composer()
        let start = ContinuousClock.now
        try composer.take(FrameRequest(scene: Scenes.still(0.1), time: Date()), at: start)
        _ = try composer.compose(at: start)
        try composer.take(
            FrameRequest(scene: Scenes.still(0.9), time: Date(), transition: .slide(.milliseconds(400))), at: start)
        _ = try composer.compose(at: start + .milliseconds(200))
        _ = try composer.compose(at: start + .milliseconds(400))
        let expected = try Canvas(width: Self.size.width, height: Self.size.height)
        try composer.renderer.render(Scenes.still(0.9), into: expected)
        #expect(composer.canvas.frame() == expected.frame())
        #expect(!composer.isMoving && !composer.hasWork)
    }

    @Test func textThatScrollsMovesAndTextThatFitsStandsStill() throws {
        let composer = try composer()
        func text(_ words: String) -> Scene {
            let item = TextItem(
                frame: Rect(x: 0, y: 0, width: 600, height: 80),
                spans: [TextSpan(text: words, style: TextStyle(size: 48, color: .white))],
                paragraph: ParagraphStyle(maxLines: 1, ticker: ParagraphStyle.Ticker(speed: 100, elapsed: 5)))
            return Scene(canvas: Scenes.design, items: [.text(item)])
        }
        #expect(try composer.renderer.moves(text("空いています")) == false)
        #expect(try composer.renderer.moves(text(String(repeating: "小田原城 冬の特別公開 ", count: 6))))
        let long = text(String(repeating: "小田原城 冬の特別公開 ", count: 6))
        #expect(long.advancingTickers(by: 2) != long)
        #expect(long.hasTickers)
    }
}

extension Scene {
    /// The first ticker widget's time.
    var tickerElapsed: Double {
        for item in items { if case .ticker(let ticker) = item { return ticker.elapsed } }
        return .nan
    }
}
