/// The JLReq rules that are not class changes: curly quotes next to Japanese, and the units a line
/// never splits whatever the strictness (`docs/JAPANESE-TEXT.md`, "Never split").
extension LineBreakScanner {
    /// ‘“ open and ’” close a quotation in Japanese (JLReq cl-01, cl-02), where UAX #14 cannot tell
    /// (QU forbids a break on either side). Next to East Asian text they break like brackets; elsewhere
    /// (`can’t`, `“quoted”`) UAX #14 keeps deciding.
    @inline(__always)
    func curlyQuoteAction(after context: BreakContext, before scalar: ClassifiedScalar, as right: LineBreakClass)
        -> BreakAction?
    {
        if JLReq.isOpeningQuote(scalar.value) && context.base.width.isEastAsian {
            return .allowed
        }
        if JLReq.isClosingQuote(context.base.value) && scalar.width.isEastAsian {
            switch right {
            case .ba, .hy, .ns, .in: return nil  // they keep to what precedes them (LB21, LB22)
            default: return .allowed
            }
        }
        return nil
    }

    /// Whether an allowed break must not be taken because it would split a unit JLReq keeps whole.
    @inline(__always)
    func keepsTogether(_ context: BreakContext, _ next: ClassifiedScalar, at index: Int) -> Bool {
        let previous = context.base.value
        // A number keeps its postfix: 100％, １０％, (1)%.
        if next.original == .po && (context.number != .none || JLReq.isFullWidthDigit(previous)) {
            return true
        }
        // A prefix keeps its number: ￥100, ＄１０, ＃１, €-5.
        if JLReq.isPrefix(previous, context.base.original) && startsNumber(next, at: index) {
            return true
        }
        // Full-width Latin words and digit runs: ＪＲ, １０.
        if JLReq.isFullWidthAlphanumeric(previous) && JLReq.isFullWidthAlphanumeric(next.value) {
            return true
        }
        // Full-width digit groups: １，０００, ３．１４, １４：０５.
        if JLReq.isFullWidthDigit(previous) && JLReq.isFullWidthDigitSeparator(next.value),
            let following = nextBase(after: index), JLReq.isFullWidthDigit(following.value)
        {
            return true
        }
        if context.isSeparatorAfterFullWidthDigit && JLReq.isFullWidthDigit(next.value) {
            return true
        }
        // Runs of dividing punctuation read as one mark: ？！, ・・・ (only `loose` lets them start a line).
        return JLReq.isDividingPunctuation(previous, context.base.original)
            && JLReq.isDividingPunctuation(next.value, next.original)
    }

    /// Whether a number starts at `index`: a digit, or ( or - right before one.
    private func startsNumber(_ scalar: ClassifiedScalar, at index: Int) -> Bool {
        if isDigit(scalar) { return true }
        guard scalar.original == .op || scalar.original == .hy, let following = nextBase(after: index) else {
            return false
        }
        return isDigit(following)
    }

    private func isDigit(_ scalar: ClassifiedScalar) -> Bool {
        scalar.original == .nu || JLReq.isFullWidthDigit(scalar.value)
    }
}
