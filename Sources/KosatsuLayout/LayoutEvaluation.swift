public import Foundation
public import KosatsuData
public import KosatsuScene

extension Layout {
    /// The design canvas used for an output of `size`: the portrait canvas for a portrait
    /// output when the layout has one, else the landscape canvas (scaled to fit).
    public func canvas(for output: Size) -> Size {
        output.isPortrait ? (portraitCanvas ?? canvas) : canvas
    }

    /// What page `page` shows with `snapshot` at `time` in `language` on an output of `output` pixels.
    ///
    /// A pure function of its arguments: the same inputs give the same scene on a designer's
    /// laptop, in CI and on the sign.
    public func scene(
        page: Int, snapshot: Snapshot, at time: Date, language: Language, output: Size, theme: String? = nil
    ) -> Scene {
        evaluate(page: page, snapshot: snapshot, at: time, language: language, output: output, theme: theme).scene
    }

    /// The scene, with the notes taken on the way (values skipped or clamped), for a log.
    public func evaluate(
        page: Int, snapshot: Snapshot, at time: Date, language: Language, output: Size, theme: String? = nil
    ) -> Evaluation {
        let canvas = canvas(for: output)
        let orientation: Orientation = output.isPortrait && portraitCanvas != nil ? .portrait : .landscape
        let context = DataContext(
            snapshot: snapshot, now: time, language: language, timeZone: timeZone, staleAfter: staleAfter)
        let notes = EvaluationNotes()
        let evaluator = BoxEvaluator(
            layout: self, orientation: orientation, now: time, language: language, notes: notes)
        let pages = theme.flatMap { themedPages[$0] } ?? pages
        let shown = pages[min(max(page, 0), pages.count - 1)]
        let bounds = Rect(x: 0, y: 0, width: canvas.width, height: canvas.height)
        var items = evaluator.items(shown.items, parent: canvas, context: context)
        if shown.emergency == nil {
            items += AlertBanner.items(for: snapshot, canvas: canvas, language: language)
            items += DrillBanner.items(for: snapshot, canvas: canvas)
        }
        let scene = Scene(canvas: canvas, background: evaluator.paint(shown.background, in: bounds), items: items)
        return Evaluation(scene: scene, notes: notes.lines)
    }
}

/// Turns boxes into scene items for one orientation, time and language.
struct BoxEvaluator {
    let layout: Layout
    let orientation: Orientation
    let now: Date
    let language: Language
    let notes: EvaluationNotes

    func items(_ boxes: [Box], parent: Size, context: DataContext) -> [SceneItem] {
        boxes.flatMap { items($0, parent: parent, context: context) }
    }

    func items(_ box: Box, parent: Size, context: DataContext) -> [SceneItem] {
        let made = unmarkedItems(box, parent: parent, context: context)
        guard let source = box.frameSpec.source else { return made }
        return made.map { $0.marked(source) }
    }

    func unmarkedItems(_ box: Box, parent: Size, context: DataContext) -> [SceneItem] {
        switch box {
        case .panel(let spec, let fill, let radius, let stroke):
            guard let frame = frame(spec, parent: parent, context: context) else { return [] }
            return [
                .panel(
                    Panel(frame: frame, cornerRadius: radius, fill: fill.map { paint($0, in: frame) }, stroke: stroke))
            ]
        case .line(let from, let to, let stroke, let spec):
            guard frame(spec, parent: parent, context: context) != nil else { return [] }
            let start = Point(x: from.0.resolve(in: parent.width), y: from.1.resolve(in: parent.height))
            let end = Point(x: to.0.resolve(in: parent.width), y: to.1.resolve(in: parent.height))
            return [.line(Line(from: start, to: end, stroke: stroke))]
        case .image(let spec, let path, let fit, let opacity, let radius):
            guard let frame = frame(spec, parent: parent, context: context) else { return [] }
            return [.image(ImageItem(frame: frame, path: path, fit: fit, opacity: opacity, cornerRadius: radius))]
        case .text(let spec, let source, let style):
            guard let frame = frame(spec, parent: parent, context: context),
                let template = source.template(for: style.language ?? language)
            else { return [] }
            return [text(template.render(context), style: style, frame: frame)]
        case .clock(let spec, let format, let style):
            guard let frame = frame(spec, parent: parent, context: context) else { return [] }
            let clock = ClockText(timeZone: layout.timeZone, language: language)
            return [text(clock.format(now, format), style: style, frame: frame)]
        case .group(let spec, let clip, let children):
            guard let frame = frame(spec, parent: parent, context: context) else { return [] }
            return [
                .group(Group(frame: frame, clips: clip, items: items(children, parent: frame.size, context: context)))
            ]
        case .repeating(let spec, let repeating):
            guard let frame = frame(spec, parent: parent, context: context) else { return [] }
            return [.group(Group(frame: frame, items: cells(repeating, frame: frame.size, context: context)))]
        case .widget(let spec, let widget):
            guard let frame = frame(spec, parent: parent, context: context) else { return [] }
            return items(widget, frame: frame, context: context)
        }
    }

    /// One group per list item, stacked along the direction, each cell an equal share.
    func cells(_ spec: RepeatSpec, frame: Size, context: DataContext) -> [SceneItem] {
        let list = (context.value(at: spec.each) as? DataList)?.items ?? []
        guard !list.isEmpty else { return items(spec.empty, parent: frame, context: context) }
        let count = spec.maximum
        let vertical = spec.direction == .vertical
        let length = vertical ? frame.height : frame.width
        let cell = max(0, (length - spec.spacing * Double(count - 1)) / Double(count))
        return list.prefix(count).enumerated().map { index, value in
            let offset = Double(index) * (cell + spec.spacing)
            let cellFrame =
                vertical
                ? Rect(x: 0, y: offset, width: frame.width, height: cell)
                : Rect(x: offset, y: 0, width: cell, height: frame.height)
            let cellContext = context.binding(spec.name, to: value).binding("index", to: index + 1)
            return .group(
                Group(frame: cellFrame, items: items(spec.items, parent: cellFrame.size, context: cellContext)))
        }
    }

    /// The box's frame in its parent, or nil when the box is not shown here and now.
    func frame(_ spec: FrameSpec, parent: Size, context: DataContext) -> Rect? {
        if let only = spec.only, only != orientation { return nil }
        if let when = spec.when, !context.isPresent(when) { return nil }
        if let unless = spec.unless, context.isPresent(unless) { return nil }
        let portrait = orientation == .portrait ? spec.portrait : nil
        return Rect(
            x: (portrait?.x ?? spec.x).resolve(in: parent.width), y: (portrait?.y ?? spec.y).resolve(in: parent.height),
            width: (portrait?.width ?? spec.width).resolve(in: parent.width),
            height: (portrait?.height ?? spec.height).resolve(in: parent.height))
    }

    func text(_ content: String, style spec: TextStyleSpec, frame: Rect) -> SceneItem {
        let size = spec.size ?? 48
        let style = TextStyle(
            font: FontRequest(family: spec.font ?? "BIZ UDPGothic", weight: spec.weight ?? .regular), size: size,
            color: spec.color ?? .black, language: (spec.language ?? language).rawValue, features: spec.features ?? [])
        let overflow: ParagraphStyle.Overflow =
            switch spec.overflow ?? .ellipsis {
            case .ellipsis: .ellipsis
            case .visible: .visible
            case .shrink: .shrink(minimumSize: spec.minSize ?? size / 2)
            // A ticker shrinks to its floor first when one is given.
            case .ticker: spec.minSize.map { .shrink(minimumSize: $0) } ?? .ellipsis
            }
        // The ticker's offset is a function of the time rendered: the same `--at` gives the same frame.
        let ticker =
            spec.overflow == .ticker
            ? ParagraphStyle.Ticker(
                speed: spec.tickerSpeed ?? 120, gap: size * 4, elapsed: now.timeIntervalSince1970) : nil
        let paragraph = ParagraphStyle(
            alignment: spec.align ?? .start, verticalAlignment: spec.valign ?? .top, lineHeight: spec.lineHeight ?? 1.4,
            maxLines: spec.overflow == .ticker ? 1 : spec.maxLines, overflow: overflow,
            lineBreak: (spec.lineBreak ?? .strict).rawValue, wrap: spec.wrap,
            writingMode: spec.writingMode ?? .horizontal,
            autospace: (spec.autospace ?? .quarter).em, trimsPunctuation: spec.punctuation != .off,
            hangingPunctuation: spec.hanging ?? false, condense: spec.condense ?? 1, ticker: ticker)
        let source = spec.viewingDistance.map { SourceMark(line: 0, column: 0, viewingDistance: $0) }
        return .text(
            TextItem(frame: frame, spans: spans(content, base: style), paragraph: paragraph, source: source))
    }

    /// The text's ruby and inline styles as spans; text whose markup does not parse is shown as is.
    func spans(_ content: String, base: TextStyle) -> [TextSpan] {
        guard TextMarkup.mayContainMarkup(content),
            let markup = try? TextMarkup(
                content, colors: Set(layout.palette.keys), styles: Set(layout.styles.keys))
        else { return [TextSpan(text: content, style: base)] }
        return markup.pieces.map { piece in
            var style = base
            if let name = piece.style, let named = layout.styles[name] {
                if let font = named.font { style.font.family = font }
                if let weight = named.weight { style.font.weight = weight }
                if let size = named.size { style.size = size }
                if let color = named.color { style.color = color }
                // Japanese inside an English or Chinese text: its own glyph forms and punctuation.
                if let language = named.language { style.language = language.rawValue }
            }
            if piece.bold { style.font.weight = .bold }
            if let color = piece.color, let value = layout.palette[color] ?? Color(hex: color) { style.color = value }
            switch piece.size {
            case .pixels(let pixels)?: style.size = pixels
            case .percent(let percent)?: style.size = base.size * percent / 100
            case nil: break
            }
            return TextSpan(text: piece.text, style: style, ruby: piece.ruby)
        }
    }

    /// A colour, or a CSS-style angled gradient spanning `frame`.
    func paint(_ spec: PaintSpec, in frame: Rect) -> Paint {
        switch spec {
        case .color(let color):
            return .solid(color)
        case .gradient(let colors, let angle):
            let radians = angle * .pi / 180
            let dx = sin(radians)
            let dy = -cos(radians)
            let half = (abs(frame.width * dx) + abs(frame.height * dy)) / 2
            let cx = frame.x + frame.width / 2
            let cy = frame.y + frame.height / 2
            let stops = colors.enumerated().map { index, color in
                GradientStop(offset: Double(index) / Double(colors.count - 1), color: color)
            }
            return .linearGradient(
                LinearGradient(
                    start: Point(x: cx - dx * half, y: cy - dy * half),
                    end: Point(x: cx + dx * half, y: cy + dy * half),
                    stops: stops))
        }
    }
}

extension Box {
    var frameSpec: FrameSpec {
        switch self {
        case .panel(let frame, _, _, _), .image(let frame, _, _, _, _), .text(let frame, _, _), .clock(let frame, _, _),
            .group(let frame, _, _), .repeating(let frame, _), .widget(let frame, _):
            frame
        case .line(_, _, _, let frame): frame
        }
    }
}

extension SceneItem {
    /// The item with its texts (and those inside it) marked as made by the box at `source`; marks set
    /// by an inner box stay, and a text's own viewing distance is kept.
    func marked(_ source: SourceMark) -> SceneItem {
        switch self {
        case .text(var text):
            if text.source == nil || text.source?.line == 0 {
                let distance = text.source?.viewingDistance ?? source.viewingDistance
                text.source = SourceMark(line: source.line, column: source.column, viewingDistance: distance)
            }
            return .text(text)
        case .group(var group):
            group.items = group.items.map { $0.marked(source) }
            return .group(group)
        case .ticker(var ticker):
            if ticker.text.source == nil { ticker.text.source = source }
            return .ticker(ticker)
        default:
            return self
        }
    }
}
