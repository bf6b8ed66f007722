import Foundation
import Testing

@testable import ReviewModel
@testable import LeluClient
import TestSupport

// MARK: - Dialects and aliases

@Suite("Wire format: tolerant decoding")
struct TolerantDecodingTests {
    @Test("the docs-site dialect: requests, agent_id, confidence, created_at, string resource")
    func docsDialect() throws {
        let body = """
            {"requests":[{"id":"r1","agent_id":"bot","action":"read","resource":"user:456",
             "confidence":0.85,"status":"pending","created_at":"2026-07-01T11:26:46Z"}]}
            """
        let list = try WireFormat.decodePending(Data(body.utf8))
        let item = try #require(list.items.first)
        #expect(item.actor == "bot")
        #expect(item.resource == ["resource": "user:456"])
        #expect(item.confidence == 0.85)
        #expect(item.enqueuedAt == utc(2026, 7, 1, 11, 26, 46))
        #expect(list.reportedCount == nil)
    }

    @Test("the React dialect: agentId, timestamp, object resource")
    func reactDialect() throws {
        let body = """
            {"requests":[{"id":"r2","agentId":"helper","action":"send","resource":{"to":"a@b","n":3,"ok":true,"x":null},
             "confidence":0.7,"reason":"why","timestamp":"2026-07-01T11:26:46.5+02:00"}]}
            """
        let item = try #require(try WireFormat.decodePending(Data(body.utf8)).items.first)
        #expect(item.actor == "helper")
        #expect(item.resource == ["to": "a@b", "n": "3", "ok": "true", "x": ""])
        #expect(item.reason == "why")
        #expect(item.enqueuedAt == utc(2026, 7, 1, 9, 26, 46, nanos: 500_000_000))
    }

    @Test("reviewer_id and comment are read as resolved_by and the note")
    func resolutionAliases() throws {
        let body = #"{"id":"r3","action":"a","status":"denied","reviewer_id":"alice","comment":"no"}"#
        let item = try WireFormat.decodeItem(Data(body.utf8))
        #expect(item.status == .denied)
        #expect(item.resolvedBy == "alice")
        #expect(item.resolutionNote == "no")
    }

    @Test("null and absent optionals")
    func nullOptionals() throws {
        let body = """
            {"items":[{"id":"n1","tenant_id":null,"actor":"a","action":"b","resource":null,"confidence_score":null,
             "reason":null,"acting_for":null,"enqueued_at":null,"status":"pending","resolved_at":null,
             "resolved_by":null,"resolution_note":null},{"id":"n2"}],"count":2}
            """
        let list = try WireFormat.decodePending(Data(body.utf8))
        #expect(list.items.count == 2)
        for item in list.items {
            #expect(item.tenantID == nil && item.actingFor == nil && item.enqueuedAt == nil)
            #expect(item.resource.isEmpty && item.confidence == 0 && item.reason.isEmpty)
            #expect(item.resolvedAt == nil && item.resolvedBy == nil && item.resolutionNote == nil)
            #expect(item.status == .pending)
        }
    }

    @Test("one malformed item is skipped and counted, the rest survive")
    func malformedItem() throws {
        let body = """
            {"items":[{"id":"ok1","action":"a"},42,{"action":"no id"},{"id":["x"]},"text",{"id":"ok2","action":"b"}],"count":6}
            """
        let list = try WireFormat.decodePending(Data(body.utf8))
        #expect(list.items.map(\.id) == ["ok1", "ok2"])
        #expect(list.skipped == 4)
        #expect(list.reportedCount == 6)
    }

    @Test("duplicate and empty IDs are skipped and counted")
    func duplicates() throws {
        let body = #"{"items":[{"id":"a","action":"1"},{"id":""},{"id":"a","action":"2"},{"id":"b"}]}"#
        let list = try WireFormat.decodePending(Data(body.utf8))
        #expect(list.items.map(\.id) == ["a", "b"])
        #expect(list.items.first?.action == "1")
        #expect(list.skipped == 2)
    }

    @Test("an empty queue marshalled by Go as null is an empty list")
    func nullItems() throws {
        let list = try WireFormat.decodePending(Data(#"{"items":null,"count":0}"#.utf8))
        #expect(list.items.isEmpty && list.reportedCount == 0)
    }

    @Test("numeric IDs and out-of-range confidences")
    func numericIDs() throws {
        let body = #"{"items":[{"id":7,"confidence":"0.8"},{"id":"c","confidence_score":7},{"id":"d","confidence":-1}]}"#
        let list = try WireFormat.decodePending(Data(body.utf8))
        #expect(list.items.map(\.id) == ["7", "c", "d"])
        #expect(list.items.map(\.confidence) == [0.8, 1, 0])
    }

    @Test("invalid UTF-8 becomes U+FFFD instead of failing the list")
    func invalidUTF8() throws {
        var body = Data(#"{"items":[{"id":"u1","reason":"bad "#.utf8)
        body.append(contentsOf: [0xFF, 0xC3, 0x28])
        body.append(contentsOf: Data(#" end"}]}"#.utf8))
        let item = try #require(try WireFormat.decodePending(body).items.first)
        #expect(item.reason.hasPrefix("bad "))
        #expect(item.reason.hasSuffix(" end"))
        #expect(item.reason.contains("\u{FFFD}"))
    }

    @Test("not JSON, wrong envelope, and a nesting bomb are undecodable errors")
    func garbage() {
        let bomb = "{\"items\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        for body in ["<html>502</html>", "{}", #"{"items":{"a":1}}"#, "", bomb] {
            #expect(throws: EngineError.self) { try WireFormat.decodePending(Data(body.utf8)) }
        }
        let itemBomb = #"{"id":"x","resource":"# + String(repeating: "[", count: 100_000)
        #expect(throws: EngineError.self) { try WireFormat.decodeItem(Data(itemBomb.utf8)) }
        #expect(throws: EngineError.self) { try WireFormat.decodeItem(Data(#"{"id":""}"#.utf8)) }
    }

    @Test("undecodable errors carry a short, clean excerpt")
    func excerpt() {
        let body = Data(("\u{1B}[2J" + String(repeating: "x", count: 500)).utf8)
        do {
            _ = try WireFormat.decodeItem(body)
            Issue.record("expected an error")
        } catch {
            guard case .undecodable(let excerpt) = error else { Issue.record("wrong error \(error)"); return }
            #expect(excerpt.count <= 81)
            #expect(!excerpt.contains("\u{1B}"))
        }
    }

    @Test("a 16 MiB list decodes")
    func sixteenMiB() throws {
        let reason = String(repeating: "r", count: 1024 * 1024)
        var body = "{\"items\":["
        for i in 0..<16 {
            if i > 0 { body += "," }
            body += "{\"id\":\"id\(i)\",\"action\":\"a\",\"reason\":\"\(reason)\"}"
        }
        body += "]}"
        #expect(body.utf8.count >= 16 * 1024 * 1024)
        let list = try WireFormat.decodePending(Data(body.utf8))
        #expect(list.items.count == 16)
        #expect(list.items.allSatisfy { $0.reason.utf8.count == 1024 * 1024 })
    }

    @Test("the health body and error bodies")
    func healthAndErrors() throws {
        let health = try WireFormat.decodeHealth(Data(#"{"status":"ok","service":"lelu-engine","dependencies":{}}"#.utf8))
        #expect(health == EngineHealth(status: "ok", service: "lelu-engine"))
        #expect(WireFormat.errorMessage(Data(#"{"error":"boom"}"#.utf8)) == "boom")
        #expect(WireFormat.errorMessage(Data("boom".utf8)) == nil)
    }

    @Test("decision bodies always carry resolved_by and note")
    func decisionBody() {
        let body = String(decoding: WireFormat.decisionBody(resolvedBy: "me@host", note: ""), as: UTF8.self)
        #expect(body == #"{"note":"","resolved_by":"me@host"}"#)
        let quoted = String(decoding: WireFormat.decisionBody(resolvedBy: "a\"b", note: "x/y\n"), as: UTF8.self)
        #expect(quoted == #"{"note":"x/y\n","resolved_by":"a\"b"}"#)
    }
}
