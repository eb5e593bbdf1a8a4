import Foundation
import KosatsuText

// Prints the text engine's throughput: shaping + line breaking of a 10,000-character Japanese text,
// and the phrase scorer's (BudouX model) on the same text.
// Build in release: `swift run -c release kosatsu-text-bench`.
let fonts = FontDirectory.locate()
do {
    for result in try TextBenchmarks.run(fontDirectory: fonts) {
        print(result)
    }
    print(TextBenchmarks.phrases())
} catch {
    print("kosatsu-text-bench: \(error)")
    exit(1)
}
