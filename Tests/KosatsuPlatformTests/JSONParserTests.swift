import Foundation
import KosatsuData
import KosatsuPlatform
import Testing

@Suite struct JSONParserTests {
    @Test func readsEveryKindOfValue() throws {
        let json = try JSONParser.parse(
            #"{"a": [1, -2.5, 3e2, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}}"#)
        #expect(json["a"] == [1, -2.5, 300, true, false, nil])
        #expect(json["b"]?.string == "x\"\\/\né😀")
        #expect(json["c"] == .object(JSONObject()))
    }

    @Test func keepsMemberOrder() throws {
        let json = try JSONParser.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        #expect(json.object?.keys == ["z", "a", "m"])
        #expect(JSONWriter.string(json) == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test func roundTripsJapaneseText() throws {
        let value: JSONValue = ["名称": "小田原城", "人数": 1840]
        #expect(try JSONParser.parse(JSONWriter.data(value)) == value)
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 1, 9, "expected a member name"),
        ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}' after the member \"a\""),
        (#"[1, 2"#, 1, 6, "expected ',' or ']'"),
        (#""abc"#, 1, 5, "unterminated string"),
        (#"{"a": tru}"#, 1, 7, "expected a value"),
        (#"[01]"#, 1, 3, "expected ',' or ']'"),
        (#"{} x"#, 1, 4, "expected the end of the document"),
        (#""\ud800""#, 1, 7, "unpaired surrogate"),
    ])
    func reportsWhereADocumentBreaks(text: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.line == line && error.column == column && error.message.contains(message)
        }
    }

    @Test func refusesAbsurdNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }
}
