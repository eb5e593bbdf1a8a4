import Foundation
import KosatsuAlerts
import Testing

/// What `kosatsu alert inspect FILE [--area CODE]... [--at ISO8601] [--json]` prints.
struct AlertReportTests {
    private func object(_ reports: [AlertReport]) throws -> [[String: Any]] {
        let json = try AlertReport.json(reports)
        return try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
    }

    @Test func warningTelegramForOdawara() throws {
        let data = try Corpus.data("jma/15_12_03_161130_VPWW54.xml")
        let reports = try AlertReport.inspect(data, file: "VPWW54.xml", areas: [AreaCode("1420600")], at: nil)
        #expect(reports.count == 1)
        let report = try #require(try object(reports).first)
        #expect(
            Set(report.keys)
                == [
                    "id", "source", "status", "kind", "event", "severity", "areas", "headline", "issued", "expires",
                    "takeover", "banner", "reason", "details",
                ])
        #expect(report["reason"] as? String == "警報 (warning) in 小田原市 reaches the minimum warning")
        #expect(report["source"] as? String == "jma")
        #expect(report["status"] as? String == "actual")
        #expect(report["kind"] as? String == "alert")
        #expect(report["event"] as? String == "気象警報・注意報")
        #expect(report["severity"] as? String == "warning")
        #expect(report["issued"] as? String == "2016-07-15T07:03:00Z")
        #expect(report["expires"] is NSNull)
        #expect(report["takeover"] as? Bool == true)
        let areas = try #require(report["areas"] as? [[String: Any]])
        #expect(areas.contains { $0["code"] as? String == "1420600" && $0["name"] as? String == "小田原市" })

        // 箱根町 has only 強風注意報: no takeover there.
        let hakone = try AlertReport.inspect(data, file: "VPWW54.xml", areas: [AreaCode("1438200")], at: nil)
        #expect(hakone.first?.takeover == false)
    }

    @Test func timeDecidesTakeover() throws {
        let data = try Corpus.data("cap/v1dot2_appendix_adot2.xml")
        let area = [AreaCode("006109")]
        let during = try AlertReport.inspect(data, file: "a2", areas: area, at: Timestamp("2003-06-17T15:30:00-07:00"))
        let after = try AlertReport.inspect(data, file: "a2", areas: area, at: Timestamp("2003-06-17T16:00:00-07:00"))
        #expect(during.first?.takeover == true && after.first?.takeover == false)
        let report = try #require(try object(during).first)
        #expect(report["expires"] as? String == "2003-06-17T23:00:00Z")
        #expect(report["source"] as? String == "cap")
    }

    @Test func drillsReportNoTakeover() throws {
        let data = try Fixture.data("cap-exercise-odawara.xml")
        let reports = try AlertReport.inspect(data, file: "drill.xml", areas: [], at: nil)
        #expect(reports.first?.status == .exercise && reports.first?.takeover == false)
    }

    @Test func badFileThrowsTheClearError() {
        let error = #expect(throws: AlertInputError.self) {
            try AlertReport.inspect(Data("nonsense".utf8), file: "notes.txt", areas: [], at: nil)
        }
        #expect(
            error?.description == "notes.txt:1: error [unknown-format]: the content starts with \"n\"; "
                + "expected \"<\" (JMA or CAP XML) or \"{\" / \"[\" (NGSI JSON)")
    }

    @Test func areaArguments() {
        #expect(AreaCode(argument: "1420600") == AreaCode("1420600"))
        #expect(AreaCode(argument: "tsunami-region:330") == AreaCode("330", family: .tsunamiRegion))
        #expect(AreaCode(argument: "cap:SAME:006109") == AreaCode("006109", family: .cap("SAME")))
        #expect(AreaCode(argument: "cap:SAME:006109").description == "cap:SAME:006109")
    }

    private func Timestamp(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
