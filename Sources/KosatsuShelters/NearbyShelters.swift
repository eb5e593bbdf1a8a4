public import KosatsuData

/// What a sign points people to: its shelter directory seen from where it stands and the way its
/// screen faces, a few at a time, within walking reach.
public struct NearbyShelters: Sendable, Hashable {
    public var directory: ShelterDirectory
    /// Where the sign stands.
    public var origin: GeoPoint
    /// The way the screen faces, degrees clockwise from north; nil when not configured.
    public var facing: Double?
    /// How many to show (three fit a screen read in passing).
    public var limit: Int
    /// Farther than this (metres, straight line) is not worth showing; nil shows any distance.
    public var within: Double?

    public init(
        directory: ShelterDirectory, origin: GeoPoint, facing: Double? = nil, limit: Int = 3, within: Double? = 3000
    ) {
        self.directory = directory
        self.origin = origin
        self.facing = facing
        self.limit = limit
        self.within = within
    }

    /// The nearest open shelters designated for every one of `hazards`; none when it names none.
    public func guides(for hazards: Set<ShelterHazard>) -> [ShelterGuide] {
        directory.guides(from: origin, facing: facing, for: hazards, limit: limit, within: within)
    }

    /// The same, with the platform's live shelters (開設, crowding) laid over the list.
    public func merging(live: [Shelter]) -> NearbyShelters {
        var copy = self
        copy.directory = directory.merging(live: live)
        return copy
    }
}
