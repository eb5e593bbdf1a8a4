/// Break opportunities good enough for the foundation: after spaces, between CJK characters,
/// with the basic kinsoku rules (no closing bracket, small kana or ー at a line start; no opening
/// bracket at a line end). The full UAX #14 + JLReq engine replaces this.
enum InterimLineBreaks {
    /// Offsets (in scalars) before which a line may break, ending with the text's length, and
    /// the subset of them that are mandatory (after a newline).
    static func opportunities(in text: [Unicode.Scalar]) -> (offsets: [Int], mandatory: Set<Int>) {
        var offsets: [Int] = []
        var mandatory = Set<Int>()
        guard !text.isEmpty else { return ([0], []) }
        for i in 1..<text.count {
            let before = text[i - 1]
            let after = text[i]
            if before == "\n" {
                offsets.append(i)
                mandatory.insert(i)
            } else if after == " " || after == "\n" {
                continue
            } else if before == " " {
                offsets.append(i)
            } else if isWide(before) || isWide(after) {
                if !noBreakBefore.contains(after.value) && !noBreakAfter.contains(before.value) {
                    offsets.append(i)
                }
            }
        }
        offsets.append(text.count)
        return (offsets, mandatory)
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    private static let noBreakBefore: Set<UInt32> = Set(
        "」』）〕］｝〉》】〙〗”’、。，．・：；！？‼⁇⁈⁉ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ〜゠…‥%％℃°),.!?:;"
            .unicodeScalars.map(\.value))
    private static let noBreakAfter: Set<UInt32> = Set("「『（〔［｛〈《【〘〖“‘¥＄£＃€(".unicodeScalars.map(\.value))
}
