import Foundation
import NIOHTTP1
import Testing
@testable import LocalEngine

// MARK: - Go's decoder messages

@Suite("Go JSON decoder messages")
struct GoJSONTests {
    static func message(_ text: String) -> String? {
        switch GoJSON.decodeFirst(Array(text.utf8)).flatMap(ResolveBody.decode) {
        case .success: return nil
        case .failure(let error): return error.message
        }
    }

    @Test("syntax errors read like Go's encoding/json")
    func syntax() {
        #expect(Self.message("") == "EOF")
        #expect(Self.message(" \n") == "EOF")
        #expect(Self.message("nope") == "invalid character 'o' in literal null (expecting 'u')")
        #expect(Self.message("tx") == "invalid character 'x' in literal true (expecting 'r')")
        #expect(Self.message("approve") == "invalid character 'a' looking for beginning of value")
        #expect(Self.message("{x") == "invalid character 'x' looking for beginning of object key string")
        #expect(Self.message(#"{"a" 1}"#) == "invalid character '1' after object key")
        #expect(Self.message(#"{"a":1 2}"#) == "invalid character '2' after object key:value pair")
        #expect(Self.message("[1 2]") == "invalid character '2' after array element")
        #expect(Self.message(#"{"a":-x}"#) == "invalid character 'x' in numeric literal")
        #expect(Self.message(#"{"a":"\q"}"#) == "invalid character 'q' in string escape code")
        #expect(Self.message("{\"a\":\"\u{01}\"}") == #"invalid character '\x01' in string literal"#)
        #expect(Self.message("{\"resolved_by\":") == "unexpected EOF")
        #expect(Self.message("{'a':1}") == #"invalid character '\'' looking for beginning of object key string"#)
    }

    @Test("values: only the first is read, null is {}, keys fold case, the last repeated key wins")
    func values() throws {
        let decoded = try GoJSON.decodeFirst(Array(#"{"RESOLVED_BY":"a","resolved_by":"b","note":"\u00e9\ud83d\ude00"} trailing"#.utf8))
            .flatMap(ResolveBody.decode).get()
        #expect(decoded == ResolveBody(resolvedBy: "b", note: "é😀"))
        #expect(Self.message("null") == nil)
        #expect(Self.message(#"{"resolved_by":null}"#) == nil)
        #expect(Self.message("{} {") == nil)
    }
}
