import Foundation
import KosatsuConfig
import KosatsuData
internal import Yams

extension PlatformConfig {
    /// Reads a platform config file. The file is either the platform section itself or a sign
    /// config with a `platform:` key (other keys are then left to their owners).
    public static func load(_ path: String) throws(ConfigError) -> PlatformConfig {
        let text: String
        do {
            text = try InputFile.text(path)
        } catch {
            throw ConfigError(file: path, line: error.line ?? 0, column: error.column ?? 0, message: error.message)
        }
        return try parse(yaml: text, file: path)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> PlatformConfig {
        let root: Node
        do {
            guard let node = try YAMLReader.compose(yaml) else {
                throw ConfigError(
                    file: file, line: 1, column: 1, message: "the file is empty; expected a platform config")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw ConfigError([diagnostic(for: error, file: file)])
        } catch {
            throw ConfigError(file: file, line: 0, column: 0, message: "\(error)")
        }
        let reader = ConfigReader(file: file)
        var section = root
        if case .mapping(let mapping) = root, let platform = mapping["platform"] {
            section = platform
        }
        let config = ConfigBuilder(reader: reader).platform(section)
        if let config, reader.diagnostics.isEmpty { return config }
        throw ConfigError(reader.diagnostics)
    }

    private static func diagnostic(for error: YamlError, file: String) -> ConfigDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return ConfigDiagnostic(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigDiagnostic(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "the key '\(duplicates.joined(separator: "', '"))' is given twice")
        default:
            return ConfigDiagnostic(file: file, line: 0, column: 0, message: "YAML: \(error)")
        }
    }
}

/// Turns a composed YAML tree into a `PlatformConfig`, reporting problems to the reader.
private struct ConfigBuilder {
    let reader: ConfigReader

    func platform(_ node: Node) -> PlatformConfig? {
        let keys: Set<String> = [
            "name", "url", "flavour", "format", "tenant", "servicePath", "context", "pageSize", "pollInterval",
            "timeout", "staleAfter", "auth", "tls", "cacheDirectory", "subscription", "decodeText", "spots", "alerts",
            "notices", "weather", "shelters",
        ]
        guard let fields = reader.fields(node, what: "the platform config", allowed: keys, required: ["url"]),
            let url = fields.url("url")
        else { return nil }
        var config = PlatformConfig(url: url)
        if let name = fields.string("name") { config.name = name }
        if let flavour = fields.choice("flavour", NGSIFlavour.self) { config.flavour = flavour }
        if let format = fields.choice("format", NGSIFormat.self) { config.format = format }
        if let tenant = fields.string("tenant") {
            if tenant.count > 50 || !tenant.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
                reader.report(
                    "'tenant' must be at most 50 lower-case letters, digits or '_' (Orion's rule), found '\(tenant)'",
                    at: fields["tenant"])
            } else {
                config.tenant = tenant
            }
        }
        if let path = fields.string("servicePath") {
            if config.flavour == .ld {
                reader.report(
                    "'servicePath' applies to ngsi-v2 only (NGSI-LD has tenants, not service paths)",
                    at: fields["servicePath"])
            } else if !ServicePath.isValid(path, forQuery: true) {
                reader.report(
                    "'servicePath' must be absolute paths like /signage or /odawara/# (up to 10, comma-separated), found '\(path)'",
                    at: fields["servicePath"])
            } else {
                config.servicePath = path
            }
        }
        if let context = fields.url("context") {
            if config.flavour == .v2 {
                reader.report("'context' applies to ngsi-ld only", at: fields["context"])
            } else {
                config.context = context
            }
        }
        if let pageSize = fields.int("pageSize", range: 1...1000) { config.pageSize = pageSize }
        if let poll = fields.duration("pollInterval", minimum: 1) { config.pollInterval = poll }
        if let timeout = fields.duration("timeout", minimum: 0.1) { config.timeout = timeout }
        if let stale = fields.duration("staleAfter", minimum: 1) { config.staleAfter = stale }
        if let decode = fields.bool("decodeText") { config.decodeText = decode }
        if let cache = fields.string("cacheDirectory") { config.cacheDirectory = cache }
        if let auth = fields["auth"] { self.auth(auth, into: &config) }
        if let tls = fields["tls"], let tlsFields = reader.fields(tls, what: "'tls'", allowed: ["caFile"]) {
            config.caFile = tlsFields.readableFile("caFile")
        }
        if let subscription = fields["subscription"] { config.subscription = self.subscription(subscription) }
        if let node = fields["spots"] { config.spots = spots(node) }
        if let node = fields["alerts"] { config.alerts = alerts(node) }
        if let node = fields["notices"] { config.notices = notices(node) }
        if let node = fields["weather"] { config.weather = weather(node) }
        if let node = fields["shelters"] { config.shelters = shelters(node) }
        if fields["spots"] == nil && fields["alerts"] == nil && fields["notices"] == nil && fields["weather"] == nil
            && fields["shelters"] == nil
        {
            reader.report(
                "the platform config needs at least one of 'spots', 'alerts', 'notices', 'weather', 'shelters'",
                at: node)
        }
        return config
    }

    func auth(_ node: Node, into config: inout PlatformConfig) {
        guard let fields = reader.fields(node, what: "'auth'", allowed: ["tokenFile", "header", "oauth2"]) else {
            return
        }
        if let header = fields.choice("header", PlatformConfig.AuthHeader.self) { config.authHeader = header }
        let tokenFile = fields.readableFile("tokenFile")
        if fields["tokenFile"] != nil && fields["oauth2"] != nil {
            reader.report("'auth' takes either 'tokenFile' or 'oauth2', not both", at: fields["oauth2"])
            return
        }
        if let tokenFile { config.auth = .tokenFile(tokenFile) }
        if let oauthNode = fields["oauth2"],
            let oauth = reader.fields(
                oauthNode, what: "'oauth2'",
                allowed: ["tokenURL", "clientID", "clientSecret", "clientSecretFile", "scope"],
                required: ["tokenURL", "clientID"])
        {
            guard let tokenURL = oauth.url("tokenURL"), let clientID = oauth.string("clientID") else { return }
            let secretFile = oauth.readableFile("clientSecretFile")
            let secret = oauth.string("clientSecret")
            if oauth["clientSecret"] == nil && oauth["clientSecretFile"] == nil {
                reader.report("'oauth2' needs a 'clientSecretFile' (or 'clientSecret')", at: oauthNode)
            }
            config.auth = .oauth2(
                PlatformConfig.OAuth2(
                    tokenURL: tokenURL, clientID: clientID, clientSecretFile: secretFile, clientSecret: secret,
                    scope: oauth.string("scope")))
        }
        if fields["tokenFile"] == nil && fields["oauth2"] == nil {
            reader.report("'auth' needs a 'tokenFile' or an 'oauth2' section", at: node)
        }
    }

    func subscription(_ node: Node) -> PlatformConfig.Subscription? {
        let keys: Set<String> = [
            "notifyURL", "secret", "secretFile", "secretIn", "duration", "throttling", "checkInterval",
        ]
        guard let fields = reader.fields(node, what: "'subscription'", allowed: keys, required: ["notifyURL"]),
            let url = fields.url("notifyURL")
        else { return nil }
        var secret = fields.string("secret")
        if let file = fields.readableFile("secretFile") {
            secret = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        guard let secret, secret.count >= 16 else {
            reader.report(
                "'subscription' needs a 'secretFile' (or 'secret') of at least 16 characters: notifications without it are refused",
                at: node)
            return nil
        }
        var subscription = PlatformConfig.Subscription(notifyURL: url, secret: secret)
        if let placement = fields.choice("secretIn", PlatformConfig.SecretPlacement.self) {
            subscription.secretIn = placement
        }
        if let duration = fields.duration("duration", minimum: 60) { subscription.duration = duration }
        if let throttling = fields.duration("throttling", minimum: 0) { subscription.throttling = throttling }
        if let check = fields.duration("checkInterval", minimum: 1) { subscription.checkInterval = check }
        return subscription
    }

    /// The selection keys every mapping shares.
    static let selectionKeys: Set<String> = ["type", "idPattern", "q"]

    func selection(_ fields: ConfigFields, defaultType: String) -> EntitySelection {
        EntitySelection(
            type: fields.string("type") ?? defaultType, idPattern: fields.string("idPattern"), q: fields.string("q"))
    }

    /// An attribute name; `~` (null) switches a default attribute off.
    func attribute(_ fields: ConfigFields, _ key: String, default value: String?) -> String? {
        guard let node = fields[key] else { return value }
        if node.null != nil { return nil }
        return fields.string(key)
    }

    /// `name: 名称` or `name: {ja: 名称, en: nameEn}`.
    func languages(_ fields: ConfigFields, _ key: String, default value: LanguageAttributes?) -> LanguageAttributes? {
        guard let node = fields[key] else { return value }
        if node.null != nil { return nil }
        if case .scalar = node, let name = fields.string(key) { return LanguageAttributes([(.ja, name)]) }
        let allowed = Set(Language.allCases.map(\.rawValue))
        guard let map = reader.fields(node, what: "'\(key)'", allowed: allowed) else { return value }
        var names: [(Language, String)] = []
        for language in Language.allCases {
            if let name = map.string(language.rawValue) { names.append((language, name)) }
        }
        return names.isEmpty ? value : LanguageAttributes(names)
    }

    func spots(_ node: Node) -> SpotMapping? {
        let keys = Self.selectionKeys.union([
            "name", "count", "capacity", "occupancy", "congested", "observedAt", "thresholds", "historyLimit",
        ])
        guard let fields = reader.fields(node, what: "'spots'", allowed: keys) else { return nil }
        var mapping = SpotMapping()
        mapping.selection = selection(fields, defaultType: "CrowdFlowObserved")
        mapping.name = languages(fields, "name", default: mapping.name) ?? mapping.name
        mapping.count = attribute(fields, "count", default: mapping.count)
        mapping.capacity = attribute(fields, "capacity", default: mapping.capacity)
        mapping.occupancy = attribute(fields, "occupancy", default: mapping.occupancy)
        mapping.congested = attribute(fields, "congested", default: mapping.congested)
        mapping.observedAt = attribute(fields, "observedAt", default: mapping.observedAt)
        if let limit = fields.int("historyLimit", range: 0...10_000) { mapping.historyLimit = limit }
        if let thresholdsNode = fields["thresholds"],
            let thresholds = reader.fields(
                thresholdsNode, what: "'thresholds'", allowed: ["moderate", "high", "veryHigh"])
        {
            var value = CongestionThresholds()
            if let moderate = thresholds.double("moderate", range: 0...10) { value.moderate = moderate }
            if let high = thresholds.double("high", range: 0...10) { value.high = high }
            if let veryHigh = thresholds.double("veryHigh", range: 0...10) { value.veryHigh = veryHigh }
            if !(value.moderate <= value.high && value.high <= value.veryHigh) {
                reader.report(
                    "'thresholds' must rise: moderate ≤ high ≤ veryHigh (occupancy ratios, e.g. 0.5, 0.75, 0.9)",
                    at: thresholdsNode)
            }
            mapping.thresholds = value
        }
        return mapping
    }

    func alerts(_ node: Node) -> AlertMapping? {
        let keys = Self.selectionKeys.union([
            "headline", "category", "subCategory", "severity", "issued", "validFrom", "validTo", "areas", "evacuation",
        ])
        guard let fields = reader.fields(node, what: "'alerts'", allowed: keys) else { return nil }
        var mapping = AlertMapping()
        mapping.selection = selection(fields, defaultType: "Alert")
        mapping.headline = languages(fields, "headline", default: mapping.headline) ?? mapping.headline
        mapping.category = attribute(fields, "category", default: mapping.category)
        mapping.subCategory = attribute(fields, "subCategory", default: mapping.subCategory)
        mapping.severity = attribute(fields, "severity", default: mapping.severity)
        mapping.issued = attribute(fields, "issued", default: mapping.issued)
        mapping.validFrom = attribute(fields, "validFrom", default: mapping.validFrom)
        mapping.validTo = attribute(fields, "validTo", default: mapping.validTo)
        mapping.areas = attribute(fields, "areas", default: mapping.areas)
        if let node = fields["evacuation"],
            let names = reader.fields(
                node, what: "'evacuation'",
                allowed: ["level", "kind", "districts", "hazard", "status", "areaCode", "issuer"])
        {
            var evacuation = EvacuationNames()
            evacuation.level = attribute(names, "level", default: evacuation.level)
            evacuation.kind = attribute(names, "kind", default: evacuation.kind)
            evacuation.districts = attribute(names, "districts", default: evacuation.districts)
            evacuation.hazard = attribute(names, "hazard", default: evacuation.hazard)
            evacuation.status = attribute(names, "status", default: evacuation.status)
            evacuation.areaCode = attribute(names, "areaCode", default: evacuation.areaCode)
            evacuation.issuer = attribute(names, "issuer", default: evacuation.issuer)
            if evacuation.level == nil && evacuation.kind == nil {
                reader.report("'evacuation' needs 'level' or 'kind': the attribute that names the 警戒レベル", at: node)
            }
            mapping.evacuation = evacuation
        }
        return mapping
    }

    func shelters(_ node: Node) -> ShelterMapping? {
        let keys = Self.selectionKeys.union([
            "name", "address", "location", "hazards", "open", "commonID", "count", "capacity", "occupancy",
            "thresholds",
        ])
        guard let fields = reader.fields(node, what: "'shelters'", allowed: keys) else { return nil }
        var mapping = ShelterMapping()
        mapping.selection = selection(fields, defaultType: "PointOfInterest")
        mapping.name = languages(fields, "name", default: mapping.name) ?? mapping.name
        mapping.address = attribute(fields, "address", default: mapping.address)
        mapping.location = attribute(fields, "location", default: mapping.location)
        mapping.hazards = attribute(fields, "hazards", default: mapping.hazards)
        mapping.open = attribute(fields, "open", default: mapping.open)
        mapping.commonID = attribute(fields, "commonID", default: mapping.commonID)
        mapping.count = attribute(fields, "count", default: mapping.count)
        mapping.capacity = attribute(fields, "capacity", default: mapping.capacity)
        mapping.occupancy = attribute(fields, "occupancy", default: mapping.occupancy)
        if mapping.location == nil {
            reader.report(
                "'shelters' needs a 'location' attribute: a shelter nobody can be pointed to is no use", at: node)
        }
        if let thresholdsNode = fields["thresholds"],
            let thresholds = reader.fields(
                thresholdsNode, what: "'thresholds'", allowed: ["moderate", "high", "veryHigh"])
        {
            var value = CongestionThresholds()
            if let moderate = thresholds.double("moderate", range: 0...10) { value.moderate = moderate }
            if let high = thresholds.double("high", range: 0...10) { value.high = high }
            if let veryHigh = thresholds.double("veryHigh", range: 0...10) { value.veryHigh = veryHigh }
            mapping.thresholds = value
        }
        return mapping
    }

    func notices(_ node: Node) -> NoticeMapping? {
        let keys = Self.selectionKeys.union(["title", "body", "validFrom", "validTo"])
        guard let fields = reader.fields(node, what: "'notices'", allowed: keys) else { return nil }
        var mapping = NoticeMapping()
        mapping.selection = selection(fields, defaultType: "Notice")
        mapping.title = languages(fields, "title", default: mapping.title) ?? mapping.title
        mapping.body = languages(fields, "body", default: mapping.body) ?? mapping.body
        mapping.validFrom = attribute(fields, "validFrom", default: mapping.validFrom)
        mapping.validTo = attribute(fields, "validTo", default: mapping.validTo)
        return mapping
    }

    func weather(_ node: Node) -> WeatherMapping? {
        let keys = Self.selectionKeys.union([
            "id", "temperature", "precipitation", "humidity", "windSpeed", "observedAt", "condition",
        ])
        guard let fields = reader.fields(node, what: "'weather'", allowed: keys) else { return nil }
        var mapping = WeatherMapping()
        mapping.selection = selection(fields, defaultType: "WeatherObserved")
        mapping.id = fields.string("id")
        mapping.temperature = attribute(fields, "temperature", default: mapping.temperature)
        mapping.precipitation = attribute(fields, "precipitation", default: mapping.precipitation)
        mapping.humidity = attribute(fields, "humidity", default: mapping.humidity)
        mapping.windSpeed = attribute(fields, "windSpeed", default: mapping.windSpeed)
        mapping.observedAt = attribute(fields, "observedAt", default: mapping.observedAt)
        mapping.condition = languages(fields, "condition", default: mapping.condition)
        return mapping
    }
}

/// Orion's rules for `Fiware-ServicePath`.
package enum ServicePath {
    package static func isValid(_ header: String, forQuery: Bool) -> Bool {
        let paths = header.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !paths.isEmpty, paths.count <= (forQuery ? 10 : 1) else { return false }
        for path in paths {
            guard path.hasPrefix("/") else { return false }
            var components = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
            if path == "/" { components = [] }
            if forQuery, components.last == "#" { components.removeLast() }
            guard components.count <= 10 else { return false }
            for component in components {
                guard !component.isEmpty, component.count <= 50,
                    component.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
                else { return false }
            }
        }
        return true
    }
}
