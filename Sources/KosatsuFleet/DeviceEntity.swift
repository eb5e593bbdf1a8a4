import Foundation
public import KosatsuData

/// A sign as a Smart Data Models `Device` on the city's data platform, so the 都市OS lists its
/// signs on its own map: `deviceCategory: [multimedia]`, `deviceState`, `softwareVersion`,
/// `dateLastValueReported`, `location`, `supportedProtocol`.
public enum DeviceEntity {
    /// `urn:ngsi-ld:Device:kosatsu-ID`.
    public static func id(for signID: String) -> String { "urn:ngsi-ld:Device:kosatsu-\(signID)" }

    /// The entity in normalized form for the broker's flavour.
    public static func entity(
        _ status: SignStatus, latitude: Double?, longitude: Double?, flavour: NGSIFlavour
    ) -> JSONValue {
        let time = ISO8601.format(status.at ?? Date(), fraction: .always)
        var attributes: [(String, String, JSONValue)] = [
            ("name", "Text", .string(orionSafe(status.sign))),
            ("deviceCategory", "StructuredValue", ["multimedia"]),
            ("deviceState", "Text", .string(status.state.rawValue)),
            ("softwareVersion", "Text", .string(orionSafe(status.version ?? ""))),
            ("dateLastValueReported", "DateTime", .string(time)),
            ("supportedProtocol", "StructuredValue", ["mqtt", "http"]),
            // What the screen shows: `board`, `emergency`, `calm` or `splash`.
            ("value", "Text", .string(status.showing?.rawValue ?? "")),
        ]
        if let latitude, let longitude {
            attributes.append(
                ("location", "geo:json", ["type": "Point", "coordinates": [.number(longitude), .number(latitude)]]))
        }
        var object: JSONObject = ["id": .string(id(for: status.id)), "type": "Device"]
        for (name, type, value) in attributes {
            switch flavour {
            case .v2:
                object[name] = ["type": .string(type), "value": value]
            case .ld:
                if type == "geo:json" {
                    object[name] = ["type": "GeoProperty", "value": value]
                } else if type == "DateTime" {
                    object[name] = ["type": "Property", "value": ["@type": "DateTime", "@value": value]]
                } else {
                    object[name] = ["type": "Property", "value": value]
                }
            }
        }
        return .object(object)
    }

    /// Orion refuses `< > " ' = ; ( )` in text attributes: they become spaces.
    static func orionSafe(_ text: String) -> String {
        String(text.map { "<>\"'=;()".contains($0) ? " " : $0 })
    }
}
