internal import Foundation
internal import KosatsuData
internal import Synchronization

/// How a clock box shows the time.
enum ClockFormat: Sendable, Hashable {
    /// 2026年11月23日(月)
    case date
    /// 14:05
    case time
    /// 2026年11月23日(月) 14:05
    case datetime
    /// 令和8年11月23日(月)
    case wareki
    /// 11月23日(月)
    case shortDate
    /// A Unicode date pattern (`H:mm`, `M月d日`).
    case pattern(String)

    static let named: [String: ClockFormat] = [
        "date": .date, "time": .time, "datetime": .datetime, "wareki": .wareki, "short-date": .shortDate,
    ]
}

/// Formats times for a sign in its time zone and language.
///
/// The named formats are written from the zone's civil time (no ICU); a layout's own pattern goes to ICU.
/// Building an ICU date formatter costs more than drawing half a board, and a scene is evaluated
/// for every frame, so those formatters are made once per process and shared (behind a lock: a
/// `DateFormatter` is not safe to use from two threads at once).
struct ClockText {
    let timeZone: SignTimeZone
    let language: Language

    private struct Key: Hashable {
        var timeZone: String
        var language: Language
        var format: ClockFormat
    }
    private static let formatters = Mutex<[Key: DateFormatter]>([:])

    init(timeZone: SignTimeZone, language: Language) {
        self.timeZone = timeZone
        self.language = language
    }

    func format(_ date: Date, _ format: ClockFormat) -> String {
        ownWords(date, format) ?? formatterText(date, format)
    }

    /// The named formats from the calendar's numbers and the words below, as ICU writes them (a test
    /// holds them to it): a first ICU date formatter costs a render 4 MB and several milliseconds.
    /// Nil for a pattern of the layout's own and for 和暦 before 大正.
    func ownWords(_ date: Date, _ format: ClockFormat) -> String? {
        let parts = timeZone.civil(date)
        let (year, month, day, hour, minute, weekday) = (
            parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.weekday
        )
        let time = "\(hour):\(minute < 10 ? "0" : "")\(minute)"
        let weekdayIndex = weekday - 1
        switch (format, language) {
        case (.pattern, _): return nil
        case (.time, _): return time
        case (.date, .ja), (.datetime, .ja), (.shortDate, .ja), (.wareki, .ja):
            let weekdayWord = "(\(Self.japaneseWeekdays[weekdayIndex]))"
            let monthDay = "\(month)月\(day)日" + weekdayWord
            switch format {
            case .date: return "\(year)年" + monthDay
            case .datetime: return "\(year)年" + monthDay + " " + time
            case .wareki:
                guard let (era, eraYear) = Self.era(year: year, month: month, day: day) else { return nil }
                return "\(era)\(eraYear == 1 ? "元" : String(eraYear))年" + monthDay
            default: return monthDay
            }
        case (_, .en):
            let dayMonth = "\(Self.englishWeekdays[weekdayIndex]) \(day) \(Self.englishMonths[month - 1])"
            switch format {
            case .datetime: return dayMonth + " \(year) " + time
            case .shortDate: return dayMonth
            default: return dayMonth + " \(year)"
            }
        case (_, .zhHans), (_, .zhHant):
            let weekdayWord = (language == .zhHans ? "周" : "週") + Self.chineseWeekdays[weekdayIndex]
            let monthDay = "\(month)月\(day)日 " + weekdayWord
            switch format {
            case .datetime: return "\(year)年" + monthDay + " " + time
            case .shortDate: return monthDay
            default: return "\(year)年" + monthDay
            }
        case (_, .ko):
            let monthDay = "\(month)월 \(day)일 (\(Self.koreanWeekdays[weekdayIndex]))"
            switch format {
            case .datetime: return "\(year)년 " + monthDay + " " + time
            case .shortDate: return monthDay
            default: return "\(year)년 " + monthDay
            }
        }
    }

    private static let japaneseWeekdays = ["日", "月", "火", "水", "木", "金", "土"]
    private static let englishWeekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    private static let chineseWeekdays = ["日", "一", "二", "三", "四", "五", "六"]
    private static let koreanWeekdays = ["일", "월", "화", "수", "목", "금", "토"]

    /// The Japanese era of a (Gregorian) day and the year within it, from 大正 on.
    static func era(year: Int, month: Int, day: Int) -> (String, Int)? {
        let eras: [(start: (Int, Int, Int), name: String)] = [
            ((2019, 5, 1), "令和"), ((1989, 1, 8), "平成"), ((1926, 12, 25), "昭和"), ((1912, 7, 30), "大正"),
        ]
        for era in eras where (year, month, day) >= era.start { return (era.name, year - era.start.0 + 1) }
        return nil
    }

    /// ICU's answer (a layout's own pattern; the oracle of the named formats' test).
    func formatterText(_ date: Date, _ format: ClockFormat) -> String {
        let key = Key(timeZone: timeZone.identifier, language: language, format: format)
        return Self.formatters.withLock { formatters in
            if let cached = formatters[key] { return cached.string(from: date) }
            let formatter = makeFormatter(for: format)
            formatters[key] = formatter
            return formatter.string(from: date)
        }
    }

    private func makeFormatter(for format: ClockFormat) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone.foundation
        formatter.locale = Locale(identifier: localeIdentifier)
        formatter.calendar = Calendar(identifier: .gregorian)
        if format == .wareki, language == .ja {
            formatter.locale = Locale(identifier: "ja_JP@calendar=japanese")
            formatter.calendar = Calendar(identifier: .japanese)
        }
        formatter.dateFormat = pattern(for: format)
        return formatter
    }

    private var localeIdentifier: String {
        switch language {
        case .ja: "ja_JP"
        case .en: "en_GB"
        case .zhHans: "zh_Hans_CN"
        case .zhHant: "zh_Hant_TW"
        case .ko: "ko_KR"
        }
    }

    private func pattern(for format: ClockFormat) -> String {
        switch (format, language) {
        case (.pattern(let pattern), _): pattern
        case (.time, _): "H:mm"
        case (.date, .ja): "y年M月d日(E)"
        case (.wareki, .ja): "Gy年M月d日(E)"
        case (.datetime, .ja): "y年M月d日(E) H:mm"
        case (.shortDate, .ja): "M月d日(E)"
        case (.date, .en), (.wareki, .en): "EEE d MMM y"
        case (.datetime, .en): "EEE d MMM y H:mm"
        case (.shortDate, .en): "EEE d MMM"
        case (.date, .zhHans), (.wareki, .zhHans), (.date, .zhHant), (.wareki, .zhHant): "y年M月d日 EEE"
        case (.datetime, .zhHans), (.datetime, .zhHant): "y年M月d日 EEE H:mm"
        case (.shortDate, .zhHans), (.shortDate, .zhHant): "M月d日 EEE"
        case (.date, .ko), (.wareki, .ko): "y년 M월 d일 (E)"
        case (.datetime, .ko): "y년 M월 d일 (E) H:mm"
        case (.shortDate, .ko): "M월 d일 (E)"
        }
    }
}
