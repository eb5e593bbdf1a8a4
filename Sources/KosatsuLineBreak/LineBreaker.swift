public import KosatsuPhrase

/// Finds where lines may end in a text: UAX #14 (Unicode 15.0) with the JLReq strictness levels, and
/// with a phrase model, only between phrases (文節).
///
/// Offsets count Unicode scalars from 0; an opportunity at offset `i` means a line may end before the
/// scalar at `i`. The end of the text is always the last opportunity.
///
/// ```swift
/// let breaker = LineBreaker()
/// breaker.opportunities(in: "漢字ー".unicodeScalars, strictness: .strict)  // [1, 3]
/// breaker.opportunities(in: "漢字ー".unicodeScalars, strictness: .normal)  // [1, 2, 3]
/// ```
public struct LineBreaker: Sendable {
    /// Whether Hangul syllables in a row stay on one line, so Korean breaks only at spaces and
    /// punctuation (CSS `word-break: keep-all`), as Korean signs are set.
    public var keepsHangulWordsWhole: Bool
    /// Where phrases start, for `LineBreakStrictness.phrase`: the model for the text's language, or
    /// nil (then `phrase` is `strict`).
    public var phrases: PhraseModel?

    public init(keepsHangulWordsWhole: Bool = false, phrases: PhraseModel? = nil) {
        self.keepsHangulWordsWhole = keepsHangulWordsWhole
        self.phrases = phrases
    }

    /// The offsets before which a line may end, ending with `scalars.count`.
    ///
    /// - Parameters:
    ///   - strictness: how strictly punctuation and small kana are kept off the line start; `strict` for signs.
    ///   - unbreakable: ranges of offsets the caller keeps on one line (a ruby base, a tate-chu-yoko unit):
    ///     no opportunity falls strictly inside one. Mandatory breaks (a line feed) still do.
    public func opportunities(
        in scalars: [Unicode.Scalar],
        strictness: LineBreakStrictness = .strict,
        unbreakable: [Range<Int>] = []
    ) -> [Int] {
        var offsets = [Int]()
        scalars.withUnsafeBufferPointer { text in
            forEachOpportunity(in: text, strictness: strictness, unbreakable: unbreakable) { offsets.append($0.offset) }
        }
        return offsets
    }

    /// The offsets before which a line may end, ending with the number of scalars.
    public func opportunities(
        in scalars: String.UnicodeScalarView,
        strictness: LineBreakStrictness = .strict,
        unbreakable: [Range<Int>] = []
    ) -> [Int] {
        opportunities(in: Array(scalars), strictness: strictness, unbreakable: unbreakable)
    }

    /// The opportunities, each marked mandatory or allowed, ending with the mandatory end of text.
    public func breakOpportunities(
        in scalars: [Unicode.Scalar],
        strictness: LineBreakStrictness = .strict,
        unbreakable: [Range<Int>] = []
    ) -> [LineBreakOpportunity] {
        var opportunities = [LineBreakOpportunity]()
        scalars.withUnsafeBufferPointer { text in
            forEachOpportunity(in: text, strictness: strictness, unbreakable: unbreakable) { opportunities.append($0) }
        }
        return opportunities
    }

    /// The opportunities, each marked mandatory or allowed, ending with the mandatory end of text.
    public func breakOpportunities(
        in scalars: String.UnicodeScalarView,
        strictness: LineBreakStrictness = .strict,
        unbreakable: [Range<Int>] = []
    ) -> [LineBreakOpportunity] {
        breakOpportunities(in: Array(scalars), strictness: strictness, unbreakable: unbreakable)
    }

    /// Phrase mode for a typesetter: every `strict` opportunity, those inside a phrase marked
    /// `isInsidePhrase`, so that a phrase longer than the line can still be broken the JLReq way.
    public func phraseOpportunities(in scalars: [Unicode.Scalar], unbreakable: [Range<Int>] = [])
        -> [LineBreakOpportunity]
    {
        var opportunities = [LineBreakOpportunity]()
        scalars.withUnsafeBufferPointer { text in
            forEachMarkedOpportunity(in: text, strictness: .phrase, unbreakable: unbreakable) {
                opportunities.append($0)
            }
        }
        return opportunities
    }

    /// Calls `body` with each opportunity in order, without building an array: the form for a layout
    /// loop that measures as it goes.
    public func forEachOpportunity(
        in text: UnsafeBufferPointer<Unicode.Scalar>,
        strictness: LineBreakStrictness = .strict,
        unbreakable: [Range<Int>] = [],
        _ body: (LineBreakOpportunity) -> Void
    ) {
        forEachMarkedOpportunity(in: text, strictness: strictness, unbreakable: unbreakable) { opportunity in
            if !opportunity.isInsidePhrase { body(opportunity) }
        }
    }

    /// Every opportunity of `strictness`; in phrase mode, those inside a phrase come marked.
    private func forEachMarkedOpportunity(
        in text: UnsafeBufferPointer<Unicode.Scalar>,
        strictness: LineBreakStrictness,
        unbreakable: [Range<Int>],
        _ body: (LineBreakOpportunity) -> Void
    ) {
        guard strictness == .phrase, let phrases else {
            forEachJLReqOpportunity(in: text, strictness: strictness, unbreakable: unbreakable, body)
            return
        }
        var startsPhrase = [Bool](repeating: false, count: text.count + 1)
        phrases.forEachBoundary(in: text) { startsPhrase[$0] = true }
        forEachJLReqOpportunity(in: text, strictness: strictness, unbreakable: unbreakable) { opportunity in
            var marked = opportunity
            let offset = opportunity.offset
            // A space the writer put there separates phrases whatever the model says (対象地域　栗原市).
            let afterSpace = offset > 0 && Self.separatesPhrases(text[offset - 1])
            marked.isInsidePhrase = !(opportunity.isMandatory || startsPhrase[offset] || afterSpace)
            body(marked)
        }
    }

    private static func separatesPhrases(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{3000}" || scalar == "\t"
    }

    private func forEachJLReqOpportunity(
        in text: UnsafeBufferPointer<Unicode.Scalar>,
        strictness: LineBreakStrictness,
        unbreakable: [Range<Int>],
        _ body: (LineBreakOpportunity) -> Void
    ) {
        let table = LineBreakProperties.table
        table.stage1.withUnsafeBufferPointer { stage1 in
            table.stage2.withUnsafeBufferPointer { stage2 in
                let scanner = LineBreakScanner(
                    text: text, strictness: strictness, keepsHangulWordsWhole: keepsHangulWordsWhole,
                    stage1: stage1, stage2: stage2, blockShift: table.blockShift)
                if unbreakable.isEmpty {
                    scanner.scan(body)
                } else {
                    var guarded = UnbreakableRanges(unbreakable)
                    scanner.scan { opportunity in
                        if opportunity.isMandatory || !guarded.covers(opportunity.offset) { body(opportunity) }
                    }
                }
            }
        }
    }
}
