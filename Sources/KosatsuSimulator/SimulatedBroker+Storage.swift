import Foundation
import KosatsuData
import KosatsuPlatform

/// Entities as stored: merged from normalized or keyValues bodies, v2 or LD, with Orion's forbidden
/// characters refused.
extension SimulatedBroker {
    /// Orion refuses these in text unless the attribute is `TextUnrestricted`.
    static let forbidden: Set<Character> = ["<", ">", "\"", "'", "=", ";", "(", ")"]

    static func hasForbidden(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): return text.contains { forbidden.contains($0) }
        case .array(let items): return items.contains { hasForbidden($0) }
        case .object(let object): return object.members.contains { hasForbidden($0.value) }
        default: return false
        }
    }

    /// Creates or updates one entity from a payload; returns it and the names that changed.
    func merge(
        _ json: JSONValue, tenant: String, servicePath: String, replace: Bool, checkText: Bool,
        format: NGSIFormat = .normalized
    ) throws(NGSIError) -> (StoredEntity, Set<String>) {
        guard case .object(let object) = json, let id = object["id"]?.string, !id.isEmpty else {
            throw NGSIError(.badPayload, "entity id is required")
        }
        let type = object["type"]?.string ?? object["type"]?.array?.first?.string ?? "Thing"
        counter += 1
        var entity =
            tenants[tenant]?[id] ?? StoredEntity(id: id, type: type, servicePath: servicePath, created: counter)
        if replace { entity.names = []; entity.attributes = [:] }
        var changed: Set<String> = []
        for member in object.members where !NGSIEntity.reservedKeys.contains(member.key) {
            let attribute = Self.storedAttribute(member.value, format: format)
            if checkText, attribute.type != "TextUnrestricted", Self.hasForbidden(attribute.value) {
                throw NGSIError(.badPayload, "Invalid characters in attribute value")
            }
            if entity.attributes[member.key] != attribute { changed.insert(member.key) }
            entity.set(member.key, attribute)
        }
        if tenants[tenant] == nil { tenants[tenant] = [:] }
        tenants[tenant]?[id] = entity
        return (entity, changed)
    }

    static func storedAttribute(_ json: JSONValue, format: NGSIFormat) -> StoredAttribute {
        if format == .normalized, case .object(let object) = json {
            let type = object["type"]?.string
            if let value = object["value"] ?? object["object"] ?? object["languageMap"] {
                var metadata = object["metadata"]?.object ?? JSONObject()
                for member in object.members
                where !["type", "value", "object", "languageMap", "metadata"].contains(member.key) {
                    metadata.members.append(member)
                }
                let unwrapped = NGSIAttribute.unwrapTyped(value)
                var resolved = type ?? inferType(unwrapped)
                if resolved == "Property", case .object(let inner) = value, inner["@type"]?.string == "DateTime" {
                    resolved = "DateTime"
                }
                if resolved == "GeoProperty" { resolved = "geo:json" }
                return StoredAttribute(type: resolved, value: unwrapped, metadata: metadata)
            }
        }
        return StoredAttribute(type: inferType(json), value: json)
    }

    static func inferType(_ value: JSONValue) -> String {
        switch value {
        case .number: "Number"
        case .string: "Text"
        case .bool: "Boolean"
        case .null: "None"
        case .array, .object: "StructuredValue"
        }
    }
}
