import Foundation
import KosatsuData
import KosatsuShelters
import Testing

/// The GSI 指定緊急避難場所 list as cities download it: either encoding, columns by name, quoted
/// commas, and broken rows skipped with their line, never the whole list.
@Suite struct GSIShelterListTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func list(_ name: String) throws -> GSIShelterList {
        try GSIShelterList.load(fixtures.appendingPathComponent(name).path)
    }

    @Test func bothEncodingsAndColumnOrdersGiveTheSameSites() throws {
        let utf8 = try Self.list("odawara-utf8-bom.csv")
        let sjis = try Self.list("odawara-shift-jis.csv")
        #expect(utf8.encoding == "UTF-8" && sjis.encoding == "Shift_JIS")
        #expect(utf8.problems.isEmpty && sjis.problems.isEmpty)
        #expect(utf8.shelters.count == 12 && sjis.shelters.count == 12)
        for (a, b) in zip(utf8.shelters, sjis.shelters) {
            #expect(a.id == b.id && a.position == b.position && a.hazards == b.hazards, "\(a.id)")
            // The Shift_JIS list gives the municipality in its own column; the address comes out whole.
            #expect(a.address == b.address, "\(a.id)")
        }
        let castle = try #require(utf8.shelters.first)
        #expect(castle.id == "14206-0001" && castle.name.ja == "小田原城址公園")
        #expect(castle.address == "神奈川県小田原市城内")
        #expect(castle.position == GeoPoint(latitude: 35.2508, longitude: 139.1535))
        #expect(castle.hazards == [.earthquake, .tsunami, .fire])
        // A quoted name holding a comma stays one field.
        #expect(sjis.shelters.first?.name.ja == "小田原城址公園（本丸広場, 二の丸広場）")
        let cityHall = try #require(utf8.shelters.first { $0.id == "14206-0005" })
        #expect(cityHall.hazards == [.landslide, .stormSurge, .earthquake, .tsunami, .fire, .inlandFlood])
    }

    @Test func brokenRowsAreSkippedWithTheirLines() throws {
        let list = try Self.list("broken-rows.csv")
        #expect(list.shelters.map(\.name.ja) == ["小田原城址公園", "城山陸上競技場"])
        #expect(list.problems.map(\.line) == [3, 4, 5, 6, 7, 9])
        let messages = list.problems.map(\.description)
        #expect(
            messages[0].hasSuffix("broken-rows.csv:3: '小田原駅東口広場' has no usable position (緯度 '', 経度 ''); row skipped"))
        #expect(messages[1].contains(":4: no 施設・場所名"))
        #expect(messages[2].contains("緯度 '不明'"))
        #expect(messages[4].contains("'小田原アリーナ'"))  // 緯度 135.28: swapped with 経度
        #expect(messages[5].contains(":9: a quoted field is never closed"))
    }

    @Test func quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws {
        let csv = #"""
            施設・場所名,住所,津波,緯度,経度,備考
            "小田原漁港西側高台, 展望広場","小田原市早川1丁目""仮""",1,35.2400,139.1450,"一行目
            二行目"
            早川駅前,小田原市早川,1,35.2420,139.1440,
            """#
        let list = try GSIShelterList.read(Data(csv.utf8), file: "inline.csv")
        #expect(list.problems.isEmpty)
        #expect(list.shelters.map(\.name.ja) == ["小田原漁港西側高台, 展望広場", "早川駅前"])
        #expect(list.shelters.first?.address == "小田原市早川1丁目\"仮\"")
        #expect(list.shelters.first?.hazards == [.tsunami])
        // No 共通ID column: the file and line name the site.
        #expect(list.shelters.last?.id == "inline.csv:4")
    }

    @Test func aFileWithoutTheColumnsIsRefusedWithWhatWasExpected() {
        let error = #expect(throws: GSIShelterList.Failure.self) {
            try GSIShelterList.read(Data("名称,所在地,lat,lon\nどこか,小田原,35,139\n".utf8), file: "other.csv")
        }
        #expect(error?.description.hasPrefix("other.csv:1: the header has no 施設・場所名, 緯度, 経度 column") == true)
        #expect(throws: GSIShelterList.Failure.self) { try GSIShelterList.read(Data(), file: "empty.csv") }
        #expect(throws: GSIShelterList.Failure.self) {
            try GSIShelterList.read(Data([0x82, 0xA0, 0xFF, 0xFF, 0x00, 0x81]), file: "binary.csv")
        }
    }

    @Test func spellingsOfTheHeaderAreFolded() throws {
        // Half-width dot and comma, spaces: as some municipal exports write them.
        let csv = " 施設･場所名 ,崖崩れ､土石流及び地滑り,緯度,経度\n久野配水池上,1,35.25,139.12\n"
        let list = try GSIShelterList.read(Data(csv.utf8), file: "x.csv")
        #expect(list.shelters.first?.hazards == [.landslide])
    }
}
