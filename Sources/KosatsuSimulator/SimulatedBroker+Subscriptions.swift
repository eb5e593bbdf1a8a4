import Foundation
import KosatsuData
import KosatsuPlatform

/// Subscriptions (v2 and LD), their expiry and status, and the notifications a change triggers.
extension SimulatedBroker {
    func hexID(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func isLoopback(_ url: String, scheme wanted: String = "http") -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme, scheme == wanted,
            let host = components.host
        else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    func createSubscription(_ request: BrokerRequest, tenant: String, flavour: NGSIFlavour) -> BrokerResponse {
        let body: JSONValue
        switch parseBody(request, flavour: flavour) {
        case .success(let value): body = value
        case .failure(let response): return response
        }
        func bad(_ text: String) -> BrokerResponse {
            flavour == .v2
                ? .orion(400, "BadRequest", text) : .problem(400, "BadRequestData", "Invalid subscription", text)
        }
        var entities: [(id: String?, idPattern: String?, type: String?)] = []
        let list = flavour == .v2 ? body["subject"]?["entities"]?.array : body["entities"]?.array
        for item in list ?? [] {
            entities.append((item["id"]?.string, item["idPattern"]?.string, item["type"]?.string))
        }
        if flavour == .v2, entities.isEmpty { return bad("Invalid JSON payload: no subject entities specified") }
        var url: String?
        var mqttTarget: MQTTNotificationTarget?
        var headers: [(String, String)] = []
        let format: NGSIFormat
        var attrs: [String] = []
        let watched: [String]
        var qText: String?
        var expires: Date?
        switch flavour {
        case .v2:
            let notification = body["notification"]
            url = notification?["http"]?["url"]?.string ?? notification?["httpCustom"]?["url"]?.string
            if let mqtt = notification?["mqtt"] {
                guard let target = MQTTNotificationTarget(v2: mqtt) else {
                    return bad("mqtt notification needs url (mqtt://host:port), topic and qos 0, 1 or 2")
                }
                mqttTarget = target
                url = target.url
            }
            if case .object(let custom)? = notification?["httpCustom"]?["headers"] {
                headers = custom.members.compactMap { member in member.value.string.map { (member.key, $0) } }
            }
            format = notification?["attrsFormat"]?.string == "keyValues" ? .keyValues : .normalized
            attrs = notification?["attrs"]?.array?.compactMap(\.string) ?? []
            watched = body["subject"]?["condition"]?["attrs"]?.array?.compactMap(\.string) ?? []
            qText = body["subject"]?["condition"]?["expression"]?["q"]?.string
            if let text = body["expires"]?.string {
                guard let date = ISO8601.parse(text) else { return bad("expires has an invalid format") }
                expires = date
            }
        case .ld:
            guard body["type"]?.string == "Subscription" else { return bad("type must be Subscription") }
            let endpoint = body["notification"]?["endpoint"]
            url = endpoint?["uri"]?.string
            if let uri = url, uri.lowercased().hasPrefix("mqtt") {
                guard let target = MQTTNotificationTarget(ldEndpoint: uri, notifierInfo: endpoint?["notifierInfo"])
                else {
                    return bad(
                        "an mqtt:// endpoint needs a host, a port and a topic: mqtt://[user:pass@]host:port/topic")
                }
                mqttTarget = target
                url = target.url
            }
            for info in endpoint?["receiverInfo"]?.array ?? [] {
                if let key = info["key"]?.string, let value = info["value"]?.string { headers.append((key, value)) }
            }
            format = body["notification"]?["format"]?.string == "keyValues" ? .keyValues : .normalized
            attrs = body["notification"]?["attributes"]?.array?.compactMap(\.string) ?? []
            watched = body["watchedAttributes"]?.array?.compactMap(\.string) ?? []
            qText = body["q"]?.string
            if let text = body["expiresAt"]?.string {
                guard let date = ISO8601.parse(text) else { return bad("expiresAt has an invalid format") }
                expires = date
            }
            if entities.isEmpty && watched.isEmpty { return bad("entities or watchedAttributes is required") }
        }
        guard let url else { return bad("notification URL is required") }
        guard Self.isLoopback(url) || mqttTarget.map({ Self.isLoopback($0.url, scheme: "mqtt") }) == true else {
            return bad(
                "the Kosatsu simulator only notifies loopback http and mqtt URLs (127.0.0.1, localhost, ::1), not \(url)"
            )
        }
        var query: SimpleQuery?
        if let qText {
            do { query = try SimpleQuery(qText) } catch { return bad("invalid q: \(error.message)") }
        }
        let id = flavour == .v2 ? hexID(12) : "urn:ngsi-ld:Subscription:" + hexID(12)
        let servicePath = flavour == .v2 ? (request.header("Fiware-ServicePath") ?? "/#") : "/#"
        subscriptions[id] = StoredSubscription(
            id: id, flavour: flavour, tenant: tenant, servicePath: servicePath,
            description: body["description"]?.string,
            entities: entities, watched: watched, q: query, qText: qText, url: url, headers: headers, format: format,
            attrs: attrs, expires: expires, mqtt: mqttTarget, throttling: body["throttling"]?.number ?? 0)
        subscriptionOrder.append(id)
        let location = flavour == .v2 ? "/v2/subscriptions/\(id)" : "/ngsi-ld/v1/subscriptions/\(id)"
        return .empty(201, headers: [("Location", location)])
    }

    func refreshExpiry(_ id: String) {
        guard var subscription = subscriptions[id], let expires = subscription.expires, expires <= now(),
            subscription.status != "expired"
        else { return }
        subscription.status = "expired"
        subscriptions[id] = subscription
    }

    func render(_ subscription: StoredSubscription) -> JSONValue {
        func date(_ value: Date?) -> JSONValue { value.map { .string(ISO8601.format($0, fraction: .always)) } ?? .null }
        let entities: [JSONValue] = subscription.entities.map { item in
            var object = JSONObject()
            if let id = item.id { object["id"] = .string(id) }
            if let pattern = item.idPattern { object["idPattern"] = .string(pattern) }
            if let type = item.type { object["type"] = .string(type) }
            return .object(object)
        }
        var object = JSONObject()
        object["id"] = .string(subscription.id)
        if let description = subscription.description { object["description"] = .string(description) }
        switch subscription.flavour {
        case .v2:
            var condition: JSONObject = ["attrs": .array(subscription.watched.map(JSONValue.string))]
            if let q = subscription.qText { condition["expression"] = ["q": .string(q)] }
            object["subject"] = ["entities": .array(entities), "condition": .object(condition)]
            var notification: JSONObject = [
                "attrs": .array(subscription.attrs.map(JSONValue.string)),
                "attrsFormat": .string(subscription.format.rawValue),
                "timesSent": .number(Double(subscription.timesSent)),
            ]
            if let mqtt = subscription.mqtt {
                // As Orion lists it: the password is never given back.
                var target: JSONObject = [
                    "url": .string(mqtt.url), "topic": .string(mqtt.topic), "qos": .number(Double(mqtt.qos)),
                ]
                if let user = mqtt.user { target["user"] = .string(user) }
                notification["mqtt"] = .object(target)
            } else {
                notification["http"] = ["url": .string(subscription.url)]
            }
            if let last = subscription.lastNotification { notification["lastNotification"] = date(last) }
            if let last = subscription.lastSuccess { notification["lastSuccess"] = date(last) }
            if let last = subscription.lastFailure { notification["lastFailure"] = date(last) }
            object["notification"] = .object(notification)
            if let expires = subscription.expires { object["expires"] = date(expires) }
            object["status"] = .string(subscription.status)
            if subscription.throttling > 0 { object["throttling"] = .number(subscription.throttling) }
        case .ld:
            object["type"] = "Subscription"
            object["entities"] = .array(entities)
            if !subscription.watched.isEmpty {
                object["watchedAttributes"] = .array(subscription.watched.map(JSONValue.string))
            }
            if let q = subscription.qText { object["q"] = .string(q) }
            object["notification"] = [
                "format": .string(subscription.format.rawValue),
                "endpoint": ["uri": .string(subscription.mqtt.map { $0.url + "/" + $0.topic } ?? subscription.url)],
                "timesSent": .number(Double(subscription.timesSent)),
            ]
            if let expires = subscription.expires { object["expiresAt"] = date(expires) }
            object["status"] = .string(subscription.status)
        }
        return .object(object)
    }

    func listSubscriptions(_ request: BrokerRequest, tenant: String, flavour: NGSIFlavour) -> BrokerResponse {
        let ids = subscriptionOrder.filter {
            subscriptions[$0]?.tenant == tenant && subscriptions[$0]?.flavour == flavour
        }
        ids.forEach(refreshExpiry)
        let items = ids.compactMap { subscriptions[$0] }.map(render)
        var headers: [(String, String)] = []
        if flavour == .v2, request.query["options"]?.contains("count") == true {
            headers.append(("Fiware-Total-Count", String(items.count)))
        }
        return .json(200, .array(items), headers: headers)
    }

    func getSubscription(tenant: String, id: String, flavour: NGSIFlavour) -> BrokerResponse {
        refreshExpiry(id)
        guard let subscription = subscriptions[id], subscription.tenant == tenant, subscription.flavour == flavour
        else {
            return flavour == .v2
                ? .orion(404, "NotFound", "The requested subscription has not been found. Check id")
                : .problem(404, "ResourceNotFound", "Subscription not found", id)
        }
        return .json(200, render(subscription))
    }

    func deleteSubscription(tenant: String, id: String, flavour: NGSIFlavour) -> BrokerResponse {
        guard subscriptions[id]?.tenant == tenant else {
            return flavour == .v2
                ? .orion(404, "NotFound", "The requested subscription has not been found. Check id")
                : .problem(404, "ResourceNotFound", "Subscription not found", id)
        }
        subscriptions[id] = nil
        subscriptionOrder.removeAll { $0 == id }
        return .empty(204)
    }

    /// The notifications an entity change triggers, throttling and expiry applied.
    func notifications(for entity: StoredEntity, changed: Set<String>, tenant: String) -> [Delivery] {
        guard !changed.isEmpty else { return [] }
        var deliveries: [Delivery] = []
        let time = now()
        for id in subscriptionOrder {
            refreshExpiry(id)
            guard var subscription = subscriptions[id], subscription.tenant == tenant,
                subscription.status == "active" || subscription.status == "failed"
            else { continue }
            if subscription.flavour == .v2 {
                let paths = subscription.servicePath.split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if !paths.contains(where: { Self.pathMatches(entity.servicePath, $0) }) { continue }
            }
            let selected =
                subscription.entities.isEmpty
                || subscription.entities.contains { item in
                    if let type = item.type, type != entity.type { return false }
                    if let exact = item.id, exact != entity.id { return false }
                    if let pattern = item.idPattern, let regex = try? Regex(pattern),
                        (try? regex.firstMatch(in: entity.id)) == nil
                    {
                        return false
                    }
                    return true
                }
            guard selected else { continue }
            if !subscription.watched.isEmpty, changed.isDisjoint(with: subscription.watched) { continue }
            if let q = subscription.q, !q.matches({ entity.attributes[$0]?.value }) { continue }
            if subscription.throttling > 0, let last = subscription.lastNotification,
                time.timeIntervalSince(last) < subscription.throttling
            {
                continue
            }
            subscription.lastNotification = time
            subscriptions[id] = subscription
            let attrs = subscription.attrs.isEmpty ? nil : Set(subscription.attrs)
            var headers: [(String, String)] = [("Content-Type", "application/json")]
            let body: JSONValue
            switch subscription.flavour {
            case .v2:
                let data = renderV2(entity, keyValues: subscription.format == .keyValues, attrs: attrs)
                body = ["subscriptionId": .string(id), "data": [data]]
                headers.append(("Ngsiv2-AttrsFormat", subscription.format.rawValue))
                if !tenant.isEmpty { headers.append(("Fiware-Service", tenant)) }
                headers.append(("Fiware-ServicePath", entity.servicePath))
                headers.append(("Fiware-Correlator", UUID().uuidString.lowercased()))
            case .ld:
                let data = renderLD(entity, keyValues: subscription.format == .keyValues, attrs: attrs)
                body = [
                    "id": .string("urn:ngsi-ld:Notification:" + hexID(12)), "type": "Notification",
                    "subscriptionId": .string(id),
                    "notifiedAt": .string(ISO8601.format(time, fraction: .always)),
                    "data": [data],
                ]
                if !tenant.isEmpty { headers.append(("NGSILD-Tenant", tenant)) }
            }
            if let mqtt = subscription.mqtt {
                // Orion-LD wraps an MQTT notification with what HTTP would carry in headers.
                let payload: JSONValue =
                    subscription.flavour == .ld
                    ? ["metadata": ["Content-Type": "application/json"], "body": body] : body
                deliveries.append(
                    Delivery(
                        subscriptionID: id, url: mqtt.url, headers: [], body: JSONWriter.data(payload), mqtt: mqtt))
                continue
            }
            deliveries.append(
                Delivery(
                    subscriptionID: id, url: subscription.url, headers: headers + subscription.headers,
                    body: JSONWriter.data(body)))
        }
        return deliveries
    }
}
