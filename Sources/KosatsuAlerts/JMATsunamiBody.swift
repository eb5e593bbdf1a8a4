import Foundation
import KosatsuData

/// Reads `Body/Tsunami/Forecast/Item` (VTSE41, and the forecast part of VTSE51): the category and
/// expected height for each 津波予報区.
enum JMATsunamiBody {
    static func read(_ body: XMLTree.Element) -> [TsunamiForecast]? {
        guard let forecast = body.element("Tsunami", "Forecast") else { return nil }
        return forecast.children("Item").map { item in
            let category = item.string("Category", "Kind", "Name") ?? ""
            let code = item.string("Category", "Kind", "Code") ?? ""
            let height = item.element("MaxHeight", "TsunamiHeight")
            let value = height.flatMap { Double($0.trimmedText) }.flatMap { $0.isNaN ? nil : $0 }
            let words = height?.attributes["description"].flatMap { $0.isEmpty ? nil : $0 }
            let area = AlertArea(
                code: item.string("Area", "Code") ?? "", name: item.string("Area", "Name") ?? "",
                family: .tsunamiRegion, severity: severity(code: code, name: category))
            return TsunamiForecast(
                area: area, category: category, categoryCode: code,
                previousCategory: item.string("Category", "LastKind", "Name"),
                maxHeight: value, maxHeightText: words ?? item.string("MaxHeight", "Condition"),
                firstArrival: item.string("FirstHeight", "ArrivalTime").flatMap(ISO8601.feedTime),
                arrivalCondition: item.string("FirstHeight", "Condition"))
        }
    }

    /// 警報等情報要素／津波警報・注意報・予報 codes; the name is the fallback for codes not listed.
    static func severity(code: String, name: String) -> AlertSeverity? {
        switch code {
        case "52", "53": .emergency
        case "51": .warning
        case "62": .advisory
        case "71", "72", "73": .information
        case "00", "50", "60": nil
        default: JMAKindName.severity(of: name)
        }
    }
}
