import Foundation
import Testing

@testable import KosatsuLineBreak

/// The generated table against the file it was generated from.
struct LineBreakDataTests {
    static let path = "/usr/share/unicode/LineBreak.txt"

    @Test(
        "Every scalar listed in LineBreak.txt has its class (after LB1)",
        .enabled(if: FileManager.default.fileExists(atPath: path), "\(path) is absent: install Debian's unicode-data")
    )
    func wholeFile() throws {
        let byName = Dictionary(uniqueKeysWithValues: LineBreakClass.allCases.map { ("\($0)".uppercased(), $0) })
        for entry in try UnicodeDataFile.entries(at: Self.path) {
            for value in entry.range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let actual = LineBreakProperties.lineBreakClass(of: scalar)
                switch entry.value {
                case "AI", "XX": #expect(actual == .al, "U+\(String(value, radix: 16))")
                case "SA": #expect(actual == .al || actual == .cm, "U+\(String(value, radix: 16))")
                default:
                    if byName[entry.value] != actual {
                        Issue.record("U+\(String(value, radix: 16)): expected \(entry.value), got \(actual)")
                        return
                    }
                }
            }
        }
    }

    @Test("Unlisted CJK and currency code points take the file's documented defaults")
    func defaults() {
        #expect(LineBreakProperties.lineBreakClass(of: "\u{2FFFD}") == .id)
        #expect(LineBreakProperties.lineBreakClass(of: "\u{20CF}") == .pr)
        #expect(LineBreakProperties.eastAsianWidth(of: "\u{3FFFD}") == .wide)
        #expect(LineBreakProperties.isUnassignedPictograph(0x1F02C))
        #expect(!LineBreakProperties.isUnassignedPictograph(0x1F600))
    }
}
