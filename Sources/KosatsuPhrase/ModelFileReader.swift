/// Reads a BudouX model file — one JSON object of feature name → {characters: integer weight} — straight
/// from its bytes. Foundation's `JSONDecoder` did the same in 7 ms of every process that breaks a
/// headline (most of a `kosatsu render`), nearly all of it in the runtime's dynamic casts.
struct ModelFileReader {
    private let bytes: [UInt8]
    private var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The features in file order, each with its entries in file order.
    mutating func features() throws(PhraseModelError) -> [(name: String, weights: [(String, Int)])] {
        var features: [(name: String, weights: [(String, Int)])] = []
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            at += 1
        } else {
            repeat {
                let name = try string()
                try expect(UInt8(ascii: ":"))
                features.append((name, try weights()))
            } while try more(closing: UInt8(ascii: "}"))
        }
        skipSpace()
        guard at == bytes.count else { throw failure("the end of the file") }
        return features
    }

    private mutating func weights() throws(PhraseModelError) -> [(String, Int)] {
        var weights: [(String, Int)] = []
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            at += 1
            return weights
        }
        repeat {
            let characters = try string()
            try expect(UInt8(ascii: ":"))
            weights.append((characters, try integer()))
        } while try more(closing: UInt8(ascii: "}"))
        return weights
    }

    /// After a member: true at a comma, false at the closing brace.
    private mutating func more(closing: UInt8) throws(PhraseModelError) -> Bool {
        switch try peek() {
        case UInt8(ascii: ","):
            at += 1
            return true
        case closing:
            at += 1
            return false
        default: throw failure("',' or '}'")
        }
    }

    private mutating func integer() throws(PhraseModelError) -> Int {
        _ = try peek()
        let negative = bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        var value = 0
        let start = at
        while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow, product <= Int.max - Int(bytes[at] - UInt8(ascii: "0")) else {
                throw failure("an integer weight")
            }
            value = product + Int(bytes[at] - UInt8(ascii: "0"))
            at += 1
        }
        guard at > start else { throw failure("an integer weight") }
        return negative ? -value : value
    }

    private mutating func string() throws(PhraseModelError) -> String {
        try expect(UInt8(ascii: "\""))
        var scalars = String.UnicodeScalarView()
        var run = at
        func flush(_ end: Int) throws(PhraseModelError) {
            guard run < end else { return }
            guard let text = String(validating: bytes[run..<end], as: UTF8.self) else {
                throw failure("UTF-8 text")
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while at < bytes.count {
            switch bytes[at] {
            case UInt8(ascii: "\""):
                try flush(at)
                at += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush(at)
                at += 1
                scalars.append(try escaped())
                run = at
            case ..<0x20:
                throw failure("a character or '\"' (a control character must be escaped)")
            default:
                at += 1
            }
        }
        throw failure("the string's closing '\"'")
    }

    private mutating func escaped() throws(PhraseModelError) -> Unicode.Scalar {
        guard at < bytes.count else { throw failure("an escape") }
        let letter = bytes[at]
        at += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(letter)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high) {
                guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                    throw failure("the second half of a surrogate pair")
                }
                at += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low),
                    let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                else { throw failure("the second half of a surrogate pair") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(high) else { throw failure("a character, not half a surrogate pair") }
            return scalar
        default: throw failure("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
    }

    private mutating func hex4() throws(PhraseModelError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard at < bytes.count, let digit = Self.hexDigit(bytes[at]) else { throw failure("four hex digits") }
            value = value << 4 | digit
            at += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
    }

    /// The next byte after white space (not consumed).
    private mutating func peek() throws(PhraseModelError) -> UInt8 {
        skipSpace()
        guard at < bytes.count else { throw failure("more of the file") }
        return bytes[at]
    }

    private mutating func expect(_ byte: UInt8) throws(PhraseModelError) {
        guard try peek() == byte else { throw failure("'\(Character(Unicode.Scalar(byte)))'") }
        at += 1
    }

    private func failure(_ expected: String) -> PhraseModelError {
        PhraseModelError(code: .notJSON, detail: "byte \(at + 1): expected \(expected)")
    }
}
