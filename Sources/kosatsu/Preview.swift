import ArgumentParser
import Foundation
import Hummingbird
import KosatsuCheck
import KosatsuData
import KosatsuLayout
import KosatsuRender
import KosatsuText
import NIOCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `kosatsu preview`: a local page for designing a layout — the frame in the sign's renderer,
/// its `kosatsu check` findings, reloaded whenever the layout, its data or an asset is saved.
struct Preview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a live preview page of a layout for designing (loopback by default).")

    @Argument(help: "The layout file (YAML).")
    var layout: String

    @Option(help: "Snapshot JSON to bind to (default: the layout's preview data).")
    var data: String?

    @Option(help: "Where to serve the page, HOST:PORT.")
    var http: String = "127.0.0.1:8090"

    @OptionGroup var fontOptions: FontOptions

    func run() async throws {
        guard let colon = http.lastIndex(of: ":"), let port = Int(http[http.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw CommandFailure("--http: expected HOST:PORT like 127.0.0.1:8090, found '\(http)'")
        }
        let host = String(http[..<colon])
        guard let fontDirectory = fontOptions.fonts ?? FontDirectory.locate() else {
            throw CommandFailure("cannot find Kosatsu's Fonts/ directory; pass --fonts DIR or set KOSATSU_FONTS")
        }
        let studio = PreviewStudio(layout: layout, data: data, fontDirectory: fontDirectory)
        FileWatch.start(directories: studio.watchedDirectories()) { studio.changed() }
        let application = Application(
            router: studio.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "kosatsu-preview"),
            onServerRunning: { channel in
                // On stdout: where to point the browser (a script or test reads the port from it).
                let line = "kosatsu: previewing \(layout) at http://\(host):\(channel.localAddress?.port ?? port)/\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            })
        // No graceful shutdown: open event streams would hold it forever; Ctrl-C ends a design session.
        try await application.run()
    }
}

/// What the page asks of one layout on disk: read afresh on every request, so a save is seen at once.
final class PreviewStudio: Sendable {
    let layoutPath: String
    let dataPath: String?
    let fontDirectory: String
    /// Bumped on every save in a watched folder; `/events` tells the page when it moves.
    let generation = Atomic<Int>(0)
    /// The whole layout's findings, kept for the generation they were made for.
    let findings = Mutex<(generation: Int, text: String)?>(nil)

    init(layout: String, data: String?, fontDirectory: String) {
        layoutPath = layout
        dataPath = data
        self.fontDirectory = fontDirectory
    }

    func changed() { generation.add(1, ordering: .sequentiallyConsistent) }

    /// The layout's folder and its subfolders (assets), and the data file's folder.
    func watchedDirectories() -> [String] {
        let folder = URL(fileURLWithPath: layoutPath).deletingLastPathComponent()
        var folders = [folder.path]
        if let items = try? FileManager.default.contentsOfDirectory(
            at: folder, includingPropertiesForKeys: [.isDirectoryKey])
        {
            for item in items where (try? item.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                folders.append(item.path)
            }
        }
        var dataFiles = [dataPath].compactMap { $0 }
        if let loaded = try? LayoutLoader.load(layoutPath), let own = loaded.preview?.data { dataFiles.append(own) }
        for file in dataFiles { folders.append(URL(fileURLWithPath: file).deletingLastPathComponent().path) }
        return Array(Set(folders)).sorted()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in
            Self.reply(.ok, "text/html; charset=utf-8", PreviewStudioPage.html)
        }
        router.get("/frame.png") { request, _ in
            self.frame(request.uri.queryParameters)
        }
        router.get("/layout.json") { _, _ in
            self.outline()
        }
        router.get("/check.json") { request, _ in
            self.check(request.uri.queryParameters)
        }
        router.get("/events") { _, _ in
            self.events()
        }
        return router
    }

    static func reply(_ status: HTTPResponse.Status, _ type: String, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: type, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The layout as loaded now; a broken file is its `file:line:column` messages.
    func load() -> Result<Layout, CommandFailure> {
        do {
            return .success(try LayoutLoader.load(layoutPath))
        } catch {
            return .failure(CommandFailure(error.description))
        }
    }

    /// `GET /frame.png`: the frame `kosatsu render` would write, or 422 with why not — never a stale image.
    func frame(_ query: Parameters) -> Response {
        let layout: Layout
        switch load() {
        case .success(let loaded): layout = loaded
        case .failure(let failure):
            return Self.reply(.unprocessableContent, "text/plain; charset=utf-8", failure.message + "\n")
        }
        do {
            let request = try Self.request(for: layout, query: query, data: dataPath)
            let theme = query.get("theme").flatMap { $0.isEmpty ? nil : $0 }
            let canvas = try request.canvas(of: layout, theme: theme, fontDirectory: fontDirectory, note: { _ in })
            return Response(
                status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: try canvas.pngData())))
        } catch {
            return Self.reply(.unprocessableContent, "text/plain; charset=utf-8", "\(error)\n")
        }
    }

    /// The render request of a query: `at` is an ISO date-time or a time of day `HH:MM` on the
    /// layout's preview day; `t` adds seconds (the page's motion clock for tickers).
    static func request(for layout: Layout, query: Parameters, data: String?) throws -> RenderRequest {
        func value(_ name: String) -> String? {
            query.get(name).flatMap { $0.isEmpty ? nil : $0 }
        }
        var request = try RenderRequest(
            layout: layout, data: data, at: nil, size: value("size"), page: value("page") ?? "1", lang: value("lang"))
        if let at = value("at") {
            if let date = ISO8601.parse(at) {
                request.time = date
            } else {
                let parts = at.split(separator: ":").compactMap { Int($0) }
                guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
                    throw CommandFailure("at: expected HH:MM or an ISO 8601 date-time, found '\(at)'")
                }
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: "Asia/Tokyo") ?? .current
                let day = calendar.startOfDay(for: request.time)
                request.time = day.addingTimeInterval(Double(parts[0] * 3600 + parts[1] * 60))
            }
        }
        if let seconds = value("t").flatMap(Double.init), seconds.isFinite {
            request.time = request.time.addingTimeInterval(seconds)
        }
        return request
    }

    /// `GET /layout.json`: what the controls offer — pages, languages, themes, and whether anything moves.
    func outline() -> Response {
        switch load() {
        case .failure(let failure):
            return Self.reply(.unprocessableContent, "text/plain; charset=utf-8", failure.message + "\n")
        case .success(let layout):
            let source = (try? String(contentsOfFile: layoutPath, encoding: .utf8)) ?? ""
            let outline: [String: Any] = [
                "pages": layout.pages.map(\.name), "languages": layout.languages.map(\.rawValue),
                "themes": layout.themes, "moving": source.contains("ticker"),
            ]
            let json = (try? JSONSerialization.data(withJSONObject: outline)).flatMap {
                String(data: $0, encoding: .utf8)
            }
            return Self.reply(.ok, "application/json", json ?? "{}")
        }
    }

    /// `GET /check.json?page=&lang=`: the `kosatsu check` findings of the whole layout (made once per
    /// saved version), the ones for the page and language shown.
    func check(_ query: Parameters) -> Response {
        let current = generation.load(ordering: .sequentiallyConsistent)
        if let kept = findings.withLock({ $0 }), kept.generation == current {
            return Self.reply(.ok, "application/json", kept.text)
        }
        let layout: Layout
        switch load() {
        case .success(let loaded): layout = loaded
        case .failure(let failure):
            return Self.reply(.unprocessableContent, "text/plain; charset=utf-8", failure.message + "\n")
        }
        do {
            let all = try SignChecker(fontDirectory: fontDirectory).check(layout)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let text = String(decoding: try encoder.encode(all), as: UTF8.self)
            findings.withLock { $0 = (current, text) }
            return Self.reply(.ok, "application/json", text)
        } catch {
            return Self.reply(.unprocessableContent, "text/plain; charset=utf-8", "\(error)\n")
        }
    }

    /// `GET /events`: server-sent `change` events, one per saved version.
    func events() -> Response {
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: .init { writer in
                var seen = self.generation.load(ordering: .sequentiallyConsistent)
                try await writer.write(ByteBuffer(string: ": kosatsu preview\n\n"))
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(100))
                    let now = self.generation.load(ordering: .sequentiallyConsistent)
                    if now != seen {
                        seen = now
                        try await writer.write(ByteBuffer(string: "event: change\ndata: \(now)\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
    }
}

/// Saves in a few folders, seen with inotify on a thread of its own (a blocking read).
enum FileWatch {
    static func start(directories: [String], changed: @escaping @Sendable () -> Void) {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else {
            FileHandleOutput.standardError.write("kosatsu: inotify unavailable; reload the page by hand\n")
            return
        }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_CREATE)
        for directory in directories where inotify_add_watch(fd, directory, mask) < 0 {
            FileHandleOutput.standardError.write("kosatsu: cannot watch \(directory)\n")
        }
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(fd, &buffer, buffer.count) > 0 { changed() }
        }
        thread.start()
    }
}
