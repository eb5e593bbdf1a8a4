import Foundation
import KosatsuData

/// Pages a broker sends, built to size: what the NGSI benchmarks parse and the byte reader's tests
/// compare with the tree.
public enum SamplePage {
    /// A page of `count` CrowdFlowObserved entities in NGSI-v2 normalized form, as Orion sends it.
    public static func crowdFlow(count: Int) -> [UInt8] {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let entities: [JSONValue] = (0..<count).map { index in
            [
                "id": .string("urn:ngsi-ld:CrowdFlowObserved:spot-\(index)"), "type": "CrowdFlowObserved",
                "name": [
                    "type": "StructuredValue", "value": ["ja": .string("観光地\(index)"), "en": .string("Spot \(index)")],
                    "metadata": [:],
                ],
                "peopleCount": ["type": "Number", "value": .number(Double(index % 2000)), "metadata": [:]],
                "capacity": ["type": "Number", "value": 2000, "metadata": [:]],
                "congested": ["type": "Boolean", "value": .bool(index % 3 == 0), "metadata": [:]],
                "dateObserved": [
                    "type": "DateTime",
                    "value": .string(ISO8601.format(start.addingTimeInterval(Double(index)), fraction: .never)),
                    "metadata": [:],
                ],
                "location": [
                    "type": "geo:json", "value": ["type": "Point", "coordinates": [139.155, 35.256]], "metadata": [:],
                ],
            ]
        }
        return JSONWriter.data(.array(entities))
    }
}
