import Foundation
import KosatsuData
import KosatsuRender
import KosatsuScene
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The preview page in a real browser: Debian's headless Chromium, driven over the DevTools
/// protocol on a pipe (`--remote-debugging-pipe`: messages as NUL-terminated JSON on fds 3 and 4).
final class HeadlessChromium {
    static let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    private let pid: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private var buffer: [UInt8] = []
    private var nextID = 0
    private let profile: URL

    init() throws {
        guard let binary = Self.binary else { throw Failure(message: "chromium is not installed") }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("kosatsu-chromium-\(UUID())")
        var commands: [Int32] = [-1, -1]
        var events: [Int32] = [-1, -1]
        guard pipe(&commands) == 0, pipe(&events) == 0 else { throw Failure(message: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, commands[0], 3)
        posix_spawn_file_actions_adddup2(&actions, events[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [
            binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe", "--user-data-dir=\(profile.path)",
            "about:blank",
        ]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, binary, &actions, nil, &argv, environ)
        close(commands[0])
        close(events[1])
        guard status == 0 else { throw Failure(message: "cannot start \(binary): \(status)") }
        self.pid = pid
        toBrowser = commands[1]
        fromBrowser = events[0]
    }

    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(toBrowser)
        close(fromBrowser)
        try? FileManager.default.removeItem(at: profile)
    }

    struct Failure: Error {
        let message: String
    }

    /// Sends a command and returns its result (events before the answer are skipped).
    @discardableResult
    func call(_ method: String, _ params: [String: Any] = [:], session: String? = nil) throws -> [String: Any] {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        let written = bytes.withUnsafeBytes { write(toBrowser, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw Failure(message: "cannot write to chromium") }
        while true {
            let reply = try read()
            guard reply["id"] as? Int == nextID else { continue }
            if let error = reply["error"] { throw Failure(message: "\(method): \(error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    private func read() throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                return try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] ?? [:]
            }
            var descriptor = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 30_000) > 0 else { throw Failure(message: "chromium did not answer in 30 s") }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fromBrowser, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(message: "chromium closed its pipe") }
            buffer += chunk[..<count]
        }
    }

    /// A page of `width`×`height` CSS pixels at `url`; returns its session.
    func open(_ url: String, width: Int, height: Int) throws -> String {
        let created = try call("Target.createTarget", ["url": "about:blank"])
        guard let target = created["targetId"] as? String,
            let session = try call("Target.attachToTarget", ["targetId": target, "flatten": true])["sessionId"]
                as? String
        else { throw Failure(message: "cannot open a page") }
        try call(
            "Emulation.setDeviceMetricsOverride",
            ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false], session: session)
        try call("Page.enable", session: session)
        try call("Page.navigate", ["url": url], session: session)
        // The page is there once its load event came (the stream's image does not hold it back).
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if try read()["method"] as? String == "Page.loadEventFired" { break }
        }
        return session
    }

    /// A screenshot of the page as a frame.
    func screenshot(_ session: String) throws -> Frame {
        let result = try call("Page.captureScreenshot", ["format": "png"], session: session)
        guard let base64 = result["data"] as? String, let png = Data(base64Encoded: base64) else {
            throw Failure(message: "no screenshot data")
        }
        let path = profile.appendingPathComponent("shot-\(UUID()).png").path
        try png.write(to: URL(fileURLWithPath: path))
        return try PNGFile.read(path)
    }
}

@Suite(.serialized) struct PreviewInBrowserTests {
    @Test(
        .enabled(
            if: HeadlessChromium.binary != nil,
            "chromium is not installed (scripts/deps.sh installs it; `make test` runs deps first)"))
    func thePreviewPagePlaysTheSignsMotion() async throws {
        let sign = try FramePipelineEndToEndTests.dashboard()
        try sign.start()
        defer { sign.stop() }
        let browser = try HeadlessChromium()
        let session = try browser.open("http://127.0.0.1:\(sign.port)/", width: 480, height: 270)
        // The page shows the stream: wait for the sign's picture (not the dark page around it).
        var first = try browser.screenshot(session)
        for _ in 0..<50 where first[4, 135] & 0xFF < 0x40 {
            try await Task.sleep(for: .milliseconds(100))
            first = try browser.screenshot(session)
        }
        #expect(first.width == 480 && first.height == 270)
        // Two screenshots of the page 200 ms apart differ, only in the ticker's strip (JPEG works in
        // 16-pixel blocks: the strip's rows 245–270 touch the block from row 240, and the browser's
        // smooth chroma upsampling reaches a row or two above it). The first page fades in over 2 s:
        // the whole page changes until it has.
        var changed: ClosedRange<Int>?
        for _ in 0..<15 {
            let a = try browser.screenshot(session)
            try await Task.sleep(for: .milliseconds(200))
            let b = try browser.screenshot(session)
            changed = FramePipelineEndToEndTests.changedRows(a, b)
            if let changed, changed.lowerBound >= 232 { break }
        }
        let rows = try #require(changed, "the page did not move: the stream is not playing")
        #expect(rows.lowerBound >= 232 && rows.upperBound < 270, "the page changed in rows \(rows)")
    }

    /// `kosatsu preview`'s page: its menus are the layout's, and choosing a data sample (or saving it)
    /// changes the frame shown.
    @Test(
        .enabled(
            if: HeadlessChromium.binary != nil,
            "chromium is not installed (scripts/deps.sh installs it; `make test` runs deps first)"))
    func choosingASampleOnThePreviewPageChangesTheFrame() async throws {
        let studio = try PreviewCommandTests.Studio(
            PreviewCommandTests.boundLayout, samples: PreviewCommandTests.samples)
        let browser = try HeadlessChromium()
        let session = try browser.open("http://127.0.0.1:\(studio.port)/", width: 1280, height: 800)
        func evaluate(_ script: String) throws -> String {
            let result = try browser.call(
                "Runtime.evaluate", ["expression": script, "returnByValue": true], session: session)
            return ((result["result"] as? [String: Any])?["value"]).map { "\($0)" } ?? ""
        }
        // A fingerprint of the pixels shown (the frame is a same-origin blob: readable).
        let pixels = """
            (() => { const img = document.getElementById('frame');
              if (!img.complete || !img.src.startsWith('blob:') || img.naturalWidth === 0) return '';
              const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              const d = g.getImageData(0, 0, c.width, c.height).data; let h = 7;
              for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] + d[i + 1] * 7 + d[i + 2] * 13) | 0;
              return String(h); })()
            """
        func frame(differentFrom previous: String, _ what: String) async throws -> String {
            for _ in 0..<150 {
                let value = try evaluate(pixels)
                if !value.isEmpty && value != previous { return value }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw HeadlessChromium.Failure(message: "the page never showed \(what)")
        }
        func choose(_ sample: String) throws {
            _ = try evaluate(
                "(() => { const s = document.getElementById('data'); s.value = '\(sample)'; s.dispatchEvent(new Event('input')); return s.value; })()"
            )
        }
        let empty = try await frame(differentFrom: "", "a frame")
        // The menus: the layout's own languages, the samples beside it.
        #expect(try evaluate("[...document.getElementById('lang').options].map((o) => o.value).join(',')") == "ja,en")
        #expect(
            try evaluate("[...document.getElementById('data').options].map((o) => o.value).join(',')")
                == "no data,busy.json,quiet.json")
        try choose("quiet.json")
        let quiet = try await frame(differentFrom: empty, "the quiet sample")
        try choose("busy.json")
        let busy = try await frame(differentFrom: quiet, "the busy sample")
        #expect(busy != empty)
        // Saving the sample shown: the page reloads it by itself.
        try studio.saveSample("busy.json", PreviewCommandTests.sample("Hushed Garden"))
        let saved = try await frame(differentFrom: busy, "the saved sample")
        #expect(saved != quiet && saved != empty)
        #expect(try evaluate("document.getElementById('data').value") == "busy.json")
    }
}
