import Foundation
import KosatsuData
import KosatsuPlatform
import KosatsuShelters
import Logging

/// The sign's GSI shelter lists, read once at start: every row that cannot be read is logged with
/// its file and line and skipped; a file that cannot be read at all is logged and left out, and the
/// sign runs on without it.
enum ShelterLists {
    static func nearby(_ configuration: SignConfiguration, origin: GeoPoint?, logger: Logger) -> NearbyShelters? {
        guard let origin, !configuration.shelters.files.isEmpty || configuration.data.publishesShelters else {
            return nil
        }
        var shelters: [Shelter] = []
        for file in configuration.shelters.files {
            do {
                let list = try GSIShelterList.load(file)
                for problem in list.problems { logger.warning("shelter list: \(problem)") }
                logger.info(
                    "shelter list \(file) (\(list.encoding)): \(list.shelters.count) sites, \(list.problems.count) rows skipped"
                )
                shelters += list.shelters
            } catch {
                logger.error("shelter list not read, the sign goes on without it: \(error.description)")
            }
        }
        return NearbyShelters(
            directory: ShelterDirectory(shelters), origin: origin, facing: configuration.facing,
            limit: configuration.shelters.limit, within: configuration.shelters.within)
    }
}

extension DataSourceConfiguration {
    /// Whether the data platform is configured to publish shelters (`platform.shelters`).
    var publishesShelters: Bool {
        if case .platform(let platform) = self { return platform.shelters != nil }
        return false
    }
}
