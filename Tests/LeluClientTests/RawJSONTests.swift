import Foundation
import Testing

@testable import ReviewModel
@testable import LeluClient

// MARK: - Raw JSON

@Suite("Raw JSON: the engine's own bytes")
struct RawJSONTests {
    @Test("list items come back byte for byte, whatever their strings hold")
    func itemsByteForByte() throws {
        let first = #"{"id":"a","actor":"x","action":"b]\"}{[","resource":{"amount":"1200.00"},"confidence_score":0.7000000000000001,"reason":"r","enqueued_at":"2026-07-01T11:26:46.12345678Z","status":"pending"}"#
        let second = #"{"id":"b","actor":"y","action":"c\\","confidence_score":1,"reason":"\u003cb\u003e","enqueued_at":"2026-07-01T11:26:46.123456789Z","status":"pending"}"#
        let body = Data("{\"count\":2,\"items\":[\(first),\(second)]}\n".utf8)
        let elements = try #require(RawJSON.arrayElements(body, key: "items"))
        #expect(elements.map { String(decoding: $0, as: UTF8.self) } == [first, second])
        let spaced = Data("{ \"items\" : [ \(first) ,\n \(second) ] , \"count\": 2 }".utf8)
        #expect(RawJSON.arrayElements(spaced, key: "items")?.count == 2)
        #expect(RawJSON.arrayElements(Data("{\"count\":0,\"items\":[]}".utf8), key: "items") == [])
        #expect(RawJSON.arrayElements(Data("{\"items\":null}".utf8), key: "items") == nil)
        #expect(RawJSON.arrayElements(Data("[1,2]".utf8), key: "items") == nil)
        #expect(String(decoding: RawJSON.trimmed(Data(" {\"a\":1}\n".utf8)), as: UTF8.self) == "{\"a\":1}")
    }

    @Test("scalars inside arrays end where they should")
    func scalars() throws {
        let elements = try #require(RawJSON.arrayElements(Data(#"{"items":[1, true,"s",null,{"k":[2]}]}"#.utf8), key: "items"))
        #expect(elements.map { String(decoding: $0, as: UTF8.self) } == ["1", "true", "\"s\"", "null", #"{"k":[2]}"#])
    }
}
