import Foundation
import KosatsuAlerts
import KosatsuData
import KosatsuFleet
import KosatsuPlatform
import Testing

/// What arrives on a sign's topics, told apart by content; every payload untrusted.
@Suite struct FleetPayloadTests {
    static let alertEntity = """
        {"id": "urn:ngsi-ld:Alert:odawara-eq-1", "type": "Alert",
         "category": {"type": "Text", "value": "naturalDisaster"},
         "subCategory": {"type": "Text", "value": "earthquake"},
         "severity": {"type": "Text", "value": "critical"},
         "description": {"type": "Text", "value": "強い揺れに警戒"},
         "dateIssued": {"type": "DateTime", "value": "2026-11-23T05:10:00Z"},
         "location": {"type": "geo:json", "value": {"type": "Point", "coordinates": [139.155, 35.2564]}}}
        """

    @Test func anOrionV2NotificationCarriesItsEntities() throws {
        let payload = Array("{\"subscriptionId\": \"5f1c2a\", \"data\": [\(Self.alertEntity)]}".utf8)
        let (json, entities) = try #require(
            try FleetPayload.read(payload, topic: "city/alerts").notification, "not read as a notification")
        #expect(entities.map(\.type) == ["Alert"])
        #expect(json["subscriptionId"]?.string == "5f1c2a")
        var memory = FleetAlertEntities()
        let (alerts, problems) = memory.alerts(in: entities, topic: "city/alerts")
        #expect(problems.isEmpty)
        #expect(alerts.map(\.id) == ["urn:ngsi-ld:Alert:odawara-eq-1"])
        #expect(alerts.first?.severity == .emergency)
    }

    @Test func anOrionLDNotificationInItsMQTTWrapper() throws {
        let body = """
            {"metadata": {"Content-Type": "application/json", "Link": "<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld>"},
             "body": {"id": "urn:ngsi-ld:Notification:1", "type": "Notification", "subscriptionId": "urn:ngsi-ld:Subscription:9",
                      "notifiedAt": "2026-11-23T05:10:01Z",
                      "data": [{"id": "urn:ngsi-ld:Alert:2", "type": "Alert",
                                "subCategory": {"type": "Property", "value": "tsunami"},
                                "severity": {"type": "Property", "value": "critical"},
                                "dateIssued": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-11-23T05:10:00Z"}}}]}}
            """
        let read = try FleetPayload.read(Array(body.utf8), topic: "t")
        let entities = try #require(read.notification?.entities, "not read as a notification: \(read)")
        var memory = FleetAlertEntities()
        let alerts = memory.alerts(in: entities, topic: "t").alerts
        #expect(alerts.first?.event == "tsunami")
    }

    @Test func aPartialUpdateIsMergedWithWhatCameBefore() throws {
        var memory = FleetAlertEntities()
        let first = try #require(try? Self.entities("{\"data\": [\(Self.alertEntity)]}"))
        #expect(memory.alerts(in: first, topic: "t").alerts.count == 1)
        // Orion sends only the changed attribute: validTo now, which ends the alert.
        let update = try Self.entities(
            #"{"subscriptionId": "s", "data": [{"id": "urn:ngsi-ld:Alert:odawara-eq-1", "type": "Alert", "validTo": {"type": "DateTime", "value": "2026-11-23T05:20:00Z"}, "dateModified": {"type": "DateTime", "value": "2026-11-23T05:20:00Z"}}]}"#
        )
        let (alerts, problems) = memory.alerts(in: update, topic: "t")
        #expect(problems.isEmpty)
        #expect(alerts.first?.expires != nil)
        #expect(alerts.first?.event == "earthquake")
    }

    @Test func aCAPDocumentIsReadAsAlerts() throws {
        let cap = """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x1</identifier><sender>a@b</sender>
            <sent>2026-11-23T14:10:00+09:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            <info><category>Geo</category><event>地震</event><urgency>Immediate</urgency><severity>Extreme</severity>
            <certainty>Observed</certainty><area><areaDesc>小田原市</areaDesc></area></info></alert>
            """
        let alerts = try #require(
            try FleetPayload.read(Array(cap.utf8), topic: "kosatsu/alerts").alerts, "not read as alerts")
        #expect(alerts.map(\.id).first?.contains("x1") == true)
    }

    @Test func anEmptyPayloadIsARetainedMessageBeingCleared() throws {
        #expect(try FleetPayload.read([], topic: "t") == .empty)
    }

    @Test(arguments: [
        "hello", "{\"data\": 5}", "{\"a\": 1}", "{\"data\": [{\"type\": \"Alert\"}]}", "<html></html>",
        "{\"data\": [", "   ", "\u{0}\u{1}\u{2}", "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>",
        String(repeating: "[", count: 100_000),
    ])
    func malformedAndHostilePayloadsAreRefusedWithAReason(_ text: String) {
        #expect(throws: FleetPayloadError.self) { try FleetPayload.read(Array(text.utf8), topic: "t") }
    }

    static func entities(_ text: String) throws -> [NGSIEntity] {
        guard case .notification(_, let entities) = try FleetPayload.read(Array(text.utf8), topic: "t") else {
            throw FleetPayloadError(topic: "t", "not a notification")
        }
        return entities
    }
}

@Suite struct FleetTopicsTests {
    @Test func aSignsIdComesFromItsName() {
        #expect(FleetTopics.id(fromName: "小田原駅東口 1号機") == "小田原駅東口-1号機")
        #expect(FleetTopics.id(fromName: "station/#1 + 2") == "station-1-2")
        #expect(FleetTopics.id(fromName: "   ") == "kosatsu-sign")
        let topics = FleetTopics(prefix: "city/odawara/signs/", id: "east-1")
        #expect(topics.status == "city/odawara/signs/east-1/status")
        #expect(topics.command == "city/odawara/signs/east-1/cmd")
    }

    @Test func filters() {
        #expect(FleetTopics.isValidFilter("city/+/alerts"))
        #expect(FleetTopics.isValidFilter("city/#"))
        #expect(!FleetTopics.isValidFilter("city/#/x"))
        #expect(!FleetTopics.isValidFilter("city/a+"))
        #expect(!FleetTopics.isValidName("city/+/alerts"))
    }

    @Test func theStatusReadsBackAndItsWillIsOffline() throws {
        var status = SignStatus(id: "east-1", sign: "東口", state: .ok, at: Date(timeIntervalSince1970: 1_800_000_000))
        status.showing = .emergency
        status.takeover = SignStatus.Takeover(id: "a1", event: "地震", severity: "emergency", headline: "揺れに警戒")
        let read = try SignStatus.read(status.json)
        #expect(read == status)
        let will = String(decoding: SignStatus.offline(id: "east-1", sign: "東口").json, as: UTF8.self)
        #expect(will == #"{"id":"east-1","sign":"東口","state":"offline"}"#)
    }
}

@Suite struct OrionMQTTSubscriptionTests {
    @Test func oneSubscriptionPerTopicAndTypeInOrionsShape() throws {
        let maker = OrionMQTTSubscription(broker: "mqtt://broker.city.lan:1883", user: "orion", password: "pw")
        let documents = maker.documents(for: [
            .init(topic: "city/odawara/alerts", types: ["Alert", "WeatherAlert"], q: "areaServed==小田原市")
        ])
        #expect(documents.count == 2)
        let mqtt = try #require(documents.first?["notification"]?["mqtt"])
        #expect(mqtt["url"]?.string == "mqtt://broker.city.lan:1883")
        #expect(mqtt["topic"]?.string == "city/odawara/alerts")
        #expect(mqtt["qos"]?.number == 1)
        #expect(mqtt["user"]?.string == "orion" && mqtt["passwd"]?.string == "pw")
        #expect(documents.first?["subject"]?["condition"]?["expression"]?["q"]?.string == "areaServed==小田原市")
        #expect(documents.last?["subject"]?["entities"]?.array?.first?["type"]?.string == "WeatherAlert")
    }

    @Test func orionLDTakesTheTopicInTheEndpointURI() throws {
        let maker = OrionMQTTSubscription(broker: "mqtt://broker:1883", user: "u", password: "p", flavour: .ld)
        let document = try #require(maker.documents(for: [.init(topic: "city/a", types: ["Alert"])]).first)
        #expect(document["notification"]?["endpoint"]?["uri"]?.string == "mqtt://u:p@broker:1883/city/a")
        #expect(document["type"]?.string == "Subscription")
    }

    @Test func theDeviceEntityIsASmartDataModelsDevice() {
        var status = SignStatus(id: "east-1", sign: "東口 (1)", state: .degraded, at: Date(timeIntervalSince1970: 0))
        status.version = "0.1.0"
        status.showing = .board
        let entity = DeviceEntity.entity(status, latitude: 35.25, longitude: 139.15, flavour: .v2)
        #expect(entity["id"]?.string == "urn:ngsi-ld:Device:kosatsu-east-1")
        #expect(entity["deviceCategory"]?["value"]?.array == ["multimedia"])
        #expect(entity["deviceState"]?["value"]?.string == "degraded")
        #expect(entity["name"]?["value"]?.string == "東口  1 ")  // Orion's forbidden characters are gone
        #expect(entity["location"]?["value"]?["coordinates"]?.array == [.number(139.15), .number(35.25)])
    }
}

/// One case of a payload at a time, so a test can `#require` the one it expects.
extension FleetPayload {
    var notification: (json: JSONValue, entities: [NGSIEntity])? {
        if case .notification(let json, let entities) = self { (json, entities) } else { nil }
    }
    var alerts: [Alert]? {
        if case .alerts(let alerts) = self { alerts } else { nil }
    }
}
