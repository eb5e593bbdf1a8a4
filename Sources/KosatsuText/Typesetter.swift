internal import KosatsuLineBreak
public import KosatsuScene

/// Sets paragraphs into frames: fonts per character, HarfBuzz shaping, line breaking, alignment,
/// ellipsis and shrink-to-fit.
///
/// Not `Sendable`: it owns the font library and the shaping cache, and belongs to one renderer.
public final class Typesetter {
    public let fonts: FontLibrary
    private let shaper = Shaper()

    public init(fonts: FontLibrary) {
        self.fonts = fonts
    }

    /// Shaped runs held in the cache (for tests and metrics).
    public var cachedRunCount: Int { shaper.cachedRunCount }

    /// Sets `item` into its frame.
    public func typeset(_ item: TextItem) throws -> TypesetText {
        let paragraph = try shape(item.spans, lineBreak: item.paragraph.lineBreak)
        let style = item.paragraph
        let frame = item.frame.size
        var scale = 1.0
        var layout = fill(paragraph, style: style, frame: frame, scale: scale)
        if !layout.fits, case .shrink(let minimumSize) = style.overflow, paragraph.maxSize > 0 {
            // Largest scale that fits, by bisection: sizes are continuous, shaping is reused.
            var low = min(1, max(minimumSize / paragraph.maxSize, 0.05))
            var high = 1.0
            let floorLayout = fill(paragraph, style: style, frame: frame, scale: low)
            if floorLayout.fits {
                for _ in 0..<12 {
                    let middle = (low + high) / 2
                    if fill(paragraph, style: style, frame: frame, scale: middle).fits {
                        low = middle
                    } else {
                        high = middle
                    }
                }
            }
            scale = low
            layout = fill(paragraph, style: style, frame: frame, scale: scale)
        }
        return try place(paragraph, layout: layout, style: style, frame: frame, scale: scale)
    }

    // MARK: - Shaping

    /// A paragraph shaped once, measured at scale 1 (em × span size).
    struct ShapedParagraph {
        var scalars: [Unicode.Scalar] = []
        var spanOf: [Int] = []
        var spans: [TextSpan] = []
        /// Advance of each scalar (the whole cluster's advance on its first scalar), in px at scale 1.
        var advance: [Double] = []
        /// prefix[i] = sum of advance[0..<i].
        var prefix: [Double] = [0]
        var segments: [Segment] = []
        var breaks: [Int] = []
        var mandatory: Set<Int> = []
        var maxSize: Double = 0

        func width(_ range: Range<Int>) -> Double { prefix[range.upperBound] - prefix[range.lowerBound] }
    }

    struct Segment {
        var range: Range<Int>
        var face: FaceID
        var span: Int
        var glyphs: [SegmentGlyph]
    }

    struct SegmentGlyph {
        var id: UInt32
        var cluster: Int
        /// Pen position from the paragraph's start, px at scale 1.
        var pen: Double
        var offsetX: Double
        var offsetY: Double
    }

    private func shape(_ spans: [TextSpan], lineBreak: String) throws -> ShapedParagraph {
        var p = ShapedParagraph()
        p.spans = spans
        for (index, span) in spans.enumerated() {
            for scalar in span.text.unicodeScalars where scalar != "\r" {
                p.scalars.append(scalar)
                p.spanOf.append(index)
            }
            p.maxSize = max(p.maxSize, span.style.size)
        }
        p.advance = Array(repeating: 0, count: p.scalars.count)
        var faceOf: [FaceID] = []
        faceOf.reserveCapacity(p.scalars.count)
        for (i, scalar) in p.scalars.enumerated() {
            let style = spans[p.spanOf[i]].style
            // Marks and joiners stay in their base character's face so the cluster shapes whole.
            if i > 0, p.spanOf[i - 1] == p.spanOf[i], Self.continuesCluster(scalar) {
                faceOf.append(faceOf[i - 1])
            } else {
                faceOf.append(try fonts.face(for: scalar, request: style.font, language: style.language))
            }
        }
        var start = 0
        var pen = 0.0
        while start < p.scalars.count {
            var end = start + 1
            while end < p.scalars.count, p.spanOf[end] == p.spanOf[start], faceOf[end] == faceOf[start] { end += 1 }
            p.segments.append(shapeSegment(&p, range: start..<end, face: faceOf[start], pen: &pen))
            start = end
        }
        for i in 0..<p.scalars.count { p.prefix.append(p.prefix[i] + p.advance[i]) }
        // Korean keeps words whole (breaks at spaces), as Korean signs are set.
        let breaker = LineBreaker(keepsHangulWordsWhole: spans.first?.style.language == "ko")
        let strictness = LineBreakStrictness(rawValue: lineBreak) ?? .strict
        for opportunity in breaker.breakOpportunities(in: p.scalars, strictness: strictness) {
            p.breaks.append(opportunity.offset)
            if opportunity.isMandatory { p.mandatory.insert(opportunity.offset) }
        }
        return p
    }

    /// Shapes one run of a single span and face; `pen` is where it starts and is moved to its end.
    private func shapeSegment(_ p: inout ShapedParagraph, range: Range<Int>, face id: FaceID, pen: inout Double)
        -> Segment
    {
        let style = p.spans[p.spanOf[range.lowerBound]].style
        let face = fonts.face(id)
        let unit = style.size / face.unitsPerEm
        let shaped = shaper.shape(
            p.scalars[range], face: face, id: id, language: style.language, features: style.features)
        var glyphs: [SegmentGlyph] = []
        glyphs.reserveCapacity(shaped.count)
        for glyph in shaped {
            let cluster = range.lowerBound + glyph.cluster
            // A newline takes no room and draws nothing.
            if p.scalars[cluster] != "\n" {
                glyphs.append(
                    SegmentGlyph(
                        id: glyph.glyph, cluster: cluster, pen: pen, offsetX: glyph.offsetX * unit,
                        offsetY: glyph.offsetY * unit))
                p.advance[cluster] += glyph.advance * unit
                pen += glyph.advance * unit
            }
        }
        return Segment(range: range, face: id, span: p.spanOf[range.lowerBound], glyphs: glyphs)
    }

    private static func continuesCluster(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return true
        default:
            return scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value)
                || (0xE0100...0xE01EF).contains(scalar.value)
        }
    }

    // MARK: - Line filling

    struct LineLayout {
        var lines: [Range<Int>]
        /// Whether each line ends at a mandatory break or the text's end (never justified).
        var endsParagraph: [Bool]
        var fits: Bool
        var truncated: Bool
    }

    private func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\u{3000}" || scalar == "\n" }

    /// The line without trailing spaces and newlines.
    private func trimmed(_ p: ShapedParagraph, _ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound, isSpace(p.scalars[end - 1]) { end -= 1 }
        return range.lowerBound..<end
    }

    private func allowedLines(_ p: ShapedParagraph, style: ParagraphStyle, frame: Size, scale: Double) -> Int {
        let size = p.maxSize * scale
        let pitch = size * style.lineHeight
        let byHeight = pitch > 0 ? Int(((frame.height - size) / pitch + 1e-6).rounded(.down)) + 1 : 1
        return max(1, min(style.maxLines ?? Int.max, byHeight))
    }

    private func fill(_ p: ShapedParagraph, style: ParagraphStyle, frame: Size, scale: Double) -> LineLayout {
        let limit = frame.width / scale + 1e-6
        var lines: [Range<Int>] = []
        var ends: [Bool] = []
        var start = 0
        var lastFit: Int?
        var index = 0
        while index < p.breaks.count {
            let candidate = p.breaks[index]
            if candidate <= start {
                index += 1
                continue
            }
            if p.width(trimmed(p, start..<candidate)) <= limit {
                lastFit = candidate
                if p.mandatory.contains(candidate) || candidate == p.scalars.count {
                    lines.append(start..<candidate)
                    ends.append(true)
                    start = candidate
                    lastFit = nil
                }
                index += 1
            } else if let fit = lastFit {
                lines.append(start..<fit)
                ends.append(false)
                start = fit
                lastFit = nil
            } else {
                // One unbreakable piece wider than the line (a long URL): cut it between clusters.
                var cut = start + 1
                while cut < candidate, p.width(start..<(cut + 1)) <= limit { cut += 1 }
                lines.append(start..<cut)
                ends.append(false)
                start = cut
            }
        }
        let allowed = allowedLines(p, style: style, frame: frame, scale: scale)
        var fits = lines.count <= allowed
        var truncated = false
        if !fits, style.overflow != .visible {
            lines = Array(lines.prefix(allowed))
            ends = Array(ends.prefix(allowed))
            truncated = true
        }
        if case .visible = style.overflow { fits = true }
        return LineLayout(lines: lines, endsParagraph: ends, fits: fits, truncated: truncated)
    }

    // MARK: - Placing glyphs

    private func place(
        _ p: ShapedParagraph, layout: LineLayout, style: ParagraphStyle, frame: Size, scale: Double
    ) throws -> TypesetText {
        var runs: [GlyphRun] = []
        let count = layout.lines.count
        var lineSizes: [Double] = layout.lines.map { range in
            range.isEmpty
                ? p.maxSize * scale : range.map { p.spans[p.spanOf[$0]].style.size }.max().map { $0 * scale } ?? 0
        }
        if lineSizes.isEmpty { lineSizes = [p.maxSize * scale] }
        var tops: [Double] = []
        var top = 0.0
        for size in lineSizes {
            tops.append(top)
            top += size * style.lineHeight
        }
        let blockHeight = (tops.last ?? 0) + (lineSizes.last ?? 0)
        let dy: Double
        switch style.verticalAlignment {
        case .top: dy = 0
        case .middle: dy = (frame.height - blockHeight) / 2
        case .bottom: dy = frame.height - blockHeight
        }
        for (lineIndex, fullRange) in layout.lines.enumerated() {
            var range = trimmed(p, fullRange)
            var ellipsis: (glyphs: [ShapedGlyph], face: FaceID, span: Int, width: Double)?
            if layout.truncated, lineIndex == count - 1 {
                let span = p.spanOf[min(max(range.upperBound, 1), p.spanOf.count) - 1]
                let mark = try shapeEllipsis(style: p.spans[span].style, scale: scale)
                ellipsis = (mark.glyphs, mark.face, span, mark.width)
                while range.upperBound > range.lowerBound,
                    p.width(range) * scale + mark.width > frame.width + 1e-6
                {
                    range = trimmed(p, range.lowerBound..<(range.upperBound - 1))
                }
            }
            let lineWidth = p.width(range) * scale + (ellipsis?.width ?? 0)
            let justify = style.alignment == .justify && !layout.endsParagraph[lineIndex] && ellipsis == nil
            let gaps = justify ? justificationGaps(p, range) : []
            let extraPerGap = gaps.isEmpty ? 0 : max(0, frame.width - lineWidth) / Double(gaps.count)
            var x0: Double
            switch style.alignment {
            case .start, .justify: x0 = 0
            case .center: x0 = (frame.width - lineWidth) / 2
            case .end: x0 = frame.width - lineWidth
            }
            let size = lineSizes[lineIndex]
            let baseline = dy + tops[lineIndex] + baselineOffset(p, range: range, lineSize: size)
            let origin = p.prefix[range.lowerBound]
            for segment in p.segments where segment.range.overlaps(range) {
                let spanStyle = p.spans[segment.span].style
                var glyphs: [PositionedGlyph] = []
                for glyph in segment.glyphs where range.contains(glyph.cluster) {
                    let shift = extraPerGap * Double(gapsBefore(glyph.cluster, gaps))
                    glyphs.append(
                        PositionedGlyph(
                            id: glyph.id,
                            x: x0 + (glyph.pen - origin + glyph.offsetX) * scale + shift,
                            y: baseline - glyph.offsetY * scale))
                }
                if !glyphs.isEmpty {
                    runs.append(
                        GlyphRun(
                            face: segment.face, size: spanStyle.size * scale, color: spanStyle.color, glyphs: glyphs))
                }
            }
            if let ellipsis {
                let style = p.spans[ellipsis.span].style
                let unit = style.size * scale / fonts.face(ellipsis.face).unitsPerEm
                var pen = x0 + p.width(range) * scale
                var glyphs: [PositionedGlyph] = []
                for glyph in ellipsis.glyphs {
                    glyphs.append(PositionedGlyph(id: glyph.glyph, x: pen + glyph.offsetX * unit, y: baseline))
                    pen += glyph.advance * unit
                }
                runs.append(GlyphRun(face: ellipsis.face, size: style.size * scale, color: style.color, glyphs: glyphs))
            }
        }
        return TypesetText(runs: runs, lineCount: count, isComplete: !layout.truncated, scale: scale)
    }

    /// The baseline below the line's top, centring the em box (ascender + descender) in the line.
    private func baselineOffset(_ p: ShapedParagraph, range: Range<Int>, lineSize: Double) -> Double {
        let face =
            p.segments.first { $0.range.overlaps(range) }.map { fonts.face($0.face) }
            ?? p.segments.first.map { fonts.face($0.face) }
        guard let face, face.ascender - face.descender > 0 else { return lineSize * 0.88 }
        return lineSize * face.ascender / (face.ascender - face.descender)
    }

    /// Where extra space goes in a justified line: after each space when the line has spaces
    /// (Latin), else between every pair of characters (Japanese).
    private func justificationGaps(_ p: ShapedParagraph, _ range: Range<Int>) -> [Int] {
        guard range.count > 1 else { return [] }
        let inner = (range.lowerBound + 1)..<range.upperBound
        let spaces = inner.filter { p.scalars[$0 - 1] == " " }
        if !spaces.isEmpty { return spaces }
        return inner.filter { p.advance[$0] > 0 }
    }

    private func gapsBefore(_ cluster: Int, _ gaps: [Int]) -> Int {
        var low = 0
        var high = gaps.count
        while low < high {
            let mid = (low + high) / 2
            if gaps[mid] <= cluster { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private func shapeEllipsis(style: TextStyle, scale: Double) throws -> (
        glyphs: [ShapedGlyph], face: FaceID, width: Double
    ) {
        let mark: Unicode.Scalar = "\u{2026}"
        let id = try fonts.face(for: mark, request: style.font, language: style.language)
        let face = fonts.face(id)
        let glyphs = shaper.shape([mark][...], face: face, id: id, language: style.language, features: style.features)
        let width = glyphs.reduce(0) { $0 + $1.advance } * style.size * scale / face.unitsPerEm
        return (glyphs, id, width)
    }
}
