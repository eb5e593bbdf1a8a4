public import Foundation

/// The one reader of ISO 8601 date-times, for every format the sign meets: JMA and CAP
/// (`2021-02-16T16:10:00+09:00`, `…T16:10+09`), NGSI (`2017-01-02T09:25:55.00Z`, and `2018-08-07T11:10:00`
/// without a zone, which Orion means as UTC), snapshot files, `--at` and the simulator's queries.
///
/// Written by hand rather than with a formatter so that it is `Sendable`, strict, the same on every
/// platform, and cheap enough for a page of a thousand entities.
public enum ISO8601 {
    /// What a date-time written without a zone means.
    public enum MissingZone: Sendable {
        /// Not a date-time: the writer must say which zone (snapshot files, `--at`).
        case reject
        /// Universal time (JMA, CAP and NGSI feeds write it so).
        case utc
    }

    /// The instant, or nil when `text` (surrounding whitespace aside) is not
    /// `YYYY-MM-DD(T| )hh:mm[:ss[(.|,)fraction]][Z|±hh[[:]mm]]`.
    public static func parse(_ text: String, missingZone: MissingZone = .reject) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0, missingZone: missingZone) }
    }

    /// How many digits of a second's fraction `format` writes.
    public enum Fraction: Sendable {
        /// Milliseconds when there are some (`07:10:00Z`, `07:10:00.250Z`).
        case whenPresent
        /// Always milliseconds (`07:10:00.000Z`), as Orion and `ISO8601FormatStyle(includingFractionalSeconds:)` write.
        case always
        /// Whole seconds, as `JSONEncoder`'s `.iso8601` writes.
        case never
    }

    /// The one writer: `2021-02-16T07:10:00Z` in UTC, `2021-02-16T16:10:00+09:00` in a zone's wall clock.
    /// (Foundation's ISO 8601 styles look up the process's own zone through ICU the first time they are made.)
    public static func format(_ date: Date, in zone: SignTimeZone = .utc, fraction: Fraction = .whenPresent) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let total = date.wholeSecondsSince1970 + offset
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let (year, month, day) = civil(days: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text =
            "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):"
            + two(secondOfDay % 60)
        let millis = whole.isFinite ? min(Int((seconds - whole) * 1000 + 0.5), 999) : 0
        if fraction == .always || (fraction == .whenPresent && millis > 0) {
            text += "." + String(String(millis + 1000).dropFirst())
        }
        guard offset != 0 else { return text + "Z" }
        let minutes = abs(offset) / 60
        return text + (offset < 0 ? "-" : "+") + two(minutes / 60) + ":" + two(minutes % 60)
    }

    /// `JSONEncoder`'s `.iso8601`, written by the one writer (whole seconds, UTC).
    public static let encodingStrategy = JSONEncoder.DateEncodingStrategy.custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(format(date, fraction: .never))
    }

    /// `JSONDecoder`'s `.iso8601`, read by the one reader (a zone required; fractions allowed).
    public static let decodingStrategy = JSONDecoder.DateDecodingStrategy.custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an ISO 8601 date-time with a zone, found '\(text)'")
        }
        return date
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, missingZone: MissingZone) -> Date? {
        var text = Reading(bytes: bytes)
        guard let year = text.number(4), text.expect("-"), let month = text.number(2), text.expect("-"),
            let day = text.number(2), text.expect("T") || text.expect(" "), let hour = text.number(2),
            text.expect(":"), let minute = text.number(2)
        else { return nil }
        var second = 0
        var fraction = 0.0
        if text.expect(":") {
            guard let whole = text.number(2) else { return nil }
            second = whole
            if text.expect(".") || text.expect(",") {
                var scale = 0.1
                let start = text.index
                while let digit = text.digit() {
                    fraction += Double(digit) * scale
                    scale /= 10
                }
                guard text.index > start else { return nil }
            }
        }
        var offset = 0
        if text.expect("Z") || text.expect("z") {
            offset = 0
        } else if let sign = text.sign() {
            guard let hours = text.number(2), hours <= 23 else { return nil }
            var minutes = 0
            if text.expect(":") {
                guard let value = text.number(2) else { return nil }
                minutes = value
            } else if let value = text.number(2) {
                minutes = value
            }
            guard minutes <= 59 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else if missingZone == .reject {
            return nil
        }
        guard text.index == text.end, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour <= 24, minute <= 59, second <= 60
        else { return nil }
        let seconds = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// A cursor over the text between its surrounding spaces. A struct of its own rather than nested
    /// functions over local variables: those cost a runtime exclusivity check on every call, a third of
    /// a date's reading.
    private struct Reading {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var end: Int

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            end = bytes.count
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            while end > index, Self.isSpace(bytes[end - 1]) { end -= 1 }
        }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        /// Exactly `count` digits as a number; the cursor unmoved when they are not there.
        mutating func number(_ count: Int) -> Int? {
            guard index + count <= end else { return nil }
            var value = 0
            for position in index..<(index + count) {
                let byte = bytes[position]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }

        mutating func digit() -> Int? {
            guard index < end, bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return nil }
            index += 1
            return Int(bytes[index - 1] - 0x30)
        }

        mutating func expect(_ ascii: Unicode.Scalar) -> Bool {
            guard index < end, bytes[index] == UInt8(ascii: ascii) else { return false }
            index += 1
            return true
        }

        /// +1 or -1 past a zone's sign, nil (unmoved) when there is none.
        mutating func sign() -> Int? {
            guard index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else {
                return nil
            }
            index += 1
            return bytes[index - 1] == UInt8(ascii: "-") ? -1 : 1
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Days since 1970-01-01 and back, proleptic Gregorian (after H. Hinnant's civil-date algorithms).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
