import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuRender
import KosatsuScene
import KosatsuText

// `make bench`: release build, every benchmark in `benchmarks`, a table on stdout and
// bench/results.json. Add a benchmark by appending a `Benchmark` to the list.

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

let benchmarks: [Benchmark] = [
    Benchmark("board-full-1080p", target: .milliseconds(8), prepare: fullBoard(width: 1920, height: 1080)),
    Benchmark(
        "board-full-4k", target: .milliseconds(30), iterations: 60, prepare: fullBoard(width: 3840, height: 2160)),
    Benchmark("board-full-portrait-1080x1920", prepare: fullBoard(width: 1080, height: 1920)),
    Benchmark("board-evaluate-only", iterations: 300) {
        let (layout, snapshot, time) = try dashboard()
        return {
            _ = layout.scene(page: 0, snapshot: snapshot, at: time, language: .ja, output: layout.canvas)
        }
    },
    // A 60 Hz ticker frame: the scene's ticker moves 1/60 s, the damage is found by diffing the
    // scenes, and only that rectangle is redrawn over the previous frame.
    Benchmark("ticker-frame-damage-1080p", target: .milliseconds(1), iterations: 600) {
        let (layout, snapshot, time) = try dashboard()
        let renderer = try SceneRenderer(fontDirectory: fonts)
        let canvas = try Canvas(width: 1920, height: 1080)
        var previous = layout.scene(page: 0, snapshot: snapshot, at: time, language: .ja, output: layout.canvas)
        try renderer.render(previous, into: canvas)
        return {
            let next = previous.advancingTickers(by: 1.0 / 60)
            try renderer.render(next, into: canvas, damage: next.damage(since: previous))
            previous = next
        }
    },
]

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
    date: ISO8601DateFormatter().string(from: Date()), results: results)
try FileManager.default.createDirectory(atPath: root + "/bench", withIntermediateDirectories: true)
try encoder.encode(report).write(to: URL(fileURLWithPath: root + "/bench/results.json"))
print("wrote bench/results.json")
