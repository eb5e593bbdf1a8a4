internal import KosatsuScene

/// Lines chosen for a paragraph at one scale.
struct LineLayout {
    var lines: [Range<Int>]
    /// Whether each line ends at a mandatory break or the text's end (never justified).
    var endsParagraph: [Bool]
    var fits: Bool
    var truncated: Bool
}

extension Typesetter {
    /// The line without trailing spaces and newlines.
    func trimmed(_ p: ShapedParagraph, _ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound, ScriptClass.isSpace(p.scalars[end - 1]) { end -= 1 }
        return range.lowerBound..<end
    }

    /// The narrowest the line can be set: edges trimmed, and for a justified line every shrinkable
    /// space taken in (追い込み).
    func minimumWidth(_ p: ShapedParagraph, _ range: Range<Int>, justify: Bool) -> Double {
        guard !range.isEmpty else { return 0 }
        let s = range.lowerBound
        let last = range.upperBound - 1
        var width = p.naturalWidth(range) - p.startTrim[s] - p.endTrim[last]
        if justify { width -= p.innerShrink(range) }
        return width
    }

    /// Whether the line fits `limit`, with 。、 allowed to hang past the end when asked.
    func lineFits(_ p: ShapedParagraph, _ range: Range<Int>, limit: Double, style: ParagraphStyle) -> Bool {
        let line = trimmed(p, range)
        let justify = style.alignment == .justify
        if minimumWidth(p, line, justify: justify) <= limit { return true }
        return hangingMark(p, line, limit: limit, style: style)
    }

    /// Whether the line's last character is a 。 or 、 that hangs past the line end.
    func hangingMark(_ p: ShapedParagraph, _ line: Range<Int>, limit: Double, style: ParagraphStyle) -> Bool {
        guard style.hangingPunctuation, line.count > 1, Yakumono.of(p.scalars[line.upperBound - 1]).hangs else {
            return false
        }
        let inside = line.lowerBound..<(line.upperBound - 1)
        return minimumWidth(p, inside, justify: style.alignment == .justify) + p.endTrim[inside.upperBound - 1]
            <= limit
    }

    /// Greedy line filling on the break opportunities. In phrase mode a line ends inside a phrase only
    /// when that phrase does not fit on a line of its own; an unbreakable piece wider than the line is
    /// cut between clusters.
    func fill(_ p: ShapedParagraph, style: ParagraphStyle, frame: Size, scale: Double, condense: Double) -> LineLayout {
        let limit = lineLimit(p, frame: frame, scale: scale, condense: condense)
        var lines: [Range<Int>] = []
        var ends: [Bool] = []
        var start = 0
        // The last break between phrases that fits, and the last one inside the phrase after it.
        var lastFit: (offset: Int, index: Int)?
        var insideFit: (offset: Int, index: Int)?
        var index = 0
        func endLine(at offset: Int, resumingAfter resume: Int) {
            lines.append(start..<offset)
            ends.append(false)
            start = offset
            index = resume
            lastFit = nil
            insideFit = nil
        }
        while index < p.breaks.count {
            let candidate = p.breaks[index]
            if candidate <= start {
                index += 1
                continue
            }
            if lineFits(p, start..<candidate, limit: limit, style: style) {
                if p.isInsidePhrase(candidate) {
                    insideFit = (candidate, index)
                } else {
                    lastFit = (candidate, index)
                    insideFit = nil
                    if p.mandatory[candidate] || candidate == p.count {
                        lines.append(start..<candidate)
                        ends.append(true)
                        start = candidate
                        lastFit = nil
                    }
                }
                index += 1
            } else if let inside = insideFit,
                lastFit == nil || !phraseFits(p, from: lastFit?.offset ?? start, at: index, limit: limit, style: style)
            {
                // The phrase will not fit a line of its own anyway: it starts here and goes on below.
                endLine(at: inside.offset, resumingAfter: inside.index + 1)
            } else if let fit = lastFit {
                endLine(at: fit.offset, resumingAfter: fit.index + 1)
            } else {
                // One unbreakable piece wider than the line (a long URL): cut it between clusters.
                var cut = start + 1
                while cut < candidate, p.naturalWidth(start..<(cut + 1)) <= limit { cut += 1 }
                while cut < candidate, p.advance[cut] == 0 { cut += 1 }
                endLine(at: cut, resumingAfter: index)
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

    /// Whether the phrase that starts at `phraseStart` and goes on past `p.breaks[index]` fits on a line.
    func phraseFits(_ p: ShapedParagraph, from phraseStart: Int, at index: Int, limit: Double, style: ParagraphStyle)
        -> Bool
    {
        var end = index
        while end < p.breaks.count - 1, p.isInsidePhrase(p.breaks[end]) { end += 1 }
        return lineFits(p, phraseStart..<p.breaks[end], limit: limit, style: style)
    }

    /// The line length in px at scale 1 (a hair over, so that a line that fits exactly does).
    func lineLimit(_ p: ShapedParagraph, frame: Size, scale: Double, condense: Double) -> Double {
        let inline = p.vertical ? frame.height : frame.width
        return inline / (scale * (p.vertical ? 1 : condense)) + 1e-6
    }

    /// How many lines the frame holds across the lines' direction at this scale (ruby included).
    func allowedLines(_ p: ShapedParagraph, style: ParagraphStyle, frame: Size, scale: Double) -> Int {
        let size = p.maxSize * scale
        let ruby = p.rubies.isEmpty ? 0 : size / 2
        let block = p.vertical ? frame.width : frame.height
        let pitch = size * style.lineHeight + ruby
        let byExtent = pitch > 0 ? Int(((block - size - ruby) / pitch + 1e-6).rounded(.down)) + 1 : 1
        return max(1, min(style.maxLines ?? Int.max, byExtent))
    }
}
