public import Foundation

/// A fast reader for the ISO 8601 instants brokers send (`2026-11-23T05:04:00Z`,
/// `…T14:04:00.250+09:00`, `…T05:04:00` taken as UTC). Foundation's parser costs microseconds
/// per call, which a page of a thousand entities notices.
public enum InstantParser {
    /// The instant, or nil when the text is not in that shape (callers then try Foundation).
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            let count = bytes.count
            guard count >= 19 else { return nil }
            func digits(_ start: Int, _ length: Int) -> Int? {
                var value = 0
                for index in start..<(start + length) {
                    let byte = bytes[index]
                    guard byte >= 0x30 && byte <= 0x39 else { return nil }
                    value = value * 10 + Int(byte - 0x30)
                }
                return value
            }
            guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
                bytes[16] == UInt8(ascii: ":"), let year = digits(0, 4), let month = digits(5, 2),
                let day = digits(8, 2), let hour = digits(11, 2), let minute = digits(14, 2),
                let second = digits(17, 2), (1...12).contains(month), (1...31).contains(day), hour <= 24,
                minute <= 59, second <= 60
            else { return nil }
            var index = 19
            var fraction = 0.0
            if index < count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                var scale = 0.1
                let start = index
                while index < count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                    fraction += Double(bytes[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
            var offset = 0
            if index < count {
                switch bytes[index] {
                case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                    index += 1
                case UInt8(ascii: "+"), UInt8(ascii: "-"):
                    let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                    index += 1
                    guard index + 2 <= count, let hours = digits(index, 2) else { return nil }
                    index += 2
                    var minutes = 0
                    if index < count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                    if index + 2 <= count, let value = digits(index, 2) {
                        minutes = value
                        index += 2
                    }
                    guard hours <= 23, minutes <= 59 else { return nil }
                    offset = sign * (hours * 3600 + minutes * 60)
                default:
                    return nil
                }
            }
            guard index == count else { return nil }
            // Days from the civil date (H. Hinnant's algorithm), proleptic Gregorian.
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: Double(seconds) + fraction)
        }
    }
}
