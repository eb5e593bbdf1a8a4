internal import Foundation
public import KosatsuAlerts
public import KosatsuData

extension AlertNotice {
    /// What an emergency screen shows for `alert` at a sign in `area`: the level at the sign in
    /// words, what to do in five languages, the alert's own words, the sign's areas, when and by whom.
    ///
    /// A pure function: the same alert and area always give the same notice.
    public init(_ alert: Alert, at area: SignArea) {
        let matched = area.matchingAreas(of: alert)
        let kinds = Self.kindsInForce(alert, matched: matched, area: area)
        let event = EmergencyEvent(alert, kinds: kinds)
        let severity = Self.severity(of: alert, at: area, event: event)
        let cap = Self.capTexts(alert)

        var headline = EmergencyPhrases.headline(event, severity)
        var instruction = EmergencyPhrases.instruction(event, severity)
        if let evacuation = alert.details.evacuation {
            // The guideline's own words for the level stay the headline; the city's instruction overlays.
            headline = EmergencyPhrases.evacuationHeadline(evacuation.level)
            instruction = Self.overlay(cap.instructions, on: EmergencyPhrases.evacuationInstruction(evacuation.level))
        } else if alert.source != .jma {
            headline = Self.overlay(cap.headlines, on: headline)
            instruction = Self.overlay(cap.instructions, on: instruction)
        }
        var areaNames = (matched.isEmpty ? alert.areas : matched).filter { $0.severity != nil }.map(\.name)
        // 避難情報 names districts: those are what a passer-by looks for.
        if let districts = alert.details.evacuation?.districts, !districts.isEmpty { areaNames = districts }
        self.init(
            id: alert.id, event: event.name,
            level: Self.level(of: alert, event: event, severity: severity, kinds: kinds, matched: matched, cap: cap),
            severity: severity, headline: headline, instruction: instruction,
            detail: Self.detail(of: alert, event: event, area: area, matched: matched, cap: cap),
            issuer: Self.issuer(of: alert),
            areas: Self.shortList(areaNames), issued: alert.issued, expires: alert.expires,
            isExercise: alert.status != .actual)
    }

    /// The 「解除されました」 screen for an alert that was on screen and has been lifted or cancelled.
    public init(calm: AlertBoard.Calm, at area: SignArea) {
        let lifted = AlertNotice(calm.lifted, at: area)
        let subject: LocalizedText
        switch (calm.lifted.source, calm.lifted.hazard) {
        case _ where calm.lifted.details.evacuation != nil:
            subject =
                calm.lifted.details.evacuation.map { EmergencyPhrases.evacuationKind($0.level) }
                ?? EmergencyPhrases.emergencyInformation
        case (_, .earthquake): subject = EmergencyPhrases.earthquakeInformation
        case (_, .earthquakeEarlyWarning): subject = EmergencyPhrases.earlyWarning
        case (.jma, _): subject = lifted.level ?? EmergencyPhrases.emergencyInformation
        default: subject = EmergencyPhrases.emergencyInformation
        }
        let headline = subject.map { language, words in
            switch language {
            case .ja: "\(words)は解除されました"
            case .en: "The \(Self.lowercasingFirst(words)) has been lifted"
            case .zhHans, .zhHant: "\(words)已解除"
            case .ko: "\(words)\(Self.subjectParticle(after: words)) 해제되었습니다"
            }
        }
        let by = AlertNotice(calm.liftedBy, at: .anywhere)
        self.init(
            id: calm.liftedBy.id, event: lifted.event, level: EmergencyPhrases.lifted, severity: nil,
            headline: headline,
            instruction: EmergencyPhrases.afterLift, detail: by.detail, issuer: by.issuer ?? lifted.issuer,
            areas: lifted.areas, issued: calm.liftedBy.issued, expires: calm.until, isExercise: false)
    }

    /// The one line a normal page's banner shows for an alert felt at the sign below the takeover
    /// threshold: 「震度１　盛岡市で地震がありました。この地震による津波の心配はありません。」
    public static func bannerLine(_ alert: Alert, at area: SignArea) -> LocalizedText {
        let matched = area.matchingAreas(of: alert).filter { $0.severity != nil }
        let strongest = matched.filter { $0.intensity != nil }.max { ($0.intensity ?? .zero) < ($1.intensity ?? .zero) }
        let place = strongest?.name ?? matched.last?.name ?? ""
        let level = (strongest?.intensity ?? alert.details.earthquake?.maxIntensity).map(intensityWords)
        let comment = alert.details.earthquake?.forecastComment.map(EmergencyPhrases.tsunamiComment)
        let felt: LocalizedText =
            alert.hazard == .earthquakeEarlyWarning
            ? LocalizedText(
                "\(place)で揺れが予想されます", "Shaking is expected in \(place)", "\(place)预计会有摇晃",
                "\(place)預計會有搖晃", "\(place)에 흔들림이 예상됩니다")
            : LocalizedText(
                "\(place)で地震がありました", "An earthquake was felt in \(place)", "\(place)发生了地震", "\(place)發生了地震",
                "\(place)에서 지진이 있었습니다")
        return felt.map { language, words in
            let spaced = language == .en || language == .ko
            var line = level?[language].map { $0 + (spaced ? " · " : "　") } ?? ""
            line += words + (spaced ? "." : "。")
            if let comment = comment?[language] { line += (spaced ? " " : "") + comment }
            return line
        }
    }

    /// The hazards a shelter must be designated for, for this alert at this sign: a 避難情報's own,
    /// 津波 for a tsunami, 土砂災害 for 土砂災害警戒情報, for rain the warnings in force here (大雨:
    /// 土砂災害 and 内水氾濫, 洪水, 高潮). Empty when no shelter fits: an early warning (protect
    /// yourself where you are), wind, snow.
    public static func shelterHazards(_ alert: Alert, at area: SignArea) -> Set<ShelterHazard> {
        if let evacuation = alert.details.evacuation, !evacuation.hazards.isEmpty { return Set(evacuation.hazards) }
        switch alert.hazard {
        case .tsunami: return [.tsunami]
        case .earthquake: return [.earthquake]
        case .landslide: return [.landslide]
        case .volcano: return [.volcano]
        case .earthquakeEarlyWarning: return []
        case .weather:
            let kinds = kindsInForce(alert, matched: area.matchingAreas(of: alert), area: area)
            let top = kinds.compactMap(\.severity).max()
            var result: Set<ShelterHazard> = []
            for kind in kinds where kind.severity == top {
                if kind.name.hasPrefix("大雨") { result.formUnion([.landslide, .inlandFlood]) }
                if kind.name.hasPrefix("洪水") { result.insert(.flood) }
                if kind.name.hasPrefix("高潮") { result.insert(.stormSurge) }
                if kind.name == "警戒" { result.insert(.landslide) }
            }
            if kinds.isEmpty { result = Set(EvacuationDetails.hazards(in: alert.event + " " + alert.headline)) }
            return result
        case .other:
            return Set(
                EvacuationDetails.hazards(in: ([alert.event] + alert.translations.map(\.event)).joined(separator: " ")))
        }
    }

    // MARK: Level

    private static func severity(of alert: Alert, at area: SignArea, event: EmergencyEvent) -> NoticeSeverity {
        if event == .earthquake, let intensity = area.intensity(of: alert) ?? alert.details.earthquake?.maxIntensity {
            return NoticeSeverity(intensity.severity)
        }
        return NoticeSeverity(area.severity(of: alert) ?? alert.severity)
    }

    private static func level(
        of alert: Alert, event: EmergencyEvent, severity: NoticeSeverity, kinds: [WarningKind], matched: [AlertArea],
        cap: CAPTexts
    ) -> LocalizedText {
        switch event {
        case .earthquake:
            let intensity = intensityAtSign(alert, matched: matched)
            return intensity.map(intensityWords) ?? EmergencyPhrases.earthquakeInformation
        case .earthquakeEarlyWarning:
            return EmergencyPhrases.earlyWarning
        case .tsunami:
            return tsunamiWords(severity)
        case .evacuation where alert.details.evacuation != nil:
            return alert.details.evacuation.map { EmergencyPhrases.evacuationLevel($0.level) }
                ?? EmergencyPhrases.level(severity)
        case .volcano:
            return severity >= .warning
                ? LocalizedText("噴火警報", "Volcanic warning", "火山喷发警报", "火山噴發警報", "화산 분화 경보")
                : LocalizedText("噴火予報", "Volcanic forecast", "火山喷发预报", "火山噴發預報", "화산 분화 예보")
        default:
            if alert.source == .jma, let words = warningWords(kinds) { return words }
            return overlay(cap.events, on: EmergencyPhrases.level(severity))
        }
    }

    private static func intensityAtSign(_ alert: Alert, matched: [AlertArea]) -> SeismicIntensity? {
        matched.compactMap(\.intensity).max() ?? alert.details.earthquake?.maxIntensity
    }

    /// 震度６弱 · Seismic intensity 6 Lower · 震度6弱 · 震度6弱 · 진도 6약.
    static func intensityWords(_ intensity: SeismicIntensity) -> LocalizedText {
        let number = String(intensity.rawValue.prefix(1))
        let lower = intensity.rawValue.hasSuffix("-")
        let upper = intensity.rawValue.hasSuffix("+")
        return LocalizedText(
            intensity.japanese, "Seismic intensity \(intensity.english)",
            "震度\(number)\(lower ? "弱" : upper ? "强" : "")", "震度\(number)\(lower ? "弱" : upper ? "強" : "")",
            "진도 \(number)\(lower ? "약" : upper ? "강" : "")")
    }

    static func tsunamiWords(_ severity: NoticeSeverity) -> LocalizedText {
        switch severity {
        case .emergency: LocalizedText("大津波警報", "Major tsunami warning", "大海啸警报", "大海嘯警報", "대형 쓰나미 경보")
        case .warning, .danger: LocalizedText("津波警報", "Tsunami warning", "海啸警报", "海嘯警報", "쓰나미 경보")
        case .advisory: LocalizedText("津波注意報", "Tsunami advisory", "海啸注意报", "海嘯注意報", "쓰나미 주의보")
        case .information: LocalizedText("津波予報", "Tsunami forecast", "海啸预报", "海嘯預報", "쓰나미 예보")
        }
    }

    /// The gravest warnings in force at the sign, by name: 大雨特別警報・暴風特別警報.
    private static func warningWords(_ kinds: [WarningKind]) -> LocalizedText? {
        guard let top = kinds.compactMap(\.severity).max() else { return nil }
        let names = kinds.filter { $0.severity == top }.map(\.name).prefix(2)
        let parts: [LocalizedText] = names.map { name in
            if name == "警戒" {
                return LocalizedText("土砂災害警戒情報", "Landslide alert", "泥石流警戒信息", "土石流警戒資訊", "토사재해 경계정보")
            }
            let word = EmergencyPhrases.warningWord(top)
            guard let what = WarningPhenomenon.named(in: name) else { return word.map { $0 == .ja ? name : $1 } }
            return LocalizedText(
                name, "\(what.english) \(word.en ?? "")", what.simplifiedChinese + (word.zhHans ?? ""),
                what.traditionalChinese + (word.zhHant ?? ""), "\(what.korean) \(word.ko ?? "")")
        }
        func joined(_ language: Language, _ separator: String) -> String {
            parts.compactMap { $0[language] }.joined(separator: separator)
        }
        return LocalizedText(
            joined(.ja, "・"), joined(.en, ", "), joined(.zhHans, "、"), joined(.zhHant, "、"), joined(.ko, ", "))
    }

    /// JMA warning kinds in force in the sign's areas (every area when the sign is anywhere).
    private static func kindsInForce(_ alert: Alert, matched: [AlertArea], area: SignArea) -> [WarningKind] {
        guard let warnings = alert.details.warnings else { return [] }
        let here = area.isAnywhere ? warnings : warnings.filter { matched.contains($0.area) }
        var seen: Set<String> = []
        return here.flatMap(\.kinds).filter { $0.isInForce && seen.insert($0.name).inserted }
            .sorted { ($0.severity ?? .unknown) > ($1.severity ?? .unknown) }
    }

    // MARK: The alert's own words

    private static func detail(
        of alert: Alert, event: EmergencyEvent, area: SignArea, matched: [AlertArea], cap: CAPTexts
    ) -> LocalizedText? {
        var detail: LocalizedText
        if alert.source == .jma {
            var own = firstSentences(ownHeadline(alert.headline))
            if own.isEmpty { own = alert.screen.japanese }
            if event == .earthquake, let quake = alert.details.earthquake, let place = quake.hypocentreName {
                own += "\n震源　\(place)" + (quake.magnitudeText.map { "　\($0)" } ?? "")
            }
            detail = LocalizedText(ja: own, en: alert.screen.english)
            // A tsunami telegram's own headline speaks for its gravest coasts (「東日本大震災クラスの津波が
            // 来襲します」): on a coast under a lesser category it would contradict the level shown.
            if event == .tsunami, !area.isAnywhere, let here = area.severity(of: alert), here < alert.severity {
                detail = LocalizedText()
            }
            let levelWords = level(
                of: alert, event: event, severity: severity(of: alert, at: area, event: event),
                kinds: [], matched: matched, cap: cap)
            if detail.en?.lowercased() == levelWords.en?.lowercased() { detail.en = nil }
        } else {
            detail = overlay(cap.descriptions, on: LocalizedText())
            // Without a description the alert's headline says it, unless it is already the screen's headline.
            if detail.ja == nil, detail.en == nil, Language.allCases.allSatisfy({ cap.headlines[$0] == nil }) {
                detail = LocalizedText(ja: alert.headline.isEmpty ? nil : alert.headline)
            }
        }
        if event == .tsunami, let height = tsunamiHeight(alert, matched: matched) {
            detail = height.map { language, line in
                guard let own = detail[language] else { return line }
                return line + "\n" + own
            }
        }
        return detail.ja == nil && detail.en == nil ? nil : detail
    }

    /// The first lines of a JMA headline that say something, without ＜見出し＞ lines.
    private static func ownHeadline(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{3000}"])) }
            .filter { !$0.isEmpty && !($0.hasPrefix("＜") && $0.hasSuffix("＞")) }
        return lines.prefix(2).joined()
    }

    /// 予想される津波の高さ：巨大, from the gravest forecast for the sign's coasts.
    private static func tsunamiHeight(_ alert: Alert, matched: [AlertArea]) -> LocalizedText? {
        let forecasts = (alert.details.tsunami ?? []).filter { forecast in
            forecast.area.severity != nil && (matched.isEmpty || matched.contains(forecast.area))
        }
        guard
            let top = forecasts.max(by: {
                ($0.area.severity ?? .unknown, $0.maxHeight ?? 0) < ($1.area.severity ?? .unknown, $1.maxHeight ?? 0)
            })
        else { return nil }
        let words: LocalizedText
        if let text = top.maxHeightText, text.contains("巨大") {
            words = LocalizedText("巨大", "huge", "巨大", "巨大", "거대")
        } else if let text = top.maxHeightText, text.contains("高い") {
            words = LocalizedText("高い", "high", "高", "高", "높음")
        } else if let metres = top.maxHeight {
            let number = metres == metres.rounded() ? String(Int(metres)) : String(metres)
            let over = top.maxHeightText?.contains("超") == true
            words = LocalizedText(
                top.maxHeightText ?? "\(number)ｍ", over ? "over \(number) m" : "\(number) m",
                over ? "超过\(number)米" : "\(number)米", over ? "超過\(number)公尺" : "\(number)公尺",
                over ? "\(number)m 초과" : "\(number)m")
        } else {
            return nil
        }
        return LocalizedText(
            "予想される津波の高さ　\(words.ja ?? "")", "Expected tsunami height: \(words.en ?? "")",
            "预计海啸高度：\(words.zhHans ?? "")", "預計海嘯高度：\(words.zhHant ?? "")", "예상 쓰나미 높이: \(words.ko ?? "")")
    }

    private static func issuer(of alert: Alert) -> LocalizedText? {
        switch alert.source {
        case .jma:
            let office = alert.details.jma?.publishingOffice.split(separator: "\n").first.map(String.init) ?? ""
            return EmergencyPhrases.jma.map { language, words in
                language == .ja && !office.isEmpty ? office : words
            }
        case .cap:
            let name = alert.details.cap?.infos.compactMap(\.senderName).first ?? alert.details.cap?.sender
            return name.map { LocalizedText(ja: $0) }
        case .ngsi:
            return alert.details.evacuation?.issuer.map { LocalizedText(ja: $0) }
        }
    }

    // MARK: CAP texts by language

    /// CAP `info` blocks (and NGSI texts) sorted into the five languages.
    struct CAPTexts {
        var events = LocalizedText()
        var headlines = LocalizedText()
        var instructions = LocalizedText()
        var descriptions = LocalizedText()
    }

    private static func capTexts(_ alert: Alert) -> CAPTexts {
        var texts = CAPTexts()
        for translation in alert.translations.reversed() {  // the first block of a language wins
            guard let language = language(of: translation.language) else { continue }
            func set(_ keyPath: WritableKeyPath<CAPTexts, LocalizedText>, _ value: String?) {
                guard let value, !value.isEmpty else { return }
                texts[keyPath: keyPath] = texts[keyPath: keyPath].setting(language, to: value)
            }
            set(\.events, translation.event)
            set(\.headlines, translation.headline)
            set(\.instructions, translation.instruction.map(firstSentences))
            set(\.descriptions, firstSentences(translation.text))
        }
        return texts
    }

    /// The sign's language for a BCP 47 tag (`en-US` → en, `zh-TW` → zh-Hant), if it speaks it.
    static func language(of tag: String) -> Language? {
        let lower = tag.lowercased()
        if lower.hasPrefix("ja") { return .ja }
        if lower.hasPrefix("en") { return .en }
        if lower.hasPrefix("ko") { return .ko }
        if lower.hasPrefix("zh") {
            return ["hant", "-tw", "-hk", "-mo"].contains(where: lower.contains) ? .zhHant : .zhHans
        }
        return nil
    }

    /// At most two sentences of a long text, for a screen read from across a street.
    private static func firstSentences(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        var result = ""
        var count = 0
        for character in flat {
            result.append(character)
            if character == "." || character == "。" {
                count += 1
                if count == 2 { break }
            }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// The languages `top` has, over those of `base`.
    private static func overlay(_ top: LocalizedText, on base: LocalizedText) -> LocalizedText {
        LocalizedText(
            ja: top.ja ?? base.ja, en: top.en ?? base.en, zhHans: top.zhHans ?? base.zhHans,
            zhHant: top.zhHant ?? base.zhHant, ko: top.ko ?? base.ko)
    }

    // MARK: Small words

    /// At most eight names, then 「…」: the sign's own areas come first in a telegram's order.
    private static func shortList(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        let unique = names.filter { seen.insert($0).inserted }
        return unique.count > 8 ? Array(unique.prefix(8)) + ["…"] : unique
    }

    private static func lowercasingFirst(_ words: String) -> String {
        guard let first = words.first else { return words }
        return first.lowercased() + words.dropFirst()
    }

    /// 이 after a final consonant (받침), 가 after a vowel: 경보가 · 정보가 · 해일이.
    static func subjectParticle(after word: String) -> String {
        guard let last = word.unicodeScalars.last, (0xAC00...0xD7A3).contains(last.value) else { return "이(가)" }
        return (last.value - 0xAC00) % 28 == 0 ? "가" : "이"
    }
}

extension NoticeSeverity {
    /// The notice level of a common-scale severity.
    public init(_ severity: AlertSeverity) {
        switch severity {
        case .emergency: self = .emergency
        case .dangerWarning: self = .danger
        case .warning: self = .warning
        case .advisory: self = .advisory
        case .information, .minor, .unknown: self = .information
        }
    }
}

extension LocalizedText {
    fileprivate func setting(_ language: Language, to text: String) -> Self {
        var copy = self
        switch language {
        case .ja: copy.ja = text
        case .en: copy.en = text
        case .zhHans: copy.zhHans = text
        case .zhHant: copy.zhHant = text
        case .ko: copy.ko = text
        }
        return copy
    }
}
