import KosatsuLineBreak
import Testing

/// `kosatsu text breaks`, one line at a time.
struct BreaksCommandLineTests {
    @Test("Text lines print their break offsets, ending with the length")
    func textLines() throws {
        #expect(try BreaksCommandLine.process(line: "漢字ー", strictness: .strict, hex: false) == "1 3")
        #expect(try BreaksCommandLine.process(line: "漢字ー", strictness: .normal, hex: false) == "1 2 3")
        #expect(try BreaksCommandLine.process(line: "a b", strictness: .uax14, hex: false) == "2 3")
        #expect(try BreaksCommandLine.process(line: "", strictness: .strict, hex: false) == "0")
    }

    @Test("Hex lines are code points separated by spaces")
    func hexLines() throws {
        #expect(try BreaksCommandLine.process(line: "6F22 5B57 30FC", strictness: .strict, hex: true) == "1 3")
        #expect(try BreaksCommandLine.process(line: "6f22 U+5B57 0x30FC", strictness: .normal, hex: true) == "1 2 3")
        #expect(try BreaksCommandLine.process(line: "61 000A 62", strictness: .uax14, hex: true) == "2 3")
        #expect(try BreaksCommandLine.process(line: "  0061\t0020  0062 ", strictness: .uax14, hex: true) == "2 3")
    }

    @Test(
        "Bad hex is a clear error",
        arguments: [
            ("zz", BreaksInputError.Code.notHexadecimal),
            ("61 6g", .notHexadecimal),
            ("1234567", .notHexadecimal),
            ("U+", .notHexadecimal),
            ("D800", .notAScalar),
            ("110000", .notAScalar),
        ])
    func badHex(_ line: String, _ code: BreaksInputError.Code) {
        #expect(throws: BreaksInputError.self) {
            try BreaksCommandLine.process(line: line, strictness: .strict, hex: true)
        }
        do {
            _ = try BreaksCommandLine.process(line: line, strictness: .strict, hex: true)
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(error.token))
        }
    }

    @Test("Every strictness name parses", arguments: ["uax14", "strict", "normal", "loose", "phrase"])
    func strictnessNames(_ name: String) {
        #expect(LineBreakStrictness(rawValue: name)?.rawValue == name)
    }
}
