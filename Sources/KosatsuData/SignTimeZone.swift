public import Foundation

/// The civil time of the place a sign stands: its UTC offsets, read from the system's time-zone
/// database (`/usr/share/zoneinfo`, TZif files) by the sign itself.
///
/// Foundation's named `TimeZone` answers through ICU, whose data and code are a few megabytes of the
/// sign's memory for one number a minute; the sign needs only the offset at an instant and the
/// calendar day around it. `Asia/Tokyo` is known without the database (UTC+9, unchanged since 1951).
public struct SignTimeZone: Sendable, Hashable {
    public let identifier: String
    /// Instants (seconds since 1970, UTC) at which the offset changes, ascending, and the offset from each.
    private let transitions: [Int64]
    private let offsets: [Int32]
    /// The offset before the first transition.
    private let initialOffset: Int32
    /// The offset after the last transition: the TZif footer's rule, or the last offset when it has none.
    private let rule: DaylightRule?

    /// The sign's default zone.
    public static let tokyo =
        SignTimeZone(identifier: "Asia/Tokyo") ?? SignTimeZone(identifier: "Asia/Tokyo", fixed: 9 * 3600)

    /// Universal time.
    public static let utc = SignTimeZone(identifier: "UTC", fixed: 0)

    public static let databaseDirectory = "/usr/share/zoneinfo"

    /// A named zone of the system's database; nil when the name is not one (or the file is not TZif).
    public init?(identifier: String, database: String = SignTimeZone.databaseDirectory) {
        guard Self.isPlausibleName(identifier),
            let data = FileManager.default.contents(atPath: database + "/" + identifier),
            let table = TZifTable(data)
        else { return nil }
        self.identifier = identifier
        transitions = table.transitions
        offsets = table.offsets
        initialOffset = table.initialOffset
        rule = table.footer.flatMap(DaylightRule.init(posix:))
    }

    /// What a layout or configuration that names an unknown zone is told.
    public static func unknown(_ name: String) -> String {
        "unknown time zone '\(name)': no such zone in \(databaseDirectory) (expected a name like Asia/Tokyo; "
            + "the package tzdata installs them)"
    }

    /// A zone whose offset never changes.
    public init(identifier: String, fixed secondsFromGMT: Int) {
        self.identifier = identifier
        transitions = []
        offsets = []
        initialOffset = Int32(clamping: secondsFromGMT)
        rule = nil
    }

    /// Seconds east of UTC at `date`.
    public func secondsFromGMT(for date: Date) -> Int {
        let instant = Int64(date.wholeSecondsSince1970)
        guard let last = transitions.last else { return Int(initialOffset) }
        if instant >= last, let rule { return rule.offset(at: instant) }
        // The last transition at or before the instant.
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return Int(low == 0 ? initialOffset : offsets[low - 1])
    }

    /// The wall-clock reading at `date`.
    public func civil(_ date: Date) -> CivilTime {
        let local = date.wholeSecondsSince1970 + secondsFromGMT(for: date)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let (year, month, day) = ISO8601.civil(days: days)
        // 1970-01-01 was a Thursday; weekday 1 is Sunday, as Calendar numbers them.
        let weekday = ((days + 4) % 7 + 7) % 7 + 1
        return CivilTime(
            year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60, weekday: weekday)
    }

    /// The first instant of the civil day that holds `date`.
    public func startOfDay(for date: Date) -> Date {
        let day = civil(date)
        let midnight = Int64(ISO8601.days(year: day.year, month: day.month, day: day.day)) * 86_400
        // The offset at local midnight is the offset an hour or so around it; try the offsets on both sides.
        for guess in [midnight - Int64(secondsFromGMT(for: date)), midnight - Int64(initialOffset)] {
            let offset = Int64(secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess))))
            let candidate = midnight - offset
            if Int64(secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate)))) == offset {
                return Date(timeIntervalSince1970: Double(candidate))
            }
        }
        // Midnight fell in a gap (clocks moved forward over it): the day starts at the change.
        let latest = midnight - Int64(secondsFromGMT(for: date))
        let change = transitions.last { $0 <= latest + 86_400 && $0 >= latest - 86_400 } ?? latest
        return Date(timeIntervalSince1970: Double(change))
    }

    /// Foundation's zone of the same name, for what only Foundation formats (a layout's own date pattern).
    public var foundation: TimeZone {
        TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: Int(initialOffset)) ?? TimeZone(secondsFromGMT: 0)!
    }

    private static func isPlausibleName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.split(separator: "/").contains("..")
            && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}

extension Date {
    /// Whole seconds since 1970, within ±100,000 years (a date out of any calendar's range, or not a
    /// number at all, must not trap the sign that formats it).
    var wholeSecondsSince1970: Int {
        let seconds = timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return 0 }
        return Int(min(max(seconds, -3_155_760_000_000), 3_155_760_000_000))
    }
}

/// A wall-clock reading: the Gregorian date, the time of day, and the weekday (1 Sunday … 7 Saturday).
public struct CivilTime: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var weekday: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.weekday) = (hour, minute, second, weekday)
    }
}

/// The part of a TZif file (RFC 8536) a sign needs: the transitions and their UT offsets, and the footer.
private struct TZifTable {
    var transitions: [Int64] = []
    var offsets: [Int32] = []
    var initialOffset: Int32 = 0
    var footer: String?

    init?(_ data: Data) {
        let bytes = [UInt8](data)
        guard bytes.count >= 44, bytes[0..<4].elementsEqual("TZif".utf8) else { return nil }
        func count(_ at: Int, _ field: Int) -> Int? {
            let start = at + 20 + field * 4
            guard start + 4 <= bytes.count else { return nil }
            return bytes[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        func block(at: Int, timeSize: Int) -> (size: Int, counts: [Int])? {
            guard let isUT = count(at, 0), let isStd = count(at, 1), let leaps = count(at, 2),
                let times = count(at, 3), let types = count(at, 4), let chars = count(at, 5), types > 0
            else { return nil }
            let size = times * timeSize + times + types * 6 + chars + leaps * (timeSize + 4) + isStd + isUT
            return (44 + size, [times, types])
        }
        guard var (size, counts) = block(at: 0, timeSize: 4) else { return nil }
        var start = 44
        var timeSize = 4
        // Version 2 and later repeat the data with 64-bit times after the first block, then a footer.
        if bytes[4] >= UInt8(ascii: "2") {
            guard let second = block(at: size, timeSize: 8) else { return nil }
            start = size + 44
            (size, counts) = (size + second.size, second.counts)
            timeSize = 8
            if let open = bytes[size...].firstIndex(of: 0x0A),
                let close = bytes[(open + 1)...].firstIndex(of: 0x0A)
            {
                footer = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
            }
        }
        let (times, types) = (counts[0], counts[1])
        guard start + times * (timeSize + 1) + types * 6 <= bytes.count else { return nil }
        func integer(_ at: Int, _ width: Int) -> Int64 {
            let value = bytes[at..<at + width].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return width == 8 ? Int64(bitPattern: value) : Int64(Int32(bitPattern: UInt32(value)))
        }
        let typeStart = start + times * timeSize + times
        func offset(ofType type: Int) -> Int32? {
            guard type < types else { return nil }
            return Int32(integer(typeStart + type * 6, 4))
        }
        for index in 0..<times {
            guard let offset = offset(ofType: Int(bytes[start + times * timeSize + index])) else { return nil }
            transitions.append(integer(start + index * timeSize, timeSize))
            offsets.append(offset)
        }
        guard let first = offset(ofType: 0) else { return nil }
        initialOffset = first
        if footer == "" { footer = nil }
    }
}

/// A POSIX TZ rule (`JST-9`, `CET-1CEST,M3.5.0,M10.5.0/3`): the offset after a TZif file's last transition.
private struct DaylightRule: Hashable {
    var standard: Int
    var daylight: Int?
    var start: Change?
    var end: Change?

    /// `Mm.w.d` (the d'th weekday of week w of month m, 5 the last) or `Jn`/`n` (a day of the year), at a local time.
    struct Change: Hashable {
        enum Day: Hashable {
            case monthWeekDay(month: Int, week: Int, weekday: Int)
            case julian(Int)  // 1…365, 29 February never counted
            case zeroBased(Int)  // 0…365
        }
        var day: Day
        var time: Int = 7200

        /// The instant (UTC) of the change in `year`, for a clock running at `offset` before it.
        func instant(year: Int, offset: Int) -> Int64 {
            let first = ISO8601.days(year: year, month: 1, day: 1)
            var days: Int
            switch day {
            case .julian(let number):
                days = first + number - 1
                if ISO8601.daysIn(month: 2, year: year) == 29, number >= 60 { days += 1 }
            case .zeroBased(let number):
                days = first + number
            case .monthWeekDay(let month, let week, let weekday):
                let monthStart = ISO8601.days(year: year, month: month, day: 1)
                let firstWeekday = ((monthStart + 4) % 7 + 7) % 7
                days = monthStart + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
                let monthEnd = monthStart + ISO8601.daysIn(month: month, year: year)
                while days >= monthEnd { days -= 7 }
            }
            return Int64(days) * 86_400 + Int64(time) - Int64(offset)
        }
    }

    init?(posix text: String) {
        var reader = Substring(text)
        guard Self.name(&reader), let standard = Self.offset(&reader) else { return nil }
        self.standard = -standard
        guard !reader.isEmpty else { return }
        guard Self.name(&reader) else { return nil }
        daylight = reader.first == "," || reader.isEmpty ? self.standard + 3600 : Self.offset(&reader).map { -$0 }
        guard daylight != nil else { return nil }
        guard reader.first == "," else { return nil }
        reader.removeFirst()
        guard let start = Self.change(&reader), reader.first == "," else { return nil }
        reader.removeFirst()
        guard let end = Self.change(&reader), reader.isEmpty else { return nil }
        (self.start, self.end) = (start, end)
    }

    func offset(at instant: Int64) -> Int {
        guard let daylight, let start, let end else { return standard }
        let year = ISO8601.civil(days: Int((instant + Int64(standard)) / 86_400)).year
        for candidate in [year - 1, year, year + 1].reversed() {
            let begins = start.instant(year: candidate, offset: standard)
            let ends = end.instant(year: candidate, offset: daylight)
            // Northern rules start before they end within a year; southern ones (Australia) the reverse.
            if begins < ends {
                if instant >= begins && instant < ends { return daylight }
                if instant >= ends { return standard }
            } else {
                if instant >= begins { return daylight }
                if instant >= ends { return standard }
            }
        }
        return standard
    }

    private static func name(_ reader: inout Substring) -> Bool {
        if reader.first == "<" {
            guard let close = reader.firstIndex(of: ">") else { return false }
            reader = reader[reader.index(after: close)...]
            return true
        }
        let letters = reader.prefix { $0.isLetter }
        guard letters.count >= 3 else { return false }
        reader = reader.dropFirst(letters.count)
        return true
    }

    /// `[+-]hh[:mm[:ss]]` in seconds (POSIX: positive west of Greenwich).
    private static func offset(_ reader: inout Substring) -> Int? {
        var sign = 1
        if reader.first == "+" || reader.first == "-" {
            sign = reader.removeFirst() == "-" ? -1 : 1
        }
        var total = 0
        for (index, scale) in [3600, 60, 1].enumerated() {
            if index > 0 {
                guard reader.first == ":" else { break }
                reader.removeFirst()
            }
            let digits = reader.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Int(digits) else { return nil }
            reader = reader.dropFirst(digits.count)
            total += value * scale
        }
        return sign * total
    }

    private static func change(_ reader: inout Substring) -> Change? {
        var change: Change
        if reader.first == "M" {
            reader.removeFirst()
            let parts = reader.prefix { $0 != "/" && $0 != "," }
            reader = reader.dropFirst(parts.count)
            let numbers = parts.split(separator: ".").compactMap { Int($0) }
            guard numbers.count == 3, (1...12).contains(numbers[0]), (1...5).contains(numbers[1]),
                (0...6).contains(numbers[2])
            else { return nil }
            change = Change(day: .monthWeekDay(month: numbers[0], week: numbers[1], weekday: numbers[2]))
        } else {
            let julian = reader.first == "J"
            if julian { reader.removeFirst() }
            let digits = reader.prefix { $0.isASCII && $0.isNumber }
            guard let number = Int(digits) else { return nil }
            reader = reader.dropFirst(digits.count)
            change = Change(day: julian ? .julian(number) : .zeroBased(number))
        }
        if reader.first == "/" {
            reader.removeFirst()
            guard let time = offset(&reader) else { return nil }
            change.time = time
        }
        return change
    }
}
