/// The two Unicode general-category questions the typesetter asks of every scalar, answered from
/// a table for the blocks a Japanese sign's text lives in (Latin, general punctuation to CJK
/// compatibility, half- and full-width forms): the standard library's property lookup is the
/// largest cost of setting cold Japanese text otherwise. Other scalars (kanji among them) ask the
/// standard library; building a table of the whole plane cost a render 3 %.
enum ScalarCategory {
    private static let mark: UInt8 = 1
    private static let punctuationOrSymbol: UInt8 = 2

    private static let tabled: [ClosedRange<UInt32>] = [0x0000...0x04FF, 0x2000...0x33FF, 0xFE00...0xFFEF]
    private static let tables: [[UInt8]] = tabled.map { range in
        range.map { Unicode.Scalar($0).map(category) ?? 0 }
    }

    private static func category(_ scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: mark
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            punctuationOrSymbol
        default: 0
        }
    }

    private static func lookup(_ scalar: Unicode.Scalar) -> UInt8 {
        let value = scalar.value
        for (index, range) in tabled.enumerated() where range.contains(value) {
            return tables[index][Int(value - range.lowerBound)]
        }
        return category(scalar)
    }

    /// Nonspacing, enclosing or spacing mark (Mn, Me, Mc).
    static func isMark(_ scalar: Unicode.Scalar) -> Bool { lookup(scalar) == mark }

    /// Punctuation (Pc, Pd, Ps, Pe, Pi, Pf, Po) or symbol (Sm, Sc, Sk, So).
    static func isPunctuationOrSymbol(_ scalar: Unicode.Scalar) -> Bool { lookup(scalar) == punctuationOrSymbol }
}
