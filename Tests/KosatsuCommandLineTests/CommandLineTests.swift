import Foundation
import Testing

/// `kosatsu` as a designer runs it: exit codes, messages on stderr, files written or not.
@Suite struct CommandLineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `kosatsu` binary built beside this test bundle.
    static let binary: URL = {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDirectory, bundleDirectory.deletingLastPathComponent(), root.appendingPathComponent(".build/debug"),
        ]
        return candidates.map { $0.appendingPathComponent("kosatsu") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        } ?? root.appendingPathComponent(".build/debug/kosatsu")
    }()

    func run(_ arguments: [String], stdin: String? = nil) async throws -> Result {
        try await offThePool { try Self.runBlocking(arguments, stdin: stdin) }
    }

    static func runBlocking(_ arguments: [String], stdin: String?) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // stderr read beside stdout: a full pipe must not hold the child.
        let err = LockedData()
        let reader = Thread { err.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = err.wait()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-\(UUID())-\(name)").path
    }

    func pngSize(_ path: String) throws -> (Int, Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func be32(_ offset: Int) -> Int { data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    @Test func renderWritesAFullHdPng() async throws {
        let out = temporaryPath("board.png")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try await run([
            "render", "Layouts/congestion-board.yaml", "--data", "Layouts/samples/odawara.json", "--at",
            "2026-11-23T14:05:00+09:00", "-o", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try pngSize(out) == (1920, 1080))
    }

    @Test(arguments: [("3840x2160", 3840, 2160), ("1080x1920", 1080, 1920)])
    func renderAtOtherSizes(size: String, width: Int, height: Int) async throws {
        let out = temporaryPath("board.png")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try await run(["render", "Layouts/congestion-board.yaml", "--size", size, "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try pngSize(out) == (width, height))
    }

    @Test func badLayoutFailsWithItsPositionAndLeavesNoPng() async throws {
        let layout = temporaryPath("bad.yaml")
        let out = temporaryPath("bad.png")
        try "kosatsu: 1\npages:\n  - items:\n      - type: text\n        text: x\n        size: big\n".write(
            toFile: layout, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: layout) }
        for command in [["render", layout, "-o", out], ["validate", layout]] {
            let result = try await run(command)
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(layout):6:15: 'size' must be a number, found 'big'"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func yamlSyntaxErrorFailsValidateWithLineAndColumn() async throws {
        let layout = temporaryPath("broken.yaml")
        try "kosatsu: 1\npages: [\n".write(toFile: layout, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: layout) }
        let result = try await run(["validate", layout])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(layout):3:1: YAML syntax"), "\(result.stderr)")
    }

    @Test func validateAcceptsEveryShippedLayout() async throws {
        let layouts = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("Layouts").path
        )
        .filter { $0.hasSuffix(".yaml") }.map { "Layouts/" + $0 }
        let result = try await run(["validate"] + layouts)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func badOptionsAreClearErrors() async throws {
        let out = temporaryPath("x.png")
        let cases: [([String], String)] = [
            (["--size", "huge"], "--size: expected WIDTHxHEIGHT"),
            (["--page", "9"], "has pages 1–1, not 9"),
            (["--lang", "fr"], "--lang: expected one of ja, en, zh-Hans, zh-Hant, ko"),
            (["--at", "noon"], "--at: expected an ISO 8601 date-time"),
            (["--data", "/nonexistent.json"], "/nonexistent.json: cannot read the file"),
        ]
        for (options, message) in cases {
            let result = try await run(["render", "Layouts/emergency.yaml", "-o", out] + options)
            #expect(result.status == 1, "\(options)")
            #expect(result.stderr.contains(message), "\(options): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func unwritableOutputIsAClearError() async throws {
        let result = try await run(["render", "Layouts/emergency.yaml", "-o", "/nonexistent-dir/x.png"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write /nonexistent-dir/x.png"), "\(result.stderr)")
    }

    @Test func textBreaksPrintsOffsetsPerLine() async throws {
        let strict = try await run(["text", "breaks"], stdin: "漢字ー\n")
        #expect(strict.stdout == "1 3\n")
        let normal = try await run(["text", "breaks", "--strictness", "normal"], stdin: "漢字ー\n")
        #expect(normal.stdout == "1 2 3\n")
        let hex = try await run(["text", "breaks", "--hex"], stdin: "0061 000A 0062\n")
        #expect(hex.stdout == "2 3\n")
        let bad = try await run(["text", "breaks", "--hex"], stdin: "zz\n")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("line 1"))
    }

    @Test func textBreaksBetweenPhrases() async throws {
        let text = "余震に注意してください。海岸や川の近くでは津波の情報に注意してください\n"
        let phrase = try await run(["text", "breaks", "--strictness", "phrase"], stdin: text)
        #expect(phrase.stdout == "3 12 15 17 21 24 27 35\n")
        let chinese = try await run(
            ["text", "breaks", "--strictness", "phrase", "--language", "zh-Hant"], stdin: "請立即前往高處避難\n")
        #expect(chinese.stdout == "1 3 5 7 9\n")
    }

    @Test func textLinesPrintsEachParagraphsLines() async throws {
        let text = "余震に注意してください。海岸や川の近くでは津波の情報に注意してください\n落ち着いて\n"
        let strict = try await run(
            ["text", "lines", "--size", "60", "--width", "1800", "--weight", "bold"], stdin: text)
        #expect(strict.stdout == "余震に注意してください。海岸や川の近くでは津波の情報に注意し\nてください\n\n落ち着いて\n\n")
        let phrase = try await run(
            [
                "text", "lines", "--size", "60", "--width", "1800", "--weight", "bold", "--line-break", "phrase",
                "--wrap",
                "balance", "--widths",
            ], stdin: text)
        let rows = phrase.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == 6)
        #expect(rows[0].hasPrefix("余震に注意してください。\t"))
        #expect(rows[1].hasPrefix("海岸や川の近くでは津波の情報に注意してください\t"))
        #expect(rows[2] == "" && rows[4] == "")
        let bad = try await run(["text", "lines", "--size", "0", "--width", "100"], stdin: "x\n")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--size"))
    }

    @Test func versionAndHelp() async throws {
        let version = try await run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        for command in [
            ["--help"], ["render", "--help"], ["validate", "--help"], ["text", "breaks", "--help"],
            ["text", "lines", "--help"],
        ] {
            let help = try await run(command)
            #expect(help.status == 0, "\(command)")
            #expect(help.stdout.contains("USAGE"), "\(command)")
        }
    }
}

/// Runs blocking work — a child process and its pipes — on a thread of its own: every suite runs at
/// once on the cooperative pool's few threads (two on CI), and a blocked one stalls the servers and
/// clocks of the tests beside it.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Swift.Result { try work() }) }
    }
}

/// Bytes handed from a reader thread to the one that waits for them.
final class LockedData: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data ?? Data()
    }
}
