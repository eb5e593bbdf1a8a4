import Foundation
import Testing

/// Every command that reads a file, fed files that are broken on purpose: each must exit 0 or 1
/// with a message naming the file — never a signal, a Swift trap or a hang.
@Suite final class BadInputFileTests {
    /// A hang guard, not a speed test: every case finishes in well under a second on a quiet machine, but
    /// a 2-core CI machine running every suite at once has taken minutes to start a process.
    static let timeLimit: TimeInterval = 300

    struct Outcome: Sendable {
        var exited: Bool
        var status: Int32
        var stderr: String
        var seconds: TimeInterval
    }

    /// Runs the built `kosatsu` with `arguments`; kills it (and reports a hang) past the time limit.
    func run(_ arguments: [String]) async throws -> Outcome {
        let directory = directory
        return try await offThePool { try Self.runBlocking(arguments, in: directory) }
    }

    static func runBlocking(_ arguments: [String], in directory: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = CommandLineTests.root
        let errorFile = directory.appendingPathComponent("stderr-\(UUID())")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let errors = try FileHandle(forWritingTo: errorFile)
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        while process.isRunning && Date().timeIntervalSince(started) < timeLimit {
            Thread.sleep(forTimeInterval: 0.02)
        }
        if process.isRunning {
            process.terminate()
            Thread.sleep(forTimeInterval: 0.5)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try errors.close()
        let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return Outcome(
            exited: process.terminationReason == .exit, status: process.terminationStatus, stderr: stderr,
            seconds: Date().timeIntervalSince(started))
    }

    let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-bad-input-\(UUID())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ name: String, _ data: Data) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    /// A 100 MB file that takes no disk: a hole of zeros after a plausible start.
    func huge(_ name: String, start: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(start.utf8))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 100 << 20)
        try handle.close()
        return path
    }

    func shipped(_ path: String) throws -> Data {
        try Data(contentsOf: CommandLineTests.root.appendingPathComponent(path))
    }

    /// The ways a file can be bad, as (name, path, what stderr must also say).
    func badFiles(kind: String, valid: Data, nested: String) throws -> [(String, String, String?)] {
        let binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
        let utf16 = Data(String(decoding: valid, as: UTF8.self).utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        // "小田原" in Shift_JIS after a line of ASCII, with no declaration of the encoding.
        let shiftJIS = Data("# a comment\nname: ".utf8) + Data([0x8F, 0xAC, 0x93, 0x63, 0x8C, 0xB4, 0x0A])
        return [
            ("empty", try write("empty.\(kind)", Data()), nil),
            ("truncated", try write("truncated.\(kind)", valid.prefix(valid.count / 2)), nil),
            ("binary", try write("binary.\(kind)", binary), nil),
            ("huge", try huge("huge.\(kind)", start: String(decoding: valid.prefix(200), as: UTF8.self)), "MB"),
            ("endless", "/dev/zero", "MB"),
            ("directory", directory.path, "directory"),
            ("nested", try write("nested.\(kind)", nested), nil),
            ("shift-jis", try write("sjis.\(kind)", shiftJIS), "UTF-8"),
            ("utf-16 with BOM", try write("bom.\(kind)", Data([0xFF, 0xFE]) + utf16), "UTF-16"),
            ("utf-16 without BOM", try write("utf16.\(kind)", utf16), "UTF-16"),
        ]
    }

    func expectClean(_ outcome: Outcome, file: String, case name: String, message: String?) {
        #expect(outcome.exited, "\(name): killed by signal \(outcome.status); stderr: \(outcome.stderr.suffix(2000))")
        #expect(outcome.seconds < Self.timeLimit, "\(name): still running after \(Self.timeLimit) s")
        #expect([0, 1].contains(outcome.status), "\(name): exit \(outcome.status): \(outcome.stderr.suffix(2000))")
        if outcome.status == 1 {
            #expect(outcome.stderr.contains(file), "\(name): the message does not name \(file): \(outcome.stderr)")
            #expect(!outcome.stderr.contains("Fatal error"), "\(name): \(outcome.stderr.suffix(2000))")
        }
        if let message {
            #expect(outcome.stderr.contains(message), "\(name): expected '\(message)' in: \(outcome.stderr)")
        }
    }

    static let deepYAML = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
    static let deepBlockYAML = (0..<2_000).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
    /// YAML's entity bomb: aliases of aliases, 10⁹ scalars if anything expanded them.
    static let yamlLaughs: String = {
        var lines = ["  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<10 {
            lines.append(
                "  a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                    + "]")
        }
        return "kosatsu: 1\ncolors:\n" + lines.joined(separator: "\n") + "\npages:\n  - items: *a9\n"
    }()
    static let deepJSON = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    static let deepXML =
        "<?xml version=\"1.0\"?>\n" + String(repeating: "<a>", count: 100_000)
        + String(repeating: "</a>", count: 100_000)

    @Test func layoutsForRenderAndValidate() async throws {
        let valid = try shipped("Layouts/emergency.yaml")
        var files = try badFiles(kind: "yaml", valid: valid, nested: Self.deepYAML)
        files.append(("nested blocks", try write("blocks.yaml", Self.deepBlockYAML), nil))
        files.append(("nested JSON", try write("deep.json.yaml", Self.deepJSON), nil))
        files.append(("billion laughs", try write("laughs.yaml", Self.yamlLaughs), nil))
        for (name, path, message) in files {
            let out = directory.appendingPathComponent("out.png").path
            for command in [["validate", path], ["render", path, "-o", out]] {
                let outcome = try await run(command)
                expectClean(outcome, file: path, case: "\(command[0]) \(name)", message: message)
                #expect(outcome.status == 1, "\(command[0]) \(name) was accepted")
            }
        }
    }

    @Test func snapshotsForRenderData() async throws {
        let valid = try shipped("Layouts/samples/alert-volcano.json")
        for (name, path, message) in try badFiles(kind: "json", valid: valid, nested: Self.deepJSON) {
            let out = directory.appendingPathComponent("out.png").path
            let outcome = try await run(["render", "Layouts/emergency.yaml", "--data", path, "-o", out])
            expectClean(outcome, file: path, case: "render --data \(name)", message: message)
            #expect(outcome.status == 1, "render --data \(name) was accepted")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func platformConfigsForFetch() async throws {
        let valid = Data(
            "platform:\n  url: http://127.0.0.1:9/\n  flavour: v2\n  timeout: 1s\n  spots: {type: CrowdFlowObserved}\n"
                .utf8)
        for (name, path, message) in try badFiles(kind: "yaml", valid: valid, nested: Self.deepYAML) {
            let outcome = try await run(["fetch", "--config", path])
            expectClean(outcome, file: path, case: "fetch \(name)", message: message)
            #expect(outcome.status == 1, "fetch \(name) was accepted")
        }
    }

    @Test func alertsForInspect() async throws {
        let jma = try shipped("Tests/KosatsuAlertsTests/Fixtures/" + alertFixture())
        var files = try badFiles(kind: "xml", valid: jma, nested: Self.deepXML)
        files.append(("nested JSON", try write("deep.json", Self.deepJSON), nil))
        let hostile: [(String, String)] = [
            (
                "billion laughs",
                """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
                <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol9;</identifier></alert>
                """
            ),
            (
                "external entity",
                """
                <?xml version="1.0"?>
                <!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>
                """
            ),
            (
                "parameter entity",
                """
                <?xml version="1.0"?>
                <!DOCTYPE alert [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier></alert>
                """
            ),
            (
                "undeclared entity",
                "<?xml version=\"1.0\"?>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">&xxe;</alert>"
            ),
        ]
        for (name, text) in hostile {
            files.append((name, try write("\(name.replacingOccurrences(of: " ", with: "-")).xml", text), nil))
        }
        for (name, path, message) in files {
            let outcome = try await run(["alert", "inspect", path])
            expectClean(outcome, file: path, case: "alert inspect \(name)", message: message)
            #expect(outcome.status == 1, "alert inspect \(name) was accepted")
            #expect(!outcome.stderr.contains("root:x:0:0"), "\(name): a local file leaked into the output")
        }
    }

    private func alertFixture() throws -> String {
        let fixtures = CommandLineTests.root.appendingPathComponent("Tests/KosatsuAlertsTests/Fixtures")
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".xml") }
        return try #require(names.sorted().first)
    }
}
