import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `kosatsu preview` against real files, a real server and real headless Chromium: the page shows
/// the frame, a saved edit reaches the page, a broken file shows its line and column on it.
@Suite(.serialized) struct PreviewCommandTests {
    static func layout(_ text: String) -> String {
        """
        kosatsu: 1
        canvas: 1920x1080
        languages: [ja, en]
        pages:
          - name: welcome
            background: "#10306A"
            items:
              - {type: text, x: 100, y: 400, width: 1700, height: 200, size: 120, color: "#FFFFFF", text: "\(text)"}

        """
    }

    final class Studio {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-preview-\(UUID())")
        var file: URL { directory.appendingPathComponent("sign.yaml") }
        let process = Process()
        let output = Pipe()
        var port = 0

        /// `samples`: files for `samples/` beside the layout, by name.
        init(_ yaml: String, samples: [String: String] = [:]) throws {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try yaml.write(to: file, atomically: false, encoding: .utf8)
            if !samples.isEmpty {
                try FileManager.default.createDirectory(
                    at: directory.appendingPathComponent("samples"), withIntermediateDirectories: true)
                for (name, text) in samples { try saveSample(name, text) }
            }
            process.executableURL = CommandLineTests.binary
            process.arguments = ["preview", file.path, "--http", "127.0.0.1:0"]
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["KOSATSU_FONTS": CommandLineTests.root.appendingPathComponent("Fonts").path]) { $1 }
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var text = ""
            while !text.contains("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                let port = Int(text[range].split(separator: ":")[1])
            else { throw HeadlessChromium.Failure(message: "preview did not say where it listens: \(text)") }
            self.port = port
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }

        func get(_ path: String) async throws -> (Int, Data) {
            let (status, data, _) = try await answer(path)
            return (status, data)
        }

        /// Status, body and the `Kosatsu-Moving` header.
        func answer(_ path: String) async throws -> (Int, Data, String?) {
            let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
            let (data, response) = try await URLSession.shared.data(from: url)
            let http = response as? HTTPURLResponse
            return (http?.statusCode ?? 0, data, http?.value(forHTTPHeaderField: "Kosatsu-Moving"))
        }

        func json(_ path: String) async throws -> Any {
            let (status, data) = try await get(path)
            #expect(status == 200, "\(path): \(String(decoding: data, as: UTF8.self))")
            return try JSONSerialization.jsonObject(with: data)
        }

        /// Saves like an editor: the whole file written and closed.
        func save(_ yaml: String) throws { try yaml.write(to: file, atomically: false, encoding: .utf8) }

        func saveSample(_ name: String, _ text: String) throws {
            try text.write(
                to: directory.appendingPathComponent("samples").appendingPathComponent(name), atomically: false,
                encoding: .utf8)
        }

        /// Does `edit` while listening on `/events` (curl, a real streaming client); what arrived.
        func events(around edit: () throws -> Void) throws -> String {
            let listener = Process()
            listener.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            listener.arguments = ["-sN", "--max-time", "15", "http://127.0.0.1:\(port)/events"]
            let stream = Pipe()
            listener.standardOutput = stream
            try listener.run()
            defer { if listener.isRunning { listener.terminate() } }
            var received = ""
            while !received.contains(": kosatsu preview") {
                let chunk = stream.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                received += String(decoding: chunk, as: UTF8.self)
            }
            try edit()
            while !received.contains("event: change") {
                let chunk = stream.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                received += String(decoding: chunk, as: UTF8.self)
            }
            return received
        }
    }

    /// A layout showing its first spot's name, and two samples naming different spots.
    static let boundLayout = """
        kosatsu: 1
        canvas: 1920x1080
        languages: [ja, en]
        pages:
          - name: spots
            background: "#10306A"
            items:
              - type: repeat
                each: spots
                as: spot
                max: 1
                x: 100
                y: 400
                width: 1700
                height: 200
                items:
                  - {type: text, size: 120, color: "#FFFFFF", text: "{{spot.name}}"}

        """

    static func sample(_ name: String) -> String {
        """
        {"spots": [{"id": "urn:ngsi-ld:CrowdFlowObserved:test", "name": {"ja": "\(name)", "en": "\(name)"},
          "peopleCount": 120, "capacity": 400, "observedAt": "2026-11-23T14:04:00+09:00", "history": []}]}
        """
    }

    static let samples = ["quiet.json": sample("Quiet Park"), "busy.json": sample("Busy Castle")]

    @Test func theFrameIsTheRenderersAndABrokenFileIsItsLineAndColumn() async throws {
        let studio = try Studio(Self.layout("Welcome"))
        let (status, png) = try await studio.get("/frame.png?lang=en&size=1920x1080&at=09:00")
        #expect(status == 200)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        try studio.save(Self.layout("Welcome").replacingOccurrences(of: "size: 120,", with: "size: [120,"))
        let (brokenStatus, message) = try await studio.get("/frame.png")
        #expect(brokenStatus == 422)
        let text = String(decoding: message, as: UTF8.self)
        #expect(text.contains("sign.yaml:8:"), "\(text)")
    }

    @Test func aSavedEditIsPushedAndChangesTheFrame() async throws {
        let studio = try Studio(Self.layout("Welcome"))
        let (_, before) = try await studio.get("/frame.png")
        // Listen on /events, then save: a `change` event arrives.
        let received = try studio.events { try studio.save(Self.layout("Goodbye")) }
        #expect(received.contains("event: change"), "\(received)")
        let (_, after) = try await studio.get("/frame.png")
        #expect(before != after)
    }

    @Test func theFrameShowsTheSampleNamedAndOnlyAnOfferedOne() async throws {
        let studio = try Studio(Self.boundLayout, samples: Self.samples)
        // The page is offered the samples beside the layout (no preview data of its own: an empty one first).
        let outline = try #require(try await studio.json("/layout.json") as? [String: Any])
        let offered = try #require(outline["samples"] as? [[String: String]]).compactMap { $0["name"] }
        #expect(offered == ["no data", "busy.json", "quiet.json"])
        #expect(outline["languages"] as? [String] == ["ja", "en"])
        let (quietStatus, quiet) = try await studio.get("/frame.png?lang=en&data=quiet.json")
        let (busyStatus, busy) = try await studio.get("/frame.png?lang=en&data=busy.json")
        let (_, busyAgain) = try await studio.get("/frame.png?lang=en&sample=busy.json")
        let (_, empty) = try await studio.get("/frame.png?lang=en")
        #expect(quietStatus == 200 && busyStatus == 200)
        #expect(quiet != busy)
        #expect(busy == busyAgain)
        #expect(empty != quiet && empty != busy)
        // Anything not offered is refused, a path above all.
        for name in ["../sign.yaml", "/etc/passwd", "samples/quiet.json", "nothing.json"] {
            let escaped = try #require(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let (status, message) = try await studio.get("/frame.png?data=\(escaped)")
            let text = String(decoding: message, as: UTF8.self)
            #expect(status == 400, "\(name): \(text)")
            #expect(text.contains("'\(name)' is not one of the samples offered"), "\(text)")
            #expect(text.contains("'quiet.json'"), "\(text)")
            let (checkStatus, _) = try await studio.get("/check.json?data=\(escaped)")
            #expect(checkStatus == 400)
        }
        // Saving the sample shown pushes a change, and the frame shows the saved data.
        let received = try studio.events { try studio.saveSample("quiet.json", Self.sample("Hushed Garden")) }
        #expect(received.contains("event: change"), "\(received)")
        let (_, edited) = try await studio.get("/frame.png?lang=en&data=quiet.json")
        #expect(edited != quiet)
    }

    @Test func theFrameSaysWhetherItsPageMoves() async throws {
        // The word "ticker" in a text does not make a page move; a ticker widget or ticker overflow does.
        let studio = try Studio(
            Self.layout("The ticker is on the next page")
                + """
                  - name: news
                    background: "#10306A"
                    items:
                      - {type: text, x: 100, y: 400, width: 600, height: 140, size: 100, color: "#FFFFFF", overflow: ticker,
                         text: "Odawara Castle opens its top floor on 1 December, 9:00 to 17:00"}

                """)
        let (stillStatus, _, still) = try await studio.answer("/frame.png?page=1")
        let (movingStatus, _, moving) = try await studio.answer("/frame.png?page=2")
        #expect(stillStatus == 200 && movingStatus == 200)
        #expect(still == "no")
        #expect(moving == "yes")
    }

    @Test func theFindingsAreThoseOfTheViewShown() async throws {
        // Faint text in one theme only, and a faint line shown only in portrait.
        let studio = try Studio(
            """
            kosatsu: 1
            canvas: 1920x1080
            portrait: 1080x1920
            languages: [ja, en]
            colors:
              ink: "#FFFFFF"
            themes:
              dark:
              light:
                ink: "#1C3C7A"
            pages:
              - name: welcome
                background: "#10306A"
                items:
                  - {type: text, x: 100, y: 100, width: 800, height: 160, size: 100, color: ink, text: "Welcome"}
                  - {type: text, x: 100, y: 500, width: 800, height: 160, size: 100, color: "#1A3A78", text: "Tall", only: portrait}

            """)
        func contrastLines(_ query: String) async throws -> [Int] {
            let findings = try #require(try await studio.json("/check.json?\(query)") as? [[String: Any]])
            return findings.filter { $0["kind"] as? String == "contrast" }.compactMap { $0["line"] as? Int }.sorted()
        }
        #expect(try await contrastLines("page=1&lang=en&size=1920x1080&theme=dark") == [])
        #expect(try await contrastLines("page=1&lang=en&size=1920x1080&theme=light") == [15])
        #expect(try await contrastLines("page=1&lang=en&size=1080x1920&theme=dark") == [16])
        #expect(try await contrastLines("page=1&lang=ja&size=1080x1920&theme=light") == [15, 16])
    }

    @Test(
        .enabled(
            if: HeadlessChromium.binary != nil,
            "chromium is not installed (scripts/deps.sh installs it; `make test` runs deps first)"))
    func thePageShowsTheFrameFollowsEditsAndShowsErrors() async throws {
        let studio = try Studio(Self.layout("Welcome"))
        let browser = try HeadlessChromium()
        let session = try browser.open("http://127.0.0.1:\(studio.port)/", width: 1280, height: 800)
        func evaluate(_ script: String) throws -> String {
            let result = try browser.call(
                "Runtime.evaluate", ["expression": script, "returnByValue": true], session: session)
            return ((result["result"] as? [String: Any])?["value"]).map { "\($0)" } ?? ""
        }
        func wait(for script: String, _ what: String) async throws -> String {
            for _ in 0..<100 {
                let value = try evaluate(script)
                if !value.isEmpty && value != "0" { return value }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw HeadlessChromium.Failure(message: "the page never showed \(what)")
        }
        let frame = "(document.getElementById('frame').complete ? document.getElementById('frame').src : '')"
        let first = try await wait(for: "(\(frame)).startsWith('blob:') ? \(frame) : ''", "a frame")
        #expect(try evaluate("document.getElementById('frame').naturalWidth") == "1920")
        // An edit: the page loads a new frame by itself.
        try studio.save(Self.layout("Goodbye"))
        let second = try await wait(
            for: "(\(frame)).startsWith('blob:') && \(frame) !== '\(first)' ? \(frame) : ''", "the edited frame")
        #expect(second != first)
        // A broken file: its file:line:column in the page, the image gone.
        try studio.save(Self.layout("Welcome").replacingOccurrences(of: "size: 120,", with: "size: [120,"))
        let error = try await wait(
            for:
                "getComputedStyle(document.getElementById('error')).display === 'block' ? document.getElementById('error').textContent : ''",
            "the error")
        #expect(error.contains("sign.yaml:8:"), "\(error)")
        #expect(try evaluate("getComputedStyle(document.getElementById('frame')).display") == "none")
    }
}

/// The picture of the preview page in docs/designers.md, taken on purpose like a golden image:
/// `KOSATSU_DOCS_SCREENSHOTS=1 swift test --filter DocsScreenshots` (make docs-images).
@Suite struct DocsScreenshots {
    @Test(
        .enabled(
            if: HeadlessChromium.binary != nil
                && ProcessInfo.processInfo.environment["KOSATSU_DOCS_SCREENSHOTS"] != nil,
            "takes docs/images/preview.png only when asked"))
    func thePreviewPage() async throws {
        let process = Process()
        let output = Pipe()
        process.executableURL = CommandLineTests.binary
        process.arguments = [
            "preview", CommandLineTests.root.appendingPathComponent("Layouts/congestion-board.yaml").path,
            "--http", "127.0.0.1:0",
        ]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let range = try #require(text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression), "\(text)")
        let browser = try HeadlessChromium()
        let session = try browser.open("http://\(text[range])/", width: 1600, height: 720)
        func evaluate(_ script: String) throws -> String {
            let result = try browser.call(
                "Runtime.evaluate", ["expression": script, "returnByValue": true], session: session)
            return ((result["result"] as? [String: Any])?["value"]).map { "\($0)" } ?? ""
        }
        // The frame loaded and the findings listed (the check takes a few seconds).
        var ready = false
        for _ in 0..<300 where !ready {
            ready =
                try evaluate(
                    "String(document.getElementById('frame').naturalWidth > 0 && !document.getElementById('summary').textContent.endsWith('…'))"
                )
                == "true"
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready, "the page never showed its frame and findings")
        let result = try browser.call("Page.captureScreenshot", ["format": "png"], session: session)
        let png = try #require((result["data"] as? String).flatMap { Data(base64Encoded: $0) })
        let images = CommandLineTests.root.appendingPathComponent("docs/images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try png.write(to: images.appendingPathComponent("preview.png"))
    }
}
