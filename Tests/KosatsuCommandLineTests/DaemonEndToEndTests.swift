import Foundation
import KosatsuData
import KosatsuRender
import KosatsuScene
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `kosatsu run` as a city would run it: a real process, real HTTP on loopback, real files.
@Suite(.serialized) struct DaemonEndToEndTests {
    static let root = CommandLineTests.root
    static let token = "e2e-\(UUID().uuidString)"

    /// A sign in a temporary folder: its own layouts, data file, cache and configuration.
    final class Sign {
        let directory: URL
        var process: Process?
        var port = 0
        var output = Pipe()

        /// The sample its data file is made from (`Layouts/samples/NAME.json`).
        let sample: String
        /// The daemon's log (stderr, debug level).
        var log: URL { directory.appendingPathComponent("daemon.log") }

        /// With `platform`, the sign reads that NGSI broker (every second, data stale after 4 s, the
        /// board in Japanese only) instead of a snapshot file; with `platformAlerts` also its `Alert`
        /// entities, the emergency screens then in Japanese only too. `layout` is its playlist's one
        /// layout, `entry` more of its playlist entry (`, transition: {kind: fade}`).
        init(
            platform: URL? = nil, platformAlerts: Bool = false, layout: String = "congestion-board",
            sample: String = "odawara", entry: String = "", size: String = "480x270"
        ) throws {
            self.sample = sample
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-e2e-\(UUID())")
            let layouts = directory.appendingPathComponent("Layouts")
            try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
            let source = DaemonEndToEndTests.root.appendingPathComponent("Layouts")
            for file in try FileManager.default.contentsOfDirectory(atPath: source.path)
            where file == layout + ".yaml" || file.hasPrefix("emergency") || file == "samples" || file == "assets" {
                try FileManager.default.copyItem(
                    at: source.appendingPathComponent(file), to: layouts.appendingPathComponent(file))
            }
            var data = "data: {file: data.json}"
            if let platform {
                let alerts = platformAlerts ? ", alerts: {}" : ""
                data =
                    "platform: {url: \"\(platform.absoluteString)\", pollInterval: 1s, timeout: 2s, spots: {}\(alerts)}"
                let board = layouts.appendingPathComponent("congestion-board.yaml")
                let layout = try String(contentsOf: board, encoding: .utf8)
                // Japanese only, so frames compare across restarts whatever the time.
                try layout.replacingOccurrences(of: "\npages:\n", with: "\nstale-after: 4s\npages:\n")
                    .replacingOccurrences(of: "languages: [ja, en]", with: "languages: [ja]")
                    .write(to: board, atomically: true, encoding: .utf8)
                for file in try FileManager.default.contentsOfDirectory(atPath: layouts.path)
                where platformAlerts && file.hasPrefix("emergency") {
                    let url = layouts.appendingPathComponent(file)
                    try String(contentsOf: url, encoding: .utf8)
                        .replacingOccurrences(of: "languages: [ja, en, zh-Hans, zh-Hant, ko]", with: "languages: [ja]")
                        .write(to: url, atomically: true, encoding: .utf8)
                }
            } else {
                try writeData(lastSuccess: Date())
            }
            let configuration = """
                kosatsu: 1
                sign: {name: e2e, areas: ["municipality:1420600"], latitude: 35.2564, longitude: 139.1550}
                layouts: Layouts
                playlist: [{layout: \(layout)\(entry)}]
                output: {kind: preview, size: \(size)}
                cache: cache
                \(data)
                alerts: {calm: 2s}
                """
            try configuration.write(
                to: directory.appendingPathComponent("kosatsu.yaml"), atomically: true, encoding: .utf8)
        }

        /// The sample data with its source's last success at `lastSuccess`.
        func writeData(lastSuccess: Date) throws {
            let sample = DaemonEndToEndTests.root.appendingPathComponent("Layouts/samples/\(sample).json")
            var json = try JSONSerialization.jsonObject(with: Data(contentsOf: sample)) as? [String: Any] ?? [:]
            json["sources"] = [["name": "platform", "lastSuccess": ISO8601DateFormatter().string(from: lastSuccess)]]
            let data = try JSONSerialization.data(withJSONObject: json)
            try data.write(to: directory.appendingPathComponent("data.json"), options: .atomic)
        }

        /// Shell commands run before the daemon replaces the shell (`ulimit -n 1024`); nil starts it directly.
        var shellPrelude: String?

        func start() throws {
            let process = Process()
            let arguments = [
                "run", "--config", directory.appendingPathComponent("kosatsu.yaml").path, "--http", "127.0.0.1:0",
            ]
            if let shellPrelude {
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments =
                    ["-c", shellPrelude + "; exec \"$0\" \"$@\"", CommandLineTests.binary.path] + arguments
            } else {
                process.executableURL = CommandLineTests.binary
                process.arguments = arguments
            }
            process.environment = ProcessInfo.processInfo.environment.merging(
                [
                    "KOSATSU_PUSH_TOKEN": DaemonEndToEndTests.token,
                    "KOSATSU_FONTS": DaemonEndToEndTests.root.appendingPathComponent("Fonts").path,
                    "KOSATSU_LOG_LEVEL": "debug",
                ]
            ) { $1 }
            output = Pipe()
            process.standardOutput = output
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            self.process = process
            // The daemon prints its address once it listens.
            var text = ""
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, !text.contains("preview at") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                let port = Int(text[range].split(separator: ":")[1])
            else { throw E2EError(message: "the daemon did not say where it listens: \(text)") }
            self.port = port
        }

        func stop() {
            guard let process, process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }

        deinit {
            stop()
            try? FileManager.default.removeItem(at: directory)
        }

        func request(_ path: String, method: String = "GET", token: String? = nil, body: Data? = nil) async throws -> (
            Int, Data
        ) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.httpBody = body
            request.timeoutInterval = 10
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        }

        func screen() async throws -> Frame {
            let (status, png) = try await request("/screenshot.png")
            #expect(status == 200)
            let path = directory.appendingPathComponent("shot-\(UUID()).png").path
            try png.write(to: URL(fileURLWithPath: path))
            return try PNGFile.read(path)
        }

        /// The value of one series in `GET /metrics` (`name{labels}` as Prometheus writes it).
        func metric(_ series: String) async throws -> Double? {
            let text = String(decoding: try await request("/metrics").1, as: UTF8.self)
            for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
                return Double(line.dropFirst(series.count + 1))
            }
            return nil
        }

        /// Polls the screen until `condition` holds. The daemon reacts within a frame; the minute is
        /// for a 2-core CI machine running every suite at once (a pass returns as soon as it holds).
        func waitForScreen(_ what: String, timeout: TimeInterval = 60, _ condition: (Frame) -> Bool) async throws
            -> Frame
        {
            let deadline = Date().addingTimeInterval(timeout)
            var last = try await screen()
            while !condition(last), Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
                last = try await screen()
            }
            let holds = condition(last)
            #expect(holds, "waited \(Int(timeout)) s for: \(what)")
            return last
        }
    }

    struct E2EError: Error {
        let message: String
    }

    /// `kosatsu simulate`: the Orion-like broker as a process of its own, on a free loopback port,
    /// its counts frozen (`--tick 0`) so frames can be compared across restarts.
    final class Simulator {
        let process = Process()
        let url: URL

        init() throws {
            process.executableURL = CommandLineTests.binary
            process.arguments = ["simulate", "--port", "0", "--tick", "0"]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            var text = ""
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, !text.contains("/v2") {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let range = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression),
                let url = URL(string: String(text[range]))
            else {
                process.terminate()
                throw E2EError(message: "the simulator did not say where it listens: \(text)")
            }
            self.url = url
        }

        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }

        deinit { stop() }
    }

    static func cap(_ type: String, id: String, references: String = "") -> Data {
        Data(
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
            """.utf8)
    }

    // Screens told apart by colour at fixed points of a 480×270 frame.
    static func isBoard(_ frame: Frame) -> Bool { blue(frame[4, 135]) }
    static func isEmergency(_ frame: Frame) -> Bool { frame[4, 135] & 0xFFFFFF < 0x202020 }
    static func showsStaleMarker(_ frame: Frame) -> Bool {
        let pixel = frame[278, 254]
        return (pixel >> 16) & 0xFF > 0xC0 && (pixel >> 8) & 0xFF > 0x90 && pixel & 0xFF < 0x60
    }
    /// The first spot's level pill (any level's colour is bright; the empty board is dark there).
    static func showsSpots(_ frame: Frame) -> Bool {
        stride(from: 280, through: 370, by: 10).contains { x in
            let pixel = frame[x, 69]
            return max((pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF) > 0x90
        }
    }
    static func blue(_ pixel: UInt32) -> Bool { pixel & 0xFF > (pixel >> 16) & 0xFF + 0x20 }

    @Test func aSignsLifeFromBoardToAlertToCalmAndBack() async throws {
        let sign = try Sign()
        try sign.start()
        let board = try await sign.waitForScreen("the congestion board", Self.isBoard)
        #expect(!Self.showsStaleMarker(board))

        // No token: 401, and the screen is unchanged.
        let (refused, refusedBody) = try await sign.request(
            "/alerts", method: "POST", body: Self.cap("Alert", id: "a1"))
        #expect(refused == 401 && refusedBody.isEmpty)
        #expect(Self.isBoard(try await sign.screen()))

        // An actual alert for the sign's area takes over.
        let (accepted, _) = try await sign.request(
            "/alerts", method: "POST", token: Self.token, body: Self.cap("Alert", id: "a1"))
        #expect(accepted == 202)
        _ = try await sign.waitForScreen("the emergency screen", Self.isEmergency)
        let (_, health) = try await sign.request("/healthz")
        #expect(String(decoding: health, as: UTF8.self).contains("\"alertsInForce\" : 1"))

        // Its cancel brings the calm screen, then (calm: 2s) the board again.
        let cancel = Self.cap(
            "Cancel", id: "a2", references: "<references>city@odawara.example,a1,2026-11-23T14:10:00+09:00</references>"
        )
        let (cancelled, _) = try await sign.request("/alerts", method: "POST", token: Self.token, body: cancel)
        #expect(cancelled == 202)
        _ = try await sign.waitForScreen("the board after the calm screen", Self.isBoard)
        sign.stop()
    }

    @Test func aBrokenLayoutIsRejectedAndTheRunningOneKept() async throws {
        let sign = try Sign()
        try sign.start()
        _ = try await sign.waitForScreen("the congestion board", Self.isBoard)
        let layout = sign.directory.appendingPathComponent("Layouts/congestion-board.yaml")
        try "kosatsu: 1\npages:\n  - items: [{type: txet}]\n".write(to: layout, atomically: true, encoding: .utf8)
        var rejected = ""
        for _ in 0..<50 where !rejected.contains("congestion-board") {
            try await Task.sleep(for: .milliseconds(200))
            rejected = String(decoding: try await sign.request("/healthz").1, as: UTF8.self)
        }
        #expect(rejected.contains("congestion-board.yaml:3"), "\(rejected)")
        #expect(Self.isBoard(try await sign.screen()))
        sign.stop()
    }

    @Test func oldDataIsMarkedStaleAndTheLastDataSurvivesARestart() async throws {
        let sign = try Sign()
        try sign.writeData(lastSuccess: Date().addingTimeInterval(-3600))
        try sign.start()
        _ = try await sign.waitForScreen("the stale marker", Self.showsStaleMarker)
        try sign.writeData(lastSuccess: Date())
        let fresh = try await sign.waitForScreen("the marker gone with fresh data") { !Self.showsStaleMarker($0) }
        sign.stop()

        // The data source is gone at the next start: the last good data is shown at once.
        try FileManager.default.removeItem(at: sign.directory.appendingPathComponent("data.json"))
        try sign.start()
        let first = try await sign.screen()
        #expect(Self.isBoard(first))
        #expect(FrameComparison(actual: first, expected: fresh, tolerance: 8).differingPixels < first.pixels.count / 50)
        sign.stop()
    }

    @Test func againstTheSimulatorStaleWhenItStopsAndTheLastDataAfterARestart() async throws {
        let simulator = try Simulator()
        let sign = try Sign(platform: simulator.url)
        try sign.start()
        let live = try await sign.waitForScreen("the simulator's spots on the board") {
            Self.isBoard($0) && Self.showsSpots($0)
        }
        #expect(!Self.showsStaleMarker(live))
        #expect(try await sign.metric(#"kosatsu_source_errors_total{source="platform"}"#) == 0)

        // Pushes: without the token 401 and nothing changes; with it the alert takes over; its cancel
        // brings the calm screen, then the board with the simulator's data again.
        let (refused, refusedBody) = try await sign.request(
            "/alerts", method: "POST", body: Self.cap("Alert", id: "s1"))
        #expect(refused == 401 && refusedBody.isEmpty)
        #expect(Self.isBoard(try await sign.screen()))
        let (accepted, _) = try await sign.request(
            "/alerts", method: "POST", token: Self.token, body: Self.cap("Alert", id: "s1"))
        #expect(accepted == 202)
        _ = try await sign.waitForScreen("the emergency screen", Self.isEmergency)
        let cancel = Self.cap(
            "Cancel", id: "s2", references: "<references>city@odawara.example,s1,2026-11-23T14:10:00+09:00</references>"
        )
        #expect(try await sign.request("/alerts", method: "POST", token: Self.token, body: cancel).0 == 202)
        _ = try await sign.waitForScreen("the board after the calm screen") { Self.isBoard($0) && Self.showsSpots($0) }

        // A broken layout is rejected with its line and the running one kept; mended, it is read again.
        let layout = sign.directory.appendingPathComponent("Layouts/congestion-board.yaml")
        let good = try String(contentsOf: layout, encoding: .utf8)
        try "kosatsu: 1\npages:\n  - items: [{type: txet}]\n".write(to: layout, atomically: true, encoding: .utf8)
        var health = ""
        for _ in 0..<50 where !health.contains("congestion-board.yaml:3") {
            try await Task.sleep(for: .milliseconds(200))
            health = String(decoding: try await sign.request("/healthz").1, as: UTF8.self)
        }
        #expect(health.contains("congestion-board.yaml:3"), "\(health)")
        #expect(Self.isBoard(try await sign.screen()))
        try good.write(to: layout, atomically: true, encoding: .utf8)
        for _ in 0..<50 where health.contains("congestion-board.yaml:3") {
            try await Task.sleep(for: .milliseconds(200))
            health = String(decoding: try await sign.request("/healthz").1, as: UTF8.self)
        }
        #expect(!health.contains("congestion-board.yaml:3"), "\(health)")

        // The broker goes away: polls fail, the data stays, and after 4 s (the layout's stale-after) it is marked.
        simulator.stop()
        let stale = try await sign.waitForScreen("the stale marker") {
            Self.showsStaleMarker($0) && Self.showsSpots($0)
        }
        #expect(try await sign.metric(#"kosatsu_source_errors_total{source="platform"}"#) ?? 0 >= 1)
        health = String(decoding: try await sign.request("/healthz").1, as: UTF8.self)
        #expect(health.contains("\"lastError\""), "\(health)")
        sign.stop()

        // Started again with the broker still down: the last data at once, from the cache.
        try sign.start()
        let first = try await sign.screen()
        #expect(Self.isBoard(first) && Self.showsSpots(first))
        #expect(FrameComparison(actual: first, expected: stale, tolerance: 8).differingPixels < first.pixels.count / 50)
        // And after a poll of the dead broker has failed, drawn afresh from the cached data (not only the
        // cached picture): the spots and the marker still.
        let errors = #"kosatsu_source_errors_total{source="platform"}"#
        for _ in 0..<50 where try await sign.metric(errors) ?? 0 < 1 {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await sign.metric(errors) ?? 0 >= 1)
        try await Task.sleep(for: .seconds(1))
        #expect(try await sign.metric("kosatsu_frames_total") ?? 0 >= 1)
        let redrawn = try await sign.screen()
        #expect(Self.showsSpots(redrawn) && Self.showsStaleMarker(redrawn))
        #expect(
            FrameComparison(actual: redrawn, expected: stale, tolerance: 8).differingPixels < first.pixels.count / 50)
        sign.stop()
    }

    /// A tsunami `Alert` entity whose description is percent-encoded, as Orion makes providers store
    /// `（）` and the like: the emergency screen shows it exactly as the same text stored plainly.
    @Test func percentEncodedAlertTextFromTheBrokerIsShownDecoded() async throws {
        let simulator = try Simulator()
        let sign = try Sign(platform: simulator.url, platformAlerts: true)
        try sign.start()
        _ = try await sign.waitForScreen("the simulator's spots on the board") {
            Self.isBoard($0) && Self.showsSpots($0)
        }

        let issued = Date().addingTimeInterval(-60)
        var version = 0
        /// Stores the alert entity on the broker through its HTTP API (a newer version each time).
        func store(_ description: String, type: String = "Text") async throws {
            version += 1
            let entity: [String: Any] = [
                "id": "urn:ngsi-ld:Alert:odawara-tsunami-e2e", "type": "Alert",
                "category": ["type": "Text", "value": "naturalDisaster"],
                "subCategory": ["type": "Text", "value": "tsunami"],
                "severity": ["type": "Text", "value": "critical"],
                "description": ["type": type, "value": description],
                "location": ["type": "geo:json", "value": ["type": "Point", "coordinates": [139.1551, 35.2565]]],
                "dateIssued": ["type": "DateTime", "value": ISO8601DateFormatter().string(from: issued)],
                "dateModified": [
                    "type": "DateTime",
                    "value": ISO8601DateFormatter().string(from: issued.addingTimeInterval(Double(version))),
                ],
            ]
            var request = URLRequest(url: URL(string: simulator.url.absoluteString + "/v2/entities?options=upsert")!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: entity)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((200..<300).contains((response as? HTTPURLResponse)?.statusCode ?? 0), "the broker took the entity")
        }
        func differs(_ a: Frame, _ b: Frame) -> Bool {
            FrameComparison(actual: a, expected: b, tolerance: 8).differingPixels > 40
        }

        // `(` `)` are forbidden in Orion's Text: a provider stores the whole text percent-encoded.
        let text = "津波警報 (相模湾) 海岸から離れてください"
        let encoded = try #require(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        #expect(encoded.hasPrefix("%E6%B4%A5"))

        // The same words stored where Orion allows them (TextUnrestricted): the reference.
        try await store(text, type: "TextUnrestricted")
        _ = try await sign.waitForScreen("the tsunami screen", Self.isEmergency)
        try await Task.sleep(for: .seconds(1))
        let plain = try await sign.screen()
        // Other words: proves that a change of text reaches the screen.
        try await store("高潮警報　海岸から離れてください")
        let other = try await sign.waitForScreen("the other words on screen") { differs($0, plain) }
        // The same words percent-encoded: the screen must equal the reference, not show %E6%B4%A5….
        try await store(encoded)
        let shown = try await sign.waitForScreen("the encoded words on screen") { differs($0, other) }
        #expect(Self.isEmergency(shown))
        let comparison = FrameComparison(actual: shown, expected: plain, tolerance: 8)
        #expect(
            comparison.differingPixels < 40,
            "the screen differs from the decoded text: \(comparison.differingPixels) px")
        sign.stop()
        simulator.stop()
    }

    /// glibc's arenas past the main heap, from /proc/PID/maps: each is a 64 MiB reservation starting
    /// at a multiple of 64 MiB, read-write as far as it has grown and PROT_NONE beyond (neighbouring
    /// mappings may merge with either part).
    static func extraMallocArenas(pid: Int32) throws -> Int {
        let reservation: UInt64 = 64 << 20
        let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
        var arenas = 0
        var below: (start: UInt64, end: UInt64, readWrite: Bool)?
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let bounds = fields[0].split(separator: "-").compactMap { UInt64($0, radix: 16) }
            guard bounds.count == 2 else { continue }
            let anonymous = fields.count == 5 && fields[4] == "0"
            let mapping = (start: bounds[0], end: bounds[1], readWrite: fields[1].hasPrefix("rw"))
            if anonymous, fields[1].hasPrefix("---"), let grown = below, grown.readWrite, grown.end == mapping.start {
                let base = grown.end / reservation * reservation
                if grown.start <= base, mapping.end >= base + reservation { arenas += 1 }
            }
            below = anonymous ? mapping : nil
        }
        return arenas
    }

    @Test func theDemoKeepsRunningAfterItsScriptedDrill() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-demo-\(UUID())")
        defer { try? FileManager.default.removeItem(at: state) }
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["run", "--http", "127.0.0.1:0", "--output", "preview"]
        process.currentDirectoryURL = Self.root
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["KOSATSU_DEMO_DRILL_SECONDS": "1", "XDG_STATE_HOME": state.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        try await Task.sleep(for: .seconds(6))
        #expect(
            process.isRunning,
            "the demo sign stopped after its drill (exit \(process.isRunning ? 0 : process.terminationStatus))")
        // One malloc arena: its limit is set before any thread but the main one has allocated.
        #expect(try Self.extraMallocArenas(pid: process.processIdentifier) == 0)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "SIGTERM is a graceful stop")
    }
}

/// The HTTP server is not the sign: a taken port is logged and retried while the screen goes on.
@Suite struct DaemonWithoutHTTPTests {
    @Test func aTakenPortLeavesTheSignRunning() async throws {
        // Hold a port on loopback so the daemon cannot bind it.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(holder >= 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(holder, pointer, length) == 0 && listen(holder, 1) == 0
                    && getsockname(holder, pointer, &length) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))

        let sign = try DaemonEndToEndTests.Sign()
        defer { try? FileManager.default.removeItem(at: sign.directory) }
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = [
            "run", "--config", sign.directory.appendingPathComponent("kosatsu.yaml").path, "--http",
            "127.0.0.1:\(port)",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "KOSATSU_FONTS": DaemonEndToEndTests.root.appendingPathComponent("Fonts").path
        ]) { $1 }
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // The daemon says the server could not start, and is still running a while later.
        var log = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !log.contains("could not start") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
        }
        #expect(log.contains("HTTP server on 127.0.0.1:\(port) could not start"), "\(log)")
        try await Task.sleep(for: .seconds(2))
        #expect(process.isRunning, "the sign stopped because its HTTP port was taken: \(log)")
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "SIGTERM is a graceful stop")
    }
}
