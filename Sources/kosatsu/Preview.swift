import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import KosatsuCheck
import KosatsuData
import KosatsuLayout
import KosatsuRender
import KosatsuScene
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
        commandName: "preview",
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
    /// Findings per view shown, kept for the generation they were made for.
    let findings = Mutex<(generation: Int, views: [String: String])>((0, [:]))

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
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: samplesFolder, isDirectory: &isFolder), isFolder.boolValue {
            folders.append(samplesFolder)
        }
        return Array(Set(folders)).sorted()
    }

    /// `samples/` beside the layout: the data samples a designer keeps for it (`Layouts/samples`).
    var samplesFolder: String {
        URL(fileURLWithPath: layoutPath).deletingLastPathComponent().appendingPathComponent("samples").path
    }

    /// The data samples the page offers, the one shown by default first: `--data`, the layout's
    /// preview data, then `samples/*.json`. Only these names are ever read: the page names a sample,
    /// never a path.
    func samples(of layout: Layout) -> [PreviewSample] {
        var files: [(path: String, note: String?)] = []
        if let dataPath { files.append((dataPath, "--data")) }
        if let own = layout.preview?.data { files.append((own, "the layout's preview data")) }
        let folder = URL(fileURLWithPath: samplesFolder)
        let listed =
            (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        for file in listed.map(\.path).sorted() where file.hasSuffix(".json") { files.append((file, nil)) }
        var samples: [PreviewSample] = []
        if dataPath == nil && layout.preview?.data == nil {
            samples.append(PreviewSample(name: "no data", path: nil, note: "an empty snapshot"))
        }
        var seen = Set<String>()
        for file in files {
            let path = URL(fileURLWithPath: file.path).standardizedFileURL.path
            guard seen.insert(path).inserted else { continue }
            let base = URL(fileURLWithPath: path).lastPathComponent
            var name = base
            var count = 1
            while samples.contains(where: { $0.name == name }) {
                count += 1
                name = "\(base) (\(count))"
            }
            samples.append(PreviewSample(name: name, path: path, note: file.note))
        }
        return samples
    }

    /// The sample a query names (`data=` or `sample=`), or the first offered; any other name is refused.
    func sample(_ query: Parameters, of layout: Layout) -> Result<PreviewSample, CommandFailure> {
        let offered = samples(of: layout)
        let named = [query.get("data"), query.get("sample")].compactMap { $0 }.first { !$0.isEmpty }
        guard let named else {
            return offered.first.map { .success($0) } ?? .failure(CommandFailure("no data sample to show"))
        }
        if let chosen = offered.first(where: { $0.name == named }) { return .success(chosen) }
        let names = offered.map { "'\($0.name)'" }.joined(separator: ", ")
        return .failure(CommandFailure("data: '\(named)' is not one of the samples offered: \(names)"))
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
        let sample: PreviewSample
        switch self.sample(query, of: layout) {
        case .success(let chosen): sample = chosen
        case .failure(let refusal): return Self.reply(.badRequest, "text/plain; charset=utf-8", refusal.message + "\n")
        }
        do {
            let request = try Self.request(for: layout, query: query, data: sample.path)
            let theme = query.get("theme").flatMap { $0.isEmpty ? nil : $0 }
            let scene = try request.scene(of: layout, theme: theme, note: { _ in })
            let canvas = try request.canvas(of: scene, fontDirectory: fontDirectory)
            // Whether the page shown moves by itself (a ticker): the page then plays it.
            var headers: HTTPFields = [.contentType: "image/png", .cacheControl: "no-store"]
            if let moving = HTTPField.Name("Kosatsu-Moving") { headers[moving] = scene.hasTickers ? "yes" : "no" }
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try canvas.pngData())))
        } catch {
            return Self.reply(.unprocessableContent, "text/plain; charset=utf-8", "\(error)\n")
        }
    }

    /// The render request of a query: `at` is an ISO date-time or a time of day `HH:MM` on the
    /// layout's preview day; `t` adds seconds (the page's motion clock for tickers).
    static func request(for layout: Layout, query: Parameters, data: String?, motion: Bool = true) throws
        -> RenderRequest
    {
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
                let day = SignTimeZone.tokyo.startOfDay(for: request.time)
                request.time = day.addingTimeInterval(Double(parts[0] * 3600 + parts[1] * 60))
            }
        }
        if motion, let seconds = value("t").flatMap(Double.init), seconds.isFinite {
            request.time = request.time.addingTimeInterval(seconds)
        }
        return request
    }

    /// `GET /layout.json`: what the controls offer — the layout's pages, languages and themes, and
    /// the data samples (the default first). Whether a page moves comes with its frame (`Kosatsu-Moving`).
    func outline() -> Response {
        switch load() {
        case .failure(let failure):
            return Self.reply(.unprocessableContent, "text/plain; charset=utf-8", failure.message + "\n")
        case .success(let layout):
            let samples: [[String: String]] = samples(of: layout).map { sample in
                ["name": sample.name, "label": sample.note.map { "\(sample.name) (\($0))" } ?? sample.name]
            }
            let outline: [String: Any] = [
                "pages": layout.pages.map(\.name), "languages": layout.languages.map(\.rawValue),
                "themes": layout.themes, "samples": samples,
            ]
            let json = (try? JSONSerialization.data(withJSONObject: outline)).flatMap {
                String(data: $0, encoding: .utf8)
            }
            return Self.reply(.ok, "application/json", json ?? "{}")
        }
    }

    /// `GET /check.json?page=&lang=&size=&theme=&at=&data=`: the `kosatsu check` findings for the view
    /// shown — that page, language, orientation, theme, time and data sample (and its stress variant) —
    /// made once per view and saved version.
    func check(_ query: Parameters) -> Response {
        let layout: Layout
        switch load() {
        case .success(let loaded): layout = loaded
        case .failure(let failure):
            return Self.reply(.unprocessableContent, "text/plain; charset=utf-8", failure.message + "\n")
        }
        let sample: PreviewSample
        switch self.sample(query, of: layout) {
        case .success(let chosen): sample = chosen
        case .failure(let refusal): return Self.reply(.badRequest, "text/plain; charset=utf-8", refusal.message + "\n")
        }
        do {
            let request = try Self.request(for: layout, query: query, data: sample.path, motion: false)
            let theme = query.get("theme").flatMap { $0.isEmpty ? nil : $0 }
            if let theme, !layout.themes.contains(theme) {
                throw CommandFailure("theme: \(layout.file) has no theme '\(theme)'")
            }
            let key = [
                "\(request.page)", request.language.rawValue, "\(request.output)", theme ?? "",
                "\(request.time.timeIntervalSince1970)", sample.name,
            ].joined(separator: "|")
            let current = generation.load(ordering: .sequentiallyConsistent)
            let kept = findings.withLock { $0.generation == current ? $0.views[key] : nil }
            if let kept { return Self.reply(.ok, "application/json", kept) }
            let view = SignChecker.View(
                page: request.page, language: request.language, output: request.output, theme: theme,
                time: request.time, data: request.snapshot, dataName: sample.name)
            let shown = try SignChecker(fontDirectory: fontDirectory).check(layout, view: view)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let text = String(decoding: try encoder.encode(shown), as: UTF8.self)
            findings.withLock { kept in
                if kept.generation != current || kept.views.count >= 64 { kept = (current, [:]) }
                kept.views[key] = text
            }
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

/// A data sample the preview page offers: its name on the page and the file behind it.
struct PreviewSample: Sendable, Hashable {
    var name: String
    /// Nil for the empty snapshot (a layout with no data of its own).
    var path: String?
    /// Why it is offered, when not only for being in `samples/`.
    var note: String?
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
