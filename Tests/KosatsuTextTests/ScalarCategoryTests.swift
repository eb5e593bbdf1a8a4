import Testing

@testable import KosatsuText

/// The typesetter's category tables answer as the standard library does, for every scalar.
struct ScalarCategoryTests {
    @Test func everyScalarHasTheStandardLibrarysCategory() {
        var differences: [String] = []
        for value in 0...0x10_FFFF as ClosedRange<UInt32> {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let isMark: Bool
            let isPunctuationOrSymbol: Bool
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark: (isMark, isPunctuationOrSymbol) = (true, false)
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                (isMark, isPunctuationOrSymbol) = (false, true)
            default: (isMark, isPunctuationOrSymbol) = (false, false)
            }
            if ScalarCategory.isMark(scalar) != isMark
                || ScalarCategory.isPunctuationOrSymbol(scalar) != isPunctuationOrSymbol
            {
                differences.append(String(value, radix: 16))
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(20))")
        #expect(ScalarCategory.isPunctuationOrSymbol("。") && ScalarCategory.isPunctuationOrSymbol("（"))
        #expect(ScalarCategory.isMark("\u{3099}") && !ScalarCategory.isMark("あ"))
    }
}
