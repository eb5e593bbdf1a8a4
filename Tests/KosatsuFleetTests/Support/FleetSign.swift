import Foundation
import KosatsuData
import KosatsuFleet
import KosatsuRender
import KosatsuScene
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `kosatsu run` with an `mqtt:` section, as a city runs it: a real process in a folder of its own
/// (layouts, data, cache, configuration), its log in `log.txt`.
final class FleetSign: @unchecked Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

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

    let directory: URL
    let name: String
    var id: String { FleetTopics.id(fromName: name) }
    var topics: FleetTopics { FleetTopics(id: id) }
    private(set) var process: Process?
    private(set) var port = 0

    /// - Parameters:
    ///   - mqtt: extra lines of the `mqtt:` section (indented by the caller with two spaces).
    ///   - data: the data source section (default: a snapshot file written now).
    ///   - topics: the `topics:` list.
    init(
        name: String = "e2e \(UUID().uuidString.prefix(6))", broker: String, mqtt: String = "", data: String? = nil,
        topics: String = "[city/odawara/alerts, kosatsu/alerts]"
    ) throws {
        self.name = name
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-fleet-\(UUID())")
        let layouts = directory.appendingPathComponent("Layouts")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        let source = Self.root.appendingPathComponent("Layouts")
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path)
        where file == "congestion-board.yaml" || file.hasPrefix("emergency") || file == "samples" {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(file), to: layouts.appendingPathComponent(file))
        }
        if data == nil { try writeData() }
        let configuration = """
            kosatsu: 1
            sign: {name: "\(name)", areas: ["municipality:1420600"], latitude: 35.2564, longitude: 139.1550}
            layouts: Layouts
            playlist: [{layout: congestion-board}]
            output: {kind: preview, size: 480x270}
            cache: cache
            \(data ?? "data: {file: data.json}")
            alerts: {calm: 2s}
            mqtt:
              url: \(broker)
              topics: \(topics)
              keepalive: 5s
            \(mqtt)
            """
        try configuration.write(to: configurationFile, atomically: true, encoding: .utf8)
    }

    var configurationFile: URL { directory.appendingPathComponent("kosatsu.yaml") }
    var logFile: URL { directory.appendingPathComponent("log.txt") }
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
    var isRunning: Bool { process?.isRunning == true }

    /// The sample data, its source fresh.
    func writeData() throws {
        let sample = Self.root.appendingPathComponent("Layouts/samples/odawara.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: sample)) as? [String: Any] ?? [:]
        json["sources"] = [["name": "platform", "lastSuccess": ISO8601DateFormatter().string(from: Date())]]
        try JSONSerialization.data(withJSONObject: json).write(
            to: directory.appendingPathComponent("data.json"), options: .atomic)
    }

    /// Shell (bash) commands run before the daemon replaces the shell; nil starts it directly.
    var shellPrelude: String?

    func start() throws {
        let process = Process()
        let arguments = ["run", "--config", configurationFile.path, "--http", "127.0.0.1:0"]
        if let shellPrelude {
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", shellPrelude + "; exec \"$0\" \"$@\"", Self.binary.path] + arguments
        } else {
            process.executableURL = Self.binary
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging([
            "KOSATSU_FONTS": Self.root.appendingPathComponent("Fonts").path, "KOSATSU_LOG_LEVEL": "info",
        ]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logFile)
        try log.seekToEnd()
        process.standardError = log
        try launch(process)
        self.process = process
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !text.contains("preview at") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
            let port = Int(text[range].split(separator: ":")[1])
        else { throw TestFailure("the sign did not say where it listens: \(text) \(self.log)") }
        self.port = port
    }

    /// SIGTERM: a clean stop.
    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// SIGKILL: the power cut, the kernel's OOM killer.
    func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func request(_ path: String) async throws -> (Int, Data) {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw TestFailure("bad path") }
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func screen() async throws -> Frame {
        let (status, png) = try await request("/screenshot.png")
        guard status == 200 else { throw TestFailure("screenshot: HTTP \(status)") }
        return try Self.frame(png, in: directory)
    }

    static func frame(_ png: Data, in directory: URL) throws -> Frame {
        let path = directory.appendingPathComponent("shot-\(UUID()).png").path
        try png.write(to: URL(fileURLWithPath: path))
        return try PNGFile.read(path)
    }

    // Screens told apart by colour at a fixed point of a 480×270 frame (as DaemonEndToEndTests).
    static func isBoard(_ frame: Frame) -> Bool {
        let pixel = frame[4, 135]
        return pixel & 0xFF > (pixel >> 16) & 0xFF + 0x20
    }
    static func isEmergency(_ frame: Frame) -> Bool { frame[4, 135] & 0xFFFFFF < 0x202020 }
    /// The first spot's level pill (any level's colour is bright; the empty board is dark there).
    static func showsSpots(_ frame: Frame) -> Bool {
        stride(from: 280, through: 370, by: 10).contains { x in
            let pixel = frame[x, 69]
            return max((pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF) > 0x90
        }
    }

    // MARK: What Orion and JMA send

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// An Orion NGSI-v2 MQTT notification of a Smart Data Models `Alert` at the sign.
    static func orionAlert(id: String, issued: Date, validTo: Date? = nil, modified: Date? = nil) -> [UInt8] {
        var attributes = [
            #""category": {"type": "Text", "value": "naturalDisaster"}"#,
            #""subCategory": {"type": "Text", "value": "earthquake"}"#,
            #""severity": {"type": "Text", "value": "critical"}"#,
            #""description": {"type": "Text", "value": "強い揺れに警戒してください"}"#,
            #""location": {"type": "geo:json", "value": {"type": "Point", "coordinates": [139.1551, 35.2565]}}"#,
            #""dateIssued": {"type": "DateTime", "value": "\#(iso(issued))"}"#,
            #""dateModified": {"type": "DateTime", "value": "\#(iso(modified ?? issued))"}"#,
        ]
        if let validTo { attributes.append(#""validTo": {"type": "DateTime", "value": "\#(iso(validTo))"}"#) }
        return Array(
            #"{"subscriptionId": "5f9c1e2a3b4c5d6e7f809192", "data": [{"id": "\#(id)", "type": "Alert", \#(attributes.joined(separator: ", "))}]}"#
                .utf8)
    }

    /// A CAP 1.2 message for 小田原.
    static func cap(_ type: String, id: String, references: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>\(id)</identifier><sender>city@odawara.example</sender>
          <sent>\(ISO8601DateFormatter().string(from: Date()))</sent>
          <status>Actual</status><msgType>\(type)</msgType><scope>Public</scope>\(references)
          <info><language>ja-JP</language><category>Geo</category><event>地震</event><urgency>Immediate</urgency>
            <severity>Extreme</severity><certainty>Observed</certainty><headline>強い揺れに警戒してください</headline>
            <area><areaDesc>小田原市</areaDesc><circle>35.2564,139.1550 10</circle></area></info>
        </alert>
        """
    }
}
