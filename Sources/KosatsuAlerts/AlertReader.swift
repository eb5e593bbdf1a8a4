public import Foundation
public import KosatsuData

/// The three kinds of alert input, told apart by content, never by file name.
public enum AlertFormat: String, Sendable, Codable, Hashable {
    /// 気象庁防災情報XML: root `<Report>` in `http://xml.kishou.go.jp/jmaxml1/`.
    case jma
    /// CAP: root `<alert>` in `urn:oasis:names:tc:emergency:cap:1.2` (or 1.1).
    case cap
    /// NGSI JSON holding `Alert` or `WeatherAlert` entities.
    case ngsi
}

/// How NGSI alert entities are read.
public struct NGSIAlertReading: Hashable, Sendable {
    /// Decode percent-encoded text (`%E6%B4%A5…`, as Orion's forbidden characters make providers
    /// write it); the platform's `decodeText: false` turns it off.
    public var decodesText: Bool
    /// Which attributes carry 避難情報.
    public var evacuation: EvacuationAttributes

    public init(decodesText: Bool = true, evacuation: EvacuationAttributes = EvacuationAttributes()) {
        self.decodesText = decodesText
        self.evacuation = evacuation
    }
}

/// The attributes of an NGSI `Alert` entity that make it 避難情報, by name (a city may use its own,
/// Japanese names among them); nil leaves one out. The entity is 避難情報 when `level` or `kind`
/// names a level, or its category or subCategory is `evacuation`.
public struct EvacuationAttributes: Hashable, Sendable {
    /// 3, 4, 5 or 警戒レベル４.
    public var level: String?
    /// 高齢者等避難 / 避難指示 / 緊急安全確保.
    public var kind: String?
    /// 対象地区: a list, or one text separated by 、.
    public var districts: String?
    /// What people flee from: flood, landslide, storm-surge … or 洪水, 土砂災害 …
    public var hazard: String?
    /// 発令 / issued, or 解除 / lifted (a lift cancels the alert).
    public var status: String?
    /// The municipality's 全国地方公共団体コード (142069) or JMA code (1420600).
    public var areaCode: String?
    /// Who issued it (Smart Data Models `alertSource`).
    public var issuer: String?

    public init(
        level: String? = "evacuationLevel", kind: String? = "evacuationType", districts: String? = "districts",
        hazard: String? = "hazard", status: String? = "evacuationStatus", areaCode: String? = "areaCode",
        issuer: String? = "alertSource"
    ) {
        self.level = level
        self.kind = kind
        self.districts = districts
        self.hazard = hazard
        self.status = status
        self.areaCode = areaCode
        self.issuer = issuer
    }
}

/// Reads alert files and messages: detects the format from the bytes and parses them.
public enum AlertReader {
    /// Reads every alert in `data` (a CAP message or JMA telegram is one alert; NGSI JSON may hold
    /// several entities).
    ///
    /// - Parameters:
    ///   - file: the name used in errors (a path, a URL or `POST /alerts`).
    ///   - ngsi: how NGSI entities are read (their text decoding); JMA and CAP ignore it.
    /// - Throws: `AlertInputError` for empty, binary, truncated or malformed input, a DTD, a root
    ///   element that is neither a JMA Report nor a CAP alert (an Atom feed gets its own code,
    ///   `.atomFeed`), or JSON without alert entities.
    /// The alert of one `Alert` or `WeatherAlert` entity the platform client already decoded: read
    /// as it is, with no JSON written and parsed again. Its `raw` text is the entity in key-values form.
    public static func read(
        entity: NGSIEntity, file: String, ngsi: NGSIAlertReading = NGSIAlertReading()
    ) throws(AlertInputError) -> Alert {
        let raw = String(decoding: JSONWriter.data(entity.keyValues), as: UTF8.self)
        return try NGSIAlertEntity.alert(from: entity, raw: raw, file: file, reading: ngsi)
    }

    public static func read(
        _ data: Data, file: String, ngsi: NGSIAlertReading = NGSIAlertReading()
    ) throws(AlertInputError) -> [Alert] {
        let raw = try text(of: data, file: file)
        switch try sniff(raw, file: file) {
        case .json:
            return try NGSIAlertEntity.alerts(from: data, raw: raw, file: file, reading: ngsi)
        case .xml:
            let tree = try XMLTree(data: data, file: file)
            let root = tree.root
            switch (root.name, root.namespace ?? "") {
            case ("Report", let namespace) where namespace.hasPrefix(JMATelegram.namespacePrefix):
                return [try JMATelegram.alert(from: root, raw: raw, file: file)]
            case ("alert", let namespace) where CAPMessage.namespaces.contains(namespace):
                return [try CAPMessage.alert(from: root, raw: raw, file: file)]
            case ("feed", "http://www.w3.org/2005/Atom"):
                let entries = root.children("entry").count
                throw AlertInputError(
                    .atomFeed,
                    "this is an Atom feed with \(entries) entries, an index of alerts rather than an alert; "
                        + "fetch each entry's <link> and read that message instead",
                    file: file, line: root.line)
            default:
                let namespace = root.namespace.map { " in namespace \($0)" } ?? " without a namespace"
                throw AlertInputError(
                    .unexpectedRoot,
                    "the root element is <\(root.name)>\(namespace); expected <Report> in "
                        + "\(JMATelegram.namespacePrefix) (JMA) or <alert> in \(CAPMessage.namespaces[0]) (CAP)",
                    file: file, line: root.line)
            }
        }
    }

    /// Which format `data` is in, without parsing it fully (an XML root is read, JSON is assumed NGSI).
    public static func format(of data: Data, file: String) throws(AlertInputError) -> AlertFormat {
        let raw = try text(of: data, file: file)
        switch try sniff(raw, file: file) {
        case .json: return .ngsi
        case .xml:
            let alerts = try read(data, file: file)
            return alerts.first?.source == .cap ? .cap : .jma
        }
    }

    private enum Syntax { case xml, json }

    /// Text or not: NUL bytes and invalid UTF-8 mean binary (JMA, CAP and NGSI are all UTF-8 here).
    private static func text(of data: Data, file: String) throws(AlertInputError) -> String {
        if InputFile.looksLikeUTF16(data) {
            throw AlertInputError(
                .binary, "this is UTF-16 text; JMA XML, CAP XML and NGSI JSON are read as UTF-8 (save it as UTF-8)",
                file: file, line: 1)
        }
        // Through the raw bytes: Data's element-wise iteration costs tens of ms on a large telegram.
        let scan = data.withUnsafeBytes { raw -> (nul: Int?, text: String?) in
            let bytes = raw.bindMemory(to: UInt8.self)
            if let nul = bytes.firstIndex(of: 0) { return (nul, nil) }
            return (nil, String(validating: bytes, as: UTF8.self))
        }
        if let offset = scan.nul {
            throw AlertInputError(
                .binary,
                "a NUL byte at offset \(offset): this is binary data, not an alert "
                    + "(expected JMA XML, CAP XML or NGSI JSON as UTF-8 text)",
                file: file, line: line(of: offset, in: data))
        }
        guard let text = scan.text else {
            let offset = firstInvalidUTF8(in: data)
            throw AlertInputError(
                .binary,
                "bytes at offset \(offset) are not UTF-8: expected JMA XML, CAP XML or NGSI JSON as UTF-8 text",
                file: file, line: line(of: offset, in: data))
        }
        return text
    }

    private static func sniff(_ text: String, file: String) throws(AlertInputError) -> Syntax {
        let start = text.unicodeScalars.first { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }
        switch start {
        case nil:
            throw AlertInputError(.empty, "the input is empty; expected JMA XML, CAP XML or NGSI JSON", file: file)
        case "<"?: return .xml
        case "{"?, "["?: return .json
        case let other?:
            let offset = text.unicodeScalars.prefix { $0 != other }.count
            let line = text.unicodeScalars.prefix(offset).filter { $0 == "\n" }.count + 1
            throw AlertInputError(
                .unknownFormat,
                "the content starts with \"\(other)\"; expected \"<\" (JMA or CAP XML) or \"{\" / \"[\" (NGSI JSON)",
                file: file, line: line)
        }
    }

    private static func line(of offset: Int, in data: Data) -> Int {
        data.prefix(offset).reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// Offset of the first byte that does not start or continue a UTF-8 sequence properly.
    private static func firstInvalidUTF8(in data: Data) -> Int {
        let bytes = [UInt8](data)
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for next in bytes[(index + 1)..<(index + length)] where next & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return index
    }
}
