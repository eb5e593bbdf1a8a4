import KosatsuData

/// The words a shelter line is made of, in the five languages: where it is from the sign, its
/// state, what it is designated for.
enum ShelterWords {
    /// Closer than this (metres) the sign stands on the site: 「この場所」, no arrow.
    static let here = 50

    /// 「北西へ 634 m・徒歩 8 分」: direction, straight-line distance, minutes on foot.
    static func `where`(_ guide: ShelterGuide) -> LocalizedText {
        if guide.distance < here {
            return LocalizedText(ja: "この場所", en: "Here", zhHans: "此处", zhHant: "此處", ko: "이곳")
        }
        let metres = DataContext.grouped(guide.distance)
        let compass = guide.compass
        let minutes = guide.walkingMinutes
        return LocalizedText(
            ja: "\(compass.ja ?? "")へ \(metres) m・徒歩 \(minutes) 分",
            en: "\(metres) m \(compass.en ?? "") · \(minutes) min walk",
            zhHans: "\(compass.zhHans ?? "")方向 \(metres) 米 · 步行 \(minutes) 分钟",
            zhHant: "\(compass.zhHant ?? "")方向 \(metres) 公尺 · 步行 \(minutes) 分鐘",
            ko: "\(compass.ko ?? "")쪽 \(metres)m · 도보 \(minutes)분")
    }

    /// 開設中 / 未開設.
    static func state(_ open: Bool) -> LocalizedText {
        open
            ? LocalizedText(ja: "開設中", en: "Open", zhHans: "已开放", zhHant: "已開設", ko: "개설")
            : LocalizedText(ja: "未開設", en: "Not open", zhHans: "未开放", zhHant: "未開設", ko: "미개설")
    }

    /// 「津波・地震」: the hazards a site is designated for.
    static func hazards(_ hazards: [ShelterHazard]) -> LocalizedText {
        func joined(_ language: Language, _ separator: String) -> String {
            hazards.compactMap { $0.words[language] }.joined(separator: separator)
        }
        return LocalizedText(
            ja: joined(.ja, "・"), en: joined(.en, ", "), zhHans: joined(.zhHans, "、"), zhHant: joined(.zhHant, "、"),
            ko: joined(.ko, ", "))
    }

    /// The arrow character nearest a direction on screen (0 = up): ↑ ↗ → ↘ ↓ ↙ ← ↖.
    static func arrow(_ degrees: Int) -> String {
        let arrows = ["↑", "↗", "→", "↘", "↓", "↙", "←", "↖"]
        return arrows[((degrees % 360 + 360) % 360 + 22) / 45 % 8]
    }

    /// The heading above a shelter list: nearest shelters for the hazard, straight-line distances.
    static func heading(_ language: Language) -> String {
        switch language {
        case .ja: "近くの指定緊急避難場所（直線距離）"
        case .en: "Nearest evacuation sites (straight-line distance)"
        case .zhHans: "附近的指定紧急避难场所（直线距离）"
        case .zhHant: "附近的指定緊急避難場所（直線距離）"
        case .ko: "가까운 지정 긴급 대피 장소 (직선거리)"
        }
    }
}
