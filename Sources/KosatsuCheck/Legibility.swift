/// Character heights a public sign needs at a reading distance: 国土交通省「公共交通機関の旅客施設に関する
/// 移動等円滑化整備ガイドライン」(バリアフリー整備ガイドライン), kanji 9 mm at 1–2 m up to 160 mm at 40 m;
/// Latin capitals about three quarters of that.
public enum Legibility {
    /// (metres, kanji height in mm), in order of distance.
    static let table: [(distance: Double, kanji: Double)] = [
        (1, 9), (2, 9), (4, 20), (5, 20), (10, 40), (20, 80), (30, 120), (40, 160),
    ]

    /// The smallest kanji height in mm for text read from `distance` metres (linear between the
    /// guideline's distances, 4 mm a metre beyond 40 m).
    public static func kanjiHeight(at distance: Double) -> Double {
        guard let first = table.first, let last = table.last else { return 0 }
        if distance <= first.distance { return first.kanji }
        if distance >= last.distance { return last.kanji + (distance - last.distance) * 4 }
        for (a, b) in zip(table, table.dropFirst()) where distance <= b.distance {
            return a.kanji + (b.kanji - a.kanji) * (distance - a.distance) / (b.distance - a.distance)
        }
        return last.kanji
    }

    /// The smallest Latin capital height in mm at `distance` metres.
    public static func capitalHeight(at distance: Double) -> Double { kanjiHeight(at: distance) * 0.75 }

    /// How much of the em a kanji's ink fills in the sign fonts (BIZ UD: about 0.88).
    static let kanjiPerEm = 0.88
    /// How much of the em a Latin capital fills (BIZ UD Latin: about 0.73).
    static let capitalPerEm = 0.73
}
