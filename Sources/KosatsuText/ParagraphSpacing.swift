internal import KosatsuScene

extension Typesetter {
    /// JLReq spacing between characters, ruby room, and what justification may change at each
    /// boundary, all at scale 1.
    func applySpacing(_ p: inout ShapedParagraph, style: ParagraphStyle) {
        let n = p.count
        p.space = Array(repeating: 0, count: n + 1)
        p.startTrim = Array(repeating: 0, count: n + 1)
        p.endTrim = Array(repeating: 0, count: n + 1)
        p.shrink = Array(repeating: 0, count: n + 1)
        p.shrinkClass = Array(repeating: .none, count: n + 1)
        p.expandCap = Array(repeating: 0, count: n + 1)
        p.punctuationRoom = Array(repeating: 0, count: n + 1)
        p.interCharacter = Array(repeating: false, count: n + 1)
        guard n > 0 else { return }
        let classes = p.scalars.map(Yakumono.of)
        let tateChuYoko = Set(p.segments.filter { $0.kind == .tateChuYoko }.flatMap { Array($0.range) })
        var groupRubyInside = Set<Int>()
        for ruby in p.rubies where ruby.base.count > 1 {
            groupRubyInside.formUnion((ruby.base.lowerBound + 1)..<ruby.base.upperBound)
        }
        if !style.trimsPunctuation {
            for i in 0..<n {
                p.leadTrim[i] = 0
                p.trailTrim[i] = 0
            }
        }
        for i in 0..<n {
            if classes[i] == .opening { p.startTrim[i] = p.leadTrim[i] }
            if classes[i].isClosingLike { p.endTrim[i] = p.trailTrim[i] }
        }
        for b in 1..<n {
            let before = p.scalars[b - 1]
            let after = p.scalars[b]
            let left = classes[b - 1]
            let right = classes[b]
            var collapsed = 0.0
            // Yakumono collapsing: 」「 and 、「 keep ½ em, 。」 」。 「「 are solid, ・ keeps its ¼ em.
            switch (left, right) {
            case (let l, let r) where l.isClosingLike && (r.isClosingLike || r == .middleDot):
                collapsed = p.trailTrim[b - 1]
            case (let l, .opening) where l.isClosingLike:
                collapsed = min(p.trailTrim[b - 1], p.leadTrim[b])
            case (.opening, .opening), (.middleDot, .opening):
                collapsed = p.leadTrim[b]
            default: break
            }
            p.space[b] -= collapsed
            // What is left of a bracket's or comma's half em may shrink in a justified line.
            if left.isClosingLike || right == .opening || left == .middleDot || right == .middleDot {
                let remaining = p.trailTrim[b - 1] + p.leadTrim[b] - collapsed
                if remaining > 0 {
                    p.shrink[b] = remaining
                    p.shrinkClass[b] = left == .middleDot || right == .middleDot ? .middleDot : .bracket
                }
            }
            // A justified line grows the space after 」、。 and before 「 (up to ½ em), and beside ・：；
            // (¼ em), before it spaces characters apart.
            if !ScriptClass.isSpace(before), !ScriptClass.isSpace(after) {
                if left.isClosingLike && !right.isClosingLike && right != .middleDot {
                    p.punctuationRoom[b] = p.size(at: b - 1) / 2
                } else if right == .opening && left != .opening {
                    p.punctuationRoom[b] = p.size(at: b) / 2
                } else if (left == .middleDot) != (right == .middleDot) {
                    p.punctuationRoom[b] = p.size(at: left == .middleDot ? b - 1 : b) / 4
                }
            }
            // ！？ mid-sentence are followed by a full em.
            if left == .dividing, right == .none, !ScriptClass.isSpace(after), !ScriptClass.isPunctuation(after) {
                p.space[b] += p.size(at: b - 1)
            }
            // Japanese–Latin spacing.
            if style.autospace > 0, !tateChuYoko.contains(b - 1), !tateChuYoko.contains(b),
                (ScriptClass.isIdeographic(before) && ScriptClass.isLatinOrDigit(after))
                    || (ScriptClass.isLatinOrDigit(before) && ScriptClass.isIdeographic(after))
            {
                let em = ScriptClass.isIdeographic(before) ? p.size(at: b - 1) : p.size(at: b)
                let amount = style.autospace * em
                p.space[b] += amount
                p.shrink[b] = max(0, amount - em / 8)
                p.shrinkClass[b] = .autospace
                p.expandCap[b] = max(0, em / 2 - amount)
            }
            if before == " " {
                p.shrink[b] = p.advance[b - 1] / 2
                p.shrinkClass[b] = .latinSpace
                p.expandCap[b] = p.size(at: b - 1) / 2
            }
            // Characters on the em grid may be spaced apart, except inseparable pairs and units.
            p.interCharacter[b] =
                (ScriptClass.isGridCharacter(before) || ScriptClass.isGridCharacter(after))
                && !ScriptClass.isSpace(before) && !ScriptClass.isSpace(after)
                && !(ScriptClass.isInseparable(before) && before == after)
                && !Self.continuesCluster(after) && !groupRubyInside.contains(b)
                && !(tateChuYoko.contains(b) && tateChuYoko.contains(b - 1) && p.advance[b] == 0)
        }
        padRuby(&p)
    }

    /// Ruby wider than its base widens the base, half on each side, so ruby never overlaps its
    /// neighbours or leaves the frame.
    private func padRuby(_ p: inout ShapedParagraph) {
        for ruby in p.rubies {
            let base = ruby.base
            var width = 0.0
            for i in base { width += p.advance[i] + (i > base.lowerBound ? p.space[i] : 0) }
            guard ruby.width > width else { continue }
            let pad = (ruby.width - width) / 2
            p.lead[base.lowerBound] += pad
            p.advance[base.lowerBound] += pad
            p.advance[base.upperBound - 1] += pad
            // The padded base no longer starts or ends with a trimmable half.
            p.startTrim[base.lowerBound] = 0
            p.endTrim[base.upperBound - 1] = 0
        }
    }
}
