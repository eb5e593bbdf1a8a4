import Foundation
import KosatsuData
import KosatsuPlatform

/// Stored entities rendered back as NGSI-v2 or NGSI-LD, normalized or keyValues, with `attrs` applied.
extension SimulatedBroker {
    func renderV2(_ entity: StoredEntity, keyValues: Bool, attrs: Set<String>?) -> JSONValue {
        var object = JSONObject()
        object.members.reserveCapacity(entity.names.count + 2)
        object.members.append(.init(key: "id", value: .string(entity.id)))
        object.members.append(.init(key: "type", value: .string(entity.type)))
        for name in entity.names {
            if let attrs, !attrs.contains(name) { continue }
            guard let attribute = entity.attributes[name] else { continue }
            if keyValues {
                object.members.append(.init(key: name, value: attribute.value))
            } else {
                var type = attribute.type
                switch type {
                case "Property": type = Self.inferType(attribute.value)
                case "LanguageProperty": type = "StructuredValue"
                default: break
                }
                object.members.append(
                    .init(
                        key: name,
                        value: [
                            "type": .string(type), "value": attribute.value, "metadata": .object(attribute.metadata),
                        ]))
            }
        }
        return .object(object)
    }

    func renderLD(_ entity: StoredEntity, keyValues: Bool, attrs: Set<String>?) -> JSONValue {
        var object = JSONObject()
        object.members.append(.init(key: "id", value: .string(entity.id)))
        object.members.append(.init(key: "type", value: .string(entity.type)))
        for name in entity.names {
            if let attrs, !attrs.contains(name) { continue }
            guard let attribute = entity.attributes[name] else { continue }
            if keyValues {
                object.members.append(.init(key: name, value: attribute.value))
                continue
            }
            let rendered: JSONValue
            switch attribute.type {
            case "Relationship": rendered = ["type": "Relationship", "object": attribute.value]
            case "geo:json", "geo:point", "GeoProperty": rendered = ["type": "GeoProperty", "value": attribute.value]
            case "LanguageProperty": rendered = ["type": "LanguageProperty", "languageMap": attribute.value]
            case "DateTime":
                rendered = ["type": "Property", "value": ["@type": "DateTime", "@value": attribute.value]]
            default: rendered = ["type": "Property", "value": attribute.value]
            }
            object.members.append(.init(key: name, value: rendered))
        }
        return .object(object)
    }
}
