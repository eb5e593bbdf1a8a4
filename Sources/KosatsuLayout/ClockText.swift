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
/// Building an ICU date formatter costs more than drawing half a board, and a scene is evaluated
/// for every frame, so the formatters are made once per process and shared (behind a lock: a
/// `DateFormatter` is not safe to use from two threads at once).
struct ClockText {
    let timeZone: TimeZone
    let language: Language

    private struct Key: Hashable {
        var timeZone: String
        var language: Language
        var format: ClockFormat
    }
    private static let formatters = Mutex<[Key: DateFormatter]>([:])

    init(timeZone: TimeZone, language: Language) {
        self.timeZone = timeZone
        self.language = language
    }

    func format(_ date: Date, _ format: ClockFormat) -> String {
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
        formatter.timeZone = timeZone
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
