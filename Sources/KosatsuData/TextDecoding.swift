/// Orion forbids `< > " ' = ; ( )` in plain text, so providers percent-encode it.
public enum TextDecoding {
    /// Decodes `%XX` sequences when the text has any and they form valid UTF-8; otherwise
    /// returns the text unchanged (a literal "100%" stays as is).
    public static func percentDecoded(_ text: String) -> String {
        guard text.containsUTF8(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        var decodedAny = false
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2, let high = hex(iterator[iterator.startIndex]),
                let low = hex(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
                decodedAny = true
            } else {
                bytes.append(byte)
            }
        }
        guard decodedAny, let decoded = String(validating: bytes, as: UTF8.self) else { return text }
        return decoded
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    /// Whether the text's UTF-8 holds `byte`: a scan of its contiguous bytes, several times cheaper
    /// than `utf8.contains` on the mapper's hot path.
    package func containsUTF8(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }
}
