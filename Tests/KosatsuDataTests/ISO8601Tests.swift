import Foundation
import KosatsuData
import Testing

/// The one ISO 8601 reader, against Foundation's and against the shapes each format writes.
@Suite struct ISO8601Tests {
    private func foundation(_ text: String) throws -> Date {
        try #require(
            (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
                ?? (try? Date.ISO8601FormatStyle().parse(text)))
    }

    // NGSI (Orion, the simulator's queries), snapshot files and `--at`.
    @Test(arguments: [
        "2026-11-23T05:04:00Z", "2026-11-23T14:04:00+09:00", "2026-11-23T14:04:00.250+09:00",
        "2016-11-30T07:00:00.00Z", "1999-12-31T23:59:59-05:30", "2024-02-29T12:00:00+0900",
        "2017-01-02T09:25:55.00Z", "1969-07-20T20:17:40Z",
    ])
    func agreesWithFoundation(text: String) throws {
        let ours = try #require(ISO8601.parse(text))
        #expect(abs(ours.timeIntervalSince(try foundation(text))) < 0.001)
    }

    // JMA and CAP: offsets, whitespace around the element text, and times written to the minute.
    @Test func readsFeedShapes() throws {
        let jst = try foundation("2021-02-16T16:10:00+09:00")
        #expect(ISO8601.parse("2021-02-16T16:10:00+09:00") == jst)
        #expect(ISO8601.parse("\n  2021-02-16T16:10:00+09:00 \n") == jst)
        #expect(ISO8601.parse("2021-02-16T16:10+09:00") == jst)
        #expect(ISO8601.parse("2021-02-16T16:10:00+09") == jst)
        #expect(ISO8601.parse("2021-02-16 07:10:00Z") == jst)
        #expect(ISO8601.parse("2021-02-16T07:10:00,5z") == jst.addingTimeInterval(0.5))
        #expect(ISO8601.parse("2003-06-17T14:57:00-07:00") == (try foundation("2003-06-17T21:57:00Z")))
    }

    @Test func aZonelessTimeIsUTCOnlyWhenTheFormatSaysSo() {
        #expect(ISO8601.parse("2018-08-07T11:10:00", missingZone: .utc) == Date(timeIntervalSince1970: 1_533_640_200))
        #expect(ISO8601.parse("2019-06-06T12:06:06", missingZone: .utc) != nil)
        #expect(ISO8601.parse("2018-08-07T11:10:00") == nil)
    }

    @Test(arguments: [
        "2026-13-01T00:00:00Z", "2026-11-23", "yesterday", "2026-11-23T05:04:00+9", "2026-02-30T00:00:00Z",
        "2026-11-23T05:04:00.Z", "2026-11-23T05:60:00Z", "2026-11-23T05:04:00+24:00", "2026-11-23T05:04:00Zjunk",
        "2026-11-23T05:04:00+09:", "", "2026-11-2T05:04:00Z",
    ])
    func refusesOtherShapes(text: String) {
        #expect(ISO8601.parse(text, missingZone: .utc) == nil)
    }

    @Test func formatsUTCWithMillisecondsOnlyWhenThereAreSome() throws {
        let date = try #require(ISO8601.parse("2021-02-16T16:10:00+09:00"))
        #expect(ISO8601.format(date) == "2021-02-16T07:10:00Z")
        #expect(ISO8601.format(date.addingTimeInterval(0.25)) == "2021-02-16T07:10:00.250Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        for text in ["2024-02-29T23:59:59Z", "2000-01-01T00:00:00Z", "2026-12-31T12:00:00.125Z"] {
            #expect(ISO8601.format(try #require(ISO8601.parse(text))) == text)
        }
    }
}
