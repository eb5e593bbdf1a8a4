/// Which API a broker speaks.
public enum NGSIFlavour: String, Sendable, Hashable, CaseIterable {
    /// FIWARE Orion (`/v2`), the Digital Agency's recommended broker.
    case v2 = "ngsi-v2"
    /// ETSI NGSI-LD (`/ngsi-ld/v1`): Orion-LD, Scorpio.
    case ld = "ngsi-ld"
}

/// How attributes are rendered in a payload.
public enum NGSIFormat: String, Sendable, Hashable, CaseIterable {
    /// `{"type": …, "value": …, "metadata": …}` (v2) or `{"type": "Property", "value": …}` (LD).
    case normalized
    /// Plain values (`options=keyValues`, LD "simplified").
    case keyValues
}

/// One entity as a broker returns it, attributes reduced to their values.
public struct NGSIEntity: Sendable, Hashable {
    public var id: String
    public var type: String
    public var attributes: NGSIAttributes

    public init(id: String, type: String, attributes: NGSIAttributes = [:]) {
        self.id = id
        self.type = type
        self.attributes = attributes
    }

    /// The attribute by name; for NGSI-LD also by the last segment of an expanded IRI, since a
    /// broker without the sign's `@context` answers with full IRIs.
    public subscript(name: String) -> NGSIAttribute? {
        if let position = attributes.position(of: name) { return attributes.entries[position].attribute }
        return expanded(name).map { attributes.entries[$0].attribute }
    }

    /// The attribute's value by name, as the subscript finds it (without copying its type and metadata).
    public func value(_ name: String) -> JSONValue? {
        if let position = attributes.position(of: name) { return attributes.entries[position].attribute.value }
        return expanded(name).map { attributes.entries[$0].attribute.value }
    }

    /// Where the NGSI-LD attribute expanded to an IRI ending in `name` is, if there is one.
    private func expanded(_ name: String) -> Int? {
        for (position, entry) in attributes.entries.enumerated()
        where entry.name.utf8.first == UInt8(ascii: "h") && entry.name.hasPrefix("http") {
            if entry.name.hasSuffix("/" + name) || entry.name.hasSuffix("#" + name) { return position }
        }
        return nil
    }

    /// Members that are not attributes.
    package static let reservedKeys: Set<String> = ["id", "type", "@context"]

    /// Reads an entity from a payload in the given format. Attribute objects that are not in
    /// normalized form (no `value`, `object` or `languageMap`) are kept as plain values, as
    /// providers mix the two.
    public init(json: JSONValue, format: NGSIFormat, position: Int? = nil) throws(NGSIError) {
        let place = position.map { "entity [\($0)]" } ?? "the entity"
        guard case .object(var object) = json else {
            throw NGSIError(.badPayload, "\(place): expected an object with 'id' and 'type'")
        }
        // A GeoJSON Feature (`Accept: application/geo+json`) carries the entity in `properties`.
        if object["type"]?.string == "Feature", case .object(var properties)? = object["properties"] {
            properties["id"] = object["id"]
            if properties["location"] == nil, let geometry = object["geometry"] { properties["location"] = geometry }
            object = properties
        }
        var id: String?
        var type: String?
        var attributes = NGSIAttributes.Builder(capacity: object.count)
        for member in object.members {
            switch member.key {
            case "id":
                id = member.value.string
            case "type":
                // LD allows a list of types; the first one names the entity's kind.
                type = member.value.string ?? member.value.array?.first?.string
            case "@context":
                continue
            default:
                attributes.add(member.key, NGSIAttribute(json: member.value, format: format))
            }
        }
        guard let id, !id.isEmpty else { throw NGSIError(.badPayload, "\(place): missing its 'id' (a string)") }
        guard let type, !type.isEmpty else {
            throw NGSIError(.badPayload, "\(place) '\(id)': missing its 'type' (a string)")
        }
        self.init(id: id, type: type, attributes: attributes.attributes)
    }

    /// Reads a list of entities (a query's page or a notification's `data`).
    public static func list(_ json: JSONValue, format: NGSIFormat) throws(NGSIError) -> [NGSIEntity] {
        guard case .array(let items) = json else {
            throw NGSIError(.badPayload, "expected a list of entities, found \(json.kindName)")
        }
        var entities: [NGSIEntity] = []
        entities.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            entities.append(try NGSIEntity(json: item, format: format, position: index))
        }
        return entities
    }

    /// The entity in key-values form (`{"id", "type", name: value…}`); NGSI-LD names expanded to
    /// IRIs by a broker without the sign's `@context` are cut back to their last segment.
    public var keyValues: JSONValue {
        var members = [JSONObject.Member(key: "id", value: .string(id)), .init(key: "type", value: .string(type))]
        for entry in attributes.entries.sorted(by: { $0.name < $1.name }) {
            let name = entry.name
            let attribute = entry.attribute
            var key = name
            if name.hasPrefix("http"), let cut = name.lastIndex(where: { $0 == "/" || $0 == "#" }) {
                key = String(name[name.index(after: cut)...])
            }
            members.append(.init(key: key, value: attribute.value))
        }
        return .object(JSONObject(members))
    }

    /// This entity with `other`'s attributes laid over it (a notification's partial update).
    public func merging(_ other: NGSIEntity) -> NGSIEntity {
        var merged = NGSIAttributes.Builder(attributes)
        for (name, attribute) in other.attributes { merged.add(name, attribute) }
        return NGSIEntity(id: id, type: type, attributes: merged.attributes)
    }
}

/// One attribute: its declared type (`Number`, `Property`, `Relationship`…), its value and metadata.
public struct NGSIAttribute: Sendable, Hashable {
    public var type: String?
    /// The value itself: a Relationship's `object`, a LanguageProperty's `languageMap`, a
    /// `{"@type": "DateTime", "@value": …}` reduced to its `@value`.
    public var value: JSONValue
    /// v2 `metadata`, or an LD property's sub-properties (`observedAt`, `unitCode`…).
    public var metadata: JSONObject

    public init(type: String? = nil, value: JSONValue, metadata: JSONObject = JSONObject()) {
        self.type = type
        self.value = value
        self.metadata = metadata
    }

    init(json: JSONValue, format: NGSIFormat) {
        guard format == .normalized, case .object(let object) = json else {
            self.init(value: NGSIAttribute.unwrapTyped(json))
            return
        }
        var type: String?
        var value: JSONValue?
        var metadata = JSONObject()
        var isNormalized = false
        for member in object.members {
            switch member.key {
            case "type":
                type = member.value.string
            case "value", "object", "languageMap", "vocab", "json":
                value = member.value
                isNormalized = true
            case "metadata":
                if case .object(let meta) = member.value { metadata = meta }
            default:
                metadata.members.append(member)
            }
        }
        guard isNormalized, let value else {
            self.init(value: NGSIAttribute.unwrapTyped(json))
            return
        }
        self.init(type: type, value: NGSIAttribute.unwrapTyped(value), metadata: metadata)
    }

    /// `{"@type": "DateTime", "@value": "…"}` → `"…"`.
    package static func unwrapTyped(_ value: consuming JSONValue) -> JSONValue {
        if case .object(let object) = value, object.count <= 2, let inner = object["@value"] { return inner }
        return value
    }
}

extension JSONValue {
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
