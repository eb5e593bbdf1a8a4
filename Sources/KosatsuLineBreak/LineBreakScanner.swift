/// One pass over a text, deciding the break before each scalar from the context behind it.
///
/// Works on raw buffers and plain values so that a scalar costs a table lookup and a few compares.
struct LineBreakScanner {
    let text: UnsafeBufferPointer<Unicode.Scalar>
    let strictness: LineBreakStrictness
    let keepsHangulWordsWhole: Bool
    private let stage1: UnsafeBufferPointer<UInt8>
    private let stage2: UnsafeBufferPointer<UInt8>
    private let blockShift: Int

    init(
        text: UnsafeBufferPointer<Unicode.Scalar>,
        strictness: LineBreakStrictness,
        keepsHangulWordsWhole: Bool,
        stage1: UnsafeBufferPointer<UInt8>,
        stage2: UnsafeBufferPointer<UInt8>,
        blockShift: Int
    ) {
        self.text = text
        self.strictness = strictness
        self.keepsHangulWordsWhole = keepsHangulWordsWhole
        self.stage1 = stage1
        self.stage2 = stage2
        self.blockShift = blockShift
    }

    /// Calls `body` with every opportunity in order, ending with the mandatory break at the end of text.
    func scan(_ body: (LineBreakOpportunity) -> Void) {
        let count = text.count
        guard count > 0 else {
            body(LineBreakOpportunity(offset: 0, isMandatory: true))
            return
        }
        var context = BreakContext(first: classify(0))
        for index in 1..<count {
            let next = classify(index)
            let action = breakAction(after: context, before: next, at: index)
            if action != .prohibited {
                body(LineBreakOpportunity(offset: index, isMandatory: action == .mandatory))
            }
            if foldsIntoBase(next, context) {
                context.fold(next)
            } else {
                context.advance(to: next)
            }
        }
        body(LineBreakOpportunity(offset: count, isMandatory: true))  // LB3
    }

    /// The break between `context` and `next`: UAX #14, then the JLReq never-split rules.
    @inline(__always)
    private func breakAction(after context: BreakContext, before next: ClassifiedScalar, at index: Int) -> BreakAction {
        let action = uax14Action(after: context, before: next, at: index)
        guard action == .allowed else { return action }
        if keepsHangulWordsWhole && isHangul(context.base.trailing) && isHangul(next.leading) { return .prohibited }
        guard strictness.isJapanese else { return action }
        return keepsTogether(context, next, at: index) ? .prohibited : .allowed
    }

    @inline(__always)
    private func isHangul(_ lineBreakClass: LineBreakClass) -> Bool {
        switch lineBreakClass {
        case .h2, .h3, .jl, .jv, .jt: true
        default: false
        }
    }

    /// LB9: a combining mark or ZWJ takes the class of the base before it, unless that base is a
    /// space or a break.
    @inline(__always)
    func foldsIntoBase(_ next: ClassifiedScalar, _ context: BreakContext) -> Bool {
        guard next.original == .cm || next.original == .zwj else { return false }
        switch context.base.trailing {
        case .bk, .cr, .lf, .nl, .sp, .zw: return false
        default: return true
        }
    }

    @inline(__always)
    func classify(_ index: Int) -> ClassifiedScalar {
        let value = text[index].value
        let packed = ScalarPropertyTable.value(of: value, stage1: stage1, stage2: stage2, blockShift: blockShift)
        let original = LineBreakProperties.lineBreakClass(of: packed)
        let width = LineBreakProperties.eastAsianWidth(of: packed)
        let sides = JapaneseTailoring.resolve(original, scalar: value, width: width, strictness: strictness)
        return ClassifiedScalar(
            value: value, original: original, leading: sides.leading, trailing: sides.trailing, width: width)
    }

    /// The first base after the scalar at `index`, skipping the marks LB9 folds into that scalar; nil at the end.
    func nextBase(after index: Int) -> ClassifiedScalar? {
        var next = index + 1
        while next < text.count {
            let scalar = classify(next)
            if scalar.original != .cm && scalar.original != .zwj { return scalar }
            next += 1
        }
        return nil
    }
}
