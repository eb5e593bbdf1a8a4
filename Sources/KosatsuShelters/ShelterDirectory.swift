public import KosatsuData

/// Every shelter a sign knows (the GSI lists it was given and the platform's live ones), and the
/// nearest ones for a hazard, seen from where the sign stands.
public struct ShelterDirectory: Sendable, Hashable {
    public private(set) var shelters: [Shelter]

    /// A site listed twice (the same 共通ID in two files) is kept once, as first given.
    public init(_ shelters: [Shelter] = []) {
        var ids: Set<String> = []
        self.shelters = shelters.filter { ids.insert($0.id).inserted }
    }

    /// These shelters with the platform's `live` ones laid over them: a live shelter with the same
    /// id (the GSI 共通ID) or the same name replaces the listed one (it knows 開設 and crowding; it
    /// keeps the list's hazards when it gives none); the others are added.
    public func merging(live: [Shelter]) -> ShelterDirectory {
        guard !live.isEmpty else { return self }
        var result = shelters
        for shelter in live {
            let name = shelter.name.ja
            if let index = result.firstIndex(where: { $0.id == shelter.id || (name != nil && $0.name.ja == name) }) {
                var merged = shelter
                if merged.hazards.isEmpty { merged.hazards = result[index].hazards }
                if merged.address == nil { merged.address = result[index].address }
                result[index] = merged
            } else {
                result.append(shelter)
            }
        }
        return ShelterDirectory(result)
    }

    /// The nearest shelters designated for every one of `hazards` (a site for floods is no site
    /// for a tsunami), open or of unknown state (a site the city reports closed is left out),
    /// within `within` metres, nearest first (ties by name, so the order is stable).
    public func nearest(
        to origin: GeoPoint, for hazards: Set<ShelterHazard>, limit: Int, within: Double? = nil
    ) -> [(shelter: Shelter, distance: Double)] {
        guard !hazards.isEmpty, limit > 0 else { return [] }
        let candidates = shelters.compactMap { shelter -> (shelter: Shelter, distance: Double)? in
            guard shelter.isOpen != false, hazards.isSubset(of: shelter.hazards) else { return nil }
            let distance = origin.distance(to: shelter.position)
            if let within, distance > within { return nil }
            return (shelter, distance)
        }
        return Array(
            candidates.sorted {
                $0.distance != $1.distance
                    ? $0.distance < $1.distance : ($0.shelter.name.ja ?? "") < ($1.shelter.name.ja ?? "")
            }
            .prefix(limit))
    }

    /// The nearest shelters as an emergency screen shows them, from a sign at `origin` whose screen
    /// faces `facing` (degrees from north; nil when unknown).
    public func guides(
        from origin: GeoPoint, facing: Double?, for hazards: Set<ShelterHazard>, limit: Int, within: Double?
    ) -> [ShelterGuide] {
        nearest(to: origin, for: hazards, limit: limit, within: within).map { shelter, distance in
            let bearing = origin.bearing(to: shelter.position)
            return ShelterGuide(
                id: shelter.id, name: shelter.name, address: shelter.address, distance: Int(distance.rounded()),
                walkingMinutes: Self.walkingMinutes(distance), bearing: Int(bearing.rounded()) % 360,
                relativeBearing: facing.map { Int(Self.relativeBearing(bearing, facing: $0).rounded()) % 360 },
                hazards: shelter.hazards, isOpen: shelter.isOpen, congestion: shelter.congestion)
        }
    }

    /// Minutes on foot at 80 m a minute, rounded up (0 only where the sign stands on the site).
    public static func walkingMinutes(_ metres: Double) -> Int {
        Int((metres / 80).rounded(.up))
    }

    /// Where `bearing` lies for a person reading a sign whose screen faces `facing`: they look the
    /// opposite way (facing + 180°), which is "straight ahead", up on the screen.
    public static func relativeBearing(_ bearing: Double, facing: Double) -> Double {
        let ahead = facing + 180
        return ((bearing - ahead).truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360)
    }
}
