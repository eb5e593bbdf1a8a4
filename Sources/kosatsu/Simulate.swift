import ArgumentParser
import Foundation
import KosatsuData
import KosatsuMQTT
import KosatsuPlatform
import KosatsuSimulator
import Logging
import ServiceLifecycle
import UnixSignals

/// `kosatsu simulate`: the Orion-like NGSI broker the tests and the demo use.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run an NGSI-v2 and NGSI-LD broker simulator seeded with Odawara's spots.",
        discussion: """
            Serves /v2 (Orion) and /ngsi-ld/v1 (Orion-LD) on loopback until Ctrl-C. Without --data the \
            five Odawara spots' counts follow a plausible day, moving every --tick seconds.
            """)

    @Option(help: "Port to listen on (Orion's is 1026; 0 picks a free one).")
    var port: Int = 1026

    @Option(help: "Address to bind (loopback by default).")
    var host: String = "127.0.0.1"

    @Option(help: "Entities to serve instead of Odawara: a JSON list of NGSI entities, or {\"entities\": [...]}.")
    var data: String?

    @Option(help: "Seconds between count updates (0 to freeze).")
    var tick: Int = 60

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, found \(port)") }
        guard tick >= 0 else { throw ValidationError("--tick must be 0 or more seconds") }
    }

    func run() async throws {
        var entities: [KosatsuData.JSONValue]?
        if let data {
            do {
                entities = try NGSISimulator.loadEntities(data)
            } catch {
                throw CommandFailure("\(error)")
            }
        }
        let logger = Logger(label: "kosatsu.simulator") { StreamLogHandler.standardError(label: $0) }
        // Subscriptions with `notification.mqtt` publish to their broker, as Orion's do.
        let options = NGSISimulator.Options(
            host: host, port: port, tick: tick > 0 && data == nil ? .seconds(tick) : nil,
            mqtt: MQTTNotificationPool(logger: logger))
        let simulator = NGSISimulator(entities: entities, options: options, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [simulator], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                for _ in 0..<1000 {
                    if let url = simulator.baseURL {
                        FileHandleOutput.standardError.write(
                            "kosatsu simulate: NGSI-v2 at \(url.absoluteString)/v2, NGSI-LD at \(url.absoluteString)/ngsi-ld/v1 (\(await simulator.entityCount()) entities); Ctrl-C stops\n"
                        )
                        return
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            try await tasks.waitForAll()
        }
    }
}
