import Foundation
import KosatsuPlatform

// Prints how many NGSI entities per second the platform client parses and maps (target ≥ 100,000/s).
let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000
do {
    let rate = try PlatformBenchmarks.entitiesPerSecond(count: count, rounds: 7)
    print("platform: \(Int(rate)) entities/s parsed and mapped (NGSI-v2 normalized, \(count) per page, best of 7)")
} catch {
    FileHandle.standardError.write(Data("kosatsu-platform-bench: \(error)\n".utf8))
    exit(1)
}
