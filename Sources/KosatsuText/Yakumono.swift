/// How a character takes part in JLReq punctuation (yakumono) spacing.
enum Yakumono: UInt8 {
    case none
    /// cl-01 「『（〔［｛〈《【〘〖“‘: empty half before the mark.
    case opening
    /// cl-02 」』）〕］｝〉》】〙〗”’: empty half after.
    case closing
    /// cl-06 。．: empty half after.
    case fullStop
    /// cl-07 、，: empty half after.
    case comma
    /// cl-05 ・：；: a quarter em either side.
    case middleDot
    /// cl-04 ！？‼⁇⁈⁉: followed by a full em mid-sentence.
    case dividing

    static func of(_ scalar: Unicode.Scalar) -> Yakumono {
        switch scalar.value {
        case 0x300C, 0x300E, 0xFF08, 0x3014, 0xFF3B, 0xFF5B, 0x3008, 0x300A, 0x3010, 0x3018, 0x3016, 0x201C, 0x2018:
            .opening
        case 0x300D, 0x300F, 0xFF09, 0x3015, 0xFF3D, 0xFF5D, 0x3009, 0x300B, 0x3011, 0x3019, 0x3017, 0x201D, 0x2019:
            .closing
        case 0x3002, 0xFF0E: .fullStop
        case 0x3001, 0xFF0C: .comma
        case 0x30FB, 0xFF1A, 0xFF1B: .middleDot
        case 0xFF01, 0xFF1F, 0x203C, 0x2047, 0x2048, 0x2049: .dividing
        default: .none
        }
    }

    /// Marks whose empty half follows them (closing brackets, full stops, commas).
    var isClosingLike: Bool { self == .closing || self == .fullStop || self == .comma }

    /// 。、，． may hang past the line end when hanging punctuation is on.
    var hangs: Bool { self == .fullStop || self == .comma }
}

/// Character groups for mixed-script spacing and justification.
enum ScriptClass {
    /// Kanji, kana and 々〆〇ー: the Japanese side of Japanese–Latin spacing (autospace).
    static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        case 0x3005, 0x3006, 0x3007: true
        case 0x3041...0x3096, 0x309D...0x309F: true
        case 0x30A1...0x30FA, 0x30FC...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: true
        default: false
        }
    }

    /// Hiragana (with ゝゞ) and katakana (with ー).
    static func isKana(_ scalar: Unicode.Scalar) -> Bool {
        (0x3041...0x309F).contains(scalar.value) || (0x30A1...0x30FC).contains(scalar.value)
    }

    /// Latin letters and ASCII digits: the other side of autospace.
    static func isLatinOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0xC0...0x24F: scalar.value != 0xD7 && scalar.value != 0xF7
        default: false
        }
    }

    /// Characters set on the em grid (kanji, kana, full-width forms, CJK punctuation), between which a
    /// justified line may add space. Hangul is left out: Korean is justified at its spaces.
    static func isGridCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isIdeographic(scalar) || (0x3000...0x303F).contains(scalar.value) || (0xFF01...0xFF60).contains(scalar.value)
            || scalar.value == 0x30FB
    }

    /// —— …… ‥‥: pairs never spaced apart (cl-08).
    static func isInseparable(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2014 || scalar.value == 0x2026 || scalar.value == 0x2025 || scalar.value == 0x2015
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{3000}" || scalar == "\n" || scalar == "\u{A0}"
    }

    /// Punctuation and symbols: no Japanese–Latin space next to them.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        ScalarCategory.isPunctuationOrSymbol(scalar)
    }
}
