import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuEmergency
import KosatsuLayout
import KosatsuPipeline
import KosatsuPlatform
import KosatsuRender
import KosatsuScene
import KosatsuSimulator
import KosatsuText

// `make bench`: release build, every benchmark in `benchmarks` (warm-up, then repeated runs), a
// table on stdout and bench/results.json. Add a benchmark by appending a `Benchmark` to the list.
// `kosatsu-bench NAME` runs only the benchmarks whose name contains NAME.

let root = FileManager.default.currentDirectoryPath
let only = CommandLine.arguments.dropFirst().first
guard let fonts = FontDirectory.locate() else {
    FileHandle.standardError.write(Data("kosatsu-bench: cannot find Fonts/ (run from the repository)\n".utf8))
    exit(2)
}

/// The congestion dashboard with its preview data, the board every sign of the city shows.
func dashboard() throws -> (Layout, Snapshot, Date) {
    let layout = try LayoutLoader.load(root + "/Layouts/congestion-dashboard.yaml")
    let snapshot = try layout.preview?.data.map(SnapshotFile.load) ?? .empty
    return (layout, snapshot, layout.preview?.at ?? Date(timeIntervalSince1970: 1_795_410_300))
}

/// Evaluate and draw the whole board into a reused frame buffer, as the sign does for a new page.
func fullBoard(width: Int, height: Int) -> () throws -> () throws -> Void {
    {
        let (layout, snapshot, time) = try dashboard()
        let renderer = try SceneRenderer(fontDirectory: fonts)
        let canvas = try Canvas(width: width, height: height)
        let output = Size(width: Double(width), height: Double(height))
        return {
            let scene = layout.scene(page: 0, snapshot: snapshot, at: time, language: .ja, output: output)
            try renderer.render(scene, into: canvas)
        }
    }
}

/// The board drawn once at `width`x`height` and encoded as PNG, by `PNGEncoder` (what screenshots, the
/// boot cache and `kosatsu render` use) or by cairo's libpng path (the yardstick: the same pixels).
func pngEncode(_ name: String, width: Int, height: Int, cairo: Bool = false, target: Target? = nil) -> Benchmark {
    Benchmark(name, target: target, iterations: cairo ? 20 : 60, warmUp: 3) {
        let (layout, snapshot, time) = try dashboard()
        let canvas = try Canvas(width: width, height: height)
        let scene = layout.scene(
            page: 0, snapshot: snapshot, at: time, language: .ja,
            output: Size(width: Double(width), height: Double(height)))
        try SceneRenderer(fontDirectory: fonts).render(scene, into: canvas)
        return { _ = try cairo ? canvas.cairoPNGData() : canvas.pngData() }
    }
}

/// One broker page of 2,500 NGSI-v2 normalized entities read and mapped to spots, as a poll does, by
/// one of three readers: Kosatsu's byte-level reader (what the platform client uses), Kosatsu's JSON
/// tree then entities (the reader before), or Codable with Foundation's `JSONDecoder` (decoding only).
enum NGSIReader: String { case bytes = "byte-reader", tree = "json-tree", codable = "codable-foundation" }

/// With `cpu`, the rate is per second of the thread's CPU time: the reader's own cost, without the
/// moments a shared machine gives the core to someone else.
func ngsiPage(_ reader: NGSIReader, cpu: Bool = false, target: Target? = nil) -> Benchmark {
    Benchmark(
        "ngsi-page-2500-\(reader.rawValue)\(cpu ? "-cpu" : "")", unit: cpu ? "entities/CPU-s" : "entities/s",
        target: target, iterations: 40
    ) {
        let count = 2500
        let page = SamplePage.crowdFlow(count: count)
        var config = PlatformConfig(url: URL(string: "http://127.0.0.1:1026")!)
        config.spots = SpotMapping()
        let mapper = EntityMapper(config: config)
        let now = Date()
        let data = Data(page)
        return {
            if reader == .codable { return try CodableNGSI.entitiesPerSecond(data, count: count) }
            let start = ContinuousClock.now
            let startCPU = threadCPU()
            let entities =
                reader == .bytes
                ? try NGSIEntity.list(bytes: page, format: .normalized)
                : try NGSIEntity.list(JSONParser.parse(page), format: .normalized)
            let spots = entities.reduce(0) { $0 + (mapper.spot($1, now: now) == nil ? 0 : 1) }
            let elapsed = ContinuousClock.now - start
            guard spots == count else { throw NGSIError(.badPayload, "mapped \(spots) of \(count) entities") }
            if cpu { return Double(count) / (threadCPU() - startCPU) }
            return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }
}

/// An alert telegram from the corpus, pushed to `POST /alerts` and drawn as its emergency frame.
func pushToFrame(_ name: String, _ file: String) -> Benchmark {
    Benchmark(
        "alert-push-to-frame-\(name)", unit: "ms", target: .p99(atMost: 50), iterations: 100, warmUp: 0
    ) {
        let path = corpus + "/" + file
        let body = try Data(contentsOf: URL(fileURLWithPath: path))
        let directory = root + "/Layouts"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
        let layouts = try names.sorted().map { try LayoutLoader.load(directory + "/" + $0) }
        let issued = try AlertReader.read(body, file: path).first?.issued ?? Date()
        // One run of 100 pushes; each call of the body hands back the next sample.
        var samples = try AlertBenchmarks.pushToFrame(
            body: body, area: .anywhere, layouts: layouts, fontDirectory: fonts, at: issued.addingTimeInterval(60),
            samples: 100
        ).map(BenchmarkResult.milliseconds)
        return { samples.removeLast() }
    }
}

/// Ticker frames 1/60 s apart through `FrameComposer`, the render thread's own code; with `cpu`, each
/// sample is the thread's CPU time for the frame in milliseconds.
func tickerFrames(_ name: String, width: Int, height: Int, cpu: Bool = false, target: Target? = nil) -> Benchmark {
    func composer() throws -> (FrameComposer, ContinuousClock.Instant) {
        let (layout, snapshot, time) = try dashboard()
        let composer = try FrameComposer(
            renderer: try SceneRenderer(fontDirectory: fonts), size: PixelSize(width: width, height: height))
        let output = Size(width: Double(width), height: Double(height))
        let scene = layout.scene(page: 0, snapshot: snapshot, at: time, language: .ja, output: output)
        let start = ContinuousClock.now
        try composer.take(FrameRequest(scene: scene, time: Date()), at: start)
        _ = try composer.compose(at: start)
        return (composer, start)
    }
    guard cpu else {
        return Benchmark(name, target: target, iterations: 600) {
            let (composer, start) = try composer()
            var frame = 0
            return {
                frame += 1
                _ = try composer.compose(at: start + .nanoseconds(Int64(frame) * 16_666_667))
            }
        }
    }
    return Benchmark(name, unit: "ms CPU", target: target, iterations: 600, warmUp: 10) {
        let (composer, start) = try composer()
        var frame = 0
        return {
            frame += 1
            let before = threadCPU()
            _ = try composer.compose(at: start + .nanoseconds(Int64(frame) * 16_666_667))
            return (threadCPU() - before) * 1000
        }
    }
}

/// CPU time of the calling thread, in seconds.
func threadCPU() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let corpus = root + "/../shared/corpus"

let benchmarks: [Benchmark] = [
    Benchmark("board-full-1080p", target: .median(atMost: 8), prepare: fullBoard(width: 1920, height: 1080)),
    Benchmark(
        "board-full-4k", target: .median(atMost: 30), iterations: 60, prepare: fullBoard(width: 3840, height: 2160)),
    Benchmark("board-full-portrait-1080x1920", prepare: fullBoard(width: 1080, height: 1920)),
    Benchmark("board-evaluate-only", iterations: 300) {
        let (layout, snapshot, time) = try dashboard()
        return {
            _ = layout.scene(page: 0, snapshot: snapshot, at: time, language: .ja, output: layout.canvas)
        }
    },
    // A 60 Hz ticker frame as the sign draws it: the frame pipeline's composer moves the tickers to the
    // frame's time, diffs the scenes and redraws only the damaged strip over the previous frame.
    tickerFrames("pipeline-ticker-frame-1080p", width: 1920, height: 1080, target: .p99(atMost: 2)),
    tickerFrames("pipeline-ticker-frame-4k", width: 3840, height: 2160),
    // The same frames' CPU time on the drawing thread: what a ticker costs the board, without the
    // moments the scheduler gave the core to someone else (on a shared machine they dominate the p99).
    tickerFrames("pipeline-ticker-frame-1080p-cpu", width: 1920, height: 1080, cpu: true, target: .p99(atMost: 1)),
    tickerFrames("pipeline-ticker-frame-4k-cpu", width: 3840, height: 2160, cpu: true),
    // PNG encoding of the drawn board (a screenshot, the boot cache, `kosatsu render`): zlib level 1
    // without row filters in a strip per core, against cairo's libpng (level 6, adaptive filters); identical pixels.
    pngEncode("png-encode-1080p", width: 1920, height: 1080, target: .median(atMost: 25)),
    pngEncode("png-encode-1080p-cairo-libpng", width: 1920, height: 1080, cairo: true),
    pngEncode("png-encode-4k", width: 3840, height: 2160, target: .median(atMost: 100)),
    pngEncode("png-encode-4k-cairo-libpng", width: 3840, height: 2160, cairo: true),
    // Japanese shaping + JLReq line breaking of a 10,000-character notice, caches emptied each run.
    Benchmark("text-cold-horizontal", unit: "chars/s", target: .median(atLeast: 1_000_000), iterations: 15) {
        let workload = try TextBenchmarks.Workload(fontDirectory: fonts)
        return { Double(workload.characters) / (try workload.cold()) }
    },
    Benchmark("text-cold-vertical", unit: "chars/s", target: .median(atLeast: 1_000_000), iterations: 15) {
        let workload = try TextBenchmarks.Workload(fontDirectory: fonts, vertical: true)
        return { Double(workload.characters) / (try workload.cold()) }
    },
    // The BudouX phrase scorer (line-break: phrase) on the same 10,000 characters, its model read
    // once; and the model's reading alone.
    Benchmark("phrase-boundaries", unit: "chars/s", target: .median(atLeast: 1_000_000), iterations: 15) {
        { TextBenchmarks.phrases(runs: 1).charactersPerSecond }
    },
    Benchmark("phrase-model-read", unit: "ms", iterations: 15) {
        { TextBenchmarks.phrases(runs: 1).modelLoadSeconds * 1000 }
    },
    // The same paragraph unchanged: how many times faster the layout cache answers than a cold run.
    Benchmark("text-cached-speedup", unit: "×", target: .median(atLeast: 50), iterations: 15) {
        let workload = try TextBenchmarks.Workload(fontDirectory: fonts)
        return { (try workload.cold()) / (try workload.cached()) }
    },
    // A poll of 10 pages of 1000 NGSI-v2 normalized entities: JSON → entities → spots.
    Benchmark("ngsi-entities-parsed", unit: "entities/s", target: .median(atLeast: 100_000), iterations: 15) {
        {
            let elapsed = try PlatformBenchmarks.parseEntities(count: 1000, pages: 10)
            return 10_000 / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    },
    // The same work on one 2,500-entity page, by each reader: decoded once, straight from the bytes.
    ngsiPage(.bytes, target: .median(atLeast: 500_000)),
    ngsiPage(.bytes, cpu: true),
    ngsiPage(.tree),
    ngsiPage(.tree, cpu: true),
    ngsiPage(.codable),
    // 16 alerts of 14,728 areas each in force: one look at the board as each step of the sign's loop takes it.
    Benchmark("alert-board-look-16x14728-areas", target: .median(atMost: 5), iterations: 50, warmUp: 1) {
        let now = Date()
        var board = AlertBoardLook.board(at: now)
        var step = 0.0
        return {
            step += 1
            AlertBoardLook.look(&board, at: now.addingTimeInterval(step))
        }
    },
    pushToFrame("tsunami-VTSE41", "jma/32-39_11_02_250206_VTSE41.xml"),
    pushToFrame("landslide-VXWW50", "jma/17_01_01_190529_VXWW50.xml"),
    pushToFrame("warnings-VPWW54-212KB", "jma/15_11_02_150916_VPWW54.xml"),
    pushToFrame("quake-VXSE53-397KB", "jma/32-39_11_05_240613_VXSE53.xml"),
    pushToFrame("cap-thunderstorm", "cap/v1dot2_appendix_adot2.xml"),
]

print(BenchmarkResult.header)
var results: [BenchmarkResult] = []
for benchmark in benchmarks where only == nil || benchmark.name.contains(only ?? "") {
    do {
        let result = try benchmark.run()
        print(result.line)
        results.append(result)
    } catch {
        FileHandle.standardError.write(Data("kosatsu-bench: \(benchmark.name) failed: \(error)\n".utf8))
        exit(1)
    }
}

struct Report: Encodable {
    var machine: String
    var date: String
    var results: [BenchmarkResult]
}
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
let report = Report(
    machine:
        "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.operatingSystemVersionString)",
    date: ISO8601.format(Date(), fraction: .never), results: results)
try FileManager.default.createDirectory(atPath: root + "/bench", withIntermediateDirectories: true)
try encoder.encode(report).write(to: URL(fileURLWithPath: root + "/bench/results.json"))
print("wrote bench/results.json")
