public import Foundation
public import KosatsuData
public import KosatsuLayout
import KosatsuRender
public import KosatsuScene
import KosatsuText

/// `kosatsu check`: renders every page of a layout in every language, orientation and theme, with its
/// preview data and with the longest data it can hold, and reports what a sign designer would catch by
/// eye — text that runs into other boxes, text cut or shrunk, too little contrast, text too small to
/// read from where the sign is read, colour as the only sign of a state.
///
/// It works on the scene and the rendered pixels, not on guesses from the YAML. Not `Sendable`: it
/// owns a renderer.
public final class SignChecker {
    let renderer: SceneRenderer

    /// Where the sign is read from when neither the command nor the layout says.
    public struct Viewing: Sendable, Hashable {
        /// Metres.
        public var distance: Double?
        /// Panel diagonal, inches.
        public var panel: Double?

        public init(distance: Double? = nil, panel: Double? = nil) {
            self.distance = distance
            self.panel = panel
        }
    }

    public init(fontDirectory: String?) throws {
        renderer = try SceneRenderer(fontDirectory: fontDirectory)
    }

    /// Every finding for `layout`, the errors first, one per box and problem (the first place it shows).
    ///
    /// - Parameters:
    ///   - viewing: overrides the layout's own `viewing:` where set.
    ///   - data: other data than the layout's preview (an alert with shelters for an emergency screen).
    ///   - time: the time to show, when not the layout's preview time.
    public func check(_ layout: Layout, viewing: Viewing = Viewing(), data: Snapshot? = nil, at time: Date? = nil)
        throws -> [Finding]
    {
        let preview = try data ?? layout.preview?.data.map { try SnapshotFile.load($0) } ?? .empty
        let time = time ?? layout.preview?.at ?? Date(timeIntervalSince1970: 1_795_500_000)
        let distance = viewing.distance ?? layout.viewing.distance
        let panel = viewing.panel ?? layout.viewing.panel
        var outputs = [layout.canvas]
        if let portrait = layout.portraitCanvas { outputs.append(portrait) }
        let themes: [String?] = layout.themes.isEmpty ? [nil] : layout.themes
        let samples: [(name: String, snapshot: Snapshot)] = [
            ("preview data", preview), ("stress data", StressData.stress(preview)),
        ]
        var collector = FindingCollector(file: layout.file)
        for page in layout.pages.indices {
            for language in layout.languages {
                for output in outputs {
                    for theme in themes {
                        let view = View(
                            page: page, language: language, output: output, theme: theme, time: time, data: preview)
                        try inspect(layout, view, samples: samples, distance: distance, panel: panel, &collector)
                    }
                }
            }
        }
        for finding in ColourAlone.findings(layout) { collector.add(finding, shown: "every page") }
        return collector.findings
    }

    /// One view of a sign: a page in a language on an output, in a theme, at a time, with one data sample.
    public struct View: Sendable {
        public var page: Int
        public var language: Language
        /// The output's pixels: its orientation picks the canvas the page is laid out on.
        public var output: Size
        public var theme: String?
        public var time: Date
        public var data: Snapshot
        /// How findings name the sample (`preview data`, a file name).
        public var dataName: String

        public init(
            page: Int, language: Language, output: Size, theme: String?, time: Date, data: Snapshot,
            dataName: String = "preview data"
        ) {
            self.page = page
            self.language = language
            self.output = output
            self.theme = theme
            self.time = time
            self.data = data
            self.dataName = dataName
        }
    }

    /// The findings for one view — what `kosatsu preview` shows beside its frame: the view with its
    /// data sample and with the stress variant of that sample, and the layout's colour-alone states.
    public func check(_ layout: Layout, view: View, viewing: Viewing = Viewing()) throws -> [Finding] {
        var collector = FindingCollector(file: layout.file)
        try inspect(
            layout, view, samples: [(view.dataName, view.data), ("stress data", StressData.stress(view.data))],
            distance: viewing.distance ?? layout.viewing.distance, panel: viewing.panel ?? layout.viewing.panel,
            &collector)
        for finding in ColourAlone.findings(layout) { collector.add(finding, shown: "every page") }
        return collector.findings
    }

    /// Renders one view with each sample and inspects it (`view.data` is ignored for `samples`).
    private func inspect(
        _ layout: Layout, _ view: View, samples: [(name: String, snapshot: Snapshot)], distance: Double?,
        panel: Double?, _ collector: inout FindingCollector
    ) throws {
        for sample in samples {
            let scene = layout.scene(
                page: view.page, snapshot: sample.snapshot, at: view.time, language: view.language,
                output: view.output, theme: view.theme)
            var shown = "page '\(layout.pages[view.page].name)', \(view.language.rawValue)"
            shown += view.output.isPortrait ? ", portrait" : ", landscape"
            if let theme = view.theme { shown += ", \(theme)" }
            shown += ", \(sample.name)"
            let inspection = SceneInspection(
                scene: scene, renderer: renderer, emergency: layout.pages[view.page].emergency != nil,
                distance: distance, panel: panel)
            try inspection.run { finding in collector.add(finding, shown: shown) }
        }
    }
}

/// One finding per box, problem and counterpart, in line order, errors first.
struct FindingCollector {
    let file: String
    private var seen: [String: Int] = [:]
    private(set) var findings: [Finding] = []

    init(file: String) {
        self.file = file
    }

    mutating func add(_ raw: RawFinding, shown: String) {
        let key = "\(raw.line):\(raw.column):\(raw.kind.rawValue):\(raw.key)"
        if let index = seen[key] {
            // An error anywhere outranks a warning seen first.
            if raw.severity == .error, findings[index].severity == .warning {
                findings[index].severity = .error
                findings[index].message = raw.message
                findings[index].shown = shown
            }
            return
        }
        seen[key] = findings.count
        findings.append(
            Finding(
                file: file, line: raw.line, column: raw.column, severity: raw.severity, kind: raw.kind,
                message: raw.message, shown: shown))
    }
}

/// A finding before it knows its file and where it shows; `key` tells repeats apart.
struct RawFinding {
    var line: Int
    var column: Int
    var severity: Finding.Severity
    var kind: Finding.Kind
    var message: String
    var key: String
}
