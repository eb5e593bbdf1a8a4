internal import Foundation
internal import KosatsuLineBreak
internal import KosatsuPhrase
public import KosatsuScene

/// Sets paragraphs into frames the way Japanese signs are set: fonts per character, HarfBuzz
/// shaping, JLReq line breaking and punctuation spacing, Japanese–Latin spacing, justification,
/// ruby, vertical text, fit-to-box (長体, then shrinking), ellipsis or ticker.
///
/// Not `Sendable`: it owns the font library and its caches, and belongs to one renderer.
public final class Typesetter {
    public let fonts: FontLibrary
    let shaper = Shaper()
    var trims: [GlyphKey: (lead: Double, trail: Double)] = [:]
    var verticalAlternates: [GlyphKey: Bool] = [:]
    /// Phrase models read so far (`line-break: phrase`), nil for a failed read.
    var phraseModels: [PhraseModel.BundledLanguage: PhraseModel?] = [:]
    /// Finished layouts keyed by the whole item (text, styles, frame): unchanged text costs a lookup.
    private var layouts = RecentCache<LayoutKey, TypesetText>(limit: 256)
    /// When the caches last aged (`forgetUnused(now:)`).
    private var lastAged: ContinuousClock.Instant?
    /// How often the caches age: text unused for two of these leaves them. Longer than a layout's
    /// page rotation, so the pages of a cycling screen stay set.
    public static let cacheGeneration: Duration = .seconds(120)

    public init(fonts: FontLibrary) {
        self.fonts = fonts
    }

    /// Shaped runs held in the cache (for tests and metrics).
    public var cachedRunCount: Int { shaper.cachedRunCount }

    /// Layouts held in the cache (for tests).
    public var cachedLayoutCount: Int { layouts.count }

    /// Forgets every shaped run and layout (for cold measurements).
    public func clearCaches() {
        shaper.clearCache()
        layouts.removeAll()
    }

    /// Called after each frame: once per `cacheGeneration`, the layouts and shaped runs not used
    /// since the last time are let go, so a sign's memory follows what it shows, not everything it
    /// has shown since boot.
    public func forgetUnused(now: ContinuousClock.Instant = .now) {
        guard let last = lastAged else {
            lastAged = now
            return
        }
        guard now - last >= Self.cacheGeneration else { return }
        lastAged = now
        layouts.age()
        shaper.ageCache()
    }

    /// Sets `item` into its frame.
    public func typeset(_ item: TextItem) throws -> TypesetText {
        // A ticker's layout does not depend on the time, only its offset does.
        var key = item
        key.paragraph.ticker?.elapsed = 0
        let layout: TypesetText
        if let cached = layouts.value(for: LayoutKey(item: key)) {
            layout = cached
        } else {
            layout = try typesetUncached(key)
            layouts.store(layout, for: LayoutKey(item: key))
        }
        guard layout.isTicker, let ticker = item.paragraph.ticker else { return layout }
        return scrolled(layout, ticker: ticker, frame: item.frame.size)
    }

    private func typesetUncached(_ item: TextItem) throws -> TypesetText {
        let chosen = try chooseLines(item)
        guard let layout = chosen.layout else {
            return try tickerLayout(item, scale: chosen.scale, condense: chosen.condense)
        }
        var text = try place(
            chosen.paragraph, layout: layout, style: item.paragraph, frame: item.frame.size, scale: chosen.scale,
            condense: chosen.condense)
        text.condensation = chosen.condense
        return text
    }

    /// The lines `typeset` would set, with their text and width: how a text will break, for
    /// `kosatsu text lines` and for checking. A ticker is one line.
    public func lines(of item: TextItem) throws -> [TypesetLine] {
        let chosen = try chooseLines(item)
        let p = chosen.paragraph
        let inlineScale = chosen.scale * (p.vertical ? 1 : chosen.condense)
        let layout =
            chosen.layout ?? LineLayout(lines: [0..<p.count], endsParagraph: [true], fits: true, truncated: false)
        return layout.lines.map { range in
            let line = trimmed(p, range)
            let text = String(String.UnicodeScalarView(p.scalars[line].map { $0 == "\n" ? " " : $0 }))
            return TypesetLine(
                text: text, range: line, width: minimumWidth(p, line, justify: false) * inlineScale)
        }
    }

    /// Shaping, fit to box and the choice of breaks: the lines and the size they are set at; no
    /// layout when the text scrolls as a ticker instead.
    private func chooseLines(_ item: TextItem) throws -> (
        paragraph: ShapedParagraph, layout: LineLayout?, scale: Double, condense: Double
    ) {
        let style = item.paragraph
        let frame = item.frame.size
        var paragraph = try shape(item.spans, paragraph: style)
        var fitted = fitToBox(paragraph, style: style, frame: frame)
        // Phrase mode: when whole phrases do not fit even at the smallest size, a line may end inside
        // a phrase rather than the text being cut.
        if !fitted.layout.fits, paragraph.insidePhrase.contains(true) {
            var relaxed = paragraph
            relaxed.relaxesPhrases = true
            let retry = fitToBox(relaxed, style: style, frame: frame)
            if retry.layout.fits {
                paragraph = relaxed
                fitted = retry
            }
        }
        if !fitted.layout.fits, style.ticker != nil, !paragraph.vertical {
            return (paragraph, nil, fitted.scale, fitted.condense)
        }
        // The size is chosen on the greedy line count, which the paragraph-wide choice keeps.
        let layout = breakWhole(
            paragraph, fitted.layout, style: style, frame: frame, scale: fitted.scale, condense: fitted.condense)
        return (paragraph, layout, fitted.scale, fitted.condense)
    }

    /// Fit to box: the lines at full size, else 長体 down to the allowed minimum, else the largest size
    /// down to the floor that fits (or the floor).
    private func fitToBox(_ paragraph: ShapedParagraph, style: ParagraphStyle, frame: Size) -> (
        layout: LineLayout, scale: Double, condense: Double
    ) {
        var scale = 1.0
        var condense = 1.0
        var layout = fill(paragraph, style: style, frame: frame, scale: scale, condense: condense)
        // 長体 first: the largest horizontal scale, down to the allowed minimum, that fits.
        if !layout.fits, style.condense < 1, !paragraph.vertical {
            let narrowest = max(0.5, style.condense)
            if fill(paragraph, style: style, frame: frame, scale: 1, condense: narrowest).fits {
                condense = largest(in: narrowest...1) {
                    fill(paragraph, style: style, frame: frame, scale: 1, condense: $0).fits
                }
            } else {
                condense = narrowest
            }
            layout = fill(paragraph, style: style, frame: frame, scale: scale, condense: condense)
        }
        if !layout.fits, case .shrink(let minimumSize) = style.overflow, paragraph.maxSize > 0 {
            // Largest scale that fits, by bisection: sizes are continuous, shaping is reused.
            let floor = min(1, max(minimumSize / paragraph.maxSize, 0.05))
            if fill(paragraph, style: style, frame: frame, scale: floor, condense: condense).fits {
                scale = largest(in: floor...1) {
                    fill(paragraph, style: style, frame: frame, scale: $0, condense: condense).fits
                }
            } else {
                scale = floor
            }
            layout = fill(paragraph, style: style, frame: frame, scale: scale, condense: condense)
        }
        return (layout, scale, condense)
    }

    /// The largest value in `range` for which `fits` holds, assuming it holds at the lower bound.
    private func largest(in range: ClosedRange<Double>, _ fits: (Double) -> Bool) -> Double {
        if fits(range.upperBound) { return range.upperBound }
        var low = range.lowerBound
        var high = range.upperBound
        for _ in 0..<12 {
            let middle = (low + high) / 2
            if fits(middle) { low = middle } else { high = middle }
        }
        return low
    }

    // MARK: - Ticker

    /// The text on one line at its natural length; `scrolled` moves it through the frame.
    private func tickerLayout(_ item: TextItem, scale: Double, condense: Double) throws -> TypesetText {
        var style = item.paragraph
        style.alignment = .start
        style.maxLines = 1
        style.overflow = .visible
        let paragraph = try shape(item.spans, paragraph: style, singleLine: true)
        let layout = LineLayout(lines: [0..<paragraph.count], endsParagraph: [true], fits: true, truncated: false)
        var text = try place(
            paragraph, layout: layout, style: style, frame: item.frame.size, scale: scale, condense: condense)
        text.isTicker = true
        text.condensation = condense
        text.tickerLength =
            minimumWidth(paragraph, trimmed(paragraph, 0..<paragraph.count), justify: false)
            * scale * condense
        return text
    }

    /// The ticker at its offset for `ticker.elapsed`: text moves left at `speed`, repeating after `gap`.
    private func scrolled(_ layout: TypesetText, ticker: ParagraphStyle.Ticker, frame: Size) -> TypesetText {
        let period = layout.tickerLength + max(0, ticker.gap)
        guard period > 0 else { return layout }
        let offset = (ticker.elapsed * ticker.speed).truncatingRemainder(dividingBy: period)
        let start = offset < 0 ? -(offset + period) : -offset
        var result = layout
        result.runs = []
        var shift = start
        while shift < frame.width {
            for run in layout.runs {
                var moved = run
                for k in moved.glyphs.indices { moved.glyphs[k].x += shift }
                result.runs.append(moved)
            }
            shift += period
        }
        return result
    }

    // MARK: - Placing glyphs

    private func place(
        _ p: ShapedParagraph, layout: LineLayout, style: ParagraphStyle, frame: Size, scale: Double, condense: Double
    ) throws -> TypesetText {
        var runs: [GlyphRun] = []
        let count = layout.lines.count
        let inlineExtent = p.vertical ? frame.height : frame.width
        let blockExtent = p.vertical ? frame.width : frame.height
        let inlineScale = scale * (p.vertical ? 1 : condense)
        var lineSizes: [Double] = layout.lines.map { range in
            (range.isEmpty ? p.maxSize : range.map { p.size(at: $0) }.max() ?? p.maxSize) * scale
        }
        if lineSizes.isEmpty { lineSizes = [p.maxSize * scale] }
        let rubyRoom: [Double] = lineSizes.indices.map { index in
            guard index < layout.lines.count else { return 0 }
            let line = layout.lines[index]
            return p.rubies.contains { line.contains($0.base.lowerBound) } ? lineSizes[index] / 2 : 0
        }
        // Each line's em box, from the block's start (top, or the right edge for vertical text).
        var starts: [Double] = []
        var position = 0.0
        for (index, size) in lineSizes.enumerated() {
            starts.append(position + rubyRoom[index])
            position += rubyRoom[index] + size * style.lineHeight
        }
        let blockLength = (starts.last ?? 0) + (lineSizes.last ?? 0)
        let blockOffset: Double
        switch style.verticalAlignment {
        case .top: blockOffset = 0
        case .middle: blockOffset = (blockExtent - blockLength) / 2
        case .bottom: blockOffset = blockExtent - blockLength
        }
        for (lineIndex, fullRange) in layout.lines.enumerated() {
            var range = trimmed(p, fullRange)
            let limit = inlineExtent / inlineScale
            let hangs =
                hangingMark(p, range, limit: limit, style: style) && minimumWidth(p, range, justify: false) > limit
            var ellipsis: (glyphs: [ShapedGlyph], face: FaceID, span: Int, width: Double)?
            if layout.truncated, lineIndex == count - 1 {
                let span = p.spanOf[min(max(range.upperBound, 1), p.spanOf.count) - 1]
                let mark = try shapeEllipsis(style: p.spans[span].style, vertical: p.vertical)
                ellipsis = (mark.glyphs, mark.face, span, mark.width)
                while range.upperBound > range.lowerBound,
                    minimumWidth(p, range, justify: false) + mark.width > limit
                {
                    range = trimmed(p, range.lowerBound..<(range.upperBound - 1))
                }
            }
            let justify = style.alignment == .justify && !layout.endsParagraph[lineIndex] && ellipsis == nil
            let measured = hangs ? range.lowerBound..<(range.upperBound - 1) : range
            // A line the breaker fitted only by squeezing (追い込み) is squeezed even where it is not
            // spread: the last line of a justified paragraph. Text let run past its box (a ticker,
            // `overflow: visible`) keeps its natural spacing.
            let squeezed =
                !justify && style.overflow != .visible && !hangs && ellipsis == nil
                && minimumWidth(p, range, justify: false) > limit
            let target: Double? = justify || squeezed ? limit : nil
            var adjustment = justification(p, measured, target: target)
            if hangs { adjustment.extra.append(0) }
            // Inline positions of each scalar from the line's start, px at scale 1.
            var positions: [Double] = []
            positions.reserveCapacity(range.count)
            var pen = range.isEmpty ? 0 : -p.startTrim[range.lowerBound]
            for i in range {
                if i > range.lowerBound { pen += p.space[i] + adjustment.extra(at: i, lineStart: range.lowerBound) }
                positions.append(pen)
                pen += p.advance[i]
            }
            var lineWidth = pen - (range.isEmpty ? 0 : (hangs ? 0 : adjustment.endCut))
            if hangs, let last = range.last { lineWidth -= p.advance[last] }
            lineWidth += ellipsis?.width ?? 0
            var start: Double
            switch style.alignment {
            case .start, .justify: start = 0
            case .center: start = (limit - lineWidth) / 2
            case .end: start = limit - lineWidth
            }
            let size = lineSizes[lineIndex]
            let emStart = blockOffset + starts[lineIndex]
            let context = LineContext(
                p: p, range: range, positions: positions, start: start, scale: scale, inlineScale: inlineScale,
                condense: p.vertical ? 1 : condense, size: size, emStart: emStart, frame: frame)
            runs += glyphRuns(context)
            runs += rubyRuns(context)
            if let ellipsis {
                let style = p.spans[ellipsis.span].style
                let face = fonts.face(ellipsis.face)
                let unit = style.size / face.unitsPerEm
                var mark = start + pen
                var glyphs: [PositionedGlyph] = []
                for glyph in ellipsis.glyphs {
                    let placed = context.place(
                        inline: mark + glyph.offsetX * unit, offsetY: glyph.offsetY * unit,
                        offsetX: glyph.offsetX * unit, face: face, kind: .natural)
                    glyphs.append(PositionedGlyph(id: glyph.glyph, x: placed.x, y: placed.y))
                    mark += glyph.advance * unit
                }
                runs.append(
                    GlyphRun(
                        face: ellipsis.face, size: style.size * scale, color: style.color, glyphs: glyphs,
                        horizontalScale: context.condense))
            }
        }
        return TypesetText(runs: runs, lineCount: count, isComplete: !layout.truncated, scale: scale)
    }

    private func glyphRuns(_ line: LineContext) -> [GlyphRun] {
        var runs: [GlyphRun] = []
        let p = line.p
        let range = line.range
        for segment in p.segments where segment.range.overlaps(range) {
            let style = p.spans[segment.span].style
            let face = fonts.face(segment.face)
            var glyphs: [PositionedGlyph] = []
            glyphs.reserveCapacity(segment.glyphs.count)
            // Clusters rise through a segment: start at the line's first glyph, stop after its last.
            var low = 0
            var high = segment.glyphs.count
            while low < high {
                let middle = (low + high) / 2
                if segment.glyphs[middle].cluster < range.lowerBound { low = middle + 1 } else { high = middle }
            }
            for glyph in segment.glyphs[low...] {
                if glyph.cluster >= range.upperBound { break }
                let base = line.positions[glyph.cluster - range.lowerBound] + p.lead[glyph.cluster]
                if segment.kind == .tateChuYoko {
                    let placed = line.placeTateChuYoko(
                        unitStart: base, pen: glyph.pen + glyph.offsetX, offsetY: glyph.offsetY, segment: segment,
                        face: face, size: style.size)
                    glyphs.append(PositionedGlyph(id: glyph.id, x: placed.x, y: placed.y))
                } else {
                    let placed = line.place(
                        inline: base + glyph.pen, offsetY: glyph.offsetY, offsetX: glyph.offsetX, face: face,
                        kind: segment.kind)
                    glyphs.append(PositionedGlyph(id: glyph.id, x: placed.x, y: placed.y))
                }
            }
            guard !glyphs.isEmpty else { continue }
            let horizontalScale = segment.kind == .tateChuYoko ? segment.unitScale : line.condense
            runs.append(
                GlyphRun(
                    face: segment.face, size: style.size * line.scale, color: style.color, glyphs: glyphs,
                    horizontalScale: horizontalScale, isRotated: segment.kind == .rotated))
        }
        return runs
    }

    /// Ruby centred over (or, in vertical text, beside) its base, above the base's em box.
    private func rubyRuns(_ line: LineContext) -> [GlyphRun] {
        var runs: [GlyphRun] = []
        let p = line.p
        for ruby in p.rubies where line.range.contains(ruby.base.lowerBound) {
            let first = ruby.base.lowerBound
            let last = min(ruby.base.upperBound, line.range.upperBound) - 1
            let startPosition = line.positions[first - line.range.lowerBound]
            let endPosition = line.positions[last - line.range.lowerBound] + p.advance[last]
            let rubyStart = (startPosition + endPosition) / 2 - ruby.width / 2
            let style = p.spans[ruby.span].style
            for piece in ruby.pieces {
                let face = fonts.face(piece.face)
                let glyphs = piece.glyphs.map { glyph in
                    let placed = line.placeRuby(
                        inline: rubyStart + glyph.pen, offsetX: glyph.offsetX, offsetY: glyph.offsetY, face: face,
                        baseSize: style.size, rubySize: ruby.size)
                    return PositionedGlyph(id: glyph.id, x: placed.x, y: placed.y)
                }
                runs.append(
                    GlyphRun(
                        face: piece.face, size: ruby.size * line.scale, color: style.color, glyphs: glyphs,
                        horizontalScale: line.condense))
            }
        }
        return runs
    }

    private func shapeEllipsis(style: TextStyle, vertical: Bool) throws -> (
        glyphs: [ShapedGlyph], face: FaceID, width: Double
    ) {
        let mark: Unicode.Scalar = "\u{2026}"
        let id = try fonts.face(for: mark, request: style.font, language: style.language)
        let face = fonts.face(id)
        let glyphs = shaper.shape(
            [mark][...], face: face, id: id, language: style.language, features: style.features,
            direction: vertical ? .vertical : .horizontal)
        let width = glyphs.reduce(0) { $0 + $1.advance } * style.size / face.unitsPerEm
        return (glyphs, id, width)
    }
}

/// Where one line sits: turns inline positions (px at scale 1) into frame coordinates.
private struct LineContext {
    let p: ShapedParagraph
    let range: Range<Int>
    let positions: [Double]
    /// Alignment offset along the line, px at scale 1.
    let start: Double
    let scale: Double
    /// Scale along the line: `scale`, times the 長体 condensing for horizontal text.
    let inlineScale: Double
    let condense: Double
    /// The line's em size in frame px, and where its em box starts across the lines' direction.
    let size: Double
    let emStart: Double
    let frame: Size

    /// The centre of a vertical column.
    var columnCenter: Double { frame.width - emStart - size / 2 }

    /// Baseline below the em box's top, centring the face's ascender–descender box in the em.
    func baselineDepth(_ face: Face, size: Double) -> Double {
        guard face.ascender - face.descender > 0 else { return size * 0.88 }
        return size * face.ascender / (face.ascender - face.descender)
    }

    func place(inline: Double, offsetY: Double, offsetX: Double, face: Face, kind: SegmentKind) -> (
        x: Double, y: Double
    ) {
        if !p.vertical {
            return (
                (start + inline + offsetX) * inlineScale, emStart + baselineDepth(face, size: size) - offsetY * scale
            )
        }
        switch kind {
        case .natural:
            return (columnCenter + offsetX * scale, (start + inline) * inlineScale - offsetY * scale)
        case .rotated, .tateChuYoko:
            // Sideways: the baseline runs down the column, the em box centred on it.
            let middle = (face.ascender + face.descender) / 2 * size
            return (columnCenter - middle + offsetY * scale, (start + inline + offsetX) * inlineScale)
        }
    }

    func placeTateChuYoko(
        unitStart: Double, pen: Double, offsetY: Double, segment: Segment, face: Face, size spanSize: Double
    ) -> (x: Double, y: Double) {
        let width = segment.unitWidth * segment.unitScale * scale
        let x = columnCenter - width / 2 + pen * segment.unitScale * scale
        let top = (start + unitStart) * inlineScale
        return (x, top + baselineDepth(face, size: spanSize * scale) - offsetY * scale)
    }

    func placeRuby(inline: Double, offsetX: Double, offsetY: Double, face: Face, baseSize: Double, rubySize: Double)
        -> (x: Double, y: Double)
    {
        let base = baseSize * scale
        let ruby = rubySize * scale
        if !p.vertical {
            let emTop = emStart + (size - base)
            let depth = ruby - baselineDepth(face, size: ruby)
            return ((start + inline + offsetX) * inlineScale, emTop - depth - offsetY * scale)
        }
        let center = columnCenter + base / 2 + ruby / 2
        return (center + offsetX * scale, (start + inline) * inlineScale - offsetY * scale)
    }
}

/// A text item as a layout-cache key. Equal keys are equal items; the hash leaves out the text,
/// because hashing a `String` normalises it (NFC) scalar by scalar, which made a cache hit on a
/// long Japanese notice cost a tenth of setting it. Items that differ only in their text share a
/// bucket and are told apart by `==`, which stops at the first difference.
struct LayoutKey: Hashable {
    var item: TextItem

    static func == (lhs: LayoutKey, rhs: LayoutKey) -> Bool { lhs.item == rhs.item }

    func hash(into hasher: inout Hasher) {
        hasher.combine(item.frame)
        hasher.combine(item.paragraph)
        hasher.combine(item.spans.count)
        for span in item.spans {
            hasher.combine(span.style)
            hasher.combine(span.ruby)
        }
    }
}
