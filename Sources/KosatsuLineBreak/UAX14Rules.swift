/// The UAX #14 (Unicode 15.0) rules LB4–LB31, in order, with LB25 in the form of Example 7 as
/// `LineBreakTest.txt` expects. The first rule that matches decides. As in the rules' `X × Y`, `left` is
/// the class before the candidate break (the base, after LB9/LB10) and `right` the class after it.
///
/// Two JLReq rules sit among them (when `strictness.isJapanese`), where their precedence matters:
/// no line starts with NS even after a space, and curly quotes act as brackets next to Japanese.
extension LineBreakScanner {
    @inline(__always)
    func uax14Action(after context: BreakContext, before scalar: ClassifiedScalar, at index: Int) -> BreakAction {
        // LB4, LB5: always break after hard line breaks, but keep CR LF together.
        switch context.previousClass {
        case .bk, .lf, .nl: return .mandatory
        case .cr: return scalar.original == .lf ? .prohibited : .mandatory
        default: break
        }
        let left = context.base.trailing
        switch scalar.original {
        case .bk, .cr, .lf, .nl, .sp, .zw: return .prohibited  // LB6, LB7
        default: break
        }
        let beforeSpaces = left == .sp ? context.beforeSpaces : left
        if beforeSpaces == .zw { return .allowed }  // LB8: ZW SP* ÷
        if context.previousClass == .zwj { return .prohibited }  // LB8a
        if foldsIntoBase(scalar, context) { return .prohibited }  // LB9
        // LB10: a mark after a space or break acts as AL.
        let isMark = scalar.original == .cm || scalar.original == .zwj
        let right = isMark ? .al : scalar.leading

        if right == .wj || left == .wj { return .prohibited }  // LB11
        if left == .gl { return .prohibited }  // LB12
        if right == .gl && left != .sp && left != .ba && left != .hy { return .prohibited }  // LB12a
        switch right {
        case .cl, .cp, .ex, .is, .sy: return .prohibited  // LB13
        default: break
        }
        if beforeSpaces == .op { return .prohibited }  // LB14: OP SP* ×
        if beforeSpaces == .qu && right == .op { return .prohibited }  // LB15
        if (beforeSpaces == .cl || beforeSpaces == .cp) && right == .ns { return .prohibited }  // LB16
        if beforeSpaces == .b2 && right == .b2 { return .prohibited }  // LB17
        if left == .sp {
            // JLReq: a nonstarter stays off the line start even when a space precedes it.
            if strictness.isJapanese && right == .ns { return .prohibited }
            return .allowed  // LB18
        }
        if strictness.isJapanese, let action = curlyQuoteAction(after: context, before: scalar, as: right) {
            return action
        }
        if right == .qu || left == .qu { return .prohibited }  // LB19
        if right == .cb || left == .cb { return .allowed }  // LB20
        switch right {
        case .ba, .hy, .ns: return .prohibited  // LB21
        default: break
        }
        if left == .bb { return .prohibited }  // LB21
        if context.baseBefore == .hl && (left == .hy || left == .ba) { return .prohibited }  // LB21a
        if left == .sy && right == .hl { return .prohibited }  // LB21b
        if right == .in { return .prohibited }  // LB22
        return numberAndLetterAction(after: context, before: right, next: scalar, at: index)
    }

    /// LB23–LB31.
    @inline(__always)
    private func numberAndLetterAction(
        after context: BreakContext,
        before right: LineBreakClass,
        next scalar: ClassifiedScalar,
        at index: Int
    ) -> BreakAction {
        let left = context.base.trailing
        let leftIsLetter = left == .al || left == .hl
        let rightIsLetter = right == .al || right == .hl
        if (leftIsLetter && right == .nu) || (left == .nu && rightIsLetter) { return .prohibited }  // LB23
        switch (left, right) {  // LB23a
        case (.pr, .id), (.pr, .eb), (.pr, .em), (.id, .po), (.eb, .po), (.em, .po): return .prohibited
        default: break
        }
        if (left == .pr || left == .po) && rightIsLetter { return .prohibited }  // LB24
        if leftIsLetter && (right == .pr || right == .po) { return .prohibited }  // LB24
        if numberContinues(context, before: right, at: index) { return .prohibited }  // LB25
        if isHangulSyllableJoin(left, right) { return .prohibited }  // LB26, LB27
        if leftIsLetter && rightIsLetter { return .prohibited }  // LB28
        if left == .is && rightIsLetter { return .prohibited }  // LB29
        // LB30: letters and digits hold to a following ( and a preceding ), unless those are East Asian.
        if (leftIsLetter || left == .nu) && right == .op && !scalar.width.isEastAsian { return .prohibited }
        if left == .cp && !context.base.width.isEastAsian && (rightIsLetter || right == .nu) {
            return .prohibited
        }
        // LB30a: regional indicators pair up into flags.
        if left == .ri && right == .ri && context.regionalIndicators % 2 == 1 { return .prohibited }
        // LB30b: an emoji base or an unassigned pictograph keeps its modifier.
        if right == .em
            && (left == .eb || (left == .id && LineBreakProperties.isUnassignedPictograph(context.base.value)))
        {
            return .prohibited
        }
        return .allowed  // LB31
    }

    /// LB25 as Example 7's regular expression:
    /// `(PR|PO) × (OP|HY)? NU`, `(OP|HY) × NU`, `NU (NU|SY|IS)* × (NU|SY|IS|CL|CP)`,
    /// `NU (NU|SY|IS)* (CL|CP)? × (PO|PR)`.
    @inline(__always)
    private func numberContinues(_ context: BreakContext, before right: LineBreakClass, at index: Int) -> Bool {
        let left = context.base.trailing
        switch left {
        case .pr, .po:
            if right == .nu { return true }
            if right == .op || right == .hy { return nextBase(after: index)?.leading == .nu }
        case .op, .hy:
            if right == .nu { return true }
        default:
            break
        }
        switch (context.number, right) {
        case (.digits, .nu), (.digits, .sy), (.digits, .is), (.digits, .cl), (.digits, .cp): return true
        case (.digits, .po), (.digits, .pr), (.closed, .po), (.closed, .pr): return true
        default: return false
        }
    }

    /// LB26 and LB27: Korean syllable blocks stay whole and keep their prefixes and postfixes.
    @inline(__always)
    private func isHangulSyllableJoin(_ left: LineBreakClass, _ right: LineBreakClass) -> Bool {
        switch (left, right) {
        case (.jl, .jl), (.jl, .jv), (.jl, .h2), (.jl, .h3),
            (.jv, .jv), (.jv, .jt), (.h2, .jv), (.h2, .jt),
            (.jt, .jt), (.h3, .jt),
            (.jl, .po), (.jv, .po), (.jt, .po), (.h2, .po), (.h3, .po),
            (.pr, .jl), (.pr, .jv), (.pr, .jt), (.pr, .h2), (.pr, .h3):
            return true
        default:
            return false
        }
    }
}
