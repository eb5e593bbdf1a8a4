/// One scalar as the break rules see it.
struct ClassifiedScalar {
    var value: UInt32
    /// The Line_Break class from the data (after LB1), before any JLReq tailoring.
    var original: LineBreakClass
    /// The class when this scalar follows a candidate break.
    var leading: LineBreakClass
    /// The class when this scalar precedes a candidate break.
    var trailing: LineBreakClass
    var width: EastAsianWidthKind
}

/// What decides a break.
enum BreakAction {
    case prohibited
    case allowed
    case mandatory
}

/// Where the text before a candidate break stands in a number, for UAX #14 LB25 in the regular-expression
/// form of its Example 7 (the form `LineBreakTest.txt` expects): `NU (NU|SY|IS)* (CL|CP)?`.
enum NumberState {
    case none
    /// `NU (NU|SY|IS)*`
    case digits
    /// `NU (NU|SY|IS)* (CL|CP)`
    case closed
}

/// The text before a candidate break, as far back as the rules look.
struct BreakContext {
    /// The class of the scalar just before the break, even when LB9 folded it into its base
    /// (LB4–LB8a look at the scalar itself).
    var previousClass: LineBreakClass = .al
    /// The base before the break: the last scalar LB9 did not fold into the one before it; its
    /// `trailing` class already has LB10 applied.
    // Before the first scalar it is a stand-in SP, so a text starting with spaces has nothing before them.
    var base = ClassifiedScalar(value: 0, original: .sp, leading: .sp, trailing: .sp, width: .narrow)
    /// The trailing class of the base before `base` (LB21a: HL (HY|BA) ×).
    var baseBefore: LineBreakClass = .sp
    /// When `base` is SP: the class before the spaces (LB8, LB14–LB17); SP at the start of text.
    var beforeSpaces: LineBreakClass = .sp
    var number = NumberState.none
    /// Regional indicators in a row ending at `base` (LB30a pairs them).
    var regionalIndicators = 0
    /// `base` is ， ． or ： right after a full-width digit (JLReq: １，０００ stays whole).
    var isSeparatorAfterFullWidthDigit = false

    /// Starts the text with its first scalar (LB10: a combining mark at the start acts as AL).
    init(first: ClassifiedScalar) {
        advance(to: first)
    }

    /// Moves past a scalar that LB9 folds into `base`: only the scalar's own class is remembered.
    mutating func fold(_ scalar: ClassifiedScalar) {
        previousClass = scalar.original
    }

    /// Moves past a scalar that becomes the new base.
    mutating func advance(to scalar: ClassifiedScalar) {
        var scalar = scalar
        previousClass = scalar.original
        if scalar.original == .cm || scalar.original == .zwj {
            // LB10: a mark with nothing to attach to is treated as AL.
            scalar.leading = .al
            scalar.trailing = .al
        }
        let now = scalar.trailing
        if now == .sp && base.trailing != .sp {
            beforeSpaces = base.trailing
        }
        isSeparatorAfterFullWidthDigit =
            JLReq.isFullWidthDigitSeparator(scalar.value)
            && JLReq.isFullWidthDigit(base.value)
        switch now {
        case .nu: number = .digits
        case .sy, .is: if number != .digits { number = .none }
        case .cl, .cp: number = number == .digits ? .closed : .none
        default: number = .none
        }
        regionalIndicators = now == .ri ? regionalIndicators + 1 : 0
        baseBefore = base.trailing
        base = scalar
    }
}
