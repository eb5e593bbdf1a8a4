/// The two Unicode general-category questions the typesetter asks of every scalar, answered from
/// a table for the Basic Multilingual Plane: the standard library's property lookup is the single
/// largest cost of setting cold Japanese text otherwise. Built once per process (64 KB).
enum ScalarCategory {
    private static let mark: UInt8 = 1
    private static let punctuationOrSymbol: UInt8 = 2

    private static let basicPlane: [UInt8] = (0..<0x1_0000).map { value -> UInt8 in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return 0 }
        return category(scalar)
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
        scalar.value < 0x1_0000 ? basicPlane[Int(scalar.value)] : category(scalar)
    }

    /// Nonspacing, enclosing or spacing mark (Mn, Me, Mc).
    static func isMark(_ scalar: Unicode.Scalar) -> Bool { lookup(scalar) == mark }

    /// Punctuation (Pc, Pd, Ps, Pe, Pi, Pf, Po) or symbol (Sm, Sc, Sk, So).
    static func isPunctuationOrSymbol(_ scalar: Unicode.Scalar) -> Bool { lookup(scalar) == punctuationOrSymbol }
}
