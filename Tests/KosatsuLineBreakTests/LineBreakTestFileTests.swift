import Foundation
import KosatsuLineBreak
import Testing

/// Unicode's own conformance cases for UAX #14, from Debian's `unicode-data`.
struct LineBreakTestFileTests {
    static let path = "/usr/share/unicode/auxiliary/LineBreakTest.txt"
    static let isPresent = FileManager.default.fileExists(atPath: path)

    @Test(
        "Every case of LineBreakTest.txt passes untailored",
        .enabled(if: isPresent, "\(path) is absent: install Debian's unicode-data to run Unicode's conformance cases")
    )
    func everyCasePasses() throws {
        let cases = try LineBreakTestCase.load(from: Self.path)
        #expect(cases.count > 7000, "LineBreakTest.txt 15.0 has 7,654 cases; read \(cases.count)")
        let breaker = LineBreaker()
        var failures = [String]()
        for testCase in cases {
            let actual = breaker.opportunities(in: testCase.scalars, strictness: .uax14)
            if actual != testCase.breaks {
                failures.append("line \(testCase.line): expected \(testCase.breaks), got \(actual)")
            }
        }
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(cases.count) cases fail:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}

/// One line of LineBreakTest.txt: `× 0023 × 0020 ÷ 0023 ÷`.
struct LineBreakTestCase {
    var line: Int
    var scalars: [Unicode.Scalar]
    /// Offsets with ÷ before them (the ÷ after the last scalar is the end of text).
    var breaks: [Int]

    static func load(from path: String) throws -> [LineBreakTestCase] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var cases = [LineBreakTestCase]()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let data = line.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            guard !data.isEmpty else { continue }
            var testCase = LineBreakTestCase(line: number + 1, scalars: [], breaks: [])
            for token in data.split(whereSeparator: \.isWhitespace) {
                switch token {
                case "×": continue
                case "÷": if !testCase.scalars.isEmpty { testCase.breaks.append(testCase.scalars.count) }
                default:
                    let scalar = try #require(UInt32(token, radix: 16).flatMap(Unicode.Scalar.init))
                    testCase.scalars.append(scalar)
                }
            }
            cases.append(testCase)
        }
        return cases
    }
}
