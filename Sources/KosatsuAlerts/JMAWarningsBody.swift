/// Reads `Body/Warning/Item` (VPWW50/53/54/55–61 気象警報・注意報, VXWW50 土砂災害警戒情報): the
/// kinds in force for each area, with their status.
///
/// Each such telegram restates every area of its prefecture, so the newest telegram on a thread
/// is the whole truth: an area whose kinds are all 解除 is no longer under a warning.
enum JMAWarningsBody {
    static func read(_ body: XMLTree.Element) -> [AreaWarnings] {
        var result: [AreaWarnings] = []
        for warning in body.children("Warning") {
            let type = warning.attributes["type"] ?? ""
            for item in warning.children("Item") {
                let areaElements = item.children("Area") + item.all("Areas", "Area")
                let kinds = item.children("Kind").map { kind in
                    let name = kind.string("Name") ?? ""
                    let status = kind.string("Status") ?? ""
                    let lifted = JMAKindName.isLifted(status: status) || name.isEmpty
                    return WarningKind(
                        name: name, code: kind.string("Code") ?? "", status: status,
                        severity: lifted ? nil : JMAKindName.severity(of: name))
                }
                let severity = kinds.compactMap(\.severity).max()
                for element in areaElements {
                    let code = element.string("Code") ?? ""
                    let area = AlertArea(
                        code: code, name: element.string("Name") ?? "", family: family(type: type, code: code),
                        severity: severity)
                    result.append(AreaWarnings(area: area, kinds: kinds))
                }
            }
        }
        return result
    }

    /// Warning groups name their code list only in words; the digits tell 市町村等 (7) from
    /// 府県予報区・細分区域 (6) when the words do not.
    private static func family(type: String, code: String) -> AreaCodeFamily {
        if type.hasSuffix("（市町村等）") || type == "土砂災害警戒情報" || code.count == 7 { return .municipality }
        if code.count == 6 { return .forecastArea }
        return .jma(type)
    }
}
