public import Foundation
public import KosatsuData
public import KosatsuLayout
import KosatsuRender
import KosatsuScene
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
                        for sample in samples {
                            let scene = layout.scene(
                                page: page, snapshot: sample.snapshot, at: time, language: language, output: output,
                                theme: theme)
                            var shown = "page '\(layout.pages[page].name)', \(language.rawValue)"
                            shown += output.isPortrait ? ", portrait" : ", landscape"
                            if let theme { shown += ", \(theme)" }
                            shown += ", \(sample.name)"
                            let inspection = SceneInspection(
                                scene: scene, renderer: renderer, emergency: layout.pages[page].emergency != nil,
                                distance: distance, panel: panel)
                            try inspection.run { finding in collector.add(finding, shown: shown) }
                        }
                    }
                }
            }
        }
        for finding in ColourAlone.findings(layout) { collector.add(finding, shown: "every page") }
        return collector.findings
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
