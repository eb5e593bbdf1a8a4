/// The phenomena JMA warnings name (大雨, 暴風, 津波 …), in the five languages a sign speaks.
///
/// One table serves the English screen line of a telegram and the multilingual emergency screens.
public struct WarningPhenomenon: Hashable, Sendable {
    public let japanese: String
    public let english: String
    public let simplifiedChinese: String
    public let traditionalChinese: String
    public let korean: String

    /// Longer names first, so 暴風雪 is not read as 暴風 and 大津波 not as 津波.
    public static let all: [WarningPhenomenon] = [
        .init("暴風雪", "Snowstorm", "暴风雪", "暴風雪", "폭풍설"),
        .init("大雨", "Heavy rain", "暴雨", "豪雨", "호우"),
        .init("洪水", "Flood", "洪水", "洪水", "홍수"),
        .init("暴風", "Storm", "暴风", "暴風", "폭풍"),
        .init("大雪", "Heavy snow", "暴雪", "大雪", "대설"),
        .init("波浪", "High waves", "巨浪", "巨浪", "풍랑"),
        .init("高潮", "Storm surge", "风暴潮", "暴潮", "폭풍해일"),
        .init("土砂災害", "Landslide", "泥石流", "土石流", "토사재해"),
        .init("雷", "Thunderstorm", "雷电", "雷電", "뇌우"),
        .init("強風", "Gale", "强风", "強風", "강풍"),
        .init("風雪", "Wind and snow", "风雪", "風雪", "풍설"),
        .init("融雪", "Snowmelt", "融雪", "融雪", "융설"),
        .init("濃霧", "Dense fog", "浓雾", "濃霧", "짙은 안개"),
        .init("乾燥", "Dry air", "干燥", "乾燥", "건조"),
        .init("なだれ", "Avalanche", "雪崩", "雪崩", "눈사태"),
        .init("低温", "Low temperature", "低温", "低溫", "저온"),
        .init("霜", "Frost", "霜冻", "霜害", "서리"),
        .init("着氷", "Icing", "积冰", "積冰", "착빙"),
        .init("着雪", "Snow accretion", "积雪", "積雪", "착설"),
        .init("大津波", "Major tsunami", "大海啸", "大海嘯", "대형 쓰나미"),
        .init("津波", "Tsunami", "海啸", "海嘯", "쓰나미"),
        .init("噴火", "Volcanic", "火山喷发", "火山噴發", "화산 분화"),
        .init("火口周辺", "Near-crater", "火山口周边", "火山口周邊", "화구 주변"),
    ]

    /// The phenomenon a warning name is about (`大雨特別警報` → 大雨), if known.
    public static func named(in name: String) -> WarningPhenomenon? {
        all.first { name.includes($0.japanese) }
    }

    init(_ japanese: String, _ english: String, _ simplified: String, _ traditional: String, _ korean: String) {
        self.japanese = japanese
        self.english = english
        self.simplifiedChinese = simplified
        self.traditionalChinese = traditional
        self.korean = korean
    }
}
