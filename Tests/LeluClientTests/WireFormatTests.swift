import Foundation
import Testing

@testable import ReviewModel
@testable import LeluClient
import TestSupport

// MARK: - Contract fixtures

@Suite("Wire format: contract fixtures")
struct ContractFixtureTests {
    @Test("pending.json decodes to exactly the requests the model's screen tests are written with")
    func pendingMatchesTheScreensItems() throws {
        #expect(try WireFormat.decodePending(fixture("pending.json")).items == contractItems())
    }

    @Test("pending.json decodes every field of every item")
    func pending() throws {
        let list = try WireFormat.decodePending(fixture("pending.json"))
        #expect(list.items.count == 3)
        #expect(list.reportedCount == 3)
        #expect(list.skipped == 0)
        let first = try #require(list.items.first)
        #expect(first.id == "3f1c9a52-8d0e-4b7a-9a61-2f5be0c4d7e1")
        #expect(first.tenantID == "acme")
        #expect(first.actor == "invoice_bot")
        #expect(first.action == "invoice:create")
        #expect(first.resource == ["customer_id": "cus_8812", "amount": "1200.00", "currency": "EUR"])
        #expect(first.confidence == 0.78)
        #expect(first.actingFor == "user_123")
        #expect(first.status == .pending)
        let enqueued = try #require(first.enqueuedAt)
        #expect(abs(enqueued.timeIntervalSince(utc(2026, 7, 1, 11, 26, 46, nanos: 123_456_789))) < 1e-6)
        let third = list.items[2]
        #expect(third.tenantID == nil)
        #expect(third.actingFor == nil)
        #expect(third.resource.isEmpty)
        #expect(third.confidence == 0)
        #expect(third.reason.count > 150)
        #expect(third.resolvedAt == nil && third.resolvedBy == nil && third.resolutionNote == nil)
    }

    @Test("item-approved.json carries the resolution")
    func approved() throws {
        let item = try WireFormat.decodeItem(fixture("item-approved.json"))
        #expect(item.status == .approved)
        #expect(item.resolvedBy == "oncall@ops-laptop")
        #expect(item.resolutionNote == "refund matches ticket 9921")
        let resolved = try #require(item.resolvedAt)
        #expect(abs(resolved.timeIntervalSince(utc(2026, 7, 1, 11, 29, 40, nanos: 4_000_000))) < 1e-6)
        let enqueued = try #require(item.enqueuedAt)
        #expect(abs(enqueued.timeIntervalSince(utc(2026, 7, 1, 11, 27, 2, nanos: 500_000_000))) < 1e-6)
    }

    @Test("authorize-review.json's review_id is a queue ID shape")
    func authorize() throws {
        let object = try JSONSerialization.jsonObject(with: fixture("authorize-review.json")) as? [String: Any]
        let response = try #require(object?["response"] as? [String: Any])
        #expect((response["review_id"] as? String)?.count == 36)
        #expect(response["requires_human_review"] as? Bool == true)
    }

    @Test("encode then decode keeps every field")
    func roundTrip() throws {
        let list = try WireFormat.decodePending(fixture("pending.json"))
        let again = try WireFormat.decodePending(Data("{\"items\":\(WireFormat.encode(list.items))}".utf8))
        #expect(again.items.map(\.id) == list.items.map(\.id))
        #expect(again.items.map(\.resource) == list.items.map(\.resource))
        #expect(again.items.map(\.actingFor) == list.items.map(\.actingFor))
        for (a, b) in zip(again.items, list.items) {
            #expect(abs((a.enqueuedAt ?? .distantPast).timeIntervalSince(b.enqueuedAt ?? .distantFuture)) < 1e-6)
        }
    }

    @Test("encode escapes terminal-active characters that JSON allows raw")
    func encodeIsTerminalSafe() throws {
        let item = ReviewRequest(
            id: "x", actor: "a\u{1B}]52;c;AAAA\u{07}", action: "b\u{202E}c\u{9B}d\u{2028}",
            confidence: 0.5, enqueuedAt: nil)
        let json = WireFormat.encode(item)
        #expect(!json.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x9B || $0.value == 0x2028 })
        #expect(json.contains("\\u202e") && json.contains("\\u009b") && json.contains("\\u001b"))
        let back = try WireFormat.decodeItem(Data(json.utf8))
        #expect(back.action == item.action && back.actor == item.actor)
    }
}

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

// MARK: - Timestamps

@Suite("Timestamps")
struct TimestampTests {
    @Test("0 to 9 fractional digits", arguments: 0...9)
    func fractions(digits: Int) throws {
        let fraction = String("123456789".prefix(digits))
        let text = "2026-07-01T11:26:46" + (digits > 0 ? "." + fraction : "") + "Z"
        let date = try #require(Timestamp.parse(text))
        let nanos = digits > 0 ? (Int(fraction) ?? 0) * Int(pow(10, Double(9 - digits))) : 0
        #expect(abs(date.timeIntervalSince(utc(2026, 7, 1, 11, 26, 46, nanos: nanos))) < 1e-6)
    }

    @Test("offsets, lower case and space separators")
    func offsets() {
        let base = utc(2026, 7, 1, 11, 26, 46)
        #expect(Timestamp.parse("2026-07-01T13:26:46+02:00") == base)
        #expect(Timestamp.parse("2026-07-01T06:56:46-04:30") == base)
        #expect(Timestamp.parse("2026-07-01t11:26:46z") == base)
        #expect(Timestamp.parse("2026-07-01 11:26:46+00:00") == base)
        #expect(Timestamp.parse("2026-07-02T00:26:46.25+13:00") == base.addingTimeInterval(0.25))
    }

    @Test("rejects what is not RFC 3339")
    func rejects() {
        for text in ["", "2026-07-01", "2026-07-01T11:26:46", "2026-07-01T11:26:46.Z", "2026-13-01T00:00:00Z",
                     "2026-07-01T25:00:00Z", "2026-07-01T11:26:46+0200", "2026-07-01T11:26:46Zjunk", "yesterday"] {
            #expect(Timestamp.parse(text) == nil, "\(text)")
        }
    }

    @Test("more than nine digits are read to the nanosecond")
    func tooManyDigits() throws {
        let date = try #require(Timestamp.parse("2026-07-01T11:26:46.1234567891234Z"))
        #expect(abs(date.timeIntervalSince(utc(2026, 7, 1, 11, 26, 46, nanos: 123_456_789))) < 1e-6)
    }

    @Test("format writes UTC with the asked precision")
    func format() {
        let date = utc(2026, 7, 1, 11, 27, 2, nanos: 500_000_000)
        #expect(Timestamp.format(date) == "2026-07-01T11:27:02.500Z")
        #expect(Timestamp.format(date, fractionDigits: 0) == "2026-07-01T11:27:02Z")
        #expect(Timestamp.format(utc(1969, 12, 31, 23, 59, 59)) == "1969-12-31T23:59:59.000Z")
    }
}
