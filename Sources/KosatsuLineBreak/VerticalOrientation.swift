/// How a character stands in vertical text (縦書き), per UAX #50 Vertical_Orientation (Unicode 15.0).
public enum VerticalOrientation: UInt8, Sendable, CaseIterable {
    /// U: upright, as in the code charts (kanji, kana).
    case upright = 0
    /// R: rotated 90° clockwise (Latin letters, most symbols).
    case rotated = 1
    /// Tu: a vertical alternate glyph (`vert`) if the font has one, else upright (。、 small kana).
    case transformedOrUpright = 2
    /// Tr: a vertical alternate glyph (`vert`) if the font has one, else rotated (brackets, ー, 〜).
    case transformedOrRotated = 3

    /// The orientation of `scalar`.
    public static func of(_ scalar: Unicode.Scalar) -> VerticalOrientation {
        VerticalOrientation(rawValue: table.value(of: scalar.value)) ?? .rotated
    }

    /// The property value alias used in `VerticalOrientation.txt`: U, R, Tu or Tr.
    public var abbreviation: String {
        switch self {
        case .upright: "U"
        case .rotated: "R"
        case .transformedOrUpright: "Tu"
        case .transformedOrRotated: "Tr"
        }
    }

    /// The orientation named by its `VerticalOrientation.txt` alias (U, R, Tu or Tr).
    public init?(abbreviation: String) {
        guard let orientation = Self.allCases.first(where: { $0.abbreviation == abbreviation }) else { return nil }
        self = orientation
    }

    /// Whether the glyph stays upright when the font has no vertical alternate.
    public var isUprightByDefault: Bool { self == .upright || self == .transformedOrUpright }

    private static let table = ScalarPropertyTable(
        blockShift: VerticalOrientationData.blockShift,
        stage1Hex: VerticalOrientationData.stage1Hex,
        stage2Hex: VerticalOrientationData.stage2Hex
    )
}
