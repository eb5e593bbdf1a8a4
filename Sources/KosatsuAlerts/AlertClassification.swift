/// Where an alert came from.
public enum AlertSource: String, Sendable, Codable, Hashable, CaseIterable {
    /// 気象庁防災情報XML.
    case jma
    /// OASIS Common Alerting Protocol 1.2.
    case cap
    /// A FIWARE `Alert` or `WeatherAlert` entity from the city's data platform.
    case ngsi
}

/// Whether an alert is real. Only `actual` may ever take over a sign.
public enum AlertStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// JMA 通常, CAP Actual.
    case actual
    /// JMA 訓練, CAP Exercise: a drill.
    case exercise
    /// JMA 試験, CAP Test.
    case test
    /// CAP Draft: never meant to be acted on.
    case draft
    /// CAP System: messages about the alerting network itself.
    case system
}

/// The alert's place in its life cycle.
public enum AlertKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// A first message (JMA 発表 with serial 1 or none, CAP Alert).
    case alert
    /// Replaces earlier messages (JMA 発表 with a later serial, JMA 訂正, CAP Update, Ack, Error).
    case update
    /// Withdraws earlier messages (JMA 取消, CAP Cancel).
    case cancel
}

/// The kind of danger, which picks the emergency layout (earthquake, tsunami, rain/landslide, generic).
public enum Hazard: String, Sendable, Codable, Hashable, CaseIterable {
    /// Observed earthquakes: 震度速報, 震源情報, 震源・震度情報.
    case earthquake
    /// 緊急地震速報: shaking is about to arrive.
    case earthquakeEarlyWarning
    case tsunami
    /// Weather warnings and advisories (大雨, 暴風, 大雪 …), floods.
    case weather
    /// 土砂災害警戒情報 and landslide warnings.
    case landslide
    case volcano
    /// Everything else (CAP and NGSI categories that are none of the above, JMA information texts).
    case other
}
