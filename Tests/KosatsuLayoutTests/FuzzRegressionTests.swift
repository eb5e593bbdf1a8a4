import Foundation
import KosatsuLayout
import Testing

/// Inputs the fuzzer (`make fuzz`, target `layout`) found crashing the layout reader, replayed as
/// the fuzz target reads them: each must now be an error with a position, never a trap.
@Suite struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Regressions")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    @Test(arguments: inputs)
    func replaysWithoutATrap(name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        #expect(throws: LayoutError.self) {
            try LayoutLoader.parse(String(decoding: data, as: UTF8.self), file: "/fuzz/\(name)")
        }
    }

    @Test func aWholeNumberBeyondIntIsAnErrorNotATrap() {
        // Found by the fuzzer: `width: 8555…5` (69 digits) in a stroke; the message formatted it with Int().
        let yaml = "kosatsu: 1\npages:\n  - items:\n      - {type: panel, stroke: {color: \"#FFFFFF\", width: 1e30}}\n"
        let error = #expect(throws: LayoutError.self) { try LayoutLoader.parse(yaml, file: "big.yaml") }
        #expect(error?.description.contains("big.yaml:4:") == true, "\(String(describing: error))")
    }

    @Test func aDurationBeyondAYearIsAnErrorNotATrap() {
        for duration in ["1e300", "99999999999999999999h"] {
            let yaml = "kosatsu: 1\npages:\n  - duration: \(duration)\n    items: []\n"
            let error = #expect(throws: LayoutError.self) { try LayoutLoader.parse(yaml, file: "long.yaml") }
            #expect(error?.description.contains("long.yaml:3:") == true, "\(String(describing: error))")
        }
    }
}
