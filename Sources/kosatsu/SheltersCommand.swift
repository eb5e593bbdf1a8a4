import ArgumentParser
import Foundation
import KosatsuData
import KosatsuShelters

/// `kosatsu shelters`: the nearest 指定緊急避難場所 for a hazard in a GSI list, so a city can check its
/// list before it reaches a sign.
struct SheltersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shelters",
        abstract: "List the nearest shelters for a hazard from a GSI 指定緊急避難場所 CSV.",
        discussion: """
            Reads the list as the 国土地理院 publishes it (Shift_JIS or UTF-8, columns by name); rows that \
            cannot be read are reported with their line on stderr and skipped. Distances are straight \
            lines (haversine); walking minutes assume 80 m a minute.
            """)

    @Option(name: .customLong("file"), help: "A GSI 指定緊急避難場所 CSV (repeatable).")
    var files: [String]

    @Option(help: "Where to measure from, LAT,LON in degrees (e.g. 35.2564,139.1553).")
    var near: String

    @Option(help: "flood, landslide, storm-surge, earthquake, tsunami, fire, inland-flood or volcano (repeatable).")
    var hazard: [String]

    @Option(help: "How many to list.")
    var limit = 5

    @Option(help: "Only shelters within this many metres.")
    var within: Double?

    @Option(help: "The way the screen faces, degrees from north: adds the arrow's angle for a reader.")
    var facing: Double?

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        let parts = near.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let latitude = parts[0], let longitude = parts[1], (-90...90).contains(latitude),
            (-180...180).contains(longitude)
        else {
            throw CommandFailure("--near: expected LAT,LON in degrees like 35.2564,139.1553, found '\(near)'")
        }
        var hazards: Set<ShelterHazard> = []
        for word in hazard {
            guard let value = ShelterHazard(rawValue: word) else {
                let options = ShelterHazard.allCases.map(\.rawValue).joined(separator: ", ")
                throw CommandFailure("--hazard: expected one of \(options), found '\(word)'")
            }
            hazards.insert(value)
        }
        guard !hazards.isEmpty else { throw CommandFailure("--hazard: name at least one hazard") }
        guard limit > 0 else { throw CommandFailure("--limit must be 1 or more") }
        var shelters: [Shelter] = []
        for file in files {
            let list: GSIShelterList
            do {
                list = try GSIShelterList.load(file)
            } catch {
                throw CommandFailure(error.description)
            }
            for problem in list.problems { FileHandleOutput.standardError.write("kosatsu: \(problem)\n") }
            shelters += list.shelters
        }
        let guides = ShelterDirectory(shelters).guides(
            from: GeoPoint(latitude: latitude, longitude: longitude), facing: facing, for: hazards, limit: limit,
            within: within)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(guides.map(Listed.init)), as: UTF8.self))
            return
        }
        if guides.isEmpty {
            print("no shelter for \(hazard.joined(separator: ", ")) in \(files.joined(separator: ", "))")
        }
        for guide in guides {
            let arrow = guide.relativeBearing.map { ", \($0)° from straight ahead" } ?? ""
            print(
                """
                \(guide.name.ja ?? guide.id)  \(guide.distance) m (\(guide.walkingMinutes) min on foot)  \
                \(guide.bearing)° \(guide.compass.ja ?? "")\(arrow)
                  \(guide.address ?? "")  [\(guide.hazards.map(\.rawValue).joined(separator: ", "))]
                """)
        }
    }

    /// One line of `--json`: `name`, `address`, `distanceMetres`, `bearingDegrees`, `hazards`, …
    struct Listed: Encodable {
        let guide: ShelterGuide

        init(_ guide: ShelterGuide) { self.guide = guide }

        enum Key: String, CodingKey {
            case id, name, address, distanceMetres, walkingMinutes, bearingDegrees, compass, relativeBearingDegrees
            case hazards
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(guide.id, forKey: .id)
            try container.encode(guide.name.ja ?? "", forKey: .name)
            try container.encode(guide.address, forKey: .address)
            try container.encode(guide.distance, forKey: .distanceMetres)
            try container.encode(guide.walkingMinutes, forKey: .walkingMinutes)
            try container.encode(guide.bearing, forKey: .bearingDegrees)
            try container.encode(guide.compass.ja, forKey: .compass)
            try container.encode(guide.relativeBearing, forKey: .relativeBearingDegrees)
            try container.encode(guide.hazards.map(\.rawValue), forKey: .hazards)
        }
    }
}
