import Foundation
import KosatsuLineBreak
import Testing

struct VerticalOrientationTests {
    @Test("Japanese sign text orients as UAX #50 says")
    func examples() {
        #expect(VerticalOrientation.of("漢") == .upright)
        #expect(VerticalOrientation.of("あ") == .upright)
        #expect(VerticalOrientation.of("a") == .rotated)
        #expect(VerticalOrientation.of("1") == .rotated)
        #expect(VerticalOrientation.of("。") == .transformedOrUpright)
        #expect(VerticalOrientation.of("ぁ") == .transformedOrUpright)
        #expect(VerticalOrientation.of("「") == .transformedOrRotated)
        #expect(VerticalOrientation.of("ー") == .transformedOrRotated)
        #expect(VerticalOrientation.of("〜") == .transformedOrRotated)
        #expect(VerticalOrientation.of("\u{10FFFD}") == .upright, "plane 16 private use defaults to U")
        #expect(VerticalOrientation.of("\u{E0001}") == .rotated, "unlisted code points default to R")
        #expect(VerticalOrientation(abbreviation: "Tu") == .transformedOrUpright)
        #expect(VerticalOrientation.allCases.map(\.abbreviation) == ["U", "R", "Tu", "Tr"])
    }

    static let path = "/usr/share/unicode/VerticalOrientation.txt"

    @Test(
        "Every scalar listed in VerticalOrientation.txt has its value",
        .enabled(if: FileManager.default.fileExists(atPath: path), "\(path) is absent: install Debian's unicode-data")
    )
    func wholeFile() throws {
        var checked = 0
        for entry in try UnicodeDataFile.entries(at: Self.path) {
            let expected = try #require(VerticalOrientation(abbreviation: entry.value))
            for value in entry.range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                if VerticalOrientation.of(scalar) != expected {
                    Issue.record("U+\(String(value, radix: 16)): expected \(entry.value)")
                    return
                }
                checked += 1
            }
        }
        #expect(checked > 300_000, "VerticalOrientation.txt 15.0 lists 348,868 scalars")
    }
}

/// A UCD property file: `0000..001F ; R # comment`.
enum UnicodeDataFile {
    static func entries(at path: String) throws -> [(range: ClosedRange<UInt32>, value: String)] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            let fields = line.prefix { $0 != "#" }.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 2 else { return nil }
            let bounds = fields[0].components(separatedBy: "..").compactMap { UInt32($0, radix: 16) }
            guard let first = bounds.first, let last = bounds.last else { return nil }
            return (first...last, fields[1])
        }
    }
}
