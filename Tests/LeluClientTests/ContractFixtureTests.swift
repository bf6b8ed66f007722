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
