internal import KosatsuLineBreak
internal import KosatsuPhrase
internal import KosatsuScene

extension Typesetter {
    /// Characters, faces, segments and shaping for a paragraph; then JLReq spacing and breaks.
    func shape(_ spans: [TextSpan], paragraph style: ParagraphStyle, singleLine: Bool = false) throws
        -> ShapedParagraph
    {
        var p = ShapedParagraph()
        p.vertical = style.writingMode == .vertical
        var rubyBases: [(range: Range<Int>, span: Int)] = []
        for (index, span) in spans.enumerated() {
            var text = Array(span.text.unicodeScalars.filter { $0 != "\r" })
            // A ticker is one line: its newlines read as spaces.
            if singleLine { text = text.map { $0 == "\n" ? " " : $0 } }
            if !span.ruby.isEmpty, !text.isEmpty {
                rubyBases.append((p.scalars.count..<(p.scalars.count + text.count), index))
            }
            p.scalars.append(contentsOf: text)
            p.spanOf.append(contentsOf: repeatElement(index, count: text.count))
            p.spans.append(span)
            p.maxSize = max(p.maxSize, span.style.size)
        }
        let n = p.scalars.count
        p.advance = Array(repeating: 0, count: n)
        p.lead = Array(repeating: 0, count: n)
        p.leadTrim = Array(repeating: 0, count: n)
        p.trailTrim = Array(repeating: 0, count: n)

        let faceOf = try faces(for: p)
        let kinds = p.vertical ? verticalKinds(p, faceOf: faceOf) : Array(repeating: .natural, count: n)
        var start = 0
        while start < n {
            var end = start + 1
            if kinds[start] != .tateChuYoko {
                while end < n, p.spanOf[end] == p.spanOf[start], faceOf[end] == faceOf[start],
                    kinds[end] == kinds[start]
                {
                    end += 1
                }
            } else {
                while end < n, kinds[end] == .tateChuYoko, p.scalars[end].properties.numericType != nil,
                    p.spanOf[end] == p.spanOf[start], end - start < 2
                {
                    end += 1
                }
            }
            p.segments.append(shapeSegment(&p, range: start..<end, face: faceOf[start], kind: kinds[start]))
            start = end
        }
        var unbreakable: [Range<Int>] = p.segments.filter { $0.kind == .tateChuYoko }.map(\.range)
        for base in rubyBases {
            let span = spans[base.span]
            let mono = span.ruby.count > 1 && span.ruby.count == base.range.count
            if !mono { unbreakable.append(base.range) }
            let parts: [(Range<Int>, String)] =
                mono
                ? zip(base.range, span.ruby).map { ($0..<($0 + 1), $1) } : [(base.range, span.ruby.joined())]
            for (range, text) in parts {
                p.rubies.append(try shapeRuby(text, over: range, span: base.span, paragraph: p))
            }
        }
        applySpacing(&p, style: style)
        p.prefix.reserveCapacity(n + 1)
        p.shrinkPrefix.reserveCapacity(n + 1)
        p.gapPrefix.reserveCapacity(n + 1)
        p.expandPrefix.reserveCapacity(n + 1)
        for i in 0..<n {
            p.prefix.append(p.prefix[i] + p.advance[i] + p.space[i])
            p.shrinkPrefix.append(p.shrinkPrefix[i] + p.shrink[i])
            p.gapPrefix.append(p.gapPrefix[i] + (p.interCharacter[i] ? 1 : 0))
            let grows = p.shrinkClass[i] == .autospace || p.shrinkClass[i] == .latinSpace
            p.expandPrefix.append(p.expandPrefix[i] + (grows ? p.expandCap[i] : 0) + p.punctuationRoom[i])
        }
        findBreaks(&p, style: style, unbreakable: unbreakable)
        return p
    }

    /// Where lines may end: JLReq at the box's strictness; in phrase mode every `strict` opportunity,
    /// those inside a phrase (文節) marked, by the model for the text's language.
    private func findBreaks(_ p: inout ShapedParagraph, style: ParagraphStyle, unbreakable: [Range<Int>]) {
        let n = p.count
        let language = p.spans.first?.style.language ?? "ja"
        let strictness = LineBreakStrictness(rawValue: style.lineBreak) ?? .strict
        // Korean keeps words whole (breaks at spaces), as Korean signs are set.
        var breaker = LineBreaker(keepsHangulWordsWhole: language.hasPrefix("ko"))
        p.mandatory = Array(repeating: false, count: n + 1)
        p.insidePhrase = Array(repeating: false, count: n + 1)
        let opportunities: [LineBreakOpportunity]
        if strictness == .phrase {
            breaker.phrases = phraseModel(for: language)
            opportunities = breaker.phraseOpportunities(in: p.scalars, unbreakable: unbreakable)
        } else {
            opportunities = breaker.breakOpportunities(in: p.scalars, strictness: strictness, unbreakable: unbreakable)
        }
        p.breaks.reserveCapacity(opportunities.count)
        for opportunity in opportunities {
            p.breaks.append(opportunity.offset)
            if opportunity.isMandatory { p.mandatory[opportunity.offset] = true }
            if opportunity.isInsidePhrase { p.insidePhrase[opportunity.offset] = true }
        }
    }

    /// The built-in phrase model for a language tag, read once per typesetter; nil when it has none.
    func phraseModel(for language: String) -> PhraseModel? {
        guard let bundled = PhraseModel.BundledLanguage(tag: language) else { return nil }
        if let known = phraseModels[bundled] { return known }
        let model = PhraseModel.bundled(bundled)
        phraseModels[bundled] = model
        return model
    }

    /// The face for each scalar: the span's face when it has the glyph, else a fallback.
    private func faces(for p: ShapedParagraph) throws -> [FaceID] {
        var result: [FaceID] = []
        result.reserveCapacity(p.count)
        var primaries: [Int: (id: FaceID, face: Face)] = [:]
        for (i, scalar) in p.scalars.enumerated() {
            let spanIndex = p.spanOf[i]
            // Marks and joiners stay in their base character's face so the cluster shapes whole.
            if i > 0, p.spanOf[i - 1] == spanIndex, Self.continuesCluster(scalar) {
                result.append(result[i - 1])
                continue
            }
            let style = p.spans[spanIndex].style
            let primary: (id: FaceID, face: Face)
            if let known = primaries[spanIndex] {
                primary = known
            } else {
                let id = try fonts.face(for: style.font, language: style.language)
                primary = (id, fonts.face(id))
                primaries[spanIndex] = primary
            }
            if primary.face.hasGlyph(for: scalar) || scalar == "\n" {
                result.append(primary.id)
            } else {
                result.append(try fonts.face(for: scalar, request: style.font, language: style.language))
            }
        }
        return result
    }

    /// Orientation in vertical text: UAX #50, with tate-chu-yoko for numbers of one or two digits.
    private func verticalKinds(_ p: ShapedParagraph, faceOf: [FaceID]) -> [SegmentKind] {
        let n = p.count
        var kinds = [SegmentKind](repeating: .natural, count: n)
        var i = 0
        while i < n {
            // A run of ASCII letters, digits and number punctuation stands together.
            if Self.isHalfWidthWordCharacter(p.scalars[i]) {
                var end = i
                while end < n, Self.isHalfWidthWordCharacter(p.scalars[end]) || Self.isNumberJoiner(p.scalars, end) {
                    end += 1
                }
                let digitsOnly = p.scalars[i..<end].allSatisfy { ("0"..."9").contains($0) }
                let kind: SegmentKind = digitsOnly && end - i <= 2 ? .tateChuYoko : .rotated
                for k in i..<end { kinds[k] = kind }
                i = end
                continue
            }
            switch VerticalOrientation.of(p.scalars[i]) {
            case .upright, .transformedOrUpright: kinds[i] = .natural
            case .rotated: kinds[i] = .rotated
            case .transformedOrRotated:
                kinds[i] = hasVerticalAlternate(p.scalars[i], face: faceOf[i]) ? .natural : .rotated
            }
            i += 1
        }
        return kinds
    }

    private static func isHalfWidthWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
    }

    /// `.`, `,` and `:` between ASCII digits or letters (14:05, 3.14, 1,000).
    private static func isNumberJoiner(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        guard [".", ",", ":", "-", "'"].contains(scalars[index]), index + 1 < scalars.count, index > 0 else {
            return false
        }
        return isHalfWidthWordCharacter(scalars[index + 1]) && isHalfWidthWordCharacter(scalars[index - 1])
    }

    /// Whether the font turns the character with `vert` (then it stays upright in vertical text).
    func hasVerticalAlternate(_ scalar: Unicode.Scalar, face id: FaceID) -> Bool {
        let key = GlyphKey(face: id, value: scalar.value, vertical: true)
        if let known = verticalAlternates[key] { return known }
        let face = fonts.face(id)
        let shaped = shaper.shape([scalar][...], face: face, id: id, language: "ja", features: [], direction: .vertical)
        let result = shaped.count == 1 && shaped[0].glyph != face.nominalGlyph(for: scalar)
        verticalAlternates[key] = result
        return result
    }

    /// Shapes one run of a single span, face and kind; advances go to the cluster's first scalar.
    private func shapeSegment(_ p: inout ShapedParagraph, range: Range<Int>, face id: FaceID, kind: SegmentKind)
        -> Segment
    {
        let style = p.spans[p.spanOf[range.lowerBound]].style
        let face = fonts.face(id)
        let unit = style.size / face.unitsPerEm
        let direction: ShapingDirection = p.vertical && kind == .natural ? .vertical : .horizontal
        let shaped = shaper.shape(
            p.scalars[range], face: face, id: id, language: style.language, features: style.features,
            direction: direction)
        var glyphs: [SegmentGlyph] = []
        glyphs.reserveCapacity(shaped.count)
        var pen = 0.0
        var clusterStart = -1
        var clusterPen = 0.0
        var glyphsInCluster = 0
        for glyph in shaped {
            let cluster = range.lowerBound + glyph.cluster
            // A newline takes no room and draws nothing.
            if p.scalars[cluster] == "\n" { continue }
            if cluster != clusterStart {
                clusterStart = cluster
                clusterPen = pen
                glyphsInCluster = 0
            }
            glyphsInCluster += 1
            glyphs.append(
                SegmentGlyph(
                    id: glyph.glyph, cluster: cluster, pen: pen - clusterPen, offsetX: glyph.offsetX * unit,
                    offsetY: glyph.offsetY * unit))
            let advance = glyph.advance * unit
            pen += advance
            if kind != .tateChuYoko { p.advance[cluster] += advance }
            let yakumono = Yakumono.of(p.scalars[cluster])
            if yakumono != .none, yakumono != .dividing, glyphsInCluster == 1 {
                let trim = punctuationTrim(
                    glyph, scalar: p.scalars[cluster], face: face, id: id, yakumono: yakumono, direction: direction)
                p.leadTrim[cluster] = trim.lead * unit
                p.trailTrim[cluster] = trim.trail * unit
            } else if glyphsInCluster > 1 {
                p.leadTrim[cluster] = 0
                p.trailTrim[cluster] = 0
            }
        }
        var segment = Segment(range: range, face: id, span: p.spanOf[range.lowerBound], kind: kind, glyphs: glyphs)
        if kind == .tateChuYoko {
            // The digits share one upright em, squeezed when wider than it.
            p.advance[range.lowerBound] = style.size
            segment.unitWidth = pen
            segment.unitScale = pen > style.size ? style.size / pen : 1
            for k in segment.glyphs.indices { segment.glyphs[k].cluster = range.lowerBound }
            segment.glyphs = Self.unitPens(segment.glyphs, shaped: shaped, unit: unit)
        }
        return segment
    }

    /// Horizontal pen positions of a tate-chu-yoko unit's glyphs from the unit's start.
    private static func unitPens(_ glyphs: [SegmentGlyph], shaped: [ShapedGlyph], unit: Double) -> [SegmentGlyph] {
        var result = glyphs
        var pen = 0.0
        var index = 0
        for glyph in shaped where index < result.count {
            result[index].pen = pen
            pen += glyph.advance * unit
            index += 1
        }
        return result
    }

    /// The empty side(s) of a punctuation mark, in font units: from `halt`/`vhal` when the font has
    /// it, else from the glyph's ink. A mark narrower than 0.9 em is already proportional (BIZ
    /// UDPGothic's 「」、): it is never trimmed again.
    private func punctuationTrim(
        _ glyph: ShapedGlyph, scalar: Unicode.Scalar, face: Face, id: FaceID, yakumono: Yakumono,
        direction: ShapingDirection
    ) -> (lead: Double, trail: Double) {
        let key = GlyphKey(face: id, value: glyph.glyph, vertical: direction == .vertical)
        if let known = trims[key] { return known }
        let em = face.unitsPerEm
        var result = (lead: 0.0, trail: 0.0)
        let feature = direction == .vertical ? "vhal" : "halt"
        if glyph.advance >= 0.9 * em {
            if face.hasPositioningFeature(feature) {
                result = haltTrim(
                    scalar, face: face, id: id, feature: feature, direction: direction, yakumono: yakumono)
            } else if let ink = face.inkBounds(of: glyph.glyph) {
                let leadEmpty: Double
                let trailEmpty: Double
                if direction == .vertical {
                    leadEmpty = -(glyph.offsetY + ink.top)
                    trailEmpty = glyph.advance + glyph.offsetY + ink.bottom
                } else {
                    leadEmpty = glyph.offsetX + ink.left
                    trailEmpty = glyph.advance - (glyph.offsetX + ink.right)
                }
                let spare = glyph.advance - em / 2
                switch yakumono {
                case .opening: result.lead = max(0, min(leadEmpty, spare))
                case .closing, .fullStop, .comma: result.trail = max(0, min(trailEmpty, spare))
                case .middleDot:
                    let each = max(0, min(leadEmpty, trailEmpty, spare / 2))
                    result = (each, each)
                case .none, .dividing: break
                }
            }
        }
        trims[key] = result
        return result
    }

    /// What the font's own half-width alternate positioning takes away, on the mark's empty side.
    private func haltTrim(
        _ scalar: Unicode.Scalar, face: Face, id: FaceID, feature: String, direction: ShapingDirection,
        yakumono: Yakumono
    ) -> (lead: Double, trail: Double) {
        // Shape the character alone with and without the feature; the advance lost is the trim.
        let plain = shaper.shape([scalar][...], face: face, id: id, language: "ja", features: [], direction: direction)
        let halved = shaper.shape(
            [scalar][...], face: face, id: id, language: "ja", features: [feature], direction: direction)
        guard let before = plain.first, let after = halved.first else { return (0, 0) }
        let total = max(0, min(before.advance - after.advance, face.unitsPerEm / 2))
        switch yakumono {
        case .opening: return (total, 0)
        case .closing, .fullStop, .comma: return (0, total)
        case .middleDot: return (total / 2, total / 2)
        case .none, .dividing: return (0, 0)
        }
    }

    private func shapeRuby(_ text: String, over base: Range<Int>, span: Int, paragraph p: ShapedParagraph) throws
        -> RubyAnnotation
    {
        let baseStyle = p.spans[span].style
        var style = baseStyle
        style.size = baseStyle.size / 2
        let scalars = Array(text.unicodeScalars)
        var pieces: [(face: FaceID, glyphs: [SegmentGlyph])] = []
        var pen = 0.0
        var start = 0
        let primary = try fonts.face(for: style.font, language: style.language)
        let faceOf = try scalars.map { scalar in
            fonts.face(primary).hasGlyph(for: scalar)
                ? primary : try fonts.face(for: scalar, request: style.font, language: style.language)
        }
        while start < scalars.count {
            var end = start + 1
            while end < scalars.count, faceOf[end] == faceOf[start] { end += 1 }
            let face = fonts.face(faceOf[start])
            let unit = style.size / face.unitsPerEm
            let shaped = shaper.shape(
                scalars[start..<end], face: face, id: faceOf[start], language: style.language, features: style.features,
                direction: p.vertical ? .vertical : .horizontal)
            var glyphs: [SegmentGlyph] = []
            for glyph in shaped {
                glyphs.append(
                    SegmentGlyph(
                        id: glyph.glyph, cluster: 0, pen: pen, offsetX: glyph.offsetX * unit,
                        offsetY: glyph.offsetY * unit))
                pen += glyph.advance * unit
            }
            pieces.append((faceOf[start], glyphs))
            start = end
        }
        return RubyAnnotation(base: base, span: span, pieces: pieces, width: pen, size: style.size)
    }

    static func continuesCluster(_ scalar: Unicode.Scalar) -> Bool {
        ScalarCategory.isMark(scalar) || scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value)
            || (0xE0100...0xE01EF).contains(scalar.value)
    }
}

/// A glyph or scalar in one face and direction, for per-face caches.
struct GlyphKey: Hashable {
    var face: FaceID
    var value: UInt32
    var vertical: Bool
}
