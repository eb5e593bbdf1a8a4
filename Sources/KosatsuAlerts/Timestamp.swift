import Foundation

/// Reads the ISO 8601 date-times used by JMA, CAP and NGSI: `2021-02-16T16:10:00+09:00`,
/// `2016-07-15T07:08:44Z`, `2017-01-02T09:25:55.00Z`, and `2019-06-06T12:06:06` (no zone: UTC).
///
/// Written by hand rather than with a formatter so that it is `Sendable`, strict and the same on
/// every platform.
enum Timestamp {
    static func parse(_ text: String) -> Date? {
        let chars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        var index = 0

        func number(_ digits: Int) -> Int? {
            guard index + digits <= chars.count else { return nil }
            var value = 0
            for byte in chars[index..<(index + digits)] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func expect(_ ascii: Unicode.Scalar) -> Bool {
            guard index < chars.count, chars[index] == UInt8(ascii: ascii) else { return false }
            index += 1
            return true
        }

        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            index < chars.count, chars[index] == UInt8(ascii: "T") || chars[index] == UInt8(ascii: " ")
        else { return nil }
        index += 1
        guard let hour = number(2), expect(":"), let minute = number(2) else { return nil }
        var second = 0
        var fraction = 0.0
        if expect(":") {
            guard let whole = number(2) else { return nil }
            second = whole
            if expect(".") || expect(",") {
                var scale = 0.1
                var sawDigit = false
                while index < chars.count, chars[index] >= 0x30 && chars[index] <= 0x39 {
                    fraction += Double(chars[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                    sawDigit = true
                }
                guard sawDigit else { return nil }
            }
        }
        var offsetSeconds = 0
        if index < chars.count {
            if expect("Z") || expect("z") {
                offsetSeconds = 0
            } else {
                let sign: Int
                if expect("+") {
                    sign = 1
                } else if expect("-") {
                    sign = -1
                } else {
                    return nil
                }
                guard let offsetHours = number(2) else { return nil }
                _ = expect(":")
                let offsetMinutes = number(2) ?? 0
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            }
        }
        guard index == chars.count, (1...12).contains(month), (1...31).contains(day), hour <= 24, minute < 60,
            second <= 60
        else { return nil }

        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        guard let local = utcCalendar.date(from: components) else { return nil }
        return local.addingTimeInterval(fraction - TimeInterval(offsetSeconds))
    }

    fileprivate static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()
}

extension Timestamp {
    /// `2021-02-16T07:10:00Z`: UTC, whole seconds (fractions are kept only when present).
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        var text =
            "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):"
            + two(parts.second)
        let fraction = seconds - whole
        if fraction >= 0.001 {
            let millis = Int((fraction * 1000).rounded())
            text += "." + String(String(millis + 1000).dropFirst())
        }
        return text + "Z"
    }

    static var utc: Calendar { utcCalendar }
}
