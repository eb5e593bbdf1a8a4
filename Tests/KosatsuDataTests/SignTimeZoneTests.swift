import Foundation
import KosatsuData
import Testing

/// The sign's own reading of the time-zone database gives the offsets and day starts Foundation's
/// (ICU's) time zones give, in zones with and without summer time, north and south, past and future.
struct SignTimeZoneTests {
    static let zones = [
        "Asia/Tokyo", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata",
        "America/Sao_Paulo", "Pacific/Chatham", "Europe/London", "America/Santiago", "Africa/Casablanca",
    ]

    /// Every 61 hours and 17 minutes from 1950 to 2060 (beyond the database's last transition, where
    /// the footer's rule answers), plus a few seconds either side of each change.
    @Test(arguments: zones)
    func offsetsAreFoundations(zone: String) throws {
        let own = try #require(SignTimeZone(identifier: zone))
        let foundation = try #require(TimeZone(identifier: zone))
        var differences: [String] = []
        var instant = -631_152_000.0  // 1950-01-01
        while instant < 2_840_140_800 {  // 2060-01-01
            let date = Date(timeIntervalSince1970: instant)
            if own.secondsFromGMT(for: date) != foundation.secondsFromGMT(for: date) {
                differences.append(
                    "\(date): \(own.secondsFromGMT(for: date)) ≠ \(foundation.secondsFromGMT(for: date))")
            }
            instant += 61 * 3600 + 17 * 60
        }
        var change = foundation.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 946_684_800))
        while let at = change, at.timeIntervalSince1970 < 2_840_140_800 {
            for delta in [-1.0, 0, 1] {
                let date = at.addingTimeInterval(delta)
                if own.secondsFromGMT(for: date) != foundation.secondsFromGMT(for: date) {
                    differences.append(
                        "change \(date): \(own.secondsFromGMT(for: date)) ≠ \(foundation.secondsFromGMT(for: date))")
                }
            }
            change = foundation.nextDaylightSavingTimeTransition(after: at)
        }
        #expect(differences.isEmpty, "\(differences.count): \(differences.prefix(5))")
    }

    @Test(arguments: zones)
    func daysStartWhereFoundationsCalendarSays(zone: String) throws {
        let own = try #require(SignTimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: zone))
        var differences: [String] = []
        var instant = 1_577_836_800.0  // 2020-01-01
        while instant < 1_893_456_000 {  // 2030-01-01
            let date = Date(timeIntervalSince1970: instant)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
            let civil = own.civil(date)
            let expected = CivilTime(
                year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!,
                second: parts.second!, weekday: parts.weekday!)
            if civil != expected { differences.append("\(date): \(civil) ≠ \(expected)") }
            if own.startOfDay(for: date) != calendar.startOfDay(for: date) {
                differences.append("\(date) starts \(own.startOfDay(for: date)) ≠ \(calendar.startOfDay(for: date))")
            }
            instant += 7 * 3600 + 13 * 60 + 11
        }
        #expect(differences.isEmpty, "\(differences.count): \(differences.prefix(5))")
    }

    @Test func tokyoIsKnownWithoutTheDatabase() throws {
        let fixed = SignTimeZone(identifier: "Asia/Tokyo", fixed: 9 * 3600)
        let date = try #require(ISO8601.parse("2026-12-06T23:30:00+09:00"))
        #expect(
            fixed.civil(date) == CivilTime(year: 2026, month: 12, day: 6, hour: 23, minute: 30, second: 0, weekday: 1))
        #expect(fixed.startOfDay(for: date) == ISO8601.parse("2026-12-06T00:00:00+09:00"))
        #expect(SignTimeZone.tokyo.secondsFromGMT(for: date) == 9 * 3600)
        #expect(ISO8601.format(date, in: .tokyo) == "2026-12-06T23:30:00+09:00")
        let newYork = try #require(SignTimeZone(identifier: "America/New_York"))
        #expect(ISO8601.format(date, in: newYork) == "2026-12-06T09:30:00-05:00")
        #expect(ISO8601.format(date, in: SignTimeZone(identifier: "UTC", fixed: 0)) == "2026-12-06T14:30:00Z")
    }

    @Test func datesOutOfRangeDoNotTrap() throws {
        let berlin = try #require(SignTimeZone(identifier: "Europe/Berlin"))
        for seconds in [Double.nan, .infinity, -.infinity, 1e300, -1e300] {
            let date = Date(timeIntervalSince1970: seconds)
            _ = berlin.civil(date)
            _ = berlin.startOfDay(for: date)
            #expect(!ISO8601.format(date, in: berlin).isEmpty)
        }
    }

    @Test func namesOutsideTheDatabaseAreNotZones() {
        for name in ["Asia/Toky", "../../etc/passwd", "/etc/localtime", "", "Asia/Tokyo/", "zone.tab"] {
            #expect(SignTimeZone(identifier: name) == nil, "\(name)")
        }
    }
}
