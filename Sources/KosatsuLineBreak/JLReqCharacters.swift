/// The JLReq character sets the tailoring and the never-split rules ask about, by scalar value.
enum JLReq {
    /// cl-03 〜 ゠: normal lets them start a line (the doc names only these two; ‐ – stay BA).
    static func isHyphenLikeStarter(_ scalar: UInt32) -> Bool {
        scalar == 0x301C || scalar == 0x30A0
    }

    /// cl-09 々 〻 ゝ ゞ ヽ ヾ.
    static func isIterationMark(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x3005, 0x303B, 0x309D, 0x309E, 0x30FD, 0x30FE: true
        default: false
        }
    }

    /// cl-04 and cl-05 as CSS lists them for `loose`: ・ ： ； ･ ‼ ⁇ ⁈ ⁉ ！ ？.
    static func isCenteredPunctuation(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x30FB, 0xFF1A, 0xFF1B, 0xFF65, 0x203C, 0x2047, 0x2048, 0x2049, 0xFF01, 0xFF1F: true
        default: false
        }
    }

    /// Dividing punctuation and middle dots that form one mark together (？！, ！！): never split.
    static func isDividingPunctuation(_ scalar: UInt32, _ original: LineBreakClass) -> Bool {
        original == .ex || isCenteredPunctuation(scalar)
    }

    /// ‘ “: JLReq cl-01, UAX #14 QU.
    static func isOpeningQuote(_ scalar: UInt32) -> Bool { scalar == 0x2018 || scalar == 0x201C }

    /// ’ ”: JLReq cl-02, UAX #14 QU.
    static func isClosingQuote(_ scalar: UInt32) -> Bool { scalar == 0x2019 || scalar == 0x201D }

    /// ０–９.
    static func isFullWidthDigit(_ scalar: UInt32) -> Bool { (0xFF10...0xFF19).contains(scalar) }

    /// ０–９, Ａ–Ｚ, ａ–ｚ: full-width Latin words and digit runs, which UAX #14 breaks anywhere (ID).
    static func isFullWidthAlphanumeric(_ scalar: UInt32) -> Bool {
        (0xFF10...0xFF19).contains(scalar) || (0xFF21...0xFF3A).contains(scalar) || (0xFF41...0xFF5A).contains(scalar)
    }

    /// ， ． ： between full-width digits (１，０００ ３．１４ １４：０５).
    static func isFullWidthDigitSeparator(_ scalar: UInt32) -> Bool {
        scalar == 0xFF0C || scalar == 0xFF0E || scalar == 0xFF1A
    }

    /// cl-12 prefixes: UAX #14 PR, plus ＃, which Unicode makes ID.
    static func isPrefix(_ scalar: UInt32, _ original: LineBreakClass) -> Bool {
        original == .pr || scalar == 0xFF03
    }
}
