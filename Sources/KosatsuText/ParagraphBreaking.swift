internal import KosatsuScene

extension Typesetter {
    /// The wrap a paragraph gets: as asked, else `pretty` for justified text and `greedy` otherwise.
    func wrap(of style: ParagraphStyle) -> ParagraphStyle.Wrap {
        style.wrap ?? (style.alignment == .justify ? .pretty : .greedy)
    }

    /// Chooses all the breaks of each paragraph together (Knuth–Plass style): the fewest lines, as the
    /// greedy `layout` has them, and among those the least total cost (`lineCost`). The line count, and
    /// so what fits, never changes; a truncated or greedy layout is returned as it is.
    func breakWhole(
        _ p: ShapedParagraph, _ layout: LineLayout, style: ParagraphStyle, frame: Size, scale: Double,
        condense: Double
    ) -> LineLayout {
        let wrap = wrap(of: style)
        guard wrap != .greedy, !layout.truncated, layout.lines.count > 1 else { return layout }
        let limit = lineLimit(p, frame: frame, scale: scale, condense: condense)
        var result = layout
        var first = 0
        for (index, ends) in layout.endsParagraph.enumerated() where ends {
            // Lines first...index end one paragraph (at a line feed or the text's end).
            if index > first,
                let lines = bestBreaks(
                    p, greedy: Array(layout.lines[first...index]), wrap: wrap, limit: limit, style: style)
            {
                result.lines.replaceSubrange(first...index, with: lines)
            }
            first = index + 1
        }
        return result
    }

    /// The best lines for one paragraph, nil to keep the greedy ones (a piece cut between clusters).
    private func bestBreaks(
        _ p: ShapedParagraph, greedy: [Range<Int>], wrap: ParagraphStyle.Wrap, limit: Double, style: ParagraphStyle
    ) -> [Range<Int>]? {
        guard let start = greedy.first?.lowerBound, let end = greedy.last?.upperBound else { return nil }
        let candidates = wholeBreakCandidates(p, from: start, to: end, limit: limit, style: style)
        // The greedy lines are always among the choices, so a solution with as few lines exists.
        var greedyPrevious = [Int](repeating: -1, count: candidates.count)
        var cursor = 0
        var from = 0
        for line in greedy {
            while cursor < candidates.count, candidates[cursor] < line.upperBound { cursor += 1 }
            guard cursor < candidates.count, candidates[cursor] == line.upperBound, candidates[from] == line.lowerBound
            else { return nil }
            greedyPrevious[cursor] = from
            from = cursor
        }
        let costs = LineCosts(p: p, limit: limit, style: style, wrap: wrap, count: end)
        let ending = candidates.map { costs.ending(before: $0) }
        // Lines a pretty paragraph would not choose anyway are skipped: the search stays linear.
        let slackLimit = wrap == .balance ? Double.infinity : (style.alignment == .justify ? 6 : 12) * p.maxSize
        var best = [(lines: Int, cost: Double, previous: Int)](
            repeating: (Int.max, .infinity, -1), count: candidates.count)
        best[0] = (0, 0, -1)
        var widest = 0
        for j in 1..<candidates.count {
            let isLast = j == candidates.count - 1
            let endCost = isLast ? 0 : ending[j]
            func consider(_ i: Int, natural: Double) {
                guard best[i].lines != Int.max else { return }
                let range = candidates[i]..<candidates[j]
                let cost = best[i].cost + endCost + costs.line(range, natural: natural, isLast: isLast)
                let lines = best[i].lines + 1
                if lines < best[j].lines || (lines == best[j].lines && cost < best[j].cost) {
                    best[j] = (lines, cost, i)
                }
            }
            while widest < j - 1, !lineFits(p, candidates[widest]..<candidates[j], limit: limit, style: style) {
                widest += 1
            }
            var i = widest
            while i < j {
                if i > widest || lineFits(p, candidates[i]..<candidates[j], limit: limit, style: style) {
                    let natural = costs.natural(candidates[i]..<candidates[j])
                    if !isLast, limit - natural > slackLimit { break }
                    consider(i, natural: natural)
                }
                i += 1
            }
            let previous = greedyPrevious[j]
            if previous >= 0, previous < widest || previous >= i {
                consider(previous, natural: costs.natural(candidates[previous]..<candidates[j]))
            }
        }
        guard let last = best.last, last.lines == greedy.count else { return nil }
        var lines: [Range<Int>] = []
        var j = candidates.count - 1
        while j > 0 {
            let i = best[j].previous
            guard i >= 0 else { return nil }
            lines.append(candidates[i]..<candidates[j])
            j = i
        }
        return lines.reversed()
    }

    /// The offsets a line of the paragraph `start..<end` may end before, starting with `start`: every
    /// break between phrases, and a break inside a phrase only when the phrase does not fit on a line.
    private func wholeBreakCandidates(
        _ p: ShapedParagraph, from start: Int, to end: Int, limit: Double, style: ParagraphStyle
    ) -> [Int] {
        var candidates = [start]
        var inside: [Int] = []
        var phraseStart = start
        var low = 0
        var high = p.breaks.count
        while low < high {
            let middle = (low + high) / 2
            if p.breaks[middle] <= start { low = middle + 1 } else { high = middle }
        }
        for offset in p.breaks[low...] {
            if offset > end { break }
            if p.isInsidePhrase(offset) {
                inside.append(offset)
                continue
            }
            if !inside.isEmpty, !lineFits(p, phraseStart..<offset, limit: limit, style: style) {
                candidates += inside
            }
            inside.removeAll(keepingCapacity: true)
            candidates.append(offset)
            phraseStart = offset
        }
        return candidates
    }
}

/// What a line costs in the paragraph-wide choice of breaks, in squared ems and fixed penalties.
private struct LineCosts {
    let p: ShapedParagraph
    let limit: Double
    let style: ParagraphStyle
    let wrap: ParagraphStyle.Wrap
    /// The paragraph's end offset.
    let count: Int

    var em: Double { max(p.maxSize, 1) }
    var justifies: Bool { style.alignment == .justify && wrap == .pretty }

    /// A break inside a phrase (allowed only for a phrase longer than the line, or when the text fits
    /// no other way), a particle torn from its word, a line ending in an opening bracket.
    static let insidePhrase = 10_000.0
    static let relaxedInsidePhrase = 200.0
    /// Inside a phrase, a break that is not where a word likely starts.
    static let insideWord = 60.0
    static let strayParticle = 300.0
    static let openingBracketAtEnd = 5_000.0
    /// A pretty paragraph's last line shorter than a third of the measure.
    static let shortLastLine = 400.0

    /// The line's width at its natural spacing, px at scale 1, trailing spaces left out.
    func natural(_ range: Range<Int>) -> Double {
        let line = trimmed(range)
        guard !line.isEmpty else { return 0 }
        var width = p.naturalWidth(line) - p.startTrim[line.lowerBound]
        // A ragged line drops the half em after its last 。」; a justified one keeps it unless shrinking.
        if !justifies { width -= p.endTrim[line.upperBound - 1] }
        return width
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound, ScriptClass.isSpace(p.scalars[end - 1]) { end -= 1 }
        return range.lowerBound..<end
    }

    /// What the line's fill costs, given its natural width.
    func line(_ range: Range<Int>, natural: Double, isLast: Bool) -> Double {
        let room = limit - natural
        switch wrap {
        case .greedy:
            return 0
        case .balance:
            return 100 * square(max(0, room) / limit)
        case .pretty:
            if isLast {
                let shortfall = limit / 3 - natural
                return shortfall > 0 ? Self.shortLastLine * (0.5 + 0.5 * shortfall / (limit / 3)) : 0
            }
            return justifies ? spreading(range, room: room) : square(max(0, room) / em) / 4
        }
    }

    /// What ending a line (not the paragraph's last) before `offset` costs, whatever the line.
    func ending(before offset: Int) -> Double {
        guard offset < count, offset > 0 else { return 0 }
        return breakPenalty(before: offset) + (wrap == .balance ? clauseBreak(before: offset) : 0)
    }

    /// JLReq's order: shrinking the spaces around brackets and punctuation is nearly free; growing
    /// Japanese–Latin and Latin spaces costs a little; spacing the characters apart costs the most.
    private func spreading(_ range: Range<Int>, room: Double) -> Double {
        let line = trimmed(range)
        if room < 0 { return square(-room / em) }
        let grown = min(room, p.innerExpansion(line))
        let rest = room - grown
        var cost = square(grown / em)
        guard rest > 1e-6 else { return cost }
        let gaps = p.innerGaps(line)
        guard gaps > 0 else { return cost + 1_000 }
        cost += square(20 * rest / Double(gaps) / em)
        return cost
    }

    /// A balanced headline breaks where the sense does: at a sentence's end, else at a comma.
    private func clauseBreak(before offset: Int) -> Double {
        var last = offset - 1
        while last > 0, ScriptClass.isSpace(p.scalars[last]) { last -= 1 }
        let scalar = p.scalars[last]
        switch Yakumono.of(scalar) {
        case .fullStop, .dividing: return 0
        case .comma: return 5
        default: break
        }
        switch scalar {
        case ".", "!", "?": return 0
        case ",", ";", ":": return 5
        default: return 30
        }
    }

    private func breakPenalty(before offset: Int) -> Double {
        var penalty = 0.0
        if p.insidePhrase[offset] {
            penalty += p.relaxesPhrases ? Self.relaxedInsidePhrase : Self.insidePhrase
            // Inside a phrase, kana before kanji or katakana is most often where a word starts.
            if !(ScriptClass.isKana(p.scalars[offset - 1]) && Self.startsWord(p.scalars[offset])) {
                penalty += Self.insideWord
            }
        }
        let before = p.scalars[offset - 1]
        if Yakumono.of(before) == .opening { penalty += Self.openingBracketAtEnd }
        if Self.isParticle(p.scalars[offset]), Self.holdsParticle(before) { penalty += Self.strayParticle }
        return penalty
    }

    private static func startsWord(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x30A1...0x30FA).contains(value)
    }

    /// Particles that belong to the word before them: one at a line start reads as torn off.
    private static func isParticle(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "は", "が", "を", "に", "へ", "で", "と", "も", "の", "や", "か": true
        default: false
        }
    }

    /// A word a particle attaches to ends in kanji, katakana, a digit, a Latin letter or a closing bracket.
    private static func holdsParticle(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || value == 0x3005
            || (0x30A1...0x30FA).contains(value) || value == 0x30FC || ScriptClass.isLatinOrDigit(scalar)
            || (0xFF10...0xFF5A).contains(value) || Yakumono.of(scalar) == .closing
    }

    private func square(_ x: Double) -> Double { x * x }
}
