import Foundation
import KosatsuData
import KosatsuPlatform

/// The faults a test injects (slow answers, errors, broken bodies), played one per request.
extension SimulatedBroker {
    func nextFault() -> SimulatorFault? {
        faults.isEmpty ? nil : faults.removeFirst()
    }

    func play(_ fault: SimulatorFault, flavour: NGSIFlavour, page: [StoredEntity], total: Int, paging: Paging)
        -> BrokerResponse
    {
        let countHeader = flavour == .v2 ? "Fiware-Total-Count" : "NGSILD-Results-Count"
        switch fault {
        case .status(let status):
            switch (flavour, status) {
            case (.v2, 404):
                return .orion(404, "NotFound", "The requested entity has not been found. Check type and id")
            case (.v2, 401):
                return BrokerResponse(
                    status: 401, headers: [("Content-Type", "text/plain")], body: Array("Invalid token".utf8))
            case (.v2, 500..<600):
                return .orion(status, "InternalServerError", "Database Error (collection: orion.entities)")
            case (.v2, _): return .orion(status, "BadRequest", "simulated failure")
            case (.ld, 404): return .problem(404, "ResourceNotFound", "Entity Not Found", "simulated")
            case (.ld, _): return .problem(status, "InternalError", "Internal Error", "simulated failure")
            }
        case .malformedJSON:
            let body = Array(
                JSONWriter.data(.array(page.map { renderV2($0, keyValues: paging.keyValues, attrs: nil) })))
            return BrokerResponse(
                status: 200, headers: [("Content-Type", "application/json"), (countHeader, String(total))],
                body: Array(body.prefix(max(1, body.count / 2))))
        case .shortPage:
            let short = page.prefix(max(0, page.count / 2))
            let body = JSONValue.array(short.map { renderV2($0, keyValues: paging.keyValues, attrs: nil) })
            return .json(200, body, headers: [(countHeader, String(total + paging.limit))])
        case .slow(let delay):
            let body = JSONValue.array(page.map { renderV2($0, keyValues: paging.keyValues, attrs: nil) })
            var response = BrokerResponse.json(200, body, headers: [(countHeader, String(total))])
            response.delay = delay
            return response
        }
    }
}
