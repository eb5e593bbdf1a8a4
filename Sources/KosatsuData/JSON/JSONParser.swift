/// A strict JSON (RFC 8259) parser over UTF-8 bytes, fast enough for thousands of entities per
/// poll and precise about where a broken document breaks.
public enum JSONParser {
    /// Parses a whole document; trailing non-space bytes are an error.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parseBuffer(buffer)
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { parseBuffer($0) }.get()
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { parseBuffer($0) }
        return try result.get()
    }

    private static func parseBuffer(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var cursor = Cursor(bytes: buffer)
        do throws(JSONParseError) {
            cursor.skipSpace()
            let value = try cursor.value(depth: 0)
            cursor.skipSpace()
            if cursor.index < buffer.count {
                throw cursor.error("expected the end of the document after the top-level value, found \(cursor.found)")
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

/// Where and why a JSON document could not be read.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line and column (in bytes) of the offending byte.
    public var line: Int
    public var column: Int
    public var offset: Int
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}

struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// Valid while `bytes` is: the table points into them.
    var names = NameTable()

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static let maximumDepth = 512
    /// 10^0 … 10^22, every one an exact double.
    static let powersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

    var found: String {
        guard index < bytes.count else { return "the end of the document" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    func error(_ message: String) -> JSONParseError {
        var line = 1
        var column = 1
        var i = 0
        while i < index && i < bytes.count {
            if bytes[i] == 0x0A {
                line += 1
                column = 1
            } else if bytes[i] & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return JSONParseError(line: line, column: column, offset: index, message: message)
    }

    @inline(__always) mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("expected a value, found the end of the document") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try object(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try array(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value, found \(found)")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("expected a value, found \(found)") }
        let start = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw error("expected a value, found \(found)")
        }
        index += count
    }

    mutating func object(depth: Int) throws(JSONParseError) -> JSONObject {
        if depth > Cursor.maximumDepth { throw error("nested deeper than \(Cursor.maximumDepth) levels") }
        index += 1
        var members: [JSONObject.Member] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return JSONObject(members)
        }
        // Reserved only now: an empty object (`"metadata": {}`) allocates nothing.
        members.reserveCapacity(4)
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in quotes, found \(found)")
            }
            let key: String
            if let plain = plainKey() { key = names.string(plain) } else { key = try string() }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the member name \"\(key)\", found \(found)")
            }
            index += 1
            skipSpace()
            let value = try value(depth: depth)
            members.append(JSONObject.Member(key: key, value: value))
            skipSpace()
            guard index < bytes.count else { throw error("expected ',' or '}' in an object, found \(found)") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return JSONObject(members)
            }
            throw error("expected ',' or '}' after the member \"\(key)\", found \(found)")
        }
    }

    mutating func array(depth: Int) throws(JSONParseError) -> [JSONValue] {
        if depth > Cursor.maximumDepth { throw error("nested deeper than \(Cursor.maximumDepth) levels") }
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return items
        }
        // Room for a coordinate pair or a short list without regrowing; an empty list allocates nothing.
        items.reserveCapacity(4)
        while true {
            skipSpace()
            items.append(try value(depth: depth))
            skipSpace()
            guard index < bytes.count else { throw error("expected ',' or ']' in a list, found \(found)") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return items
            }
            throw error("expected ',' or ']' in a list, found \(found)")
        }
    }

    /// A string without escapes (the cursor on its opening quote), as the bytes between its quotes (most
    /// names); nil, the cursor unmoved, when it has one.
    @inline(__always) mutating func plainKey() -> UnsafeBufferPointer<UInt8>? {
        let end = stringStop(from: index + 1)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        let key = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
        index = end + 1
        return key
    }

    /// The first byte from `start` that ends a string's plain run — a quote, a backslash or a control
    /// character — or `bytes.count`. Eight bytes a step: ids, dates and names are mostly plain runs.
    @inline(__always) func stringStop(from start: Int) -> Int {
        var position = start
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while position + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                // A byte equal to 0 after the XOR (a quote, a backslash), or below 0x20, sets its high bit;
                // the lowest set bit is always a true one (borrows only run upwards).
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let found =
                    ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- ones &* 0x20) & ~word)
                    & highs
                if found != 0 { return position + found.trailingZeroBitCount / 8 }
                position += 8
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return position }
            position += 1
        }
        return position
    }

    mutating func string() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        index = stringStop(from: start)
        if index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte < 0x20 { throw error("control character inside a string (escape it)") }
        }
        var scratch = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte < 0x20 { throw error("control character inside a string (escape it)") }
            if byte != UInt8(ascii: "\\") {
                scratch.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\"),
                        bytes[index + 2] == UInt8(ascii: "u")
                    else { throw error("unpaired surrogate in a \\u escape") }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw error("unpaired surrogate in a \\u escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                scratch.append(contentsOf: String(Character(unicode)).utf8)
            default:
                throw error("unknown escape '\\\(Character(Unicode.Scalar(bytes[index])))' in a string")
            }
            index += 1
        }
        throw error("unterminated string")
    }

    /// Reads the four hex digits after `\u`; leaves `index` on the last digit.
    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 < bytes.count else { throw error("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for offset in 1...4 {
            let byte = bytes[index + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default:
                index += offset
                throw error("expected four hex digits after \\u")
            }
            value = value << 4 | digit
        }
        index += 4
        return value
    }

    mutating func number() throws(JSONParseError) -> Double {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            throw error("expected a digit in a number, found \(found)")
        }
        var integer: UInt64 = 0
        var digits = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            digits = 1
        } else {
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                integer = integer &* 10 &+ UInt64(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
        }
        var isInteger = digits <= 15
        // A short decimal fraction (coordinates, `139.155`) is exact as digits / 10^n: both are exact
        // doubles when the digits fit in 15 and n ≤ 22, and one division rounds correctly.
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
                throw error("expected a digit after the decimal point, found \(found)")
            }
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                integer = integer &* 10 &+ UInt64(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                fractionDigits += 1
                index += 1
            }
        }
        let isShortDecimal = fractionDigits > 0 && digits <= 15 && fractionDigits <= 22
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
                throw error("expected a digit in the exponent, found \(found)")
            }
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
        if isInteger {
            let value = Double(integer)
            return negative ? -value : value
        }
        if isShortDecimal, index == start + (negative ? 1 : 0) + digits + 1 {
            let value = Double(integer) / Cursor.powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw error("malformed number '\(text)'") }
        return value
    }
}

/// The strings of one document that repeat — member names, an NGSI page's entity and attribute types —
/// made once per distinct byte sequence and shared after (a page of 2,500 entities makes its names once,
/// not 17,500 times). A small table keyed by the length and the first and last two bytes; each key has
/// two slots, so two names that meet on a key do not push each other out entry after entry.
struct NameTable {
    /// The bytes and their strings in two arrays: looking at a slot's bytes then copies no string (a
    /// struct of both was copied whole, a retain and a release, on every look). Empty bytes mark a free
    /// slot (the empty string never lands here).
    private static let size = 128
    private var keys: [UnsafeBufferPointer<UInt8>] = []
    private var strings: [String] = []

    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = bytes.count
        guard count >= 2, count <= 64 else { return String(decoding: bytes, as: UTF8.self) }
        // Made on the first name: a document without objects allocates nothing.
        if keys.isEmpty {
            keys = Array(repeating: UnsafeBufferPointer(start: nil, count: 0), count: Self.size)
            strings = Array(repeating: "", count: Self.size)
        }
        var key = UInt(count)
        key = key &* 31 &+ UInt(bytes[0])
        key = key &* 31 &+ UInt(bytes[1])
        key = key &* 31 &+ UInt(bytes[count - 2])
        key = key &* 31 &+ UInt(bytes[count - 1])
        let slot = Int(truncatingIfNeeded: (key ^ (key >> 7)) & UInt(Self.size - 2))
        if keys[slot].count == count, Self.equal(keys[slot], bytes) { return strings[slot] }
        if keys[slot + 1].count == count, Self.equal(keys[slot + 1], bytes) { return strings[slot + 1] }
        let string = String(decoding: bytes, as: UTF8.self)
        // The second slot takes the newcomer while it is free; after that the first one turns over.
        let chosen = keys[slot + 1].count == 0 && keys[slot].count != 0 ? slot + 1 : slot
        keys[chosen] = bytes
        strings[chosen] = string
        return string
    }

    /// Two runs of the same length, compared eight bytes a step (the last step overlapping the one before).
    @inline(__always) private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        guard let x = a.baseAddress, let y = b.baseAddress else { return a.count == b.count }
        if x == y { return true }
        let count = a.count
        guard count >= 8 else {
            for offset in 0..<count where x[offset] != y[offset] { return false }
            return true
        }
        var offset = 0
        while offset < count - 8 {
            if word(x + offset) != word(y + offset) { return false }
            offset += 8
        }
        return word(x + count - 8) == word(y + count - 8)
    }

    @inline(__always) private static func word(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
    }
}
