import Foundation
import KosatsuAlerts
import Testing

/// `kosatsu alert inspect --json` gives each alert's `details` under stable keys: checked here
/// against real telegrams from JMA's feed (values read by hand from the XML), and every telegram
/// of `jma-p2pquake` must give them without error.
@Suite(.enabled(if: Corpus.isPresent, Corpus.absentReason))
struct AlertDetailsReportTests {
    /// The `details` object `alert inspect --json` prints for a corpus file, as parsed JSON.
    static func details(_ path: String, areas: [String] = []) throws -> [String: Any] {
        let reports = try AlertReport.inspect(
            Corpus.data(path), file: path, areas: areas.map(AreaCode.init(argument:)), at: nil)
        let json = try JSONSerialization.jsonObject(with: AlertReport.json(reports)) as? [[String: Any]]
        return try #require(json?.first?["details"] as? [String: Any])
    }

    static func date(_ text: String) -> String {
        ISO8601DateFormatter().date(from: text).map { ISO8601DateFormatter().string(from: $0) } ?? "?"
    }

    @Test func everyP2PQuakeTelegramGivesDetails() throws {
        let files = Corpus.files("jma-p2pquake")
        #expect(files.count == 72)
        for url in files {
            let path = "jma-p2pquake/" + url.lastPathComponent
            let details = try Self.details(path)
            // Every key is there, null or not.
            #expect(Set(details.keys) == ["earthquake", "tsunami", "warnings", "cap", "jma", "evacuation"], "\(path)")
            let name = url.lastPathComponent
            if name.contains("VXSE5") || name.contains("VXSE4") {
                let quake = try #require(details["earthquake"] as? [String: Any], "\(path)")
                #expect(quake["intensities"] is [Any], "\(path)")
                for key in ["maxIntensity", "hypocentre", "depthKilometres", "magnitude", "originTime", "earlyWarning"]
                {
                    #expect(quake.keys.contains(key), "\(path) lacks \(key)")
                }
            }
            if name.contains("VXSE51") || name.contains("VXSE53"),
                let quake = details["earthquake"] as? [String: Any],
                (quake["intensities"] as? [Any])?.isEmpty == false
            {
                #expect(quake["maxIntensity"] is String, "\(path): an observed 震度 telegram has its maximum")
            }
            if name.contains("VTSE41") {
                let coasts = try #require(details["tsunami"] as? [[String: Any]], "\(path)")
                #expect(!coasts.isEmpty, "\(path)")
                for coast in coasts {
                    #expect(
                        Set(coast.keys) == [
                            "area", "code", "category", "categoryCode", "previousCategory", "maxHeight",
                            "maxHeightText", "firstArrival", "condition",
                        ], "\(path)")
                }
            }
        }
    }

    /// 2021-02-17 23:06 福島県沖 M4.5, 震源・震度情報: 12 areas, 100 cities, 183 stations.
    @Test func earthquakeObservation() throws {
        let details = try Self.details("jma-p2pquake/20210217140958_0_VXSE53_010000.xml")
        let quake = try #require(details["earthquake"] as? [String: Any])
        #expect(quake["maxIntensity"] as? String == "3")
        #expect(quake["earlyWarning"] as? Bool == false)
        #expect(quake["originTime"] as? String == Self.date("2021-02-17T23:06:00+09:00"))
        let hypocentre = try #require(quake["hypocentre"] as? [String: Any])
        #expect(hypocentre["name"] as? String == "福島県沖" && hypocentre["code"] as? String == "289")
        #expect(hypocentre["latitude"] as? Double == 37.6 && hypocentre["longitude"] as? Double == 141.6)
        #expect(quake["depthKilometres"] as? Double == 50)
        #expect(quake["magnitude"] as? Double == 4.5)
        #expect(quake["comment"] as? String == "この地震による津波の心配はありません。")
        let intensities = try #require(quake["intensities"] as? [[String: Any]])
        func count(_ level: String) -> Int { intensities.filter { $0["level"] as? String == level }.count }
        #expect(count("area") == 12 && count("city") == 100 && count("station") == 183)
        #expect(intensities.count == 295)
        let first = intensities.prefix(3).map {
            "\($0["level"] ?? "") \($0["name"] ?? "") \($0["code"] ?? "") \($0["intensity"] ?? "")"
        }
        #expect(first == ["area 宮城県中部 222 3", "city 石巻市 0420200 3", "station 石巻市桃生町＊ 0420239 3"])
    }

    /// 2023-04-10 カムチャツカ半島付近 (遠地地震に関する情報): 深さ不明, Ｍ不明, no 震度 in Japan.
    @Test func unknownDepthAndMagnitudeAreNull() throws {
        let details = try Self.details("jma-p2pquake/20230410231623_04156158_VXSE53.xml")
        let quake = try #require(details["earthquake"] as? [String: Any])
        #expect(quake["depthKilometres"] is NSNull)
        #expect(quake["magnitude"] is NSNull)
        #expect(quake["magnitudeText"] as? String == "Ｍ不明")
        #expect(quake["maxIntensity"] is NSNull)
        #expect((quake["intensities"] as? [Any])?.isEmpty == true)
        let hypocentre = try #require(quake["hypocentre"] as? [String: Any])
        #expect(hypocentre["name"] as? String == "カムチャツカ半島付近")
        #expect(hypocentre["latitude"] as? Double == 56.7 && hypocentre["longitude"] as? Double == 161.4)
    }

    /// 2021-02-16 大阪府南部 M1.5, ごく浅い: depth 0.
    @Test func veryShallowIsZero() throws {
        let details = try Self.details("jma-p2pquake/20210216071046_0_VXSE53_270000.xml")
        let quake = try #require(details["earthquake"] as? [String: Any])
        #expect(quake["depthKilometres"] as? Double == 0)
        #expect(quake["magnitude"] as? Double == 1.5)
        #expect(quake["maxIntensity"] as? String == "1")
    }

    /// 震度速報 2021-02-17 23:08: areas only, no hypocentre yet.
    @Test func intensityFlash() throws {
        let details = try Self.details("jma-p2pquake/20210217140808_0_VXSE51_010000.xml")
        let quake = try #require(details["earthquake"] as? [String: Any])
        #expect(quake["hypocentre"] is NSNull && quake["magnitude"] is NSNull && quake["originTime"] is NSNull)
        let intensities = try #require(quake["intensities"] as? [[String: Any]])
        #expect(intensities.map { "\($0["name"] ?? "") \($0["intensity"] ?? "")" } == ["宮城県中部 3", "福島県浜通り 3"])
        #expect(intensities.allSatisfy { $0["level"] as? String == "area" })
    }

    /// 2024-01-16 能登半島沖 緊急地震速報（警報）: forecast 震度 per area.
    @Test func earlyWarningForecasts() throws {
        let details = try Self.details("jma-p2pquake/20240116184225_02245216_VXSE43.xml")
        let quake = try #require(details["earthquake"] as? [String: Any])
        #expect(quake["earlyWarning"] as? Bool == true)
        #expect(quake["maxIntensity"] as? String == "5-")
        #expect(quake["magnitude"] as? Double == 5.7 && quake["depthKilometres"] as? Double == 10)
        #expect((quake["hypocentre"] as? [String: Any])?["name"] as? String == "能登半島沖")
        let intensities = try #require(quake["intensities"] as? [[String: Any]])
        #expect(
            intensities.map { "\($0["level"] ?? "") \($0["name"] ?? "") \($0["code"] ?? "") \($0["intensity"] ?? "")" }
                == ["area 石川県能登 390 5-", "area 石川県加賀 391 4"])
    }

    /// 2022-09-18 台湾付近: 津波注意報 for 宮古島・八重山地方, 津波予報 elsewhere.
    @Test func tsunamiPerCoast() throws {
        let details = try Self.details("jma-p2pquake/20220918154907_08013775_VTSE41.xml")
        let coasts = try #require(details["tsunami"] as? [[String: Any]])
        let miyako = try #require(coasts.first { $0["code"] as? String == "802" })
        #expect(miyako["area"] as? String == "宮古島・八重山地方")
        #expect(miyako["category"] as? String == "津波注意報" && miyako["categoryCode"] as? String == "62")
        #expect(miyako["maxHeight"] as? Double == 1 && miyako["maxHeightText"] as? String == "１ｍ")
        #expect(miyako["firstArrival"] as? String == Self.date("2022-09-18T16:00:00+09:00"))
        let izu = try #require(coasts.first { $0["code"] as? String == "320" })
        #expect(izu["category"] as? String == "津波予報（若干の海面変動）")
        #expect(izu["maxHeight"] as? Double == 0.2 && izu["maxHeightText"] as? String == "０．２ｍ未満")
        #expect(izu["firstArrival"] is NSNull)
    }

    /// 2011-03-11 14:53 大津波警報: 宮城県 「巨大」, a height given only in words.
    @Test func tsunamiHeightInWords() throws {
        let details = try Self.details("jma-p2pquake/32-39_11_06_120615_VTSE41.xml")
        let coasts = try #require(details["tsunami"] as? [[String: Any]])
        let miyagi = try #require(coasts.first { $0["code"] as? String == "220" })
        #expect(miyagi["category"] as? String == "大津波警報")
        #expect(miyagi["maxHeight"] is NSNull && miyagi["maxHeightText"] as? String == "巨大")
        #expect(miyagi["firstArrival"] as? String == Self.date("2011-03-11T15:00:00+09:00"))
    }

    /// 2016 島根県 大雨特別警報 (JMA sample): 浜田市's kinds in force, each with its status.
    @Test func warningsPerArea() throws {
        let details = try Self.details("jma/15_12_01_161130_VPWW54.xml")
        let areas = try #require(details["warnings"] as? [[String: Any]])
        let hamada = try #require(areas.first { $0["code"] as? String == "3220200" })
        #expect(hamada["area"] as? String == "浜田市")
        let kinds = try #require(hamada["kinds"] as? [[String: Any]])
        #expect(kinds.contains { $0["name"] as? String == "大雨特別警報" && $0["status"] as? String == "発表" })
        #expect(kinds.allSatisfy { $0["status"] as? String != "解除" })
        #expect(hamada["lifted"] is [Any])
    }

    /// A real IPAWS alert: the CAP fields the common model drops (source, code, eventCode, parameters).
    @Test func capFieldsTheModelDoesNotKeep() throws {
        let details = try Self.details("cap/ipaws-5e7e0fc5023f1930efcf3deb.xml")
        let cap = try #require(details["cap"] as? [String: Any])
        #expect(cap["source"] as? String == "Montgomery County, MD")
        #expect(cap["codes"] as? [String] == ["IPAWSv1.0"])
        #expect(cap["msgType"] as? String == "Alert" && cap["scope"] as? String == "Public")
        let info = try #require((cap["infos"] as? [[String: Any]])?.first)
        #expect((info["eventCodes"] as? [[String: String]]) == [["valueName": "SAME", "value": "LAE"]])
        let parameters = try #require(info["parameters"] as? [[String: String]])
        #expect(parameters.count == 8)
        #expect(parameters.contains(["valueName": "WEAHandling", "value": "Public Safety"]))
        #expect(details["earthquake"] is NSNull && details["jma"] is NSNull)
    }
}
