import ArgumentParser
import Foundation
import KosatsuDisplay

/// `kosatsu outputs`: the DRM cards, their connectors and modes, and what each CRTC shows now.
struct Outputs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outputs",
        abstract: "List display cards, connectors (status, modes, preferred) and what each CRTC shows.",
        discussion: """
            Reads the cards without taking them over: safe to run while a sign is showing. The mode \
            marked * is the one `kosatsu show` picks without --mode. Exits 1 when no card can be read.
            """)

    @Option(help: "Only this DRM card (e.g. /dev/dri/card1).")
    var card: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let inventory = DisplayOutput.inventory(DisplayOptions(cardPath: card))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandleOutput.standardOutput.write(String(decoding: try encoder.encode(inventory), as: UTF8.self) + "\n")
        } else {
            FileHandleOutput.standardOutput.write(inventory.description + "\n")
        }
        if inventory.cards.isEmpty {
            FileHandleOutput.standardError.write(
                "kosatsu: no DRM card in /sys/class/drm (is the GPU driver loaded?)\n")
            throw ExitCode.failure
        }
        if inventory.cards.allSatisfy({ $0.error != nil }) {
            FileHandleOutput.standardError.write("kosatsu: no card could be read\n")
            throw ExitCode.failure
        }
    }
}
