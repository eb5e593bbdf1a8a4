public import KosatsuData

/// The preview data made as hard to set as the data can get: the longest spot names in each language,
/// four-digit counts, every congestion level, three-line notices.
public enum StressData {
    static let longName = LocalizedText(
        ja: "神奈川県立生命の星・地球博物館", en: "Ishigakiyama Ichiya Castle Historic Park",
        zhHans: "神奈川县立生命之星地球博物馆", zhHant: "神奈川縣立生命之星地球博物館", ko: "가나가와 현립 생명의 별·지구 박물관")
    static let longTitle = LocalizedText(
        ja: "小田原城址公園 本丸広場の臨時通行止めについて", en: "Temporary closure of the main square in Odawara Castle Park",
        zhHans: "关于小田原城址公园本丸广场临时封闭的通知", zhHant: "關於小田原城址公園本丸廣場臨時封閉的通知",
        ko: "오다와라성 공원 혼마루 광장 임시 통행 금지 안내")
    static let longBody = LocalizedText(
        ja: "工事のため、12月1日から12月20日まで本丸広場への立ち入りができません。天守閣へは二の丸広場から常盤木門を通ってお進みください。ご不便をおかけしますが、ご理解とご協力をお願いいたします。",
        en:
            "Because of construction work the main square is closed from 1 to 20 December. Please reach the castle keep from the second square through the Tokiwagi Gate. We apologise for the inconvenience and thank you for your understanding.",
        zhHans: "因施工，12月1日至12月20日本丸广场禁止入内。前往天守阁请从二之丸广场经常盤木门前往。给您带来不便，敬请谅解与配合。",
        zhHant: "因施工，12月1日至12月20日本丸廣場禁止進入。前往天守閣請從二之丸廣場經常盤木門前往。造成不便，敬請見諒與配合。",
        ko:
            "공사로 인해 12월 1일부터 12월 20일까지 혼마루 광장에 들어갈 수 없습니다. 천수각은 니노마루 광장에서 도키와기 문을 지나 가십시오. 불편을 드려 죄송합니다. 양해와 협조를 부탁드립니다."
    )

    /// `snapshot` with every name and text at its longest and every count at four digits.
    public static func stress(_ snapshot: Snapshot) -> Snapshot {
        var stressed = snapshot
        let levels = CongestionLevel.allCases.reversed()
        stressed.spots = snapshot.spots.enumerated().map { index, spot in
            var spot = spot
            spot.name = longName
            let level = levels[levels.index(levels.startIndex, offsetBy: index % levels.count)]
            spot.congestion = level
            spot.peopleCount = spot.peopleCount.map { _ in 8888 }
            spot.history = spot.history.map { sample in
                var sample = sample
                sample.count = sample.count.map { _ in 8888 }
                return sample
            }
            return spot
        }
        stressed.notices = snapshot.notices.map { notice in
            var notice = notice
            notice.title = longTitle
            notice.body = longBody
            return notice
        }
        return stressed
    }
}
