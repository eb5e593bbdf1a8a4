import Foundation
import KosatsuData
import KosatsuPlatform

/// `limit`, `offset`, `options=count` and the count header, checked the way Orion checks them.
extension SimulatedBroker {
    /// `limit`, `offset` and `options` as Orion checks them.
    struct Paging {
        var limit = 20
        var offset = 0
        var keyValues = false
        var count = false
    }

    func paging(_ request: BrokerRequest, flavour: NGSIFlavour) -> Result<Paging, BrokerResponse> {
        var paging = Paging()
        if let text = request.query["limit"] {
            guard let limit = Int(text), (1...1000).contains(limit) else {
                return .failure(
                    flavour == .v2
                        ? .orion(
                            400, "BadRequest", "Bad pagination limit: /\(text)/ [a value between 1 and 1000 is allowed]"
                        )
                        : .problem(
                            400, "BadRequestData", "Invalid value for URI parameter /limit/",
                            "must be an integer value between 1 and 1000"))
            }
            paging.limit = limit
        }
        if let text = request.query["offset"] {
            guard let offset = Int(text), offset >= 0 else {
                return .failure(
                    flavour == .v2
                        ? .orion(400, "BadRequest", "Bad pagination offset: /\(text)/ [must be a decimal number]")
                        : .problem(
                            400, "BadRequestData", "Invalid value for URI parameter /offset/",
                            "must be an integer value >= 0"))
            }
            paging.offset = offset
        }
        if let options = request.query["options"] {
            let accepted: Set<Substring> =
                flavour == .v2
                ? ["keyValues", "count", "upsert", "append", "skipInitialNotification", "values", "unique"]
                : ["keyValues", "normalized", "sysAttrs", "concise"]
            for option in options.split(separator: ",") {
                guard accepted.contains(option) else {
                    return .failure(
                        flavour == .v2
                            ? .orion(400, "BadRequest", "Invalid value for URI param /options/")
                            : .problem(
                                400, "BadRequestData", "Invalid value for URI parameter /options/", String(option)))
                }
                if option == "keyValues" { paging.keyValues = true }
                if option == "count" { paging.count = true }
            }
        }
        if flavour == .ld {
            if request.query["format"] == "simplified" || request.query["format"] == "keyValues" {
                paging.keyValues = true
            }
            if request.query["count"] == "true" { paging.count = true }
        }
        return .success(paging)
    }
}
