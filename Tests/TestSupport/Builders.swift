import Foundation
@testable import ReviewModel

// MARK: - Fixtures

/// The contract's example payloads (`Tests/TestSupport/Fixtures`), shared by every test target.
package let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// Loads a contract fixture.
package func fixture(_ name: String) throws -> Data {
    try Data(contentsOf: fixturesDirectory.appendingPathComponent(name))
}

/// A date from RFC 3339 parts in UTC, for exact comparisons.
package func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, nanos: Int = 0) -> Date {
    var c = DateComponents()
    (c.year, c.month, c.day, c.hour, c.minute, c.second) = (y, mo, d, h, mi, s)
    c.timeZone = TimeZone(identifier: "UTC")
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let whole = calendar.date(from: c) ?? Date(timeIntervalSince1970: 0)
    return whole.addingTimeInterval(Double(nanos) / 1e9)
}

// MARK: - State builders

/// The fixed clock of every screen test: 2026-07-01T11:30:00Z.
package let testNow = Timestamp.parse("2026-07-01T11:30:00Z") ?? Date(timeIntervalSince1970: 0)

/// The three requests of the contract's `pending.json`, as the decoder reads them.
///
/// Written out so the model's tests need no wire decoder; `LeluClientTests` checks that
/// decoding `pending.json` gives exactly these.
package func contractItems() -> [ReviewRequest] {
    [
        ReviewRequest(
            id: "3f1c9a52-8d0e-4b7a-9a61-2f5be0c4d7e1", tenantID: "acme", actor: "invoice_bot",
            action: "invoice:create", resource: ["customer_id": "cus_8812", "amount": "1200.00", "currency": "EUR"],
            confidence: 0.78, reason: "confidence 78% requires human approval (threshold 90%)",
            actingFor: "user_123", enqueuedAt: Timestamp.parse("2026-07-01T11:26:46.123456789Z")),
        ReviewRequest(
            id: "b7d2e0f4-1c3a-4e59-8f2d-6a0c9e1b5d33", actor: "support_agent", action: "issue_refund",
            resource: ["order_id": "ord_551"], confidence: 0.71,
            reason: "confidence 71% requires human approval (threshold 90%)",
            enqueuedAt: Timestamp.parse("2026-07-01T11:27:02.5Z")),
        ReviewRequest(
            id: "0e9a7c11-5b6d-4f2e-a3c8-91d4f7e2b604", actor: "ops_copilot", action: "delete_user", confidence: 0,
            reason: "no confidence signal detected; routed to human review — pass a confidence_signal derived from "
                + "your LLM provider's response, or set CONFIDENCE_MISSING_MODE=review on the engine during development",
            enqueuedAt: Timestamp.parse("2026-07-01T11:28:10Z")),
    ]
}

/// A console that has polled `items` once at the test clock.
package func polledState(_ items: [ReviewRequest], size: Size = Size(width: 80, height: 24)) -> ConsoleState {
    var state = ConsoleState(engineLabel: "127.0.0.1:8080", reviewer: "oncall@ops", now: testNow, size: size)
    state.undoWindow = 0  // undo tests set their own window
    _ = reduce(&state, .started(testNow))
    _ = reduce(&state, .pollSucceeded(PendingList(items: items), at: testNow))
    return state
}

/// The effects without journal records (those are asserted separately).
package func withoutJournal(_ effects: [Effect]) -> [Effect] {
    effects.filter { if case .journal = $0 { false } else { true } }
}

/// The outcomes of the journal records among the effects.
package func journalOutcomes(_ effects: [Effect]) -> [JournalOutcome] {
    effects.compactMap { if case .journal(let entry) = $0 { entry.outcome } else { nil } }
}

/// A request with defaults, for reducer tests.
package func request(
    _ id: String, action: String = "issue_refund", actor: String = "bot", confidence: Double = 0.8,
    ageSeconds: TimeInterval = 10
) -> ReviewRequest {
    ReviewRequest(id: id, actor: actor, action: action, confidence: confidence, reason: "needs review",
                  enqueuedAt: testNow.addingTimeInterval(-ageSeconds))
}
