import KosatsuData

/// The few words widgets write themselves, in each language a sign speaks.
enum WidgetWords {
    static func noData(_ language: Language) -> String {
        switch language {
        case .ja: "データがありません"
        case .en: "No data"
        case .zhHans: "暂无数据"
        case .zhHant: "暫無資料"
        case .ko: "데이터 없음"
        }
    }

    static func now(_ language: Language) -> String {
        switch language {
        case .ja: "いま"
        case .en: "Now"
        case .zhHans: "现在"
        case .zhHant: "現在"
        case .ko: "현재"
        }
    }

    static func capacity(_ language: Language) -> String {
        switch language {
        case .ja: "定員"
        case .en: "Capacity"
        case .zhHans: "容量"
        case .zhHant: "容量"
        case .ko: "정원"
        }
    }

    /// An hour tick: 9時, 9:00, 9时, 9시.
    static func hour(_ hour: Int, _ language: Language) -> String {
        switch language {
        case .ja, .zhHant: "\(hour)時"
        case .en: "\(hour):00"
        case .zhHans: "\(hour)时"
        case .ko: "\(hour)시"
        }
    }

    /// A people count with its unit: 1,234人, 1,234 people.
    static func people(_ count: Int, _ language: Language) -> String {
        let number = DataContext.grouped(count)
        return switch language {
        case .ja, .zhHans, .zhHant: number + "人"
        case .en: number + " people"
        case .ko: number + "명"
        }
    }

    /// The rest of a list that did not fit: ほか34か所, +34 more.
    static func more(_ count: Int, _ language: Language) -> String {
        switch language {
        case .ja: "ほか\(count)か所"
        case .en: "+\(count) more"
        case .zhHans: "另有\(count)处"
        case .zhHant: "另有\(count)處"
        case .ko: "외 \(count)곳"
        }
    }

    /// What a chart says when none of its hours is counted or forecast yet (a sign at dawn).
    static func notCountedYet(_ language: Language) -> String {
        switch language {
        case .ja: "この時間帯はまだ計測していません"
        case .en: "Not counted yet today"
        case .zhHans: "该时段尚未统计"
        case .zhHant: "該時段尚未統計"
        case .ko: "아직 집계되지 않았습니다"
        }
    }

    /// What a marker for a spot without data says.
    static func unknownLevel(_ language: Language) -> String {
        switch language {
        case .ja: "情報なし"
        case .en: "No data"
        case .zhHans: "无信息"
        case .zhHant: "無資訊"
        case .ko: "정보 없음"
        }
    }
}
