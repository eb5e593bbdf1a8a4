/// The JLReq strictness levels expressed as changes to UAX #14 classes.
///
/// A character a level lets start a line gets a *leading* class of ID (it may follow a break) while
/// keeping its own *trailing* class (what may follow it is unchanged); a prefix a level lets end a line
/// gets a trailing class of ID. This is ICU's approach, split by side so that e.g. `25°C` stays whole.
enum JapaneseTailoring {
    /// The classes some level changes; everything else resolves to itself at no cost.
    static let tailoredClasses: UInt64 = [LineBreakClass.cj, .ns, .ex, .in, .po, .pr]
        .reduce(0) { $0 | 1 << UInt64($1.rawValue) }

    /// The (leading, trailing) classes of a scalar of class `original` at `strictness`.
    @inline(__always)
    static func resolve(
        _ original: LineBreakClass,
        scalar: UInt32,
        width: EastAsianWidthKind,
        strictness: LineBreakStrictness
    ) -> (leading: LineBreakClass, trailing: LineBreakClass) {
        guard tailoredClasses & (1 << UInt64(original.rawValue)) != 0 else { return (original, original) }
        let allowsConditionalStarters = strictness == .normal || strictness == .loose
        let isLoose = strictness == .loose
        switch original {
        case .cj:
            // cl-10 ー and cl-11 small kana: UAX #14 LB1 makes them NS (strict), normal lets them start a line.
            return allowsConditionalStarters ? (.id, .id) : (.ns, .ns)
        case .ns where allowsConditionalStarters && JLReq.isHyphenLikeStarter(scalar):
            return (.id, .id)
        case .ns where isLoose && (JLReq.isIterationMark(scalar) || JLReq.isCenteredPunctuation(scalar)),
            .ex where isLoose && JLReq.isCenteredPunctuation(scalar),
            .in where isLoose:
            return (.id, original)
        case .po where isLoose && width.isAmbiguousOrWide:
            return (.id, .po)
        case .pr where isLoose && width.isAmbiguousOrWide:
            return (.pr, .id)
        default:
            return (original, original)
        }
    }
}
