internal import Foundation
internal import KosatsuAlerts
internal import KosatsuData

/// What an emergency screen tells people to do, in ja / en / zh-Hans / zh-Hant / ko.
///
/// Kept short and in the words Japanese public broadcasts use (高台へ避難, 身の安全を確保), so that
/// every language says the same thing. Place names stay as the source wrote them. Long Japanese
/// headlines carry a line break between phrases (文節), so a big line never ends in the middle of
/// a word (くだ｜さい).
enum EmergencyPhrases {
    /// The big line: what to do now.
    static func headline(_ event: EmergencyEvent, _ severity: NoticeSeverity) -> LocalizedText {
        switch event {
        case .earthquakeEarlyWarning:
            return LocalizedText(
                "強い揺れに警戒してください", "Strong shaking is coming. Protect yourself now", "强烈摇晃即将到来，请立即保护自己",
                "強烈搖晃即將到來，請立即保護自己", "강한 흔들림에 경계하십시오. 즉시 몸을 보호하십시오")
        case .earthquake:
            return LocalizedText(
                "落ち着いて\n身の安全を確保してください", "Stay calm and make sure you are safe", "请保持冷静，确保自身安全",
                "請保持冷靜，確保自身安全", "침착하게 몸의 안전을 확보하십시오")
        case .tsunami where severity >= .warning:
            return LocalizedText(
                "ただちに\n高台へ避難してください", "Evacuate to high ground now", "请立即到高处避难", "請立即到高處避難",
                "즉시 높은 곳으로 대피하십시오")
        case .tsunami where severity == .information:
            return LocalizedText(
                "若干の海面変動に\n注意してください", "Slight changes in sea level: take care in the sea", "海面可能有轻微变化，在海中请注意",
                "海面可能有輕微變化，在海中請注意", "약간의 해수면 변동에 주의하십시오")
        case .tsunami:
            return LocalizedText(
                "海から上がり、\n海岸から離れてください", "Get out of the water and away from the coast", "请离开海水，远离海岸",
                "請離開海水，遠離海岸", "바다에서 나와 해안에서 멀리 떨어지십시오")
        case .rain where severity >= .emergency:
            return LocalizedText(
                "命の危険があります。\nただちに身の安全を確保してください", "Your life is in danger. Get to safety now",
                "有生命危险，请立即确保自身安全", "有生命危險，請立即確保自身安全", "생명이 위험합니다. 즉시 안전을 확보하십시오")
        case .rain where severity >= .warning:
            return LocalizedText(
                "危険な場所から\n避難してください", "Evacuate from dangerous places", "请从危险场所避难", "請從危險場所避難",
                "위험한 장소에서 대피하십시오")
        case .landslide where severity >= .warning:
            return LocalizedText(
                "土砂災害の危険があります。\nただちに避難してください", "Landslide danger. Evacuate now", "有发生泥石流的危险，请立即避难",
                "有發生土石流的危險，請立即避難", "토사재해 위험이 있습니다. 즉시 대피하십시오")
        case .volcano where severity >= .warning:
            return LocalizedText(
                "噴火に警戒し、\n市町村の避難指示に従ってください", "Beware of the eruption and follow evacuation orders",
                "请警惕火山喷发，并遵从当地政府的避难指示", "請警惕火山噴發，並遵從當地政府的避難指示", "분화에 경계하고 지자체의 대피 지시를 따르십시오")
        case .evacuation:
            return LocalizedText("ただちに避難してください", "Evacuate now", "请立即避难", "請立即避難", "즉시 대피하십시오")
        default:
            if severity >= .danger {
                return LocalizedText(
                    "命を守る行動をとってください", "Act now to protect your life", "请立即采取保护生命的行动", "請立即採取保護生命的行動",
                    "생명을 지키는 행동을 하십시오")
            }
            if severity >= .warning {
                return LocalizedText(
                    "身の安全を確保してください", "Take steps to stay safe", "请确保自身安全", "請確保自身安全", "안전을 확보하십시오")
            }
            return LocalizedText(
                "今後の情報に注意してください", "Watch for further information", "请注意今后的信息", "請留意後續資訊", "앞으로의 정보에 주의하십시오")
        }
    }

    /// The smaller line: how to stay safe.
    static func instruction(_ event: EmergencyEvent, _ severity: NoticeSeverity) -> LocalizedText {
        switch event {
        case .earthquakeEarlyWarning:
            return LocalizedText(
                "頭を守り、丈夫な机の下など安全な場所に身を寄せてください", "Protect your head and take cover under a sturdy table",
                "请保护头部，躲到结实的桌子下等安全的地方", "請保護頭部，躲到堅固的桌子下等安全的地方", "머리를 보호하고 튼튼한 책상 아래 등 안전한 곳으로 피하십시오")
        case .earthquake:
            return LocalizedText(
                "余震に注意してください。海岸や川の近くでは津波の情報に注意してください",
                "Watch for aftershocks. Near the coast or rivers, follow tsunami information",
                "请注意余震。在海岸或河流附近，请关注海啸信息", "請注意餘震。在海岸或河川附近，請留意海嘯資訊",
                "여진에 주의하십시오. 해안이나 강 근처에서는 쓰나미 정보에 주의하십시오")
        case .tsunami where severity >= .warning:
            return LocalizedText(
                "津波は繰り返し襲ってきます。警報が解除されるまで海岸に近づかないでください",
                "Tsunami waves come again and again. Stay away from the coast until the warning is lifted",
                "海啸会反复袭来。警报解除前请勿靠近海岸", "海嘯會反覆襲來。警報解除前請勿靠近海岸",
                "쓰나미는 반복해서 밀려옵니다. 경보가 해제될 때까지 해안에 가까이 가지 마십시오")
        case .tsunami:
            return LocalizedText(
                "注意報が解除されるまで海に入ったり海岸に近づいたりしないでください",
                "Do not enter the sea or go near the coast until the advisory is lifted", "注意报解除前请勿下海或靠近海岸",
                "注意報解除前請勿下海或靠近海岸", "주의보가 해제될 때까지 바다에 들어가거나 해안에 가까이 가지 마십시오")
        case .rain where severity >= .emergency:
            return LocalizedText(
                "すでに災害が起きているおそれがあります。建物の上の階や崖から離れた部屋へ移動してください",
                "Disasters may already be happening. Move to an upper floor, away from slopes",
                "灾害可能已经发生。请移动到建筑物高层或远离山崖的房间", "災害可能已經發生。請移動到建築物高樓層或遠離山崖的房間",
                "이미 재해가 발생했을 수 있습니다. 건물 위층이나 절벽에서 떨어진 방으로 이동하십시오")
        case .rain:
            return LocalizedText(
                "川や崖に近づかず、市町村の避難情報に従ってください",
                "Stay away from rivers and slopes and follow your city's evacuation information",
                "请勿靠近河流和山崖，并遵从当地政府的避难信息", "請勿靠近河川和山崖，並遵從當地政府的避難資訊",
                "강이나 절벽에 가까이 가지 말고 지자체의 대피 정보를 따르십시오")
        case .landslide:
            return LocalizedText(
                "崖や渓流から離れ、頑丈な建物の上の階へ移動してください",
                "Move away from slopes and streams, to an upper floor of a sturdy building",
                "请远离山崖和溪流，移动到坚固建筑物的高层", "請遠離山崖和溪流，移動到堅固建築物的高樓層",
                "절벽이나 계류에서 떨어져 튼튼한 건물의 위층으로 이동하십시오")
        case .volcano:
            return LocalizedText(
                "火口に近づかず、噴石や火砕流から身を守ってください",
                "Stay away from the crater; shelter from falling rocks and pyroclastic flows",
                "请勿靠近火山口，注意防范飞石和火山碎屑流", "請勿靠近火山口，注意防範飛石和火山碎屑流", "화구에 접근하지 말고 분석과 화쇄류로부터 몸을 보호하십시오")
        case .evacuation:
            return LocalizedText(
                "市町村の指示に従い、安全な場所へ移動してください", "Follow your city's instructions and move to a safe place",
                "请遵从当地政府的指示，前往安全的地方", "請遵從當地政府的指示，前往安全的地方", "지자체의 지시에 따라 안전한 곳으로 이동하십시오")
        case .weather, .other:
            return LocalizedText(
                "公的機関の最新の情報を確認してください", "Check the latest official information", "请确认官方的最新信息",
                "請確認官方的最新資訊", "공공기관의 최신 정보를 확인하십시오")
        }
    }

    /// The level words for alerts that are not JMA warnings (CAP, NGSI, information texts).
    static func level(_ severity: NoticeSeverity) -> LocalizedText {
        switch severity {
        case .emergency: LocalizedText("緊急", "Extreme danger", "极度危险", "極度危險", "극도로 위험")
        case .danger: LocalizedText("危険", "Danger", "危险", "危險", "위험")
        case .warning: LocalizedText("警戒", "Warning", "警告", "警告", "경계")
        case .advisory: LocalizedText("注意", "Advisory", "注意", "注意", "주의")
        case .information: LocalizedText("情報", "Information", "信息", "資訊", "정보")
        }
    }

    /// A warning name's level word, appended to its phenomenon (大雨 + 特別警報).
    static func warningWord(_ severity: AlertSeverity) -> LocalizedText {
        switch severity {
        case .emergency: LocalizedText("特別警報", "emergency warning", "特别警报", "特別警報", "특별경보")
        case .dangerWarning: LocalizedText("危険警報", "danger warning", "危险警报", "危險警報", "위험경보")
        case .warning: LocalizedText("警報", "warning", "警报", "警報", "경보")
        case .advisory: LocalizedText("注意報", "advisory", "注意报", "注意報", "주의보")
        case .information, .minor, .unknown: LocalizedText("情報", "information", "信息", "資訊", "정보")
        }
    }

    /// 警戒レベル４　避難指示, with the level number: the words a screen shows in the level's colour.
    static func evacuationLevel(_ level: EvacuationLevel) -> LocalizedText {
        let kind = evacuationKind(level)
        let n = level.rawValue
        // The band holds one line at a distance: English in its short form (the full name is long).
        let english = ["Elderly evacuate", "Evacuate", "Emergency safety"][n - 3]
        return LocalizedText(
            "警戒レベル\(["3": "３", "4": "４", "5": "５"]["\(n)"] ?? "\(n)")　\(kind.ja ?? "")",
            "Level \(n): \(english)", "警戒等级\(n)　\(kind.zhHans ?? "")", "警戒等級\(n)　\(kind.zhHant ?? "")",
            "경계 레벨 \(n) \(kind.ko ?? "")")
    }

    /// 高齢者等避難 · 避難指示 · 緊急安全確保 in five languages (内閣府's English; the Chinese and Korean
    /// that Japanese municipalities publish).
    static func evacuationKind(_ level: EvacuationLevel) -> LocalizedText {
        switch level {
        case .elderlyEvacuate:
            LocalizedText("高齢者等避難", "Evacuation of elderly people, etc.", "高龄者等避难", "高齡者等避難", "고령자 등 대피")
        case .evacuate: LocalizedText("避難指示", "Evacuation order", "避难指示", "避難指示", "대피 지시")
        case .emergencySafety: LocalizedText("緊急安全確保", "Emergency safety measures", "紧急安全确保", "緊急安全確保", "긴급 안전 확보")
        }
    }

    /// The guideline's key phrase for each level (「命の危険 直ちに安全確保！」 …): the big line.
    static func evacuationHeadline(_ level: EvacuationLevel) -> LocalizedText {
        switch level {
        case .emergencySafety:
            LocalizedText(
                "命の危険\n直ちに安全確保！", "Your life is in danger. Get to safety now", "有生命危险，请立即确保安全",
                "有生命危險，請立即確保安全", "생명이 위험합니다. 즉시 안전을 확보하십시오")
        case .evacuate:
            LocalizedText(
                "危険な場所から\n全員避難", "Everyone in a dangerous place: evacuate", "所有人请从危险场所避难",
                "所有人請從危險場所避難", "위험한 장소에서 전원 대피하십시오")
        case .elderlyEvacuate:
            LocalizedText(
                "危険な場所から\n高齢者等は避難", "Elderly people and others who need time: evacuate now",
                "高龄者等需要时间的人请从危险场所避难", "高齡者等需要時間的人請從危險場所避難", "고령자 등은 위험한 장소에서 대피하십시오")
        }
    }

    /// What to do, for people on the street.
    static func evacuationInstruction(_ level: EvacuationLevel) -> LocalizedText {
        switch level {
        case .emergencySafety:
            LocalizedText(
                "避難場所への移動がかえって危険なときは、近くの頑丈な建物の上の階など少しでも安全な場所へ",
                "If going to a shelter is now too dangerous, get to the upper floor of a nearby sturdy building",
                "如前往避难场所反而危险，请到附近坚固建筑物的高层等较安全的地方", "如前往避難場所反而危險，請到附近堅固建築物的高樓層等較安全的地方",
                "대피소로 이동하는 것이 오히려 위험하면 가까운 튼튼한 건물의 위층 등 조금이라도 안전한 곳으로 가십시오")
        case .evacuate:
            LocalizedText(
                "近くの指定緊急避難場所など、安全な場所へ移動してください", "Move to a safe place such as the nearest designated evacuation site",
                "请前往附近的指定紧急避难场所等安全的地方", "請前往附近的指定緊急避難場所等安全的地方",
                "가까운 지정 긴급 대피 장소 등 안전한 곳으로 이동하십시오")
        case .elderlyEvacuate:
            LocalizedText(
                "高齢者や障害のある人、小さな子どもと一緒の人は避難を。ほかの人も避難の準備をしてください",
                "Elderly people, people with disabilities and families with small children: evacuate. Everyone else: get ready",
                "老年人、残障人士及带小孩的人请避难，其他人请做好避难准备", "老年人、身心障礙者及帶小孩的人請避難，其他人請做好避難準備",
                "고령자, 장애인, 어린 아이와 함께 있는 사람은 대피하십시오. 다른 사람도 대피를 준비하십시오")
        }
    }

    /// A 震度 telegram's tsunami comment (ForecastComment) in five languages; an unknown one in Japanese only.
    static func tsunamiComment(_ text: String) -> LocalizedText {
        if text.contains("津波の心配はありません") {
            return LocalizedText(
                "津波の心配はありません", "No tsunami is expected", "无海啸危险", "無海嘯危險", "쓰나미 우려는 없습니다")
        }
        if text.contains("若干の海面変動") {
            return LocalizedText(
                "若干の海面変動がありますが、被害の心配はありません", "Slight sea-level changes, but no damage is expected",
                "海面可能有轻微变化，但无受灾危险", "海面可能有輕微變化，但無受災危險", "약간의 해수면 변동이 있으나 피해 우려는 없습니다")
        }
        if text.contains("津波警報等") || text.contains("津波注意報") {
            return LocalizedText(
                "津波警報・注意報を発表中です", "Tsunami warnings or advisories are in force", "海啸警报或注意报发布中",
                "海嘯警報或注意報發布中", "쓰나미 경보·주의보가 발표 중입니다")
        }
        return LocalizedText(ja: text.trimmingCharacters(in: CharacterSet(charactersIn: "。")))
    }

    static let jma = LocalizedText("気象庁", "Japan Meteorological Agency", "日本气象厅", "日本氣象廳", "일본 기상청")
    static let lifted = LocalizedText("解除", "Lifted", "已解除", "已解除", "해제")
    static let afterLift = LocalizedText(
        "引き続き今後の情報に注意してください", "Keep watching for further information", "请继续关注后续信息", "請繼續留意後續資訊",
        "앞으로의 정보에 계속 주의하십시오")
    static let earthquakeInformation = LocalizedText("地震情報", "Earthquake information", "地震信息", "地震資訊", "지진 정보")
    static let earlyWarning = LocalizedText("緊急地震速報", "Earthquake Early Warning", "紧急地震速报", "緊急地震速報", "긴급지진속보")
    static let emergencyInformation = LocalizedText("緊急情報", "alert", "紧急信息", "緊急資訊", "긴급 정보")
}
