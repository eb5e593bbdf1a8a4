import Foundation

/// What a JMA `Kind/Name` means on the common scale, and how to say it in English.
///
/// JMA names carry their level in the words (…特別警報, …警報, …注意報, レベル４…危険警報), so the
/// name is read rather than a code table that changes with every revision of the warning system.
enum JMAKindName {
    /// The severity a kind name stands for; nil when the name says nothing is in force
    /// (なし, 解除, 発表警報・注意報はなし).
    static func severity(of name: String) -> AlertSeverity? {
        let name = name.trimmedOfWhiteSpace
        if name.isEmpty || name == "なし" || name.hasSuffix("なし") || name.includes("解除") || name == "津波なし" {
            return nil
        }
        if ["特別警報", "大津波警報", "噴火警報：避難", "レベル５", "氾濫発生"].contains(where: name.includes) {
            return .emergency
        }
        if ["危険警報", "レベル４", "氾濫危険"].contains(where: name.includes) || name == "警戒" {
            return .dangerWarning
        }
        if ["警報", "レベル３", "氾濫警戒"].contains(where: name.includes) {
            return .warning
        }
        if ["注意報", "レベル２", "注意情報", "氾濫注意"].contains(where: name.includes) {
            return .advisory
        }
        return .information
    }

    /// Whether a `Kind/Status` word says the kind is no longer in force.
    static func isLifted(status: String) -> Bool {
        status.includes("解除") || status.includes("なし")
    }

    /// English for a warning or advisory name, using JMA's own English terms where they exist
    /// (Emergency Warning / Warning / Advisory); unknown names fall back to the severity word.
    static func english(_ name: String) -> String {
        let level = severity(of: name)
        if name.includes("大津波警報") { return "Major tsunami warning" }
        if name.includes("緊急地震速報") {
            return (level ?? .information) >= .warning ? "Earthquake early warning" : "Earthquake early forecast"
        }
        if name == "警戒" { return "Landslide alert (level 4)" }
        guard let what = WarningPhenomenon.named(in: name)?.english else {
            return (level ?? .information).english
        }
        let word: String
        switch level {
        case .emergency?: word = "emergency warning"
        case .dangerWarning?: word = "danger warning"
        case .warning?: word = "warning"
        case .advisory?: word = "advisory"
        case .information?, .minor?, .unknown?: word = "information"
        case nil: word = "lifted"
        }
        return "\(what) \(word)"
    }
}
