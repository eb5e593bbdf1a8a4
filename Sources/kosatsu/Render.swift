import ArgumentParser
import Foundation
import KosatsuData
import KosatsuLayout
import KosatsuRender
import KosatsuScene
import KosatsuText

/// `kosatsu render`: one page of a layout to a PNG — the same renderer and pixels as the sign.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a layout page to PNG, exactly as the sign would show it.")

    @OptionGroup var pageOptions: PageOptions

    @Option(help: "Output size WIDTHxHEIGHT (default: the layout's canvas).")
    var size: String?

    @Option(help: "Theme: one the layout lists under 'themes' (light, dark, high-contrast; default: its first).")
    var theme: String?

    @OptionGroup var fontOptions: FontOptions

    @Option(name: .shortAndLong, help: "The PNG file to write.")
    var output: String

    var layout: String { pageOptions.layout }
    var data: String? { pageOptions.data }
    var at: String? { pageOptions.at }
    var page: String { pageOptions.page }
    var lang: String? { pageOptions.lang }
    var fonts: String? { fontOptions.fonts }

    func run() throws {
        let started = ContinuousClock.now
        let layout: Layout
        do {
            layout = try LayoutLoader.load(self.layout)
        } catch {
            throw CommandFailure(error.description)
        }
        let request = try RenderRequest(
            layout: layout, data: data, at: at, size: size, page: page, lang: lang)
        guard let fontDirectory = fonts ?? FontDirectory.locate() else {
            throw CommandFailure("cannot find Kosatsu's Fonts/ directory; pass --fonts DIR or set KOSATSU_FONTS")
        }
        do {
            let canvas = try request.canvas(
                of: layout, theme: theme, fontDirectory: fontDirectory,
                note: { FileHandleOutput.standardError.write("kosatsu: note: \($0)\n") })
            try canvas.writePNG(to: output)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(self.layout): \(error)")
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        FileHandleOutput.standardError.write(
            "kosatsu: wrote \(output) (\(request.output), page \(request.page + 1) '\(layout.pages[request.page].name)', \(request.language.rawValue)) in \(Int(milliseconds)) ms\n"
        )
    }
}

/// The checked options of a render: everything resolved against the layout's defaults.
struct RenderRequest {
    var snapshot: Snapshot
    var time: Date
    var output: Size
    var page: Int
    var language: Language

    init(layout: Layout, data: String?, at: String?, size: String?, page: String, lang: String?) throws {
        if let path = data ?? layout.preview?.data {
            do {
                snapshot = try SnapshotFile.load(path)
            } catch {
                throw CommandFailure("\(error)")
            }
        } else {
            snapshot = .empty
        }
        if let at {
            guard let parsed = ISO8601.parse(at) else {
                throw CommandFailure(
                    "--at: expected an ISO 8601 date-time like 2026-11-23T14:05:00+09:00, found '\(at)'")
            }
            time = parsed
        } else {
            time = layout.preview?.at ?? Date()
        }
        if let size {
            let parts = size.lowercased().split(separator: "x")
            guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), (1...16384).contains(width),
                (1...16384).contains(height)
            else {
                throw CommandFailure("--size: expected WIDTHxHEIGHT like 1920x1080, found '\(size)'")
            }
            output = Size(width: Double(width), height: Double(height))
        } else {
            output = layout.canvas
        }
        if let number = Int(page) {
            guard (1...layout.pages.count).contains(number) else {
                throw CommandFailure("--page: \(layout.file) has pages 1–\(layout.pages.count), not \(number)")
            }
            self.page = number - 1
        } else if let index = layout.pages.firstIndex(where: { $0.name == page }) {
            self.page = index
        } else {
            let names = layout.pages.map(\.name).joined(separator: ", ")
            throw CommandFailure("--page: \(layout.file) has no page '\(page)'; its pages are \(names)")
        }
        if let lang {
            guard let language = Language(rawValue: lang) else {
                let options = Language.allCases.map(\.rawValue).joined(separator: ", ")
                throw CommandFailure("--lang: expected one of \(options), found '\(lang)'")
            }
            self.language = language
        } else {
            language = layout.languages.first ?? .ja
        }
    }
}

extension RenderRequest {
    /// The request's frame in the renderer the sign uses (`render` and `preview` share it).
    ///
    /// - Parameter note: data the widgets skipped or clamped: reported, never fatal.
    func canvas(of layout: Layout, theme: String?, fontDirectory: String, note: (String) -> Void) throws -> Canvas {
        try canvas(of: scene(of: layout, theme: theme, note: note), fontDirectory: fontDirectory)
    }

    /// The request's scene: what the sign shows, before any pixel.
    func scene(of layout: Layout, theme: String?, note: (String) -> Void) throws -> Scene {
        if let theme, !layout.themes.contains(theme) {
            let known = layout.themes.isEmpty ? "none" : layout.themes.joined(separator: ", ")
            throw CommandFailure("--theme: \(layout.file) has no theme '\(theme)'; its themes are \(known)")
        }
        let evaluation = layout.evaluate(
            page: page, snapshot: snapshot, at: time, language: language, output: output, theme: theme)
        for message in evaluation.notes { note("\(message)") }
        return evaluation.scene
    }

    /// `scene` drawn at the request's output size, on huge pages (a fresh frame per command or request).
    func canvas(of scene: Scene, fontDirectory: String) throws -> Canvas {
        let renderer = try SceneRenderer(fontDirectory: fontDirectory)
        return try renderer.render(scene, width: Int(output.width), height: Int(output.height), hugePages: true)
    }
}
