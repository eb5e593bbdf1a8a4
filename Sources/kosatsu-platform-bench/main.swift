import Foundation
import KosatsuPlatform

// Prints how many NGSI entities per second the platform client parses and maps (target ≥ 100,000/s):
// a poll of 10 pages of 1000 NGSI-v2 normalized entities, best of 15. Arguments: [pageSize] [pages].
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let pageSize = arguments.first ?? 1000
let pages = arguments.dropFirst().first ?? 10
do {
    let rate = try PlatformBenchmarks.entitiesPerSecond(pageSize: pageSize, pages: pages, rounds: 15)
    print(
        "platform: \(Int(rate)) entities/s parsed and mapped (NGSI-v2 normalized, \(pages) pages of \(pageSize), best of 15)"
    )
} catch {
    FileHandle.standardError.write(Data("kosatsu-platform-bench: \(error)\n".utf8))
    exit(1)
}
