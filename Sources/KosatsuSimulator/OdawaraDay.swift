public import Foundation
public import KosatsuData
import KosatsuPlatform

/// The simulator's demo city: five Odawara spots whose crowds follow a plausible day (the
/// station's commuter peaks, the castle's early afternoon, the fishing port's morning market),
/// the weather at the station, and one notice. Deterministic for a given time.
public enum OdawaraDay {
    struct Place {
        var id: String
        var names: [(String, String)]
        var capacity: Int
        var latitude: Double
        var longitude: Double
        /// Share of capacity at each hour 0…23, Japan time.
        var profile: [Double]
    }

    static let places: [Place] = [
        Place(
            id: "urn:ngsi-ld:CrowdFlowObserved:odawara-castle",
            names: [
                ("ja", "小田原城"), ("en", "Odawara Castle"), ("zh-Hans", "小田原城"), ("zh-Hant", "小田原城"), ("ko", "오다와라성"),
            ],
            capacity: 2000, latitude: 35.2510, longitude: 139.1534,
            profile: [
                0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.62, 0.8, 0.95, 0.96, 0.85, 0.62, 0.4,
                0.25, 0.15, 0.1, 0.06, 0.04, 0.03,
            ]),
        Place(
            id: "urn:ngsi-ld:CrowdFlowObserved:odawara-station-east",
            names: [
                ("ja", "小田原駅東口"), ("en", "Odawara Station East Exit"), ("zh-Hans", "小田原站东口"), ("zh-Hant", "小田原站東口"),
                ("ko", "오다와라역 동쪽 출구"),
            ],
            capacity: 1500, latitude: 35.2564, longitude: 139.1550,
            profile: [
                0.05, 0.02, 0.01, 0.01, 0.02, 0.08, 0.35, 0.78, 0.82, 0.55, 0.45, 0.5, 0.58, 0.55, 0.52, 0.56, 0.64,
                0.8, 0.86, 0.7, 0.5, 0.35, 0.22, 0.1,
            ]),
        Place(
            id: "urn:ngsi-ld:CrowdFlowObserved:odawara-fishing-port",
            names: [
                ("ja", "小田原漁港"), ("en", "Odawara Fishing Port"), ("zh-Hans", "小田原渔港"), ("zh-Hant", "小田原漁港"),
                ("ko", "오다와라 어항"),
            ],
            capacity: 1200, latitude: 35.2378, longitude: 139.1509,
            profile: [
                0.01, 0.01, 0.01, 0.02, 0.05, 0.18, 0.4, 0.58, 0.6, 0.45, 0.4, 0.62, 0.72, 0.55, 0.35, 0.25, 0.2, 0.15,
                0.12, 0.08, 0.05, 0.03, 0.02, 0.01,
            ]),
        Place(
            id: "urn:ngsi-ld:CrowdFlowObserved:ishigakiyama",
            names: [
                ("ja", "石垣山一夜城"), ("en", "Ishigakiyama Ichiya Castle"), ("zh-Hans", "石垣山一夜城"), ("zh-Hant", "石垣山一夜城"),
                ("ko", "이시가키야마 이치야성"),
            ],
            capacity: 600, latitude: 35.2395, longitude: 139.1377,
            profile: [
                0, 0, 0, 0, 0, 0, 0.01, 0.03, 0.08, 0.18, 0.28, 0.35, 0.38, 0.4, 0.36, 0.28, 0.15, 0.05, 0.01, 0, 0, 0,
                0, 0,
            ]),
        Place(
            id: "urn:ngsi-ld:CrowdFlowObserved:miyuki-beach",
            names: [
                ("ja", "御幸の浜"), ("en", "Miyuki Beach"), ("zh-Hans", "御幸之滨"), ("zh-Hant", "御幸之濱"), ("ko", "미유키 해변"),
            ],
            capacity: 800, latitude: 35.2455, longitude: 139.1585,
            profile: [
                0.01, 0.01, 0, 0, 0.01, 0.04, 0.1, 0.14, 0.16, 0.2, 0.26, 0.3, 0.34, 0.38, 0.42, 0.45, 0.44, 0.36, 0.22,
                0.1, 0.05, 0.03, 0.02, 0.01,
            ]),
    ]

    /// Hours since midnight, Japan time (UTC+9, no daylight saving).
    static func hourOfDay(_ date: Date) -> Double {
        let seconds = (date.timeIntervalSince1970 + 9 * 3600).truncatingRemainder(dividingBy: 86_400)
        return (seconds < 0 ? seconds + 86_400 : seconds) / 3600
    }

    /// A small deterministic wobble (±5%) that changes every five minutes.
    static func wobble(_ index: Int, _ date: Date) -> Double {
        var x =
            UInt64(bitPattern: Int64(date.timeIntervalSince1970 / 300)) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index + 1)
        x ^= x >> 31
        x = x &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        return 1 + (Double(x % 1000) / 1000 - 0.5) * 0.1
    }

    /// The count at a spot at a time.
    public static func peopleCount(spot index: Int, at date: Date) -> Int {
        let place = places[index]
        let hour = hourOfDay(date)
        let low = Int(hour) % 24
        let high = (low + 1) % 24
        let fraction = hour - Double(Int(hour))
        let share = place.profile[low] * (1 - fraction) + place.profile[high] * fraction
        return max(0, Int((Double(place.capacity) * share * wobble(index, date)).rounded()))
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601.format(date, fraction: .never)
    }

    /// The changing attributes of every spot and the weather at `date`.
    static func updates(at date: Date) -> [(id: String, values: [String: StoredAttribute])] {
        var result: [(String, [String: StoredAttribute])] = []
        let observed = StoredAttribute(type: "DateTime", value: .string(timestamp(date)))
        for (index, place) in places.enumerated() {
            let count = peopleCount(spot: index, at: date)
            result.append(
                (
                    place.id,
                    [
                        "peopleCount": StoredAttribute(type: "Number", value: .number(Double(count))),
                        "congested": StoredAttribute(
                            type: "Boolean", value: .bool(Double(count) >= 0.75 * Double(place.capacity))),
                        "dateObserved": observed,
                    ]
                ))
        }
        let hour = hourOfDay(date)
        let temperature = (12 + 5 * sin((hour - 9) / 24 * 2 * .pi)) * 10
        result.append(
            (
                "urn:ngsi-ld:WeatherObserved:odawara-station",
                [
                    "temperature": StoredAttribute(type: "Number", value: .number(temperature.rounded() / 10)),
                    "relativeHumidity": StoredAttribute(
                        type: "Number",
                        value: .number(((0.7 - 0.15 * sin((hour - 9) / 24 * 2 * .pi)) * 100).rounded() / 100)),
                    "dateObserved": observed,
                ]
            ))
        return result
    }

    /// The seed entities, NGSI-v2 normalized, as of `date`.
    public static func entities(at date: Date) -> [JSONValue] {
        var entities: [JSONValue] = []
        for (index, place) in places.enumerated() {
            let count = peopleCount(spot: index, at: date)
            let names = JSONObject(place.names.map { JSONObject.Member(key: $0.0, value: .string($0.1)) })
            entities.append([
                "id": .string(place.id), "type": "CrowdFlowObserved",
                "name": ["type": "StructuredValue", "value": .object(names)],
                "peopleCount": ["type": "Number", "value": .number(Double(count))],
                "capacity": ["type": "Number", "value": .number(Double(place.capacity))],
                "congested": ["type": "Boolean", "value": .bool(Double(count) >= 0.75 * Double(place.capacity))],
                "dateObserved": ["type": "DateTime", "value": .string(timestamp(date))],
                "location": [
                    "type": "geo:json",
                    "value": ["type": "Point", "coordinates": [.number(place.longitude), .number(place.latitude)]],
                ],
            ])
        }
        entities.append([
            "id": "urn:ngsi-ld:WeatherObserved:odawara-station", "type": "WeatherObserved",
            "temperature": ["type": "Number", "value": 14.5],
            "precipitation": ["type": "Number", "value": 0],
            "relativeHumidity": ["type": "Number", "value": 0.62],
            "windSpeed": ["type": "Number", "value": 3.4],
            "weatherType": [
                "type": "StructuredValue",
                "value": ["ja": "晴れ", "en": "Sunny", "zh-Hans": "晴", "zh-Hant": "晴", "ko": "맑음"],
            ],
            "dateObserved": ["type": "DateTime", "value": .string(timestamp(date))],
        ])
        // Orion refuses ( ) ; = in text, so the English body is stored percent-encoded.
        let englishBody =
            "From 1 December the top floor of the keep opens with a special exhibition, 9:00–17:00 (last entry 16:30)."
        entities.append([
            "id": "urn:ngsi-ld:Notice:odawara-castle-winter", "type": "Notice",
            "title": [
                "type": "StructuredValue",
                "value": ["ja": "小田原城 冬の特別公開", "en": "Odawara Castle winter special opening", "ko": "오다와라성 겨울 특별 공개"],
            ],
            "body": [
                "type": "StructuredValue",
                "value": [
                    "ja": "12月1日から天守閣最上階の特別展示を公開します。開館時間は9時から17時まで（入館は16時30分まで）。",
                    "en": .string(QueryEncoding.encode(englishBody)),
                ],
            ],
            "validFrom": ["type": "DateTime", "value": "2026-11-01T00:00:00+09:00"],
            "validTo": ["type": "DateTime", "value": "2027-03-01T00:00:00+09:00"],
        ])
        return entities
    }
}
