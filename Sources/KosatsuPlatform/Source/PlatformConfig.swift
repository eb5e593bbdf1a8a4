public import Foundation
public import KosatsuData

/// Where the city's broker is and how its entities become a `Snapshot`: everything a sign
/// needs to read its data platform, as written in the YAML config (see docs/integrators.md).
public struct PlatformConfig: Sendable, Hashable {
    /// The source's name in `Snapshot.sources` (layouts show its 「更新 14:05」).
    public var name: String = "platform"
    /// The broker's base URL, without `/v2` or `/ngsi-ld/v1`.
    public var url: URL
    public var flavour: NGSIFlavour = .v2
    public var format: NGSIFormat = .normalized
    /// `Fiware-Service` (v2) or `NGSILD-Tenant` (LD).
    public var tenant: String?
    /// `Fiware-ServicePath` (v2 only), e.g. `/signage` or `/odawara/#`.
    public var servicePath: String?
    /// The JSON-LD `@context` sent in the `Link` header (LD only).
    public var context: URL?
    /// Entities per page, 1…1000 (Orion's cap).
    public var pageSize: Int = 1000
    public var pollInterval: Duration = .seconds(60)
    /// Per request.
    public var timeout: Duration = .seconds(10)
    /// How old the last success may be before layouts mark the data stale.
    public var staleAfter: Duration = .seconds(600)
    public var auth: Auth = .none
    public var authHeader: AuthHeader = .bearer
    /// A PEM file of extra CA certificates trusted on top of the system's store.
    public var caFile: String?
    /// Where the last good snapshot is kept (written atomically, read at start).
    public var cacheDirectory: String?
    public var subscription: Subscription?
    /// Decode percent-encoded text (Orion forbids `<>"'=;()` in plain text, so providers encode it).
    public var decodeText: Bool = true

    public var spots: SpotMapping?
    public var alerts: AlertMapping?
    public var notices: NoticeMapping?
    public var weather: WeatherMapping?
    /// Shelters the city publishes (`PointOfInterest` with a category, …): 開設 state and crowding.
    public var shelters: ShelterMapping?

    public init(url: URL) {
        self.url = url
    }

    /// How the sign proves who it is to the broker's PEP proxy (Wilma / Keyrock).
    /// The files holding this config's secrets (a token file, an OAuth2 client secret file).
    public var credentialFiles: [String] {
        switch auth {
        case .none: []
        case .tokenFile(let path): [path]
        case .oauth2(let oauth): oauth.clientSecretFile.map { [$0] } ?? []
        }
    }

    public enum Auth: Sendable, Hashable {
        case none
        /// A token kept in a file (re-read on each poll, so it can be rotated).
        case tokenFile(String)
        /// OAuth2 client credentials against a token endpoint; refreshed before expiry.
        case oauth2(OAuth2)
    }

    public struct OAuth2: Sendable, Hashable {
        public var tokenURL: URL
        public var clientID: String
        public var clientSecretFile: String?
        public var clientSecret: String?
        public var scope: String?

        public init(
            tokenURL: URL, clientID: String, clientSecretFile: String? = nil, clientSecret: String? = nil,
            scope: String? = nil
        ) {
            self.tokenURL = tokenURL
            self.clientID = clientID
            self.clientSecretFile = clientSecretFile
            self.clientSecret = clientSecret
            self.scope = scope
        }
    }

    /// `Authorization: Bearer <token>` or Keyrock's `X-Auth-Token: <token>`.
    public enum AuthHeader: String, Sendable, Hashable, CaseIterable {
        case bearer
        case xAuthToken = "x-auth-token"
    }

    /// Push: what the sign asks the broker to notify, and how notifications prove themselves.
    public struct Subscription: Sendable, Hashable {
        /// The sign's own `POST /notify/ngsi` URL as the broker reaches it.
        public var notifyURL: URL
        /// The per-sign secret a notification must carry.
        public var secret: String
        public var secretIn: SecretPlacement = .header
        /// How long each subscription lives before the sign renews it.
        public var duration: Duration = .seconds(86_400)
        /// Minimum time between two notifications of one subscription.
        public var throttling: Duration?
        /// How often the sign checks that the broker still has its subscriptions.
        public var checkInterval: Duration = .seconds(300)

        public init(notifyURL: URL, secret: String) {
            self.notifyURL = notifyURL
            self.secret = secret
        }
    }

    public enum SecretPlacement: String, Sendable, Hashable, CaseIterable {
        /// `X-Kosatsu-Token: <secret>` (v2 `httpCustom.headers`, LD `receiverInfo`).
        case header
        /// `?token=<secret>` on the notification URL.
        case url
    }
}

/// Attribute names per language, e.g. `{ja: 名称, en: nameEn}`; one attribute whose value is an
/// object of languages (or an LD LanguageProperty) fills every language at once.
public struct LanguageAttributes: Sendable, Hashable {
    public var names: [(Language, String)]

    public init(_ names: [(Language, String)]) {
        self.names = names
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.names.map { "\($0.0.rawValue)=\($0.1)" } == b.names.map { "\($0.0.rawValue)=\($0.1)" }
    }

    public func hash(into hasher: inout Hasher) {
        for (language, name) in names {
            hasher.combine(language)
            hasher.combine(name)
        }
    }

    public var attributeNames: [String] { names.map(\.1) }
}

/// What narrows a query: the type, an id pattern, a `q` filter, the attributes to fetch.
public struct EntitySelection: Sendable, Hashable {
    public var type: String
    public var idPattern: String?
    public var q: String?

    public init(type: String, idPattern: String? = nil, q: String? = nil) {
        self.type = type
        self.idPattern = idPattern
        self.q = q
    }
}

/// Which entities are tourist spots and which attributes say what.
public struct SpotMapping: Sendable, Hashable {
    public var selection: EntitySelection
    public var name: LanguageAttributes = LanguageAttributes([(.ja, "name")])
    public var count: String? = "peopleCount"
    public var capacity: String? = "capacity"
    public var occupancy: String? = "occupancy"
    public var congested: String? = "congested"
    public var observedAt: String? = "dateObserved"
    public var thresholds = CongestionThresholds()
    /// Samples kept per spot across polls (and in the cache) for the time-series chart.
    public var historyLimit: Int = 288

    public init(type: String = "CrowdFlowObserved") {
        selection = EntitySelection(type: type)
    }

    var attributeNames: [String] {
        name.attributeNames + [count, capacity, occupancy, congested, observedAt].compactMap { $0 }
    }
}

/// Which entities are alerts (Smart Data Models `Alert` / `WeatherAlert`).
public struct AlertMapping: Sendable, Hashable {
    public var selection: EntitySelection
    public var headline: LanguageAttributes = LanguageAttributes([(.ja, "description")])
    public var category: String? = "category"
    public var subCategory: String? = "subCategory"
    public var severity: String? = "severity"
    public var issued: String? = "dateIssued"
    public var validFrom: String? = "validFrom"
    public var validTo: String? = "validTo"
    public var areas: String? = "areaServed"
    /// The attributes that make an entity 避難情報 (read by the alert board's NGSI reader).
    public var evacuation = EvacuationNames()

    public init(type: String = "Alert") {
        selection = EntitySelection(type: type)
    }

    /// Also read for the alert board (the NGSI alert reader): where the alert is, and when it changed.
    static let boardAttributes = ["location", "address", "dateModified", "dateCreated"]

    var attributeNames: [String] {
        let mapped =
            headline.attributeNames
            + [category, subCategory, severity, issued, validFrom, validTo, areas].compactMap { $0 }
            + evacuation.attributeNames
        return mapped + Self.boardAttributes.filter { !mapped.contains($0) }
    }
}

/// The 避難情報 attribute names of `Alert` entities (`platform.alerts.evacuation`); nil leaves one out.
/// The alert board's reader takes them as they are (KosatsuAlerts' `EvacuationAttributes`).
public struct EvacuationNames: Sendable, Hashable {
    public var level: String? = "evacuationLevel"
    public var kind: String? = "evacuationType"
    public var districts: String? = "districts"
    public var hazard: String? = "hazard"
    public var status: String? = "evacuationStatus"
    public var areaCode: String? = "areaCode"
    public var issuer: String? = "alertSource"

    public init() {}

    var attributeNames: [String] {
        [level, kind, districts, hazard, status, areaCode, issuer].compactMap { $0 }
    }
}

/// Which entities are shelters and which attributes say what (`platform.shelters`).
public struct ShelterMapping: Sendable, Hashable {
    public var selection: EntitySelection
    public var name: LanguageAttributes = LanguageAttributes([(.ja, "name")])
    public var address: String? = "address"
    public var location: String? = "location"
    /// What the site is designated for: a list or a text of flood, landslide, tsunami … or 洪水, 津波 ….
    public var hazards: String? = "hazards"
    /// 開設 state: open / 開設 / true, or closed / 未開設 / false.
    public var open: String? = "shelterStatus"
    /// The GSI 共通ID, so the platform's state is laid over the list's site.
    public var commonID: String? = "commonID"
    public var count: String? = "peopleCount"
    public var capacity: String? = "capacity"
    public var occupancy: String? = "occupancy"
    public var thresholds = CongestionThresholds()

    public init(type: String = "PointOfInterest") {
        selection = EntitySelection(type: type)
    }

    var attributeNames: [String] {
        name.attributeNames
            + [address, location, hazards, open, commonID, count, capacity, occupancy].compactMap { $0 }
    }
}

/// Which entities are notices (お知らせ).
public struct NoticeMapping: Sendable, Hashable {
    public var selection: EntitySelection
    public var title: LanguageAttributes = LanguageAttributes([(.ja, "title")])
    public var body: LanguageAttributes = LanguageAttributes([(.ja, "body")])
    public var validFrom: String? = "validFrom"
    public var validTo: String? = "validTo"

    public init(type: String = "Notice") {
        selection = EntitySelection(type: type)
    }

    var attributeNames: [String] {
        title.attributeNames + body.attributeNames + [validFrom, validTo].compactMap { $0 }
    }
}

/// Which entity is the weather where the sign stands (`WeatherObserved`).
public struct WeatherMapping: Sendable, Hashable {
    public var selection: EntitySelection
    /// The one entity to read when the broker has several stations.
    public var id: String?
    public var temperature: String? = "temperature"
    public var precipitation: String? = "precipitation"
    /// Smart Data Models give a fraction 0…1; values above 1 are taken as %.
    public var humidity: String? = "relativeHumidity"
    public var windSpeed: String? = "windSpeed"
    public var observedAt: String? = "dateObserved"
    public var condition: LanguageAttributes? = LanguageAttributes([(.ja, "weatherType")])

    public init(type: String = "WeatherObserved") {
        selection = EntitySelection(type: type)
    }

    var attributeNames: [String] {
        [temperature, precipitation, humidity, windSpeed, observedAt].compactMap { $0 }
            + (condition?.attributeNames ?? [])
    }
}

/// The kinds of entity a sign reads; one query (and one subscription) each.
public enum EntityKind: String, Sendable, Hashable, CaseIterable {
    case spots, alerts, notices, weather, shelters
}

extension PlatformConfig {
    /// The configured kinds with their selections, in a fixed order.
    public var selections: [(EntityKind, EntitySelection)] {
        var result: [(EntityKind, EntitySelection)] = []
        if let spots { result.append((.spots, spots.selection)) }
        if let alerts { result.append((.alerts, alerts.selection)) }
        if let notices { result.append((.notices, notices.selection)) }
        if let weather { result.append((.weather, weather.selection)) }
        if let shelters { result.append((.shelters, shelters.selection)) }
        return result
    }

    /// The kind an entity type belongs to, for notifications.
    public func kind(ofType type: String) -> EntityKind? {
        selections.first { $0.1.type == type }?.0
    }
}
