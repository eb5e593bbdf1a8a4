import Foundation
import KosatsuData
import Testing

@testable import KosatsuLayout

/// The clock's named formats, written from the sign's own zone reading without ICU, say exactly what ICU's
/// date formatter (with Foundation's zone of the same name) says.
struct ClockTextTests {
    static let formats: [ClockFormat] = [.date, .time, .datetime, .wareki, .shortDate]

    /// Every day of 2026 and 2027 at a changing hour, every month and weekday, the era changes, and
    /// the small hours around midnight, in two time zones.
    static let dates: [Date] = {
        let start = ISO8601.parse("2026-01-01T00:07:00+09:00")!
        var dates = (0..<730).map { start.addingTimeInterval(Double($0) * 86_400 + Double($0 % 24) * 3_600 + 53) }
        for text in [
            "2019-04-30T23:59:00+09:00", "2019-05-01T00:00:00+09:00", "1989-01-07T12:00:00+09:00",
            "1989-01-08T00:00:00+09:00", "1926-12-25T09:00:00+09:00", "1912-07-30T10:00:00+09:00",
            "2000-02-29T23:09:00+09:00", "2099-12-31T23:59:00+09:00",
        ] {
            dates.append(ISO8601.parse(text)!)
        }
        return dates
    }()

    @Test(arguments: ["Asia/Tokyo", "America/New_York"])
    func theNamedFormatsSayWhatICUSays(zone: String) throws {
        let timeZone = try #require(SignTimeZone(identifier: zone))
        var differences: [String] = []
        for language in Language.allCases {
            let clock = ClockText(timeZone: timeZone, language: language)
            for format in Self.formats {
                for date in Self.dates {
                    guard let own = clock.ownWords(date, format) else {
                        // Only 和暦 before 大正 (1912-07-30 in Tokyo is still 明治 in New York) is left to ICU.
                        #expect(format == .wareki && date < ISO8601.parse("1912-07-31T00:00:00Z")!, "\(date)")
                        continue
                    }
                    let icu = clock.formatterText(date, format)
                    if own != icu { differences.append("\(language) \(format) \(date): \(own) ≠ \(icu)") }
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    @Test func aPatternOfTheLayoutsOwnIsICUs() {
        let clock = ClockText(timeZone: .tokyo, language: .ja)
        let date = ISO8601.parse("2026-11-23T14:05:00+09:00")!
        #expect(clock.ownWords(date, .pattern("M/d H:mm")) == nil)
        #expect(clock.format(date, .pattern("M/d H:mm")) == "11/23 14:05")
        #expect(clock.format(date, .wareki) == "令和8年11月23日(月)")
    }
}
