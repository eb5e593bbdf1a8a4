import Foundation
import KosatsuConfig
internal import KosatsuData
internal import KosatsuScene
internal import Yams

/// Reads layout files, checking every key, type and reference, and reporting each problem at
/// its line and column.
public enum LayoutLoader {
    /// The format version this build reads (`kosatsu: 1`).
    public static let formatVersion = 1

    /// Reads the layout at `path`.
    public static func load(_ path: String) throws(LayoutError) -> Layout {
        let text: String
        do {
            text = try InputFile.text(path)
        } catch {
            throw LayoutError([
                LayoutDiagnostic(file: path, line: error.line ?? 0, column: error.column ?? 0, message: error.message)
            ])
        }
        return try parse(text, file: path)
    }

    /// Reads a layout from YAML text; `file` names it in messages and anchors relative paths.
    public static func parse(_ yaml: String, file: String) throws(LayoutError) -> Layout {
        let root: Node
        do {
            guard let node = try YAMLReader.compose(yaml) else {
                throw LayoutError([
                    LayoutDiagnostic(file: file, line: 1, column: 1, message: "the file is empty; expected a layout")
                ])
            }
            root = node
        } catch let error as LayoutError {
            throw error
        } catch let error as YamlError {
            throw LayoutError([diagnostic(for: error, file: file)])
        } catch {
            throw LayoutError([LayoutDiagnostic(file: file, line: 0, column: 0, message: "\(error)")])
        }
        let reader = YAMLReader(file: file)
        var builder = LayoutBuilder(reader: reader, directory: URL(fileURLWithPath: file).deletingLastPathComponent())
        let layout = builder.layout(root)
        if !reader.diagnostics.isEmpty {
            throw LayoutError(reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        guard let layout else {
            throw LayoutError([LayoutDiagnostic(file: file, line: 1, column: 1, message: "not a layout")])
        }
        return layout
    }

    private static func diagnostic(for error: YamlError, file: String) -> LayoutDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return LayoutDiagnostic(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return LayoutDiagnostic(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "the key '\(duplicates.joined(separator: "', '"))' is given twice")
        case .reader(let problem, _, _, _):
            return LayoutDiagnostic(file: file, line: 0, column: 0, message: "YAML: \(problem)")
        default:
            return LayoutDiagnostic(file: file, line: 0, column: 0, message: "YAML: \(error)")
        }
    }
}

/// Turns a composed YAML tree into a `Layout`, reporting problems to the reader.
struct LayoutBuilder {
    let reader: YAMLReader
    let directory: URL
    var palette: [String: Color] = [:]
    var styles: [String: TextStyleSpec] = [:]
    /// The theme whose palette this pass reads colours with (nil: the layout's first theme).
    var theme: String?

    /// An image's `src:` as a file path: relative to the layout's folder, or absolute as written.
    func imagePath(_ src: String) -> String {
        let url = src.hasPrefix("/") ? URL(fileURLWithPath: src) : directory.appendingPathComponent(src)
        return url.standardizedFileURL.path
    }

    init(reader: YAMLReader, directory: URL) {
        self.reader = reader
        self.directory = directory
    }

    static let topKeys: Set<String> = [
        "kosatsu", "name", "canvas", "portrait", "languages", "preview", "timezone", "colors", "styles", "pages",
        "themes", "thresholds", "stale-after", "viewing",
    ]
    static let pageKeys: Set<String> = ["name", "duration", "emergency", "background", "items"]
    static let frameKeys: Set<String> = ["type", "x", "y", "width", "height", "portrait", "only", "when", "unless"]
    static let styleKeys: Set<String> = [
        "font", "weight", "size", "color", "align", "valign", "line-height", "max-lines", "overflow", "min-size",
        "line-break", "wrap", "features", "writing-mode", "autospace", "punctuation", "hanging-punctuation", "condense",
        "ticker-speed", "language", "viewing-distance",
    ]
    static let nodeKeys: [String: Set<String>] = [
        "panel": ["fill", "radius", "stroke"],
        "line": ["from", "to", "stroke"],
        "image": ["src", "fit", "opacity", "radius"],
        "text": styleKeys.union(["text", "style"]),
        "clock": styleKeys.union(["format", "style"]),
        "group": ["items", "clip"],
        "repeat": ["each", "as", "max", "direction", "spacing", "items", "empty"],
    ].merging(widgetKeys) { own, _ in own }

    mutating func layout(_ root: Node) -> Layout? {
        guard
            let fields = reader.mapping(
                root, what: "the layout", allowed: Self.topKeys, required: ["kosatsu", "pages"])
        else { return nil }
        if let version = fields.int("kosatsu"), version != LayoutLoader.formatVersion {
            reader.report(
                "this is layout format \(version); this Kosatsu reads format \(LayoutLoader.formatVersion)",
                at: fields["kosatsu"])
        }
        let canvas = fields["canvas"].flatMap { size($0, key: "canvas") } ?? Size(width: 1920, height: 1080)
        var portrait: Size?
        if let node = fields["portrait"] {
            if let flag = node.bool {
                portrait = flag ? Size(width: canvas.height, height: canvas.width) : nil
            } else {
                portrait = size(node, key: "portrait")
            }
            if let portrait, !portrait.isPortrait {
                reader.report("'portrait' must be taller than wide, found \(portrait)", at: node)
            }
        }
        var languages: [Language] = [.ja]
        if let list = fields.list("languages") {
            languages = list.compactMap { language($0) }
            if languages.isEmpty {
                reader.report("'languages' must name at least one language", at: fields["languages"])
            }
        }
        var timeZone = SignTimeZone.tokyo
        if let name = fields.string("timezone") {
            if let zone = SignTimeZone(identifier: name) {
                timeZone = zone
            } else {
                reader.report(SignTimeZone.unknown(name), at: fields["timezone"])
            }
        }
        if let node = fields["colors"], case .mapping(let mapping) = node {
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                if let color = literalColor(value) { palette[name] = color }
            }
        }
        let themeNames = themes(fields["themes"])
        if let node = fields["colors"], !node.isMapping {
            reader.report(
                "'colors' must map colour names to \"#RRGGBB\" values, found \(reader.describe(node))", at: node)
        }
        if let node = fields["styles"], case .mapping(let mapping) = node {
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                if let style = styleFields(value, what: "style '\(name)'") { styles[name] = style }
            }
        } else if let node = fields["styles"] {
            reader.report("'styles' must map style names to text styles, found \(reader.describe(node))", at: node)
        }
        let preview = fields["preview"].flatMap { previewSpec($0) }
        var pages: [Page] = []
        if let list = fields.list("pages") {
            if list.isEmpty { reader.report("'pages' must have at least one page", at: fields["pages"]) }
            for (index, node) in list.enumerated() {
                if let page = pageSpec(node, index: index) { pages.append(page) }
            }
        }
        let name = fields.string("name") ?? directory.lastPathComponent
        return Layout(
            file: reader.file, name: name, canvas: canvas, portraitCanvas: portrait, languages: languages,
            preview: preview, timeZone: timeZone, pages: pages, styles: styles, palette: palette, themes: themeNames,
            themedPages: otherThemes(themeNames, root: root, pages: pages),
            thresholds: fields["thresholds"].flatMap { thresholds($0) } ?? CongestionThresholds(),
            staleAfter: staleAfter(fields), viewing: fields["viewing"].map { viewing($0) } ?? Viewing())
    }

    func staleAfter(_ fields: Fields) -> TimeInterval {
        guard let node = fields["stale-after"] else { return 600 }
        guard let duration = DurationText.parse(node) else {
            reader.report("'stale-after' must be a time like 10m, found \(reader.describe(node))", at: node)
            return 600
        }
        return Double(duration.components.seconds)
    }

    // MARK: Pages

    func pageSpec(_ node: Node, index: Int) -> Page? {
        guard let fields = reader.mapping(node, what: "page \(index + 1)", allowed: Self.pageKeys, required: ["items"])
        else { return nil }
        var duration = Duration.seconds(15)
        if let durationNode = fields["duration"] {
            if let parsed = DurationText.parse(durationNode) {
                duration = parsed
            } else {
                reader.report(
                    "'duration' must be a time like 15s, 1m or 1m30s, found \(reader.describe(durationNode))",
                    at: durationNode)
            }
        }
        var emergency: [String]?
        if let flag = fields["emergency"]?.bool {
            emergency = flag ? ["any"] : nil
        } else if let text = fields.string("emergency") {
            emergency = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let background = fields["background"].flatMap { paint($0, key: "background") } ?? .color(.black)
        let items = fields.list("items").map { nodes($0) } ?? []
        return Page(
            name: fields.string("name") ?? "page\(index + 1)", duration: duration, emergency: emergency,
            background: background, items: items)
    }

    // MARK: Boxes

    func nodes(_ list: [Node]) -> [Box] { list.compactMap { box($0) } }

    func box(_ node: Node) -> Box? {
        guard case .mapping = node else {
            reader.report("expected a box (a mapping with a 'type'), found \(reader.describe(node))", at: node)
            return nil
        }
        guard let typeNode = node["type"], let type = typeNode.string else {
            reader.report(
                "a box needs a 'type': one of \(Self.nodeKeys.keys.sorted().joined(separator: ", "))", at: node)
            return nil
        }
        guard let keys = Self.nodeKeys[type] else {
            let hint = Suggestion.closest(to: type, in: Self.nodeKeys.keys).map { " (did you mean '\($0)'?)" } ?? ""
            reader.report(
                "unknown box type '\(type)'\(hint); expected one of \(Self.nodeKeys.keys.sorted().joined(separator: ", "))",
                at: typeNode)
            return nil
        }
        let required: [String] =
            switch type {
            case "image": ["src"]
            case "text": ["text"]
            case "repeat": ["each", "items"]
            case "line": ["from", "to"]
            default: Self.widgetRequiredKeys[type] ?? []
            }
        guard
            let fields = reader.mapping(
                node, what: "a \(type) box", allowed: Self.frameKeys.union(keys), required: required)
        else { return nil }
        var frame = frameSpec(fields)
        if let mark = node.mark { frame.source = SourceMark(line: mark.line, column: mark.column) }
        switch type {
        case "panel":
            return .panel(
                frame: frame, fill: fields["fill"].flatMap { paint($0, key: "fill") },
                radius: fields.double("radius", range: 0...10000) ?? 0,
                stroke: fields["stroke"].flatMap { strokeSpec($0) })
        case "line":
            let from = fields["from"].flatMap { pointSpec($0, key: "from") } ?? (.pixels(0), .pixels(0))
            let to = fields["to"].flatMap { pointSpec($0, key: "to") } ?? (.pixels(0), .pixels(0))
            let stroke = fields["stroke"].flatMap { strokeSpec($0) } ?? Stroke(color: .white, width: 2)
            return .line(from: from, to: to, stroke: stroke, frame: frame)
        case "image":
            guard let src = fields.string("src") else { return nil }
            let path = imagePath(src)
            if !FileManager.default.fileExists(atPath: path) {
                reader.report("image '\(src)' not found (looked for \(path))", at: fields["src"])
            }
            return .image(
                frame: frame, path: path, fit: fields.choice("fit", ImageItem.Fit.self) ?? .contain,
                opacity: fields.double("opacity", range: 0...1) ?? 1,
                radius: fields.double("radius", range: 0...10000) ?? 0)
        case "text":
            guard let textNode = fields["text"], let source = textSource(textNode) else { return nil }
            return .text(frame: frame, text: source, style: textStyle(fields))
        case "clock":
            var format = ClockFormat.datetime
            if let name = fields.string("format") {
                if let preset = ClockFormat.named[name] {
                    format = preset
                } else if name.contains(where: \.isLetter) {
                    format = .pattern(name)
                } else {
                    reader.report(
                        "'format' must be date, time, datetime, wareki, short-date or a date pattern like H:mm",
                        at: fields["format"])
                }
            }
            return .clock(frame: frame, format: format, style: textStyle(fields))
        case "group":
            return .group(
                frame: frame, clip: fields.bool("clip") ?? false, items: fields.list("items").map { nodes($0) } ?? [])
        case "repeat":
            guard let each = fields.string("each") else { return nil }
            let spec = RepeatSpec(
                each: each, name: fields.string("as") ?? "item", maximum: fields.int("max", range: 1...1000) ?? 10,
                direction: fields.choice("direction", RepeatSpec.Direction.self) ?? .vertical,
                spacing: fields.double("spacing", range: 0...10000) ?? 0,
                items: fields.list("items").map { nodes($0) } ?? [], empty: fields.list("empty").map { nodes($0) } ?? []
            )
            return .repeating(frame: frame, repeat: spec)
        default:
            return widget(type, fields: fields).map { .widget(frame: frame, spec: $0) }
        }
    }

    func frameSpec(_ fields: Fields) -> FrameSpec {
        var frame = FrameSpec()
        if let x = dimension(fields, "x") { frame.x = x }
        if let y = dimension(fields, "y") { frame.y = y }
        if let width = dimension(fields, "width") { frame.width = width }
        if let height = dimension(fields, "height") { frame.height = height }
        if let node = fields["portrait"],
            let portrait = reader.mapping(node, what: "portrait placement", allowed: ["x", "y", "width", "height"])
        {
            frame.portrait = FrameSpec.PortraitFrame(
                x: dimension(portrait, "x"), y: dimension(portrait, "y"), width: dimension(portrait, "width"),
                height: dimension(portrait, "height"))
        }
        frame.only = fields.choice("only", Orientation.self)
        frame.when = fields.string("when")
        frame.unless = fields.string("unless")
        return frame
    }

    func dimension(_ fields: Fields, _ key: String) -> Dimension? {
        guard let node = fields[key] else { return nil }
        return dimension(node, key: key)
    }

    func dimension(_ node: Node, key: String) -> Dimension? {
        if case .scalar = node, let value = node.float ?? node.int.map(Double.init) { return .pixels(value) }
        if let text = node.string, text.hasSuffix("%"),
            let value = Double(text.dropLast().trimmingCharacters(in: .whitespaces))
        {
            return .percent(value)
        }
        reader.report(
            "'\(key)' must be pixels (120) or a percentage of the parent ('50%'), found \(reader.describe(node))",
            at: node)
        return nil
    }

    func pointSpec(_ node: Node, key: String) -> (Dimension, Dimension)? {
        guard case .sequence(let sequence) = node, sequence.count == 2 else {
            reader.report("'\(key)' must be a point [x, y], found \(reader.describe(node))", at: node)
            return nil
        }
        guard let x = dimension(sequence[0], key: "\(key) x"), let y = dimension(sequence[1], key: "\(key) y") else {
            return nil
        }
        return (x, y)
    }

    func size(_ node: Node, key: String) -> Size? {
        if let text = node.string {
            let parts = text.lowercased().split(separator: "x")
            if parts.count == 2, let w = Double(parts[0]), let h = Double(parts[1]), w > 0, h > 0 {
                return Size(width: w, height: h)
            }
        }
        reader.report("'\(key)' must be a size like 1920x1080, found \(reader.describe(node))", at: node)
        return nil
    }

    func language(_ node: Node) -> Language? {
        guard let text = node.string, let language = Language(rawValue: text) else {
            let options = Language.allCases.map(\.rawValue)
            let hint =
                node.string.flatMap { Suggestion.closest(to: $0, in: options) }.map { " (did you mean '\($0)'?)" } ?? ""
            reader.report(
                "unknown language \(reader.describe(node))\(hint); expected one of \(options.joined(separator: ", "))",
                at: node)
            return nil
        }
        return language
    }

    // MARK: Colours and paint

    func literalColor(_ node: Node) -> Color? {
        guard let text = node.string, !text.isEmpty else {
            reader.report("expected a colour like \"#1A2B3C\" (in YAML, quote colours: # starts a comment)", at: node)
            return nil
        }
        guard let color = Color(hex: text) else {
            reader.report("'\(text)' is not a colour; expected \"#RGB\", \"#RRGGBB\" or \"#RRGGBBAA\"", at: node)
            return nil
        }
        return color
    }

    func colorValue(_ node: Node) -> Color? {
        if let text = node.string, let named = palette[text] { return named }
        if let text = node.string, !text.isEmpty, !text.hasPrefix("#") {
            let hint = Suggestion.closest(to: text, in: palette.keys).map { " (did you mean '\($0)'?)" } ?? ""
            reader.report("unknown colour '\(text)'\(hint); expected a name from 'colors' or \"#RRGGBB\"", at: node)
            return nil
        }
        return literalColor(node)
    }

    func paint(_ node: Node, key: String) -> PaintSpec? {
        guard case .mapping = node else { return colorValue(node).map(PaintSpec.color) }
        guard
            let fields = reader.mapping(
                node, what: "a gradient", allowed: ["gradient", "angle"], required: ["gradient"]),
            let stops = fields.list("gradient")
        else { return nil }
        let colors = stops.compactMap { colorValue($0) }
        guard colors.count >= 2 else {
            reader.report("a gradient needs at least two colours", at: fields["gradient"])
            return nil
        }
        return .gradient(colors: colors, angle: fields.double("angle") ?? 180)
    }

    func strokeSpec(_ node: Node) -> Stroke? {
        guard let fields = reader.mapping(node, what: "a stroke", allowed: ["color", "width", "dash"]) else {
            return nil
        }
        let color = fields["color"].flatMap { colorValue($0) } ?? .white
        let dash = fields.list("dash")?.compactMap { $0.float ?? $0.int.map(Double.init) } ?? []
        return Stroke(color: color, width: fields.double("width", range: 0...1000) ?? 2, dash: dash)
    }

    // MARK: Text

    func textSource(_ node: Node) -> TextSource? {
        if case .mapping(let mapping) = node {
            var templates: [Language: Template] = [:]
            for (key, value) in mapping {
                guard let language = language(key) else { continue }
                if let template = template(value) { templates[language] = template }
            }
            return templates.isEmpty ? nil : TextSource(templates: templates)
        }
        return template(node).map { TextSource(templates: [.ja: $0]) }
    }

    func template(_ node: Node) -> Template? {
        guard case .scalar(let scalar) = node else {
            reader.report(
                "text must be a string, or a mapping of languages to strings; found \(reader.describe(node))", at: node)
            return nil
        }
        do {
            let template = try Template(scalar.string)
            checkMarkup(scalar, node: node)
            return template
        } catch {
            reader.report(error.message, at: node)
            return nil
        }
    }

    /// Reports bad ruby or inline-style markup at its own line and column.
    func checkMarkup(_ scalar: Node.Scalar, node: Node) {
        let text = scalar.string
        guard TextMarkup.mayContainMarkup(text) else { return }
        do {
            _ = try TextMarkup(text, colors: Set(palette.keys), styles: Set(styles.keys))
        } catch {
            let before = text.unicodeScalars.prefix(error.offset)
            let linesBefore = before.filter { $0 == "\n" }.count
            let column = before.reversed().prefix { $0 != "\n" }.count
            let mark = node.mark
            var line = mark?.line ?? 0
            var start = mark?.column ?? 1
            switch scalar.style {
            case .literal, .folded:
                // Block text starts on the next line, indented past its key.
                line += 1 + linesBefore
                start = (mark?.column ?? 1) + 2
            case .singleQuoted, .doubleQuoted:
                line += linesBefore
                start += linesBefore == 0 ? 1 : 0
            default:
                line += linesBefore
            }
            reader.diagnostics(
                append: LayoutDiagnostic(
                    file: reader.file, line: line, column: (linesBefore == 0 ? start : 1) + column,
                    message: "text markup: \(error.message)"))
        }
    }

    func textStyle(_ fields: Fields) -> TextStyleSpec {
        var style = styleSpec(fields)
        if let name = fields.string("style") {
            if let named = styles[name] {
                style = style.over(named)
            } else {
                let hint = Suggestion.closest(to: name, in: styles.keys).map { " (did you mean '\($0)'?)" } ?? ""
                reader.report("unknown style '\(name)'\(hint); styles are defined under 'styles'", at: fields["style"])
            }
        }
        return style.over(styles["default"] ?? TextStyleSpec())
    }

    func styleFields(_ node: Node, what: String) -> TextStyleSpec? {
        guard let fields = reader.mapping(node, what: what, allowed: Self.styleKeys) else { return nil }
        return styleSpec(fields)
    }

    func styleSpec(_ fields: Fields) -> TextStyleSpec {
        TextStyleSpec(
            font: fields.string("font"), weight: fields.choice("weight", FontRequest.Weight.self),
            size: fields.double("size", range: 1...2000), color: fields["color"].flatMap { colorValue($0) },
            align: fields.choice("align", ParagraphStyle.Alignment.self),
            valign: fields.choice("valign", ParagraphStyle.VerticalAlignment.self),
            lineHeight: fields.double("line-height", range: 0.5...5),
            maxLines: fields.int("max-lines", range: 1...1000),
            overflow: fields.choice("overflow", TextStyleSpec.OverflowMode.self),
            minSize: fields.double("min-size", range: 1...2000),
            lineBreak: fields.choice("line-break", TextStyleSpec.LineBreakMode.self),
            wrap: fields.choice("wrap", ParagraphStyle.Wrap.self),
            features: fields.list("features")?.compactMap(\.string),
            writingMode: fields.choice("writing-mode", ParagraphStyle.WritingMode.self),
            autospace: fields.choice("autospace", TextStyleSpec.AutospaceMode.self),
            punctuation: fields.choice("punctuation", TextStyleSpec.PunctuationMode.self),
            hanging: fields.bool("hanging-punctuation"), condense: condense(fields),
            tickerSpeed: fields.double("ticker-speed", range: 1...5000),
            language: fields["language"].flatMap { language($0) },
            viewingDistance: fields["viewing-distance"].flatMap { metres($0, key: "viewing-distance") })
    }

    /// `viewing: {distance: 10m, panel: 55in}`.
    func viewing(_ node: Node) -> Viewing {
        guard let fields = reader.mapping(node, what: "viewing", allowed: ["distance", "panel"]) else {
            return Viewing()
        }
        return Viewing(
            distance: fields["distance"].flatMap { metres($0, key: "distance") },
            panel: fields["panel"].flatMap { inches($0) })
    }

    /// A distance as `10m`, `250cm`, `10 m` or a number of metres.
    func metres(_ node: Node, key: String) -> Double? {
        let value = MeasureText.parse(node, units: ["m": 1, "cm": 0.01, "mm": 0.001], plain: 1)
        guard let value, value > 0, value <= 1000 else {
            reader.report("'\(key)' must be a distance like 10m or 250cm, found \(reader.describe(node))", at: node)
            return nil
        }
        return value
    }

    /// A panel diagonal as `55in`, `55"`, `140cm` or a number of inches.
    func inches(_ node: Node) -> Double? {
        let value = MeasureText.parse(node, units: ["in": 1, "\"": 1, "cm": 1 / 2.54, "mm": 1 / 25.4], plain: 1)
        guard let value, value >= 1, value <= 1000 else {
            reader.report("'panel' must be a diagonal like 55in, found \(reader.describe(node))", at: node)
            return nil
        }
        return value
    }

    /// `condense: 80%` or `0.8`: the narrowest 長体 allowed before shrinking.
    func condense(_ fields: Fields) -> Double? {
        guard let node = fields["condense"] else { return nil }
        var value = node.float ?? node.int.map(Double.init)
        if value == nil, let text = node.string, text.hasSuffix("%"), let percent = Double(text.dropLast()) {
            value = percent / 100
        }
        guard let value, (0.5...1).contains(value) else {
            reader.report(
                "'condense' must be a horizontal scale from 50% to 100% (like 80%), found \(reader.describe(node))",
                at: node)
            return nil
        }
        return value
    }

    // MARK: Preview

    func previewSpec(_ node: Node) -> Preview? {
        guard let fields = reader.mapping(node, what: "preview", allowed: ["data", "at"]) else { return nil }
        var preview = Preview()
        if let data = fields.string("data") {
            let path = directory.appendingPathComponent(data).standardizedFileURL.path
            if FileManager.default.fileExists(atPath: path) {
                preview.data = path
            } else {
                reader.report("preview data '\(data)' not found (looked for \(path))", at: fields["data"])
            }
        }
        if let at = fields.string("at") {
            if let date = ISO8601.parse(at) {
                preview.at = date
            } else {
                reader.report(
                    "'at' must be an ISO 8601 date-time like 2026-11-23T14:05:00+09:00, found '\(at)'", at: fields["at"]
                )
            }
        }
        return preview
    }
}

/// A number with a unit, as written in a layout (`10m`, `55in`).
public enum MeasureText {
    /// The value in the base unit; `plain` is the factor for a bare number.
    static func parse(_ node: Node, units: [String: Double], plain: Double) -> Double? {
        if let number = node.float ?? node.int.map(Double.init) { return number * plain }
        guard let text = node.string?.trimmingCharacters(in: .whitespaces) else { return nil }
        return parse(text, units: units, plain: plain)
    }

    public static func parse(_ text: String, units: [String: Double], plain: Double) -> Double? {
        if let number = Double(text) { return number * plain }
        for (unit, factor) in units.sorted(by: { $0.key.count > $1.key.count }) where text.hasSuffix(unit) {
            let number = text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            if let value = Double(number) { return value * factor }
        }
        return nil
    }
}

extension Node {
    fileprivate var isMapping: Bool {
        if case .mapping = self { return true }
        return false
    }
}
